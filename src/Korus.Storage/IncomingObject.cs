namespace Korus.Storage;

/// <summary>
/// One object of a write, described by <see cref="ObjectVersion.Describe"/> (or rejected before it
/// reaches the store, with the reason in <see cref="FailureMessage"/>).
/// </summary>
public sealed record IncomingObject
{
    /// <summary>The STIX id, or a position such as <c>objects[3]</c> when the object has no usable id.</summary>
    public required string Id { get; init; }

    /// <summary>The STIX type (empty for rejected objects).</summary>
    public string Type { get; init; } = "";

    /// <summary>The version text (modified, else created); null for objects without either, which get their first date_added.</summary>
    public string? Version { get; init; }

    /// <summary>A key that sorts versions as instants; null exactly when <see cref="Version"/> is.</summary>
    public string? VersionKey { get; init; }

    /// <summary>The spec_version the object declares or implies.</summary>
    public string SpecVersion { get; init; } = "2.1";

    /// <summary>The JSON exactly as received. It need only stay valid for the store call it is passed to (it may be a slice of a pooled request buffer).</summary>
    public ReadOnlyMemory<byte> Json { get; init; }

    /// <summary>When set, the object was rejected (for example by the validator) and is only reported as a failure.</summary>
    public string? FailureMessage { get; init; }

    /// <summary>An object rejected before the store, reported as a failure with <paramref name="message"/>.</summary>
    public static IncomingObject Rejected(string id, string? version, string message) =>
        new() { Id = id, Version = version, FailureMessage = message };
}
