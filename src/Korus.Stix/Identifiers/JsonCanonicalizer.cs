using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Korus.Stix.Json;

namespace Korus.Stix.Identifiers;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme (JCS): object members sorted by UTF-16 code units, no white
/// space, strings with the minimal escapes and raw UTF-8 otherwise, numbers as ECMAScript prints them.
/// The same JSON value always gives the same bytes, which is what deterministic ids hash.
/// </summary>
public static class JsonCanonicalizer
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The canonical UTF-8 bytes of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">The value holds a number that is not finite or a string that is not valid Unicode.</exception>
    public static byte[] Canonicalize(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteCanonical(value, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the canonical UTF-8 bytes of <paramref name="value"/> to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">The value holds a number that is not finite or a string that is not valid Unicode.</exception>
    public static void WriteCanonical(JsonElement value, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            throw new ArgumentException($"Cannot canonicalise a JSON value of kind {value.ValueKind}.", nameof(value));
        }

        // The element's text is read again into a tree: one canonical writer serves both the public
        // entry points and the validator, which holds its objects as trees.
        var tree = JsonTree.Rent();
        try
        {
            tree.Parse(value);
            WriteCanonical(tree.Root, output);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException("The value holds text that is not Unicode (invalid UTF-8 or an escaped lone surrogate), which has no canonical form.", nameof(value), ex);
        }
        finally
        {
            JsonTree.Return(tree);
        }
    }

    /// <summary>Writes the canonical UTF-8 bytes of <paramref name="value"/> to <paramref name="output"/>.</summary>
    /// <exception cref="ArgumentException">The value holds a number that is not finite or a string that is not valid Unicode.</exception>
    internal static void WriteCanonical(JsonItem value, IBufferWriter<byte> output)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(value, output);
                break;
            case JsonValueKind.Array:
                Write(output, "["u8);
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        Write(output, ","u8);
                    }

                    first = false;
                    WriteCanonical(item, output);
                }

                Write(output, "]"u8);
                break;
            case JsonValueKind.String:
                // Without escapes the raw text is already canonical: the reader has checked it is UTF-8
                // and JSON forbids raw control characters, so nothing in it would need escaping.
                if (!value.IsEscaped)
                {
                    Write(output, value.RawUtf8);
                }
                else
                {
                    // The tree has decoded it, and refused an escaped lone surrogate (not Unicode) when parsing.
                    WriteString(value.GetString()!, output);
                }

                break;
            case JsonValueKind.Number:
                // A plain integer of up to 15 digits prints as itself in ECMAScript; anything else is formatted.
                var number = value.RawUtf8;
                var digits = number.Length > 0 && number[0] == (byte)'-' ? number[1..] : number;
                if (digits.Length is > 0 and <= 15 && (digits[0] != (byte)'0' || digits.Length == 1) && !digits.ContainsAnyExceptInRange((byte)'0', (byte)'9')
                    && !(number.Length == 2 && number[0] == (byte)'-' && number[1] == (byte)'0'))
                {
                    Write(output, number);
                }
                else
                {
                    WriteAscii(FormatNumber(value.GetDouble()), output);
                }

                break;
            case JsonValueKind.True:
                Write(output, "true"u8);
                break;
            case JsonValueKind.False:
                Write(output, "false"u8);
                break;
            case JsonValueKind.Null:
                Write(output, "null"u8);
                break;
            default:
                throw new ArgumentException($"Cannot canonicalise a JSON value of kind {value.ValueKind}.", nameof(value));
        }
    }

    /// <summary>Members of the objects being written on this thread, innermost last (a stack, so nesting needs no new arrays).</summary>
    [ThreadStatic]
    private static List<JsonMember>? t_members;

    private static void WriteObject(JsonItem value, IBufferWriter<byte> output)
    {
        var members = t_members ??= new List<JsonMember>(64);
        var start = members.Count;
        try
        {
            var plain = true;
            foreach (var member in value.EnumerateObject())
            {
                members.Add(member);
                plain &= IsPlainAscii(member.RawName);
            }

            var n = members.Count - start;
            if (!plain)
            {
                WriteObjectDecoded(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members).Slice(start, n), output);
                return;
            }

            // ASCII names without escapes (nearly every STIX object): byte order is UTF-16 order and the raw
            // text is already canonical, so sort and write the raw names without decoding them.
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members).Slice(start, n).Sort(static (a, b) =>
                a.RawName.SequenceCompareTo(b.RawName));
            Write(output, "{"u8);
            for (var i = 0; i < n; i++)
            {
                // Index the list each time: writing a nested object may grow it.
                var member = members[start + i];
                Write(output, i == 0 ? "\""u8 : ",\""u8);
                Write(output, member.RawName);
                Write(output, "\":"u8);
                WriteCanonical(member.Value, output);
            }

            Write(output, "}"u8);
        }
        finally
        {
            members.RemoveRange(start, members.Count - start);
        }
    }

    private static bool IsPlainAscii(ReadOnlySpan<byte> name) => !name.ContainsAnyExceptInRange((byte)0x20, (byte)0x7e) && !name.Contains((byte)'\\');

    private static void WriteObjectDecoded(ReadOnlySpan<JsonMember> properties, IBufferWriter<byte> output)
    {
        var members = new (string Name, JsonItem Value)[properties.Length];
        for (var i = 0; i < properties.Length; i++)
        {
            members[i] = (properties[i].Name, properties[i].Value);
        }

        // RFC 8785 §3.2.3: sort by the UTF-16 code units of the (unescaped) names.
        members.AsSpan().Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        Write(output, "{"u8);
        for (var i = 0; i < members.Length; i++)
        {
            if (i > 0)
            {
                Write(output, ","u8);
            }

            WriteString(members[i].Name, output);
            Write(output, ":"u8);
            WriteCanonical(members[i].Value, output);
        }

        Write(output, "}"u8);
    }

    /// <summary>Writes a JSON string with JCS escaping: only quote, backslash and control characters are escaped.</summary>
    internal static void WriteString(string text, IBufferWriter<byte> output)
    {
        Write(output, "\""u8);
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x20 && c != '"' && c != '\\')
            {
                continue;
            }

            WriteUtf8(text.AsSpan(start, i - start), output);
            start = i + 1;
            switch (c)
            {
                case '"':
                    Write(output, "\\\""u8);
                    break;
                case '\\':
                    Write(output, "\\\\"u8);
                    break;
                case '\b':
                    Write(output, "\\b"u8);
                    break;
                case '\f':
                    Write(output, "\\f"u8);
                    break;
                case '\n':
                    Write(output, "\\n"u8);
                    break;
                case '\r':
                    Write(output, "\\r"u8);
                    break;
                case '\t':
                    Write(output, "\\t"u8);
                    break;
                default:
                    WriteAscii(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"), output);
                    break;
            }
        }

        WriteUtf8(text.AsSpan(start), output);
        Write(output, "\""u8);
    }

    /// <summary>Formats a double as ECMAScript's Number.prototype.toString does (RFC 8785 §3.2.2.3).</summary>
    /// <exception cref="ArgumentException">The number is NaN or infinite.</exception>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("JSON numbers must be finite.", nameof(value));
        }

        if (value == 0)
        {
            return "0";
        }

        var negative = value < 0;
        // "R" gives the shortest digits that round-trip; take them apart into digits and exponent.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot >= 0 ? text[..dot] : text;
        var digits = dot >= 0 ? integerPart + text[(dot + 1)..] : integerPart;
        var n = integerPart.Length + exponent;
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..];
        n -= leading;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return "0";
        }

        var k = digits.Length;
        var sb = new StringBuilder(32);
        if (negative)
        {
            sb.Append('-');
        }

        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var exp = n - 1;
            sb.Append(digits[0]);
            if (k > 1)
            {
                sb.Append('.').Append(digits, 1, k - 1);
            }

            sb.Append('e').Append(exp >= 0 ? '+' : '-').Append(Math.Abs(exp).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);

    private static void WriteAscii(string text, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            span[i] = (byte)text[i];
        }

        output.Advance(text.Length);
    }

    private static void WriteUtf8(ReadOnlySpan<char> text, IBufferWriter<byte> output)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var utf8 = StrictUtf8;
        int count;
        try
        {
            count = utf8.GetByteCount(text);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("The string is not valid Unicode (a lone surrogate).", nameof(text), ex);
        }

        var span = output.GetSpan(count);
        utf8.GetBytes(text, span);
        output.Advance(count);
    }
}
