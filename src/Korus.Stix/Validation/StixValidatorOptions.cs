using Korus.Stix.Json;

namespace Korus.Stix.Validation;

/// <summary>Settings for <see cref="StixValidator"/>.</summary>
public sealed record StixValidatorOptions
{
    /// <summary>The shared defaults: STIX 2.1, default limits, no pattern checker.</summary>
    public static StixValidatorOptions Default { get; } = new();

    /// <summary>Input limits (depth, object size, string length).</summary>
    public StixReaderOptions Limits { get; init; } = StixReaderOptions.Default;

    /// <summary>Checks indicator patterns whose pattern_type is <c>stix</c>; null until the patterning engine plugs in.</summary>
    public IPatternSyntaxChecker? PatternChecker { get; init; }

    /// <summary>Accept objects without spec_version or with "2.0" (an explicit STIX 2.0 import path).</summary>
    public bool AllowStix20 { get; init; }

    /// <summary>Report SCO ids that differ from the deterministic UUIDv5 (a warning).</summary>
    public bool CheckDeterministicIds { get; init; } = true;

    /// <summary>
    /// How many worker threads validate a stream's objects while the calling thread reads it (and helps
    /// when the workers fall behind): 0 (the default) uses one per processor; 1 validates on the calling
    /// thread alone. Results are delivered in input order either way.
    /// </summary>
    public int Parallelism { get; init; }
}
