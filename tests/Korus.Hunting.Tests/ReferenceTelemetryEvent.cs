using System.Buffers.Text;
using System.Text.Json;
using Korus.Patterning.Matching;

using Korus.Hunting;

namespace Korus.Hunting.Tests;

/// <summary>One value of a mapped field in an event.</summary>
internal struct ReferenceFieldValue
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
/// The reader TelemetryEvent used before its scanner: Utf8JsonReader over the line. Kept as the
/// reference the scanner is checked against. One JSON-lines event reduced to what the mapping names: the values of mapped fields (strings
/// unescaped into a scratch buffer, numbers parsed) and the raw timestamp. Reused from line to line.
/// </summary>
internal sealed class ReferenceTelemetryEvent
{
    private byte[] _scratch = new byte[1024];
    private ReferenceFieldValue[] _values = new ReferenceFieldValue[32];
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

    public ReadOnlySpan<ReferenceFieldValue> Values => _values.AsSpan(0, Count);

    public ReadOnlySpan<byte> Bytes(in ReferenceFieldValue value) => value.InLine ? Raw.Span.Slice(value.Offset, value.Length) : _scratch.AsSpan(value.Offset, value.Length);

    public ReadOnlySpan<byte> Timestamp => TimestampOffset < 0 ? default : _scratch.AsSpan(TimestampOffset, TimestampLength);

    public ScalarValue Scalar(in ReferenceFieldValue value) => value.Kind switch
    {
        ScalarKind.String => new ScalarValue(ScalarKind.String, Bytes(value)),
        ScalarKind.Integer => new ScalarValue(ScalarKind.Integer, integer: value.Integer),
        ScalarKind.Float => new ScalarValue(ScalarKind.Float, number: value.Number),
        ScalarKind.Boolean => new ScalarValue(ScalarKind.Boolean, integer: value.Integer),
        _ => new ScalarValue(value.Kind),
    };

    /// <summary>Reads one line; false with the reason when it is not a JSON object.</summary>
    public bool TryRead(ReadOnlyMemory<byte> line, long lineNumber, TelemetryMapping mapping, out string? error)
    {
        Count = 0;
        _scratchLength = 0;
        TimestampOffset = -1;
        _timestampRank = int.MaxValue;
        Line = lineNumber;
        Raw = line;
        error = null;
        // The scanner refuses invalid UTF-8 anywhere in the line; the JSON reader only notices it when a
        // string is decoded, so it would take such bytes as a value. The reference refuses them too.
        if (!System.Text.Unicode.Utf8.IsValid(line.Span))
        {
            error = "not valid JSON (the line is not valid UTF-8)";
            return false;
        }

        var reader = new Utf8JsonReader(line.Span, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "an event must be a JSON object";
                return false;
            }

            var depth = 0;
            _nodes[0] = mapping.Root;
            _arrayNodes[0] = null;
            FieldNode? pending = null;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pending = Child(_nodes[depth], ref reader);
                        break;
                    case JsonTokenType.StartObject:
                    {
                        var node = _arrayNodes[depth] is { } elements ? elements : pending;
                        if (_arrayNodes[depth] is not null)
                        {
                            _arrayElements[depth]++;
                        }

                        if (node is null || !node.HasChildren)
                        {
                            // Nothing mapped lies below (event.*, host.*, ...): skip the object unread.
                            reader.Skip();
                            break;
                        }

                        if (depth + 1 >= _nodes.Length)
                        {
                            error = "the event nests too deeply";
                            return false;
                        }

                        _nodes[++depth] = node;
                        _arrayNodes[depth] = null;
                        break;
                    }

                    case JsonTokenType.EndObject:
                        depth--;
                        break;
                    case JsonTokenType.StartArray:
                        if (pending is null || _arrayNodes[depth] is not null)
                        {
                            reader.Skip(); // unmapped, or a list of lists
                            break;
                        }

                        _arrayNodes[depth] = pending;
                        _arrayElements[depth] = 0;
                        break;
                    case JsonTokenType.EndArray:
                        _arrayNodes[depth] = null;
                        break;
                    default:
                        if (_arrayNodes[depth] is { } listNode)
                        {
                            Value(ref reader, listNode, _arrayElements[depth]++);
                        }
                        else if (pending is not null)
                        {
                            Value(ref reader, pending, 0);
                        }

                        break;
                }
            }

            return true;
        }
        catch (JsonException e)
        {
            error = $"not valid JSON (byte {e.BytePositionInLine + 1} of the line)";
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            error = "not valid JSON (" + e.Message + ")";
            return false;
        }
    }

    /// <summary>The node for the property name the reader is on, below <paramref name="parent"/> (a dotted name walked segment by segment).</summary>
    private FieldNode? Child(FieldNode? parent, ref Utf8JsonReader reader)
    {
        if (parent is null)
        {
            return null;
        }

        ReadOnlySpan<byte> name;
        if (reader.ValueIsEscaped)
        {
            var length = reader.ValueSpan.Length <= _name.Length ? reader.CopyString(_name) : 0;
            name = _name.AsSpan(0, length);
        }
        else
        {
            name = reader.ValueSpan;
        }

        var child = parent.Child(name);
        if (child is not null || name.IndexOf((byte)'.') < 0)
        {
            return child;
        }

        var node = parent;
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

    private void Value(ref Utf8JsonReader reader, FieldNode node, int element)
    {
        if (node.Field is { } field)
        {
            var value = new ReferenceFieldValue { Field = field, Element = element };
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    if (!reader.ValueIsEscaped && !reader.HasValueSequence)
                    {
                        // Unescaped: the value's bytes are the line's, between the quotes.
                        value.Offset = (int)reader.TokenStartIndex + 1;
                        value.Length = reader.ValueSpan.Length;
                        value.InLine = true;
                    }
                    else
                    {
                        (value.Offset, value.Length) = CopyString(ref reader);
                    }

                    value.Kind = ScalarKind.String;
                    break;
                case JsonTokenType.Number:
                    if (reader.TryGetInt64(out var integer))
                    {
                        value.Kind = ScalarKind.Integer;
                        value.Integer = integer;
                    }
                    else
                    {
                        value.Kind = ScalarKind.Float;
                        value.Number = reader.GetDouble();
                    }

                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    value.Kind = ScalarKind.Boolean;
                    value.Integer = reader.TokenType == JsonTokenType.True ? 1 : 0;
                    break;
                default:
                    return; // null: the field is absent
            }

            if (Count == _values.Length)
            {
                Array.Resize(ref _values, Count * 2);
            }

            _values[Count++] = value;
            return;
        }

        if (node.TimestampRank >= 0 && reader.TokenType == JsonTokenType.String && node.TimestampRank < _timestampRank)
        {
            _timestampRank = node.TimestampRank;
            (TimestampOffset, TimestampLength) = CopyString(ref reader);
        }
    }

    private (int Offset, int Length) CopyString(ref Utf8JsonReader reader)
    {
        var needed = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (_scratchLength + needed > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + needed));
        }

        var offset = _scratchLength;
        var length = reader.ValueIsEscaped
            ? reader.CopyString(_scratch.AsSpan(offset))
            : CopyRaw(reader.ValueSpan, offset);
        _scratchLength += length;
        return (offset, length);
    }

    private int CopyRaw(ReadOnlySpan<byte> raw, int offset)
    {
        raw.CopyTo(_scratch.AsSpan(offset));
        return raw.Length;
    }
}
