namespace Korus.Patterning.Matching;

/// <summary>How a match attempt ended.</summary>
public enum MatchStatus
{
    /// <summary>A binding exists.</summary>
    Matched,

    /// <summary>No binding exists.</summary>
    NoMatch,

    /// <summary>The search tried <see cref="PatternLimits.MaxSearchSteps"/> partial bindings without deciding.</summary>
    SearchLimit,

    /// <summary>A MATCHES regular expression ran past <see cref="PatternLimits.RegexTimeout"/>.</summary>
    RegexTimeout,
}

/// <summary>
/// One bracketed observation expression bound to one observation instance: which bracket, which
/// observed-data, which of its number_observed instances (1-based), and the root object that satisfied it.
/// </summary>
public sealed record BoundObservation(int BracketIndex, Observation Observation, long Instance, ObservedObject Root);

/// <summary>The result of matching a pattern: the status and, when it matched, the binding that did it.</summary>
public sealed class PatternMatch
{
    internal static readonly PatternMatch None = new(MatchStatus.NoMatch, []);

    internal PatternMatch(MatchStatus status, IReadOnlyList<BoundObservation> binding, string? problem = null)
    {
        Status = status;
        Binding = binding;
        Problem = problem;
    }

    /// <summary>How the attempt ended.</summary>
    public MatchStatus Status { get; }

    /// <summary>True when the pattern matched.</summary>
    public bool IsMatch => Status == MatchStatus.Matched;

    /// <summary>The binding, in bracket order (a bracket under REPEATS appears once per repetition); empty unless matched.</summary>
    public IReadOnlyList<BoundObservation> Binding { get; }

    /// <summary>What stopped an undecided attempt, for <see cref="MatchStatus.SearchLimit"/> and <see cref="MatchStatus.RegexTimeout"/>.</summary>
    public string? Problem { get; }

    /// <summary>The distinct observed-data ids of the binding, in first-use order.</summary>
    public IReadOnlyList<string> ObservedDataIds()
    {
        var ids = new List<string>(Binding.Count);
        foreach (var bound in Binding)
        {
            if (!ids.Contains(bound.Observation.Id))
            {
                ids.Add(bound.Observation.Id);
            }
        }

        return ids;
    }
}
