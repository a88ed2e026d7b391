using Korus.Patterning.Syntax;

namespace Korus.Patterning.Matching;

/// <summary>
/// Finds a binding of a pattern's bracketed expressions to observation instances: AND, FOLLOWEDBY and
/// REPEATS use distinct instances (an observed-data offers number_observed of them), OR uses one side;
/// FOLLOWEDBY needs max(first_observed of the left) ≤ min(last_observed of the right); WITHIN s needs
/// max(first_observed) − min(last_observed) ≤ s over the binding; START/STOP needs every observation to
/// overlap [start, stop). REPEATS takes its n bindings in non-decreasing order, so it tries
/// combinations rather than permutations. The number of partial bindings tried is capped.
/// </summary>
internal sealed class BindingSearch
{
    private readonly IReadOnlyList<Observation> _observations;
    private readonly IReadOnlyList<(int Observation, int Root)>[] _candidates;
    private readonly long[] _used;
    private readonly List<(int Bracket, int Observation, int Root)> _stack = new(8);
    private readonly long _maxSteps;
    private long _steps;

    public BindingSearch(IReadOnlyList<Observation> observations, IReadOnlyList<(int Observation, int Root)>[] candidates, long maxSteps)
    {
        _observations = observations;
        _candidates = candidates;
        _used = new long[observations.Count];
        _maxSteps = maxSteps;
    }

    /// <summary>The first binding of <paramref name="root"/>, or null when none exists.</summary>
    /// <exception cref="SearchLimitException">More than the allowed number of partial bindings were tried.</exception>
    public List<(int Bracket, int Observation, int Root)>? Find(ObservationExpression root)
    {
        foreach (var _ in Enumerate(root))
        {
            return [.. _stack];
        }

        return null;
    }

    private IEnumerable<int> Enumerate(ObservationExpression node) => node switch
    {
        ObservationBracket bracket => Leaf(bracket),
        ObservationBinary { Operator: ObservationOperator.Or } binary => Either(binary),
        ObservationBinary { Operator: ObservationOperator.And } binary => Both(binary, false),
        ObservationBinary binary => Both(binary, true),
        QualifiedObservation { Qualifier: RepeatsQualifier repeats } qualified => Repeat(qualified.Inner, (int)repeats.Count, 0, null),
        QualifiedObservation { Qualifier: WithinQualifier within } qualified => Within(qualified.Inner, within.Seconds),
        QualifiedObservation { Qualifier: StartStopQualifier window } qualified => Window(qualified.Inner, window),
        _ => [],
    };

    // Each enumerator leaves its node's entries on top of _stack while it is suspended at a yield and
    // removes them before moving on; it yields the index where its entries start.
    private IEnumerable<int> Leaf(ObservationBracket bracket)
    {
        var start = _stack.Count;
        foreach (var (observation, root) in _candidates[bracket.Index])
        {
            if (_used[observation] >= _observations[observation].NumberObserved)
            {
                continue;
            }

            if (++_steps > _maxSteps)
            {
                throw new SearchLimitException(_maxSteps);
            }

            _used[observation]++;
            _stack.Add((bracket.Index, observation, root));
            yield return start;
            _stack.RemoveAt(_stack.Count - 1);
            _used[observation]--;
        }
    }

    private IEnumerable<int> Either(ObservationBinary binary)
    {
        foreach (var start in Enumerate(binary.Left))
        {
            yield return start;
        }

        foreach (var start in Enumerate(binary.Right))
        {
            yield return start;
        }
    }

    private IEnumerable<int> Both(ObservationBinary binary, bool ordered)
    {
        foreach (var start in Enumerate(binary.Left))
        {
            var middle = _stack.Count;
            foreach (var _ in Enumerate(binary.Right))
            {
                if (!ordered || MaxFirst(start, middle) <= MinLast(middle, _stack.Count))
                {
                    yield return start;
                }
            }
        }
    }

    private IEnumerable<int> Within(ObservationExpression inner, decimal seconds)
    {
        foreach (var start in Enumerate(inner))
        {
            var spread = MaxFirst(start, _stack.Count) - MinLast(start, _stack.Count);
            if (spread <= 0 || spread <= seconds * 1_000_000_000m)
            {
                yield return start;
            }
        }
    }

    private IEnumerable<int> Window(ObservationExpression inner, StartStopQualifier window)
    {
        var startNs = Observation.Nanos(window.Start.Instant!.Value);
        var stopNs = Observation.Nanos(window.Stop.Instant!.Value);
        foreach (var start in Enumerate(inner))
        {
            var inside = true;
            for (var i = start; i < _stack.Count && inside; i++)
            {
                var o = _observations[_stack[i].Observation];
                inside = o.FirstNanos < stopNs && o.LastNanos >= startNs;
            }

            if (inside)
            {
                yield return start;
            }
        }
    }

    private IEnumerable<int> Repeat(ObservationExpression inner, int remaining, int start, int[]? previous)
    {
        if (remaining == 0)
        {
            yield return start;
            yield break;
        }

        var mine = _stack.Count;
        if (previous is null)
        {
            start = mine;
        }

        foreach (var _ in Enumerate(inner))
        {
            var key = Key(mine, _stack.Count);
            if (previous is not null && Compare(key, previous) < 0)
            {
                continue;
            }

            foreach (var s in Repeat(inner, remaining - 1, start, key))
            {
                yield return s;
            }
        }
    }

    private int[] Key(int from, int to)
    {
        var key = new int[to - from];
        for (var i = from; i < to; i++)
        {
            key[i - from] = _stack[i].Observation;
        }

        return key;
    }

    private static int Compare(int[] a, int[] b)
    {
        for (var i = 0; i < a.Length && i < b.Length; i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private long MaxFirst(int from, int to)
    {
        var max = long.MinValue;
        for (var i = from; i < to; i++)
        {
            max = Math.Max(max, _observations[_stack[i].Observation].FirstNanos);
        }

        return max;
    }

    private long MinLast(int from, int to)
    {
        var min = long.MaxValue;
        for (var i = from; i < to; i++)
        {
            min = Math.Min(min, _observations[_stack[i].Observation].LastNanos);
        }

        return min;
    }
}

/// <summary>The binding search tried more partial bindings than allowed.</summary>
internal sealed class SearchLimitException(long steps) : Exception($"the search for a binding tried {steps} partial bindings without deciding")
{
}
