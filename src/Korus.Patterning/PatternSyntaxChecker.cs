using Korus.Stix.Validation;

namespace Korus.Patterning;

/// <summary>Plugs the patterning engine into the STIX validator: indicators with pattern_type stix get their pattern checked.</summary>
public sealed class PatternSyntaxChecker : IPatternSyntaxChecker
{
    /// <summary>The checker with default limits.</summary>
    public static PatternSyntaxChecker Default { get; } = new(PatternLimits.Default);

    private readonly PatternLimits _limits;

    /// <summary>A checker with the given limits.</summary>
    public PatternSyntaxChecker(PatternLimits limits) => _limits = limits;

    /// <inheritdoc/>
    public string? Check(string pattern)
    {
        // The same answer as StixPattern.Check(pattern, _limits).Errors[0], without the warnings and the parsed pattern.
        return StixPattern.FirstError(pattern, _limits)?.ToString();
    }
}
