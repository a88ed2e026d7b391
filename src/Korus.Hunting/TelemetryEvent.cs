using System.Buffers.Text;
using System.Text.Json;
using Korus.Patterning.Matching;

namespace Korus.Hunting;

/// <summary>One value of a mapped field in an event.</summary>
internal struct FieldValue
{
    public MappedField Field;
    public ScalarKind Kind;
    public int Offset;
    public int Length;
    public long Integer;
    public double Number;

    /// <summary>0-based position when the field held a list of values.</summary>
    public int Element;

    /// <summary>True when the string's bytes are read straight from the line (it had no escapes); else from the scratch buffer.</summary>
    public bool InLine;
}

/// <summary>
/// One JSON-lines event reduced to what the mapping names: the values of mapped fields (strings
/// unescaped into a scratch buffer, numbers parsed) and the raw timestamp. Reused from line to line.
/// </summary>
internal sealed class TelemetryEvent
{
    private byte[] _scratch = new byte[1024];
    private FieldValue[] _values = new FieldValue[32];
    private readonly byte[] _name = new byte[512];
    private readonly FieldNode?[] _nodes = new FieldNode?[64];
    private readonly FieldNode?[] _arrayNodes = new FieldNode?[64];
    private readonly int[] _arrayElements = new int[64];

    public int Count { get; private set; }

    public long Line { get; private set; }

    public ReadOnlyMemory<byte> Raw { get; private set; }

    /// <summary>Offset and length of the timestamp text in the scratch buffer, or -1.</summary>
    public int TimestampOffset { get; private set; } = -1;

    public int TimestampLength { get; private set; }

    private int _timestampRank;

    private int _scratchLength;

    public ReadOnlySpan<FieldValue> Values => _values.AsSpan(0, Count);

    public ReadOnlySpan<byte> Bytes(in FieldValue value) => value.InLine ? Raw.Span.Slice(value.Offset, value.Length) : _scratch.AsSpan(value.Offset, value.Length);

    public ReadOnlySpan<byte> Timestamp => TimestampOffset < 0 ? default : _scratch.AsSpan(TimestampOffset, TimestampLength);

    public ScalarValue Scalar(in FieldValue value) => value.Kind switch
    {
        ScalarKind.String => new ScalarValue(ScalarKind.String, Bytes(value)),
        ScalarKind.Integer => new ScalarValue(ScalarKind.Integer, integer: value.Integer),
        ScalarKind.Float => new ScalarValue(ScalarKind.Float, number: value.Number),
        ScalarKind.Boolean => new ScalarValue(ScalarKind.Boolean, integer: value.Integer),
        _ => new ScalarValue(value.Kind),
    };

    /// <summary>
    /// Reads one line; false with the reason when it is not a JSON object. The line is checked as
    /// strictly as <see cref="Utf8JsonReader"/> would (UTF-8, structure, strings, escapes, numbers,
    /// literals, depth 64), by a scanner that records only what the mapping names: subtrees nothing is
    /// mapped below are still checked but not recorded.
    /// </summary>
    public bool TryRead(ReadOnlyMemory<byte> line, long lineNumber, TelemetryMapping mapping, out string? error)
    {
        Count = 0;
        _scratchLength = 0;
        TimestampOffset = -1;
        _timestampRank = int.MaxValue;
        Line = lineNumber;
        Raw = line;
        error = null;
        var span = line.Span;
        if (!System.Text.Unicode.Utf8.IsValid(span))
        {
            error = "not valid JSON (the line is not valid UTF-8)";
            return false;
        }

        var pos = SkipSpace(span, 0);
        if (pos >= span.Length || span[pos] != (byte)'{')
        {
            var end = pos;
            error = pos < span.Length && ScanValue(span, ref end, null, 0, 0, inArray: false) && SkipSpace(span, end) == span.Length
                ? "an event must be a JSON object"
                : $"not valid JSON (byte {Math.Min(end, Math.Max(span.Length - 1, 0)) + 1} of the line)";
            _tooDeep = false;
            return false;
        }

        if (!ScanObject(span, ref pos, mapping.Root, 1) || SkipSpace(span, pos) != span.Length)
        {
            error = _tooDeep ? "the event nests too deeply" : $"not valid JSON (byte {Math.Min(pos, span.Length - 1) + 1} of the line)";
            _tooDeep = false;
            return false;
        }

        return true;
    }

    private const int MaxDepth = 64;
    private bool _tooDeep;

    private static readonly System.Buffers.SearchValues<byte> StringStops = System.Buffers.SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    private static int SkipSpace(ReadOnlySpan<byte> s, int pos)
    {
        while (pos < s.Length && s[pos] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            pos++;
        }

        return pos;
    }

    /// <summary>At '{': scans the object to its '}' (pos after it), recording mapped values below <paramref name="node"/> (null: check only).</summary>
    private bool ScanObject(ReadOnlySpan<byte> s, ref int pos, FieldNode? node, int depth)
    {
        if (depth > MaxDepth)
        {
            _tooDeep = true;
            return false;
        }

        pos = SkipSpace(s, pos + 1);
        if (pos < s.Length && s[pos] == (byte)'}')
        {
            pos++;
            return true;
        }

        while (true)
        {
            if (pos >= s.Length || s[pos] != (byte)'"' || !ScanString(s, ref pos, out var start, out var length, out var escaped))
            {
                return false;
            }

            FieldNode? child = null;
            if (node is not null)
            {
                if (!escaped)
                {
                    child = Child(node, s.Slice(start, length));
                }
                else if (TryUnescape(s.Slice(start - 1, length + 2), _name, out var nameLength))
                {
                    child = Child(node, _name.AsSpan(0, nameLength));
                }
                else if (length + 2 <= _name.Length)
                {
                    return false; // an escape that names no character
                }
            }

            pos = SkipSpace(s, pos);
            if (pos >= s.Length || s[pos] != (byte)':')
            {
                return false;
            }

            pos = SkipSpace(s, pos + 1);
            if (!ScanValue(s, ref pos, child, 0, depth, inArray: false))
            {
                return false;
            }

            pos = SkipSpace(s, pos);
            if (pos >= s.Length)
            {
                return false;
            }

            if (s[pos] == (byte)'}')
            {
                pos++;
                return true;
            }

            if (s[pos] != (byte)',')
            {
                return false;
            }

            pos = SkipSpace(s, pos + 1);
        }
    }

    /// <summary>At '[': scans the array; its scalar elements are values of <paramref name="node"/> numbered from 0.</summary>
    private bool ScanArray(ReadOnlySpan<byte> s, ref int pos, FieldNode? node, int depth)
    {
        if (depth > MaxDepth)
        {
            _tooDeep = true;
            return false;
        }

        pos = SkipSpace(s, pos + 1);
        if (pos < s.Length && s[pos] == (byte)']')
        {
            pos++;
            return true;
        }

        var element = 0;
        while (true)
        {
            if (!ScanValue(s, ref pos, node, element++, depth, inArray: true))
            {
                return false;
            }

            pos = SkipSpace(s, pos);
            if (pos >= s.Length)
            {
                return false;
            }

            if (s[pos] == (byte)']')
            {
                pos++;
                return true;
            }

            if (s[pos] != (byte)',')
            {
                return false;
            }

            pos = SkipSpace(s, pos + 1);
        }
    }

    private bool ScanValue(ReadOnlySpan<byte> s, ref int pos, FieldNode? node, int element, int depth, bool inArray)
    {
        if (pos >= s.Length)
        {
            return false;
        }

        switch (s[pos])
        {
            case (byte)'{':
                // Nothing mapped lies below (event.*, host.*, ...): checked, not recorded.
                return ScanObject(s, ref pos, node is { HasChildren: true } ? node : null, depth + 1);
            case (byte)'[':
                // A list of lists is not mapped.
                return ScanArray(s, ref pos, inArray ? null : node, depth + 1);
            case (byte)'"':
            {
                var quote = pos;
                if (!ScanString(s, ref pos, out var start, out var length, out var escaped))
                {
                    return false;
                }

                return node is null || StringValue(s, node, element, quote, start, length, escaped);
            }

            case (byte)'t':
                return Literal(s, ref pos, "true"u8, node, element, ScalarKind.Boolean, 1);
            case (byte)'f':
                return Literal(s, ref pos, "false"u8, node, element, ScalarKind.Boolean, 0);
            case (byte)'n':
                return Literal(s, ref pos, "null"u8, null, element, ScalarKind.Null, 0);
            default:
                return ScanNumber(s, ref pos, node, element);
        }
    }

    /// <summary>At '"': finds the closing quote (pos after it), checking escapes and refusing control characters.</summary>
    private static bool ScanString(ReadOnlySpan<byte> s, ref int pos, out int start, out int length, out bool escaped)
    {
        start = pos + 1;
        escaped = false;
        var i = start;
        while (true)
        {
            var stop = s[i..].IndexOfAny(StringStops);
            if (stop < 0)
            {
                length = 0;
                pos = s.Length;
                return false;
            }

            i += stop;
            switch (s[i])
            {
                case (byte)'"':
                    length = i - start;
                    pos = i + 1;
                    return true;
                case (byte)'\\':
                    escaped = true;
                    if (i + 1 >= s.Length)
                    {
                        length = 0;
                        pos = i;
                        return false;
                    }

                    if (s[i + 1] == (byte)'u')
                    {
                        if (i + 5 >= s.Length || !IsHex(s[i + 2]) || !IsHex(s[i + 3]) || !IsHex(s[i + 4]) || !IsHex(s[i + 5]))
                        {
                            length = 0;
                            pos = i;
                            return false;
                        }

                        i += 6;
                    }
                    else if (s[i + 1] is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
                    {
                        i += 2;
                    }
                    else
                    {
                        length = 0;
                        pos = i;
                        return false;
                    }

                    break;
                default:
                    length = 0;
                    pos = i;
                    return false; // a control character
            }
        }
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    /// <summary>Unescapes a whole string token (quotes included) with the JSON reader; false when it does not unescape (a lone surrogate) or does not fit.</summary>
    private static bool TryUnescape(ReadOnlySpan<byte> token, byte[] into, out int length)
    {
        length = 0;
        if (token.Length > into.Length)
        {
            return false;
        }

        var reader = new Utf8JsonReader(token);
        try
        {
            reader.Read();
            length = reader.CopyString(into);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private bool StringValue(ReadOnlySpan<byte> s, FieldNode node, int element, int quote, int start, int length, bool escaped)
    {
        if (node.Field is { } field)
        {
            var value = new FieldValue { Field = field, Element = element, Kind = ScalarKind.String };
            if (!escaped)
            {
                // Unescaped: the value's bytes are the line's, between the quotes.
                value.Offset = start;
                value.Length = length;
                value.InLine = true;
            }
            else if (!TryCopyEscaped(s.Slice(quote, length + 2), out value.Offset, out value.Length))
            {
                return false;
            }

            Add(value);
            return true;
        }

        if (node.TimestampRank >= 0 && node.TimestampRank < _timestampRank)
        {
            _timestampRank = node.TimestampRank;
            if (!escaped)
            {
                (TimestampOffset, TimestampLength) = CopyRaw(s.Slice(start, length));
            }
            else if (TryCopyEscaped(s.Slice(quote, length + 2), out var offset, out var copied))
            {
                (TimestampOffset, TimestampLength) = (offset, copied);
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private bool Literal(ReadOnlySpan<byte> s, ref int pos, ReadOnlySpan<byte> word, FieldNode? node, int element, ScalarKind kind, long integer)
    {
        if (!s[pos..].StartsWith(word))
        {
            return false;
        }

        pos += word.Length;
        if (node?.Field is { } field)
        {
            Add(new FieldValue { Field = field, Element = element, Kind = kind, Integer = integer });
        }

        return true;
    }

    /// <summary>A JSON number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?; an integer when it has neither fraction nor exponent and fits.</summary>
    private bool ScanNumber(ReadOnlySpan<byte> s, ref int pos, FieldNode? node, int element)
    {
        var start = pos;
        var i = pos;
        if (i < s.Length && s[i] == (byte)'-')
        {
            i++;
        }

        if (i >= s.Length || !char.IsAsciiDigit((char)s[i]))
        {
            return false;
        }

        if (s[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            while (i < s.Length && char.IsAsciiDigit((char)s[i]))
            {
                i++;
            }
        }

        var integral = true;
        if (i < s.Length && s[i] == (byte)'.')
        {
            integral = false;
            i++;
            var digits = i;
            while (i < s.Length && char.IsAsciiDigit((char)s[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return false;
            }
        }

        if (i < s.Length && s[i] is (byte)'e' or (byte)'E')
        {
            integral = false;
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            var digits = i;
            while (i < s.Length && char.IsAsciiDigit((char)s[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return false;
            }
        }

        pos = i;
        if (node?.Field is not { } field)
        {
            return true;
        }

        var text = s[start..i];
        var value = new FieldValue { Field = field, Element = element };
        if (integral && Utf8Parser.TryParse(text, out long integer, out var used) && used == text.Length)
        {
            value.Kind = ScalarKind.Integer;
            value.Integer = integer;
        }
        else
        {
            if (!Utf8Parser.TryParse(text, out double number, out _))
            {
                return false;
            }

            value.Kind = ScalarKind.Float;
            value.Number = number;
        }

        Add(value);
        return true;
    }

    private void Add(in FieldValue value)
    {
        if (Count == _values.Length)
        {
            Array.Resize(ref _values, Count * 2);
        }

        _values[Count++] = value;
    }

    /// <summary>The node for a property name below <paramref name="parent"/> (a dotted name walked segment by segment).</summary>
    private static FieldNode? Child(FieldNode parent, ReadOnlySpan<byte> name)
    {
        var child = parent.Child(name);
        if (child is not null || name.IndexOf((byte)'.') < 0)
        {
            return child;
        }

        FieldNode? node = parent;
        while (node is not null)
        {
            var dot = name.IndexOf((byte)'.');
            node = node.Child(dot < 0 ? name : name[..dot]);
            if (dot < 0)
            {
                break;
            }

            name = name[(dot + 1)..];
        }

        return node;
    }

    private bool TryCopyEscaped(ReadOnlySpan<byte> token, out int offset, out int length)
    {
        if (_unescape is null || _unescape.Length < token.Length)
        {
            _unescape = new byte[Math.Max(1024, token.Length)];
        }

        if (!TryUnescape(token, _unescape, out var unescaped))
        {
            (offset, length) = (0, 0);
            return false;
        }

        (offset, length) = CopyRaw(_unescape.AsSpan(0, unescaped));
        return true;
    }

    private byte[]? _unescape;

    private void Reserve(int needed)
    {
        if (_scratchLength + needed > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + needed));
        }
    }

    private (int Offset, int Length) CopyRaw(ReadOnlySpan<byte> raw)
    {
        Reserve(raw.Length);
        var offset = _scratchLength;
        raw.CopyTo(_scratch.AsSpan(offset));
        _scratchLength += raw.Length;
        return (offset, raw.Length);
    }
}
