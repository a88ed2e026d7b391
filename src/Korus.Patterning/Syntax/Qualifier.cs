using Korus.Stix;

namespace Korus.Patterning.Syntax;

/// <summary>A qualifier: <c>WITHIN n SECONDS</c>, <c>REPEATS n TIMES</c> or <c>START t STOP t</c>.</summary>
public abstract class Qualifier
{
    private protected Qualifier(int offset) => Offset = offset;

    /// <summary>Where the qualifier's keyword is in the pattern text.</summary>
    public int Offset { get; }
}

/// <summary><c>WITHIN n SECONDS</c>: every observation in the binding lies within n seconds.</summary>
public sealed class WithinQualifier : Qualifier
{
    internal WithinQualifier(int offset, decimal seconds, string text)
        : base(offset)
    {
        Seconds = seconds;
        Text = text;
    }

    /// <summary>The window in seconds.</summary>
    public decimal Seconds { get; }

    /// <summary>The number as written (canonical: no sign, leading zero before a point).</summary>
    public string Text { get; }
}

/// <summary><c>REPEATS n TIMES</c>: n disjoint bindings of the qualified expression.</summary>
public sealed class RepeatsQualifier : Qualifier
{
    internal RepeatsQualifier(int offset, long count)
        : base(offset) => Count = count;

    /// <summary>How many times.</summary>
    public long Count { get; }
}

/// <summary><c>START t1 STOP t2</c>: every observation in the binding can lie in [t1, t2).</summary>
public sealed class StartStopQualifier : Qualifier
{
    internal StartStopQualifier(int offset, PatternConstant start, PatternConstant stop)
        : base(offset)
    {
        Start = start;
        Stop = stop;
    }

    /// <summary>The start (inclusive), a timestamp constant.</summary>
    public PatternConstant Start { get; }

    /// <summary>The stop (exclusive), a timestamp constant.</summary>
    public PatternConstant Stop { get; }
}
