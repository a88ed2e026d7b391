using System.Text;

namespace Korus.Patterning.Syntax;

/// <summary>
/// Prints a syntax tree in canonical form: upper-case keywords, single spaces, <c>=</c> and <c>!=</c>
/// for their aliases, property names quoted only when they must be, constants normalised (no <c>+</c>,
/// a leading zero before a point, lower-case hex), and parentheses exactly where precedence needs them.
/// Parsing the printed text gives the same tree, so printing is idempotent.
/// </summary>
internal static class CanonicalPrinter
{
    public static string Print(ObservationExpression node)
    {
        var builder = new StringBuilder(64);
        Write(builder, node);
        return builder.ToString();
    }

    public static string Print(ComparisonExpression node)
    {
        var builder = new StringBuilder(48);
        Write(builder, node);
        return builder.ToString();
    }

    public static string Print(ObjectPath path)
    {
        var builder = new StringBuilder(32);
        Write(builder, path);
        return builder.ToString();
    }

    private static int Precedence(ObservationExpression node) => node switch
    {
        ObservationBinary { Operator: ObservationOperator.FollowedBy } => 1,
        ObservationBinary { Operator: ObservationOperator.Or } => 2,
        ObservationBinary => 3,
        QualifiedObservation => 4,
        _ => 5,
    };

    private static void Write(StringBuilder builder, ObservationExpression node)
    {
        switch (node)
        {
            case ObservationBracket bracket:
                builder.Append('[');
                Write(builder, bracket.Body);
                builder.Append(']');
                break;
            case ObservationBinary binary:
                var precedence = Precedence(binary);
                Operand(builder, binary.Left, Precedence(binary.Left) < precedence);
                builder.Append(binary.Operator switch
                {
                    ObservationOperator.And => " AND ",
                    ObservationOperator.Or => " OR ",
                    _ => " FOLLOWEDBY ",
                });
                Operand(builder, binary.Right, Precedence(binary.Right) <= precedence);
                break;
            case QualifiedObservation qualified:
                Operand(builder, qualified.Inner, Precedence(qualified.Inner) < 4);
                builder.Append(' ');
                Write(builder, qualified.Qualifier);
                break;
        }
    }

    private static void Operand(StringBuilder builder, ObservationExpression node, bool parenthesise) => Operand(builder, node, parenthesise, Write);

    private static void Operand(StringBuilder builder, ComparisonExpression node, bool parenthesise) => Operand(builder, node, parenthesise, Write);

    private static void Operand<T>(StringBuilder builder, T node, bool parenthesise, Action<StringBuilder, T> write)
    {
        if (parenthesise)
        {
            builder.Append('(');
        }

        write(builder, node);
        if (parenthesise)
        {
            builder.Append(')');
        }
    }

    private static void Write(StringBuilder builder, Qualifier qualifier)
    {
        switch (qualifier)
        {
            case WithinQualifier within:
                builder.Append("WITHIN ").Append(within.Text).Append(" SECONDS");
                break;
            case RepeatsQualifier repeats:
                builder.Append("REPEATS ").Append(repeats.Count).Append(" TIMES");
                break;
            case StartStopQualifier window:
                builder.Append("START ").Append(window.Start).Append(" STOP ").Append(window.Stop);
                break;
        }
    }

    private static void Write(StringBuilder builder, ComparisonExpression node)
    {
        switch (node)
        {
            case ComparisonBinary binary:
                var precedence = binary.IsAnd ? 2 : 1;
                Operand(builder, binary.Left, Precedence(binary.Left) < precedence);
                builder.Append(binary.IsAnd ? " AND " : " OR ");
                Operand(builder, binary.Right, Precedence(binary.Right) <= precedence);
                break;
            case ExistsComparison exists:
                builder.Append(exists.Negated ? "NOT EXISTS " : "EXISTS ");
                Write(builder, exists.Path);
                break;
            case Comparison comparison:
                Write(builder, comparison.Path);
                builder.Append(comparison.Negated ? " NOT " : " ").Append(comparison.Operator switch
                {
                    ComparisonOperator.Equal => "=",
                    ComparisonOperator.NotEqual => "!=",
                    ComparisonOperator.Less => "<",
                    ComparisonOperator.LessOrEqual => "<=",
                    ComparisonOperator.Greater => ">",
                    ComparisonOperator.GreaterOrEqual => ">=",
                    ComparisonOperator.In => "IN",
                    ComparisonOperator.Like => "LIKE",
                    ComparisonOperator.Matches => "MATCHES",
                    ComparisonOperator.IsSubset => "ISSUBSET",
                    _ => "ISSUPERSET",
                }).Append(' ');
                if (comparison.Set is { } set)
                {
                    builder.Append('(');
                    for (var i = 0; i < set.Count; i++)
                    {
                        if (i > 0)
                        {
                            builder.Append(", ");
                        }

                        builder.Append(set[i]);
                    }

                    builder.Append(')');
                }
                else
                {
                    builder.Append(comparison.Constant);
                }

                break;
        }
    }

    private static int Precedence(ComparisonExpression node) => node switch
    {
        ComparisonBinary { IsAnd: false } => 1,
        ComparisonBinary => 2,
        _ => 3,
    };

    private static void Write(StringBuilder builder, ObjectPath path)
    {
        builder.Append(path.ObjectType).Append(':');
        for (var i = 0; i < path.Steps.Count; i++)
        {
            var step = path.Steps[i];
            switch (step.Kind)
            {
                case PathStepKind.Property:
                    if (i > 0)
                    {
                        builder.Append('.');
                    }

                    builder.Append(Lexer.IsPlainIdentifier(step.Name) ? step.Name : PatternConstant.Quote(step.Name!));
                    break;
                case PathStepKind.Index:
                    builder.Append('[').Append(step.Index).Append(']');
                    break;
                default:
                    builder.Append("[*]");
                    break;
            }
        }
    }
}
