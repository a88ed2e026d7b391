namespace Korus.Patterning.Syntax;

/// <summary>
/// A node of a pattern's observation level: a bracketed comparison expression, two observation
/// expressions joined by AND, OR or FOLLOWEDBY, or an observation expression with a qualifier.
/// Parentheses are not kept; the canonical printer puts back those precedence needs.
/// </summary>
public abstract class ObservationExpression
{
    private protected ObservationExpression(int offset) => Offset = offset;

    /// <summary>Where the expression starts in the pattern text.</summary>
    public int Offset { get; }

    /// <summary>The expression in canonical form.</summary>
    public override string ToString() => CanonicalPrinter.Print(this);
}

/// <summary>How two observation expressions combine.</summary>
public enum ObservationOperator
{
    /// <summary><c>AND</c>: both, on different observation instances.</summary>
    And,

    /// <summary><c>OR</c>: either.</summary>
    Or,

    /// <summary><c>FOLLOWEDBY</c>: both, on different instances, the right one not earlier than the left.</summary>
    FollowedBy,
}

/// <summary><c>[ comparison expression ]</c>: matches one observation that has a root object satisfying it.</summary>
public sealed class ObservationBracket : ObservationExpression
{
    internal ObservationBracket(int offset, ComparisonExpression body)
        : base(offset) => Body = body;

    /// <summary>The comparison expression inside the brackets.</summary>
    public ComparisonExpression Body { get; }

    /// <summary>0-based position of this bracket among the pattern's brackets, left to right.</summary>
    public int Index { get; internal set; }
}

/// <summary><c>Left AND|OR|FOLLOWEDBY Right</c>.</summary>
public sealed class ObservationBinary : ObservationExpression
{
    internal ObservationBinary(int offset, ObservationOperator op, ObservationExpression left, ObservationExpression right)
        : base(offset)
    {
        Operator = op;
        Left = left;
        Right = right;
    }

    /// <summary>The operator.</summary>
    public ObservationOperator Operator { get; }

    /// <summary>The left operand.</summary>
    public ObservationExpression Left { get; }

    /// <summary>The right operand.</summary>
    public ObservationExpression Right { get; }
}

/// <summary>An observation expression with one qualifier (chained qualifiers nest).</summary>
public sealed class QualifiedObservation : ObservationExpression
{
    internal QualifiedObservation(int offset, ObservationExpression inner, Qualifier qualifier)
        : base(offset)
    {
        Inner = inner;
        Qualifier = qualifier;
    }

    /// <summary>The qualified expression.</summary>
    public ObservationExpression Inner { get; }

    /// <summary>The qualifier.</summary>
    public Qualifier Qualifier { get; }
}
