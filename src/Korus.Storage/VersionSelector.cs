namespace Korus.Storage;

/// <summary>
/// Which versions of each object a query returns (TAXII <c>match[version]</c>): any combination of the
/// first, the last and exact versions, or all of them. The default is the last.
/// </summary>
public sealed record VersionSelector
{
    /// <summary>Only the newest version of each object (the TAXII default).</summary>
    public static VersionSelector Last { get; } = new() { IncludeLast = true };

    /// <summary>Every version.</summary>
    public static VersionSelector All { get; } = new() { IncludeAll = true };

    /// <summary>Every version is selected.</summary>
    public bool IncludeAll { get; init; }

    /// <summary>The earliest version of each object is selected.</summary>
    public bool IncludeFirst { get; init; }

    /// <summary>The newest version of each object is selected.</summary>
    public bool IncludeLast { get; init; }

    /// <summary>Versions whose instant equals one of these timestamps are selected.</summary>
    public IReadOnlyList<Korus.Stix.StixTimestamp> Exact { get; init; } = [];

    /// <summary>True when this is exactly the default selection (last only).</summary>
    public bool IsLastOnly => IncludeLast && !IncludeAll && !IncludeFirst && Exact.Count == 0;
}
