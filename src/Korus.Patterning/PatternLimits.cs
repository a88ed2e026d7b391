namespace Korus.Patterning;

/// <summary>
/// Limits that keep a hostile pattern from costing more than a pattern should. Each is checked when the
/// pattern is parsed or compiled, and a pattern past a limit is refused with a <see cref="PatternError"/>.
/// </summary>
public sealed record PatternLimits
{
    /// <summary>The defaults documented in docs/patterning.md.</summary>
    public static PatternLimits Default { get; } = new();

    /// <summary>Longest pattern, in UTF-16 code units (default 65,536).</summary>
    public int MaxLength { get; init; } = 65_536;

    /// <summary>Deepest nesting of brackets and parentheses (default 64).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most members of one IN set (default 10,000).</summary>
    public int MaxSetSize { get; init; } = 10_000;

    /// <summary>Largest REPEATS count (default 1,000).</summary>
    public int MaxRepeats { get; init; } = 1_000;

    /// <summary>How long one MATCHES evaluation may run before it is stopped (default 100 ms).</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How many partial bindings the matcher may try for one pattern against one set of observations
    /// before it gives up and reports the search as undecided (default 1,000,000).
    /// </summary>
    public int MaxSearchSteps { get; init; } = 1_000_000;
}
