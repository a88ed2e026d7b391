using System.Diagnostics.CodeAnalysis;
using Korus.Patterning.Syntax;

namespace Korus.Patterning;

/// <summary>
/// A STIX 2.1 pattern that parsed and passed every validity rule, ready to match: its syntax tree,
/// its bracketed observation expressions in order, warnings, and conformance level (1–3).
/// <see cref="ToString"/> gives the canonical form.
/// </summary>
public sealed class StixPattern
{
    private StixPattern(string text, ObservationExpression root, IReadOnlyList<ObservationBracket> brackets, IReadOnlyList<PatternError> warnings, PatternLimits limits)
    {
        Text = text;
        Root = root;
        Brackets = brackets;
        Warnings = warnings;
        Limits = limits;
        ConformanceLevel = PatternChecker.ConformanceLevel(root);
    }

    /// <summary>The pattern as given.</summary>
    public string Text { get; }

    /// <summary>The syntax tree.</summary>
    public ObservationExpression Root { get; }

    /// <summary>The bracketed observation expressions, left to right (<see cref="ObservationBracket.Index"/>).</summary>
    public IReadOnlyList<ObservationBracket> Brackets { get; }

    /// <summary>Findings that do not make the pattern invalid.</summary>
    public IReadOnlyList<PatternError> Warnings { get; }

    /// <summary>The STIX patterning conformance level the pattern needs (1, 2 or 3).</summary>
    public int ConformanceLevel { get; }

    /// <summary>The limits it was checked against (and matching uses).</summary>
    public PatternLimits Limits { get; }

    /// <summary>Parses and checks; every error and warning, and the pattern when there is no error.</summary>
    public static PatternCheckResult Check(string text, PatternLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= PatternLimits.Default;
        var root = Parser.Parse(text, limits, out var brackets, out var syntaxError);
        if (root is null)
        {
            return new PatternCheckResult(null, [syntaxError!], []);
        }

        var (errors, warnings) = PatternChecker.Check(text, root, limits);
        return errors.Count > 0
            ? new PatternCheckResult(null, errors, warnings)
            : new PatternCheckResult(new StixPattern(text, root, brackets, warnings, limits), [], warnings);
    }

    /// <summary>
    /// The error <see cref="Check"/> would list first (<c>Check(text, limits).Errors[0]</c> when the
    /// pattern is not valid), or null when the pattern is valid; cheaper, since it works out no warnings
    /// and builds no <see cref="StixPattern"/>.
    /// </summary>
    internal static PatternError? FirstError(string text, PatternLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= PatternLimits.Default;
        var root = Parser.Parse(text, limits, out var syntaxError);
        return root is null ? syntaxError! : PatternChecker.FirstError(text, root, limits);
    }

    /// <summary>Parses and checks.</summary>
    /// <exception cref="PatternException">The pattern has a syntax error or breaks a validity rule.</exception>
    public static StixPattern Parse(string text, PatternLimits? limits = null)
    {
        var result = Check(text, limits);
        return result.Pattern ?? throw new PatternException(result.Errors[0]);
    }

    /// <summary>Parses and checks; false with the first error when the pattern is not valid.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out StixPattern? pattern, [NotNullWhen(false)] out PatternError? error, PatternLimits? limits = null)
    {
        var result = Check(text, limits);
        pattern = result.Pattern;
        error = pattern is null ? result.Errors[0] : null;
        return pattern is not null;
    }

    /// <summary>Only the grammar (no validity rules): the syntax tree or the syntax error.</summary>
    public static ObservationExpression? ParseSyntax(string text, out PatternError? error, PatternLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parser.Parse(text, limits ?? PatternLimits.Default, out error);
    }

    /// <summary>The canonical form.</summary>
    public override string ToString() => Root.ToString();
}

/// <summary>What <see cref="StixPattern.Check"/> found.</summary>
/// <param name="Pattern">The checked pattern, or null when there is an error.</param>
/// <param name="Errors">Syntax error (at most one) or validity errors, by position.</param>
/// <param name="Warnings">Findings that do not invalidate the pattern.</param>
public sealed record PatternCheckResult(StixPattern? Pattern, IReadOnlyList<PatternError> Errors, IReadOnlyList<PatternError> Warnings)
{
    /// <summary>True when the pattern is valid.</summary>
    public bool IsValid => Pattern is not null;
}
