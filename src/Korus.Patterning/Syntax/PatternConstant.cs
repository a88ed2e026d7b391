using System.Text;
using Korus.Stix;

namespace Korus.Patterning.Syntax;

/// <summary>The kinds of constant a pattern can hold.</summary>
#pragma warning disable CA1720 // The specification's names for the constant types.
public enum ConstantKind
{
    /// <summary><c>'text'</c>.</summary>
    String,

    /// <summary>An integer.</summary>
    Integer,

    /// <summary>A decimal number with a point.</summary>
    Float,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary><c>h'…'</c>.</summary>
    Hex,

    /// <summary><c>b'…'</c>.</summary>
    Binary,

    /// <summary><c>t'…'</c>.</summary>
    Timestamp,
}
#pragma warning restore CA1720

/// <summary>A constant with its decoded value.</summary>
public sealed class PatternConstant
{
    internal PatternConstant(int offset, ConstantKind kind, string text)
    {
        Offset = offset;
        Kind = kind;
        Text = text;
    }

    /// <summary>Where the constant is in the pattern text.</summary>
    public int Offset { get; }

    /// <summary>The kind.</summary>
    public ConstantKind Kind { get; }

    /// <summary>
    /// The value as text: a string's decoded characters, a number's digits, true/false, the hex digits,
    /// the base64 text, or the timestamp text (without the quotes and prefix).
    /// </summary>
    public string Text { get; }

    /// <summary>A string constant's UTF-8 bytes (worked out on first use: checking a pattern does not need them).</summary>
    internal byte[] Utf8 => field ??= Kind == ConstantKind.String ? Encoding.UTF8.GetBytes(Text) : [];

    /// <summary>An integer constant's value.</summary>
    internal long Integer { get; init; }

    /// <summary>A numeric constant's value as a double.</summary>
    internal double Number { get; init; }

    /// <summary>
    /// A hex or binary constant's bytes; a string constant's Latin-1 bytes when every character is below
    /// U+0100, else null (worked out on first use: only comparisons with _bin/_hex values need it).
    /// </summary>
    internal byte[]? Bytes
    {
        get
        {
            if (Kind == ConstantKind.String && !_latin1Known)
            {
                _bytes = Text.AsSpan().ContainsAnyExceptInRange('\u0000', '\u00FF') ? null : Encoding.Latin1.GetBytes(Text);
                _latin1Known = true;
            }

            return _bytes;
        }

        init => _bytes = value;
    }

    private byte[]? _bytes;
    private bool _latin1Known;

    /// <summary>A timestamp constant's instant, when it is a real one.</summary>
    internal StixTimestamp? Instant { get; init; }

    /// <summary>The constant as written in canonical form.</summary>
    public override string ToString() => Kind switch
    {
        ConstantKind.String => Quote(Text),
        ConstantKind.Hex => "h'" + Text + "'",
        ConstantKind.Binary => "b'" + Text + "'",
        ConstantKind.Timestamp => "t'" + Text + "'",
        _ => Text,
    };

    /// <summary>A pattern string literal for <paramref name="text"/>, escaping quotes and backslashes.</summary>
    public static string Quote(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('\'', '\\') < 0)
        {
            return "'" + text + "'";
        }

        var builder = new StringBuilder(text.Length + 8).Append('\'');
        foreach (var c in text)
        {
            if (c is '\'' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('\'').ToString();
    }
}
