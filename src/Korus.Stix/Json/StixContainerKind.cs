namespace Korus.Stix.Json;

/// <summary>What the top level of a STIX input was.</summary>
public enum StixContainerKind
{
    /// <summary>Nothing has been read yet, or the input was not JSON.</summary>
    Unknown = 0,

    /// <summary>A bundle: <c>{"type":"bundle","id":…,"objects":[…]}</c>.</summary>
    Bundle,

    /// <summary>A JSON array of objects.</summary>
    Array,

    /// <summary>A single STIX object.</summary>
    SingleObject,
}
