namespace Korus.Stix;

/// <summary>The kind of a STIX object type.</summary>
public enum StixKind
{
    /// <summary>A type this node does not know (custom or from a later version).</summary>
    Unknown = 0,

    /// <summary>A STIX domain object.</summary>
    Domain,

    /// <summary>A STIX relationship object (relationship, sighting).</summary>
    Relationship,

    /// <summary>A STIX cyber-observable object.</summary>
    Observable,

    /// <summary>A meta object (marking-definition, extension-definition, language-content).</summary>
    Meta,
}
