using Korus.Patterning;
using Korus.Stix;

namespace Korus.Hunting;

/// <summary>An indicator compiled into the engine: its id, pattern, validity window and the creator to credit.</summary>
internal sealed class CompiledIndicator(int index, string id, StixPattern pattern, StixTimestamp? validFrom, StixTimestamp? validUntil, string? createdBy)
{
    public int Index { get; } = index;

    public string Id { get; } = id;

    public StixPattern Pattern { get; } = pattern;

    public StixTimestamp? ValidFrom { get; } = validFrom;

    public StixTimestamp? ValidUntil { get; } = validUntil;

    public string? CreatedBy { get; } = createdBy;

    /// <summary>True when the pattern is one bracket: any event satisfying it is a match on its own.</summary>
    public bool IsSingle { get; } = pattern.Root is Patterning.Syntax.ObservationBracket;

    /// <summary>Whether the indicator is in force at <paramref name="time"/>: valid_from ≤ time &lt; valid_until.</summary>
    public bool InForceAt(StixTimestamp time) => (ValidFrom is not { } from || from <= time) && (ValidUntil is not { } until || time < until);
}

/// <summary>A bracket of a compiled indicator, as the index hands it out.</summary>
/// <param name="Indicator">Index of the indicator.</param>
/// <param name="Bracket">Index of the bracket within the pattern.</param>
/// <param name="Exact">True when a hit in the index alone decides the bracket (it is that one comparison).</param>
internal readonly record struct BracketRef(int Indicator, int Bracket, bool Exact);

/// <summary>What compiling the indicators did with each one that is not in the engine.</summary>
/// <param name="IndicatorId">The indicator.</param>
/// <param name="Reason">Why it was skipped: an invalid pattern (with position), another pattern type, revoked, expired.</param>
/// <param name="Code">A stable code: hunt.invalid-pattern, hunt.pattern-type, hunt.revoked, hunt.expired, hunt.no-pattern.</param>
public sealed record SkippedIndicator(string IndicatorId, string Code, string Reason);
