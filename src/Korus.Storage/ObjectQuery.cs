namespace Korus.Storage;

/// <summary>
/// A query over one collection's object versions with TAXII semantics: id, type and spec_version
/// filters, version selection per object, then ascending date_added order and a page limit.
/// </summary>
public sealed record ObjectQuery
{
    /// <summary>Only versions added strictly after this instant (microseconds since the Unix epoch).</summary>
    public long? AddedAfter { get; init; }

    /// <summary>Most versions on one page (1 or more).</summary>
    public int Limit { get; init; } = 1000;

    /// <summary>Only these STIX ids (empty: any).</summary>
    public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>Only these STIX types (empty: any).</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Only these spec versions (empty: the newest spec version held for each object).</summary>
    public IReadOnlyList<string> SpecVersions { get; init; } = [];

    /// <summary>Which versions of each object.</summary>
    public VersionSelector Versions { get; init; } = VersionSelector.Last;

    /// <summary>False to return metadata only (manifests, versions), leaving <see cref="StoredObject.Json"/> empty.</summary>
    public bool IncludeContent { get; init; } = true;
}
