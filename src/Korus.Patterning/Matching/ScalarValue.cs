namespace Korus.Patterning.Matching;

/// <summary>The JSON kinds a selected value can have, as comparison sees them.</summary>
internal enum ScalarKind
{
    String,
    Integer,
    Float,
    Boolean,
    Bytes,
    Null,

    /// <summary>An object or array (or undecodable bytes): present but not comparable.</summary>
    Other,
}

/// <summary>One value selected by an object path, without allocation: strings and bytes as spans.</summary>
internal readonly ref struct ScalarValue
{
    public ScalarValue(ScalarKind kind, ReadOnlySpan<byte> utf8 = default, long integer = 0, double number = 0)
    {
        Kind = kind;
        Utf8 = utf8;
        Integer = integer;
        Number = number;
    }

    public ScalarKind Kind { get; }

    /// <summary>A string's UTF-8 bytes (unescaped) or a binary value's bytes.</summary>
    public ReadOnlySpan<byte> Utf8 { get; }

    /// <summary>An integer's value; 1 or 0 for a boolean.</summary>
    public long Integer { get; }

    /// <summary>A float's value.</summary>
    public double Number { get; }
}
