namespace Korus.Stix.Json;

/// <summary>
/// Limits applied while reading STIX JSON. Each limit is checked and reported as a finding naming the
/// limit; input past a limit never crashes the reader. Defaults are documented in docs/stix.md.
/// </summary>
public sealed record StixReaderOptions
{
    /// <summary>Default limit on nesting inside one STIX object.</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Default limit on the UTF-8 size of one STIX object.</summary>
    public const int DefaultMaxObjectBytes = 64 * 1024 * 1024;

    /// <summary>Default limit on the UTF-8 size of one string value (other than <c>_bin</c> properties).</summary>
    public const int DefaultMaxStringBytes = 1024 * 1024;

    /// <summary>The shared default options.</summary>
    public static StixReaderOptions Default { get; } = new();

    /// <summary>Deepest nesting of arrays and objects allowed inside one STIX object (the object itself is depth 1).</summary>
    public int MaxDepth { get; init; } = DefaultMaxDepth;

    /// <summary>Largest STIX object, in UTF-8 bytes, that is read; a larger one is reported and skipped.</summary>
    public int MaxObjectBytes { get; init; } = DefaultMaxObjectBytes;

    /// <summary>
    /// Longest string value, in UTF-8 bytes as written in the JSON, that is accepted. <c>_bin</c> properties
    /// (base64 payloads) are bounded by <see cref="MaxObjectBytes"/> instead.
    /// </summary>
    public int MaxStringBytes { get; init; } = DefaultMaxStringBytes;

    /// <summary>Accept a bundle with spec_version "2.0" (the STIX 2.0 import path) instead of reporting it.</summary>
    public bool AcceptStix20Bundles { get; init; }

    /// <summary>
    /// When true (the default) the reader checks the JSON syntax inside every element of an array it
    /// streams. When false it only finds where each element object ends (strings, escapes and nesting,
    /// without tokenising), and the caller must parse each object and report its syntax errors: the
    /// validator does, so objects are not tokenised twice. A syntax error inside an object then becomes a
    /// finding about that object, and reading goes on with the next one.
    /// </summary>
    public bool CheckObjectSyntax { get; init; } = true;

    /// <summary>Checks the options, returning every bad setting at once.</summary>
    public IReadOnlyList<string> Check()
    {
        var errors = new List<string>();
        if (MaxDepth is < 2 or > 1000)
        {
            errors.Add($"MaxDepth must be between 2 and 1000, not {MaxDepth}.");
        }

        if (MaxObjectBytes < 1024)
        {
            errors.Add($"MaxObjectBytes must be at least 1024, not {MaxObjectBytes}.");
        }

        if (MaxStringBytes < 1 || MaxStringBytes > MaxObjectBytes)
        {
            errors.Add($"MaxStringBytes must be between 1 and MaxObjectBytes, not {MaxStringBytes}.");
        }

        return errors;
    }
}
