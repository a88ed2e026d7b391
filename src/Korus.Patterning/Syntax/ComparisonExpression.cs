using System.Text.RegularExpressions;
using Korus.Patterning.Matching;

namespace Korus.Patterning.Syntax;

/// <summary>A node inside brackets: comparisons joined by AND and OR.</summary>
public abstract class ComparisonExpression
{
    private protected ComparisonExpression(int offset) => Offset = offset;

    /// <summary>Where the expression starts in the pattern text.</summary>
    public int Offset { get; }

    /// <summary>The expression in canonical form.</summary>
    public override string ToString() => CanonicalPrinter.Print(this);
}

/// <summary><c>Left AND Right</c> or <c>Left OR Right</c> inside brackets (AND binds tighter).</summary>
public sealed class ComparisonBinary : ComparisonExpression
{
    internal ComparisonBinary(int offset, bool isAnd, ComparisonExpression left, ComparisonExpression right)
        : base(offset)
    {
        IsAnd = isAnd;
        Left = left;
        Right = right;
    }

    /// <summary>True for AND, false for OR.</summary>
    public bool IsAnd { get; }

    /// <summary>The left operand.</summary>
    public ComparisonExpression Left { get; }

    /// <summary>The right operand.</summary>
    public ComparisonExpression Right { get; }
}

/// <summary>The comparison operators.</summary>
public enum ComparisonOperator
{
    /// <summary><c>=</c> (also written <c>==</c>).</summary>
    Equal,

    /// <summary><c>!=</c> (also written <c>&lt;&gt;</c>).</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,

    /// <summary><c>IN (…)</c>.</summary>
    In,

    /// <summary><c>LIKE</c> (SQL-style <c>%</c> and <c>_</c>).</summary>
    Like,

    /// <summary><c>MATCHES</c> (a PCRE regular expression, searched).</summary>
    Matches,

    /// <summary><c>ISSUBSET</c> (the value's network lies inside the constant's).</summary>
    IsSubset,

    /// <summary><c>ISSUPERSET</c> (the value's network contains the constant's).</summary>
    IsSuperset,
}

/// <summary><c>path [NOT] op constant</c> or <c>path [NOT] IN (constants)</c>.</summary>
public sealed class Comparison : ComparisonExpression
{
    internal Comparison(int offset, ObjectPath path, bool negated, ComparisonOperator op, PatternConstant? constant, IReadOnlyList<PatternConstant>? set)
        : base(offset)
    {
        Path = path;
        Negated = negated;
        Operator = op;
        Constant = constant;
        Set = set;
    }

    /// <summary>The object path compared.</summary>
    public ObjectPath Path { get; }

    /// <summary>Whether NOT precedes the operator.</summary>
    public bool Negated { get; }

    /// <summary>The operator.</summary>
    public ComparisonOperator Operator { get; }

    /// <summary>The constant; null for IN.</summary>
    public PatternConstant? Constant { get; }

    /// <summary>The members of an IN set; null for other operators.</summary>
    public IReadOnlyList<PatternConstant>? Set { get; }

    /// <summary>The compiled regular expression of a MATCHES comparison (set by the checker).</summary>
    internal Regex? Regex { get; set; }


    /// <summary>The LIKE pattern, NFC-normalised (set by the checker).</summary>
    internal string? LikePattern { get; set; }

    /// <summary>The LIKE pattern's bytes when it is ASCII, for matching ASCII values without decoding them.</summary>
    internal byte[]? LikeAscii { get; set; }

    /// <summary>The shape of an ASCII LIKE pattern, worked out once: '%x', 'x%', '%x%', 'x', or general.</summary>
    internal LikeShape LikeShape { get; set; }

    /// <summary>The literal of a LIKE pattern whose shape is not general.</summary>
    internal byte[]? LikeLiteral { get; set; }

    /// <summary>
    /// ASCII text every value a MATCHES expression matches must contain (from its leading literal run),
    /// so a value without it is refused without running the expression; null when there is none.
    /// </summary>
    internal byte[]? RequiredLiteral { get; set; }

    /// <summary>The network of an ISSUBSET/ISSUPERSET constant (set by the checker).</summary>
    internal IpNetwork Network { get; set; }
}

/// <summary><c>[NOT] EXISTS path</c>.</summary>
public sealed class ExistsComparison : ComparisonExpression
{
    internal ExistsComparison(int offset, ObjectPath path, bool negated)
        : base(offset)
    {
        Path = path;
        Negated = negated;
    }

    /// <summary>The object path.</summary>
    public ObjectPath Path { get; }

    /// <summary>Whether NOT precedes EXISTS.</summary>
    public bool Negated { get; }
}
