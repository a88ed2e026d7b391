using System.Text;

namespace Korus.Stix.Json;

/// <summary>Small pieces of JSON text handling shared by <see cref="JsonTree"/>, <see cref="JsonItem"/>, the stream reader and the object model.</summary>
internal static class JsonText
{
    /// <summary>
    /// Decodes the JSON escapes of a string's text (without its quotes) into UTF-8. A lone surrogate
    /// becomes U+FFFD and <paramref name="valid"/> false. The output is never longer than the input.
    /// The input's escapes must be well formed (the parser has checked them).
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> raw, Span<byte> output, out bool valid)
    {
        var written = Unescape(raw, output, out int loneSurrogateAt);
        valid = loneSurrogateAt < 0;
        return written;
    }

    /// <summary>
    /// As <see cref="Unescape(ReadOnlySpan{byte}, Span{byte}, out bool)"/>; <paramref name="loneSurrogateAt"/>
    /// is the offset in <paramref name="raw"/> of the first escape of a lone surrogate, or -1.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> raw, Span<byte> output, out int loneSurrogateAt)
    {
        loneSurrogateAt = -1;
        var written = 0;
        var i = 0;
        while (i < raw.Length)
        {
            var slash = raw[i..].IndexOf((byte)'\\');
            if (slash < 0)
            {
                raw[i..].CopyTo(output[written..]);
                return written + raw.Length - i;
            }

            raw.Slice(i, slash).CopyTo(output[written..]);
            written += slash;
            i += slash;
            var escapeAt = i;
            var code = DecodeEscape(raw, ref i, out var lone);
            if (lone && loneSurrogateAt < 0)
            {
                loneSurrogateAt = escapeAt;
            }

            written += new Rune(code).EncodeToUtf8(output[written..]);
        }

        return written;
    }

    /// <summary>
    /// The offset of the first escape of a lone surrogate in <paramref name="json"/>, or -1. Meant for
    /// JSON text (where every backslash starts an escape inside a string) or a string's raw content; any
    /// byte between two escapes, a closing quote included, breaks a pair. Text that is not JSON is read
    /// safely, escapes that are not well formed passed over.
    /// </summary>
    public static int FirstLoneSurrogate(ReadOnlySpan<byte> json)
    {
        var i = 0;
        while (true)
        {
            var slash = json[i..].IndexOf((byte)'\\');
            if (slash < 0)
            {
                return -1;
            }

            i += slash;
            var escapeAt = i;
            if (i + 1 >= json.Length || (json[i + 1] == (byte)'u' && (i + 6 > json.Length || !IsHex4(json.Slice(i + 2, 4)))))
            {
                // Not a well-formed escape (the text is not JSON): nothing here is a surrogate.
                i++;
                continue;
            }

            DecodeEscape(json, ref i, out var lone);
            if (lone)
            {
                return escapeAt;
            }
        }
    }

    /// <summary>
    /// Decodes the escape at <paramref name="i"/> (a backslash) and steps past it: a <c>\uXXXX</c> high
    /// surrogate followed at once by a low one is one character; a surrogate alone is U+FFFD with
    /// <paramref name="lone"/> set.
    /// </summary>
    private static int DecodeEscape(ReadOnlySpan<byte> raw, ref int i, out bool lone)
    {
        lone = false;
        var e = raw[i + 1];
        if (e != (byte)'u')
        {
            i += 2;
            return e switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => e,
            };
        }

        int code = Hex4(raw.Slice(i + 2, 4));
        i += 6;
        if (char.IsHighSurrogate((char)code) && i + 6 <= raw.Length && raw[i] == (byte)'\\' && raw[i + 1] == (byte)'u'
            && IsHex4(raw.Slice(i + 2, 4)) && char.IsLowSurrogate((char)Hex4(raw.Slice(i + 2, 4))))
        {
            code = char.ConvertToUtf32((char)code, (char)Hex4(raw.Slice(i + 2, 4)));
            i += 6;
        }
        else if (char.IsSurrogate((char)code))
        {
            lone = true;
            code = 0xFFFD;
        }

        return code;
    }

    /// <summary>The UTF-8 of <paramref name="text"/>, in <paramref name="scratch"/> when it fits.</summary>
    public static ReadOnlySpan<byte> Utf8(string text, Span<byte> scratch)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Encoding.UTF8.TryGetBytes(text, scratch, out var written) ? scratch[..written] : Encoding.UTF8.GetBytes(text);
    }

    /// <summary>The offset of the first byte that is not part of a well-formed UTF-8 sequence; the length when all are.</summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        var at = 0;
        while (at < text.Length)
        {
            if (Rune.DecodeFromUtf8(text[at..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return at;
            }

            at += consumed;
        }

        return text.Length;
    }

    /// <summary>The zero-based line and column (in bytes) of offset <paramref name="at"/> of <paramref name="text"/>.</summary>
    public static (int Line, int Column) LineAndColumn(ReadOnlySpan<byte> text, int at) =>
        (text[..at].Count((byte)'\n'), at - (text[..at].LastIndexOf((byte)'\n') + 1));

    /// <summary>Four hex digits.</summary>
    public static bool IsHex4(ReadOnlySpan<byte> digits) =>
        digits.Length == 4 && Uri.IsHexDigit((char)digits[0]) && Uri.IsHexDigit((char)digits[1])
        && Uri.IsHexDigit((char)digits[2]) && Uri.IsHexDigit((char)digits[3]);

    private static int Hex4(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        for (var i = 0; i < 4; i++)
        {
            var d = digits[i];
            value = (value << 4) | (d <= '9' ? d - '0' : (d | 0x20) - 'a' + 10);
        }

        return value;
    }
}
