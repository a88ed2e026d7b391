using System.Text;

namespace Korus.Patterning.Matching;

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

    /// <summary>LIKE over ASCII bytes (both sides ASCII, where NFC changes nothing and a byte is a character).</summary>
    public static bool IsMatchAscii(ReadOnlySpan<byte> value, ReadOnlySpan<byte> pattern)
    {
        // The common shapes, without the general loop: '%literal', 'literal%', '%literal%'.
        if (pattern.Length > 0 && pattern.IndexOf((byte)'_') < 0)
        {
            var inner = pattern.Trim((byte)'%');
            if (inner.IndexOf((byte)'%') < 0)
            {
                var leading = pattern[0] == (byte)'%';
                var trailing = pattern[^1] == (byte)'%' && pattern.Length > 1;
                return (leading, trailing) switch
                {
                    (true, true) => value.IndexOf(inner) >= 0,
                    (true, false) => value.EndsWith(inner),
                    (false, true) => value.StartsWith(inner),
                    _ => value.SequenceEqual(inner),
                };
            }
        }

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
