using System.Text;

namespace Korus.Patterning.Matching;

/// <summary>The shapes of LIKE pattern that reduce to one span operation.</summary>
internal enum LikeShape
{
    General,
    Contains,
    EndsWith,
    StartsWith,
    Equals,
}

/// <summary>
/// SQL LIKE over whole values: <c>%</c> is any run of characters (possibly empty), <c>_</c> exactly one
/// character (a Unicode scalar, so a surrogate pair counts once); everything else is literal.
/// </summary>
internal static class LikeMatcher
{
    public static bool IsMatch(string value, string pattern)
    {
        var v = 0;
        var p = 0;
        var starP = -1;
        var starV = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '%')
            {
                starP = ++p;
                starV = v;
                continue;
            }

            if (p < pattern.Length && pattern[p] == '_')
            {
                v += Width(value, v);
                p++;
                continue;
            }

            if (p < pattern.Length && pattern[p] == value[v])
            {
                v++;
                p++;
                continue;
            }

            if (starP < 0)
            {
                return false;
            }

            // Let the last % absorb one more character and retry from there.
            starV += Width(value, starV);
            v = starV;
            p = starP;
        }

        while (p < pattern.Length && pattern[p] == '%')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>The shape and literal of an ASCII LIKE pattern without '_' and with '%' only at its ends.</summary>
    public static (LikeShape Shape, byte[]? Literal) Shape(ReadOnlySpan<byte> pattern)
    {
        if (pattern.Length == 0 || pattern.IndexOf((byte)'_') >= 0)
        {
            return (LikeShape.General, null);
        }

        var inner = pattern.Trim((byte)'%');
        if (inner.IndexOf((byte)'%') >= 0)
        {
            return (LikeShape.General, null);
        }

        var leading = pattern[0] == (byte)'%';
        var trailing = pattern[^1] == (byte)'%' && pattern.Length > 1;
        var shape = (leading, trailing) switch
        {
            (true, true) => LikeShape.Contains,
            (true, false) => LikeShape.EndsWith,
            (false, true) => LikeShape.StartsWith,
            _ => LikeShape.Equals,
        };
        return (shape, inner.ToArray());
    }

    /// <summary>LIKE of a known shape over ASCII bytes.</summary>
    public static bool IsMatchAscii(ReadOnlySpan<byte> value, LikeShape shape, ReadOnlySpan<byte> literal) => shape switch
    {
        LikeShape.Contains => value.IndexOf(literal) >= 0,
        LikeShape.EndsWith => value.EndsWith(literal),
        LikeShape.StartsWith => value.StartsWith(literal),
        _ => value.SequenceEqual(literal),
    };

    /// <summary>LIKE over ASCII bytes (both sides ASCII, where NFC changes nothing and a byte is a character).</summary>
    public static bool IsMatchAscii(ReadOnlySpan<byte> value, ReadOnlySpan<byte> pattern)
    {
        var v = 0;
        var p = 0;
        var starP = -1;
        var starV = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length)
            {
                var c = pattern[p];
                if (c == (byte)'%')
                {
                    // A literal run up to the next wildcard can be searched for at once.
                    starP = ++p;
                    starV = v;
                    continue;
                }

                if (c == (byte)'_' || c == value[v])
                {
                    v++;
                    p++;
                    continue;
                }
            }

            if (starP < 0)
            {
                return false;
            }

            v = ++starV;
            p = starP;
        }

        while (p < pattern.Length && pattern[p] == (byte)'%')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static int Width(string text, int at) => char.IsHighSurrogate(text[at]) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]) ? 2 : 1;

    /// <summary>The value as a string for LIKE and MATCHES: UTF-8 text normalised to NFC, or bytes one character each (Latin-1).</summary>
    public static string Text(in ScalarValue value)
    {
        if (value.Kind == ScalarKind.Bytes)
        {
            return Encoding.Latin1.GetString(value.Utf8);
        }

        var text = Encoding.UTF8.GetString(value.Utf8);
        return IsAscii(value.Utf8) ? text : Unicode.Nfc.Normalize(text);
    }

    private static bool IsAscii(ReadOnlySpan<byte> utf8) => System.Text.Ascii.IsValid(utf8);
}
