using Korus.Patterning.Syntax;
using Korus.Stix;

namespace Korus.Patterning.Matching;

/// <summary>
/// Decides one comparison for one selected value with the specification's type rules: strings by code
/// point, numbers by value (1 = 1.0), timestamps as instants, bytes as unsigned octets; a type mismatch
/// makes =, IN, LIKE, MATCHES, ISSUBSET and ISSUPERSET false (so their NOT forms true), != true, and the
/// orderings false even with NOT; JSON null is present but only != holds for it.
/// </summary>
internal static class ValueComparer
{
    private enum Outcome
    {
        Match,
        NoMatch,
        Mismatch,
    }

    /// <summary>True when <paramref name="value"/> satisfies <paramref name="comparison"/> (NOT applied).</summary>
    public static bool Test(Comparison comparison, in ScalarValue value)
    {
        var cache = default(ValueText);
        return Test(comparison, value, ref cache);
    }

    /// <summary>
    /// As <see cref="Test(Comparison, in ScalarValue)"/>; <paramref name="cache"/> keeps what LIKE and
    /// MATCHES work out about the value (its text, whether it is ASCII), so several comparisons on one
    /// value do that once.
    /// </summary>
    public static bool Test(Comparison comparison, in ScalarValue value, ref ValueText cache)
    {
        if (value.Kind == ScalarKind.Null)
        {
            return comparison.Operator == ComparisonOperator.NotEqual && !comparison.Negated;
        }

        var op = comparison.Operator;
        var outcome = op switch
        {
            ComparisonOperator.Equal => Equal(comparison.Constant!, value),
            ComparisonOperator.NotEqual => Invert(Equal(comparison.Constant!, value)),
            ComparisonOperator.In => In(comparison.Set!, value),
            ComparisonOperator.Like => Like(comparison, value, ref cache),
            ComparisonOperator.Matches => Matches(comparison, value, ref cache),
            ComparisonOperator.IsSubset or ComparisonOperator.IsSuperset => Network(comparison, value),
            _ => Ordered(op, comparison.Constant!, value),
        };

        if (outcome == Outcome.Mismatch)
        {
            return op switch
            {
                ComparisonOperator.Less or ComparisonOperator.LessOrEqual or ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual => false,
                ComparisonOperator.NotEqual => !comparison.Negated,
                _ => comparison.Negated,
            };
        }

        return (outcome == Outcome.Match) != comparison.Negated;
    }

    private static Outcome Invert(Outcome outcome) => outcome switch
    {
        Outcome.Match => Outcome.NoMatch,
        Outcome.NoMatch => Outcome.Match,
        _ => Outcome.Mismatch,
    };

    private static Outcome Of(bool match) => match ? Outcome.Match : Outcome.NoMatch;

    /// <summary>Whether the value equals the constant (<see cref="Outcome.Mismatch"/> when the types cannot be compared).</summary>
    private static Outcome Equal(PatternConstant constant, in ScalarValue value)
    {
        var order = Compare(constant, value);
        return order is null ? Outcome.Mismatch : Of(order == 0);
    }

    /// <summary>value ⋚ constant: negative, zero or positive; null when the types cannot be compared.</summary>
    internal static int? Compare(PatternConstant constant, in ScalarValue value)
    {
        switch (constant.Kind)
        {
            case ConstantKind.String:
                if (value.Kind == ScalarKind.String)
                {
                    return value.Utf8.SequenceCompareTo(constant.Utf8);
                }

                return value.Kind == ScalarKind.Bytes && constant.Bytes is { } latin1 ? value.Utf8.SequenceCompareTo(latin1) : null;
            case ConstantKind.Integer:
                return value.Kind switch
                {
                    ScalarKind.Integer => value.Integer.CompareTo(constant.Integer),
                    ScalarKind.Float => value.Number.CompareTo(constant.Number),
                    _ => null,
                };
            case ConstantKind.Float:
                return value.Kind switch
                {
                    ScalarKind.Integer => ((double)value.Integer).CompareTo(constant.Number),
                    ScalarKind.Float => value.Number.CompareTo(constant.Number),
                    _ => null,
                };
            case ConstantKind.Boolean:
                return value.Kind == ScalarKind.Boolean ? value.Integer.CompareTo(constant.Integer) : null;
            case ConstantKind.Hex or ConstantKind.Binary:
                return value.Kind == ScalarKind.Bytes ? value.Utf8.SequenceCompareTo(constant.Bytes) : null;
            default:
                if (value.Kind == ScalarKind.String && constant.Instant is { } instant && StixTimestamp.TryParse(value.Utf8, out var parsed))
                {
                    return parsed.CompareTo(instant);
                }

                return null;
        }
    }

    private static Outcome Ordered(ComparisonOperator op, PatternConstant constant, in ScalarValue value)
    {
        var order = Compare(constant, value);
        if (order is not { } c)
        {
            return Outcome.Mismatch;
        }

        return Of(op switch
        {
            ComparisonOperator.Less => c < 0,
            ComparisonOperator.LessOrEqual => c <= 0,
            ComparisonOperator.Greater => c > 0,
            _ => c >= 0,
        });
    }

    private static Outcome In(IReadOnlyList<PatternConstant> set, in ScalarValue value)
    {
        var comparable = false;
        for (var i = 0; i < set.Count; i++)
        {
            var order = Compare(set[i], value);
            if (order == 0)
            {
                return Outcome.Match;
            }

            comparable |= order is not null;
        }

        return comparable || set.Count == 0 ? Outcome.NoMatch : Outcome.Mismatch;
    }

    private static Outcome Like(Comparison comparison, in ScalarValue value, ref ValueText cache)
    {
        if (value.Kind is not (ScalarKind.String or ScalarKind.Bytes))
        {
            return Outcome.Mismatch;
        }

        if (comparison.LikeAscii is { } ascii && value.Kind == ScalarKind.String && cache.IsAscii(value))
        {
            return Of(comparison.LikeShape == LikeShape.General
                ? LikeMatcher.IsMatchAscii(value.Utf8, ascii)
                : LikeMatcher.IsMatchAscii(value.Utf8, comparison.LikeShape, comparison.LikeLiteral));
        }

        return Of(LikeMatcher.IsMatch(cache.Text(value), comparison.LikePattern!));
    }

    private static Outcome Matches(Comparison comparison, in ScalarValue value, ref ValueText cache)
    {
        if (value.Kind is not (ScalarKind.String or ScalarKind.Bytes))
        {
            return Outcome.Mismatch;
        }

        // On ASCII text (which NFC leaves alone) or raw bytes, a missing literal settles it.
        if (comparison.RequiredLiteral is { } literal && (value.Kind == ScalarKind.Bytes || cache.IsAscii(value)) && cache.Lacks(value, literal))
        {
            return Outcome.NoMatch;
        }

        return Of(comparison.Regex!.IsMatch(cache.Text(value)));
    }

    private static Outcome Network(Comparison comparison, in ScalarValue value)
    {
        if (value.Kind != ScalarKind.String || !IpNetwork.TryParse(value.Utf8, out var network))
        {
            return Outcome.Mismatch;
        }

        var constant = comparison.Network;
        return Of(comparison.Operator == ComparisonOperator.IsSubset ? constant.Contains(network) : network.Contains(constant));
    }
}
