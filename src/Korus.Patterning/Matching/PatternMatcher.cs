using System.Text.RegularExpressions;
using Korus.Patterning.Syntax;

namespace Korus.Patterning.Matching;

/// <summary>
/// Matches a checked pattern against a set of observations with the specification's semantics and
/// returns the binding that satisfied it (../shared/docs/specs/stix-patterning.md §4).
/// </summary>
public static class PatternMatcher
{
    /// <summary>Matches <paramref name="pattern"/> against <paramref name="observations"/>.</summary>
    public static PatternMatch Match(StixPattern pattern, IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(observations);
        try
        {
            if (pattern.Root is ObservationBracket single)
            {
                for (var o = 0; o < observations.Count; o++)
                {
                    var root = MatchingRoot(single.Body, observations[o]);
                    if (root >= 0)
                    {
                        return new PatternMatch(MatchStatus.Matched, [new BoundObservation(0, observations[o], 1, observations[o].Objects[root])]);
                    }
                }

                return PatternMatch.None;
            }

            var candidates = new IReadOnlyList<(int, int)>[pattern.Brackets.Count];
            for (var b = 0; b < candidates.Length; b++)
            {
                var list = new List<(int, int)>();
                for (var o = 0; o < observations.Count; o++)
                {
                    var root = MatchingRoot(pattern.Brackets[b].Body, observations[o]);
                    if (root >= 0)
                    {
                        list.Add((o, root));
                    }
                }

                candidates[b] = list;
            }

            return Search(pattern, observations, candidates);
        }
        catch (RegexMatchTimeoutException e)
        {
            return new PatternMatch(MatchStatus.RegexTimeout, [],
                $"the regular expression '{e.Pattern}' ran past its timeout of {e.MatchTimeout.TotalMilliseconds:0} ms");
        }
    }

    /// <summary>Runs the binding search over precomputed bracket candidates (observation index, root index).</summary>
    internal static PatternMatch Search(StixPattern pattern, IReadOnlyList<Observation> observations, IReadOnlyList<(int Observation, int Root)>[] candidates)
    {
        try
        {
            var found = new BindingSearch(observations, candidates, pattern.Limits.MaxSearchSteps).Find(pattern.Root);
            if (found is null)
            {
                return PatternMatch.None;
            }

            var binding = new BoundObservation[found.Count];
            var instances = new Dictionary<int, long>();
            for (var i = 0; i < found.Count; i++)
            {
                var (bracket, o, root) = found[i];
                var instance = instances[o] = instances.GetValueOrDefault(o) + 1;
                binding[i] = new BoundObservation(bracket, observations[o], instance, observations[o].Objects[root]);
            }

            Array.Sort(binding, (a, b) => a.BracketIndex.CompareTo(b.BracketIndex));
            return new PatternMatch(MatchStatus.Matched, binding);
        }
        catch (SearchLimitException e)
        {
            return new PatternMatch(MatchStatus.SearchLimit, [], e.Message);
        }
    }

    /// <summary>The first object of <paramref name="observation"/> at which <paramref name="body"/> holds, or -1.</summary>
    internal static int MatchingRoot(ComparisonExpression body, Observation observation)
    {
        for (var r = 0; r < observation.Objects.Count; r++)
        {
            if (PathWalker.Holds(body, observation, r))
            {
                return r;
            }
        }

        return -1;
    }

    /// <summary>The observations that satisfy <paramref name="bracket"/> on its own, each with the first root that does.</summary>
    public static IReadOnlyList<(Observation Observation, ObservedObject Root)> Satisfying(ObservationBracket bracket, IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(bracket);
        ArgumentNullException.ThrowIfNull(observations);
        var result = new List<(Observation, ObservedObject)>();
        foreach (var observation in observations)
        {
            var root = MatchingRoot(bracket.Body, observation);
            if (root >= 0)
            {
                result.Add((observation, observation.Objects[root]));
            }
        }

        return result;
    }

    /// <summary>Whether each comparison in the bracket holds at the bound root, in order, for explanations.</summary>
    public static IReadOnlyList<(string Comparison, bool Holds)> Explain(ObservationBracket bracket, BoundObservation bound)
    {
        ArgumentNullException.ThrowIfNull(bracket);
        ArgumentNullException.ThrowIfNull(bound);
        var root = -1;
        for (var r = 0; r < bound.Observation.Objects.Count; r++)
        {
            if (ReferenceEquals(bound.Observation.Objects[r], bound.Root))
            {
                root = r;
            }
        }

        var result = new List<(string, bool)>();
        Collect(bracket.Body, bound.Observation, root, result);
        return result;
    }

    private static void Collect(ComparisonExpression node, Observation observation, int root, List<(string, bool)> into)
    {
        if (node is ComparisonBinary binary)
        {
            Collect(binary.Left, observation, root, into);
            Collect(binary.Right, observation, root, into);
            return;
        }

        into.Add((node.ToString(), root >= 0 && PathWalker.Holds(node, observation, root)));
    }
}
