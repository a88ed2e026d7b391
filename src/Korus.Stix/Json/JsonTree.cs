using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;

namespace Korus.Stix.Json;

/// <summary>
/// One JSON value (a STIX object, as a rule) parsed into a flat table of nodes over its UTF-8 text:
/// what the validator reads instead of a <see cref="JsonDocument"/>. Each node records where its text
/// stands, its kind and where its subtree ends; each member name carries a key made from its decoded
/// bytes, so looking a member up compares numbers before it compares text. A tree is reused: parsing
/// again invalidates every <see cref="JsonItem"/> taken from it, like disposing a document.
/// </summary>
/// <remarks>
/// Parsing has two ways with one result. A fast scanner handles the JSON every producer writes; anything
/// it is not sure of (invalid JSON, nesting near the depth limit) goes to <see cref="Utf8JsonReader"/>
/// with the options <see cref="JsonDocument"/> would use, so invalid input gets exactly the exception,
/// message and position that <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
/// gives, and the fast scanner never accepts what the reader rejects.
/// </remarks>
internal sealed class JsonTree
{
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(MakeStringStops());

    [ThreadStatic]
    private static JsonTree? t_cached;

    private Node[] _nodes = new Node[256];
    private int _count;
    private int[] _open = new int[16];
    private int[] _members = new int[32];
    private ulong[] _memberKeys = new ulong[32];
    private int _memberCount;
    private bool _ascii;
    private int _firstLoneSurrogate;
    private byte[] _decoded = new byte[256];
    private int _decodedUsed;
    private byte[] _bytes = [];
    private int _offset;
    private int _length;

    /// <summary>The parsed value (the first node).</summary>
    public JsonItem Root => new(this, 0);

    /// <summary>How many members the root object has (duplicates counted); 0 when the root is not an object.</summary>
    public int RootMemberCount => _memberCount;

    /// <summary>The keys (see <see cref="Key"/>) of the root object's member names, in document order.</summary>
    public ReadOnlySpan<ulong> RootMemberKeys => _memberKeys.AsSpan(0, _memberCount);

    /// <summary>True when the whole text is ASCII, so every string and name is.</summary>
    public bool IsAscii => _ascii;

    /// <summary>The member of the root object at <paramref name="index"/>, in document order.</summary>
    public JsonMember RootMember(int index) => new(this, _members[index]);

    /// <summary>A tree for this thread: the cached one when free, otherwise a new one. Give it back with <see cref="Return"/>.</summary>
    public static JsonTree Rent()
    {
        var tree = t_cached;
        if (tree is null)
        {
            return new JsonTree();
        }

        t_cached = null;
        return tree;
    }

    /// <summary>Gives a tree back for reuse on this thread; its items must not be used afterwards.</summary>
    public static void Return(JsonTree tree)
    {
        tree._bytes = [];

        // A tree grown by one huge object (a million-item list) is let go rather than kept by the thread.
        if (tree._nodes.Length <= MaxCachedNodes && tree._decoded.Length <= MaxCachedDecodedBytes)
        {
            t_cached = tree;
        }
    }

    /// <summary>The largest node table a thread keeps between parses (2 MB): far more than any STIX object needs.</summary>
    private const int MaxCachedNodes = 1 << 16;

    private const int MaxCachedDecodedBytes = 1 << 20;

    /// <summary>Parses <paramref name="json"/> (one JSON value, UTF-8) into this tree.</summary>
    /// <exception cref="JsonException">The text is not valid JSON or nests deeper than <paramref name="maxDepth"/>, as <see cref="JsonDocument"/> reports it.</exception>
    /// <param name="json">The text.</param>
    /// <param name="maxDepth">The deepest nesting allowed, as <see cref="JsonDocumentOptions.MaxDepth"/> (0: 64).</param>
    /// <param name="knownAscii">True when the caller has already found the text to be plain ASCII (the stream reader checks every object's encoding).</param>
    public void Parse(ReadOnlyMemory<byte> json, int maxDepth, bool knownAscii = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDepth);
        if (MemoryMarshal.TryGetArray(json, out var segment))
        {
            _bytes = segment.Array!;
            _offset = segment.Offset;
        }
        else
        {
            _bytes = json.ToArray();
            _offset = 0;
        }

        _length = json.Length;
        var text = new ReadOnlySpan<byte>(_bytes, _offset, _length);
        if (!TryParseFast(maxDepth, knownAscii))
        {
            ParseWithReader(maxDepth);

            // JSON text must be UTF-8 (RFC 8259 §8.1). Utf8JsonReader leaves the bytes inside strings to
            // be checked when they are read (the fast scanner checks them as it goes); the tree checks
            // them all at once, so no value is ever read with a replacement character in it.
            if (!System.Text.Unicode.Utf8.IsValid(text))
            {
                var at = JsonText.FirstInvalidUtf8(text);
                throw StrictJson.At(text, at, StrictJson.InvalidUtf8Message(text, at, "object"));
            }
        }

        // A string must be Unicode text: JSON lets \ud800 stand alone, but half a surrogate pair is no
        // character. Escaped strings are decoded as they are parsed, which finds it; the tree refuses it,
        // so no string or name is ever read with a replacement character in it.
        if (_firstLoneSurrogate >= 0)
        {
            throw StrictJson.At(text, _firstLoneSurrogate, StrictJson.LoneSurrogateMessage(text, _firstLoneSurrogate, "object"));
        }
    }

    /// <summary>Parses the raw text of <paramref name="element"/> (a complete JSON value) into this tree.</summary>
    public void Parse(JsonElement element, int maxDepth = 256)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        Parse(raw.ToArray(), maxDepth);
    }

    internal ref readonly Node NodeAt(int index) => ref _nodes[index];

    internal ReadOnlySpan<byte> Text(int start, int length) => new(_bytes, start, length);

    /// <summary>The decoded UTF-8 of the string or name node at <paramref name="index"/>, without its quotes.</summary>
    internal ReadOnlySpan<byte> StringBytes(int index)
    {
        ref readonly var node = ref _nodes[index];
        return (node.Flags & NodeFlags.Escaped) != 0
            ? new ReadOnlySpan<byte>(_decoded, node.Decoded, node.DecodedLength)
            : new ReadOnlySpan<byte>(_bytes, node.Start + 1, node.Length - 2);
    }

    /// <summary>
    /// A name's key: its first four and last four bytes (overlapping when the name is shorter than eight)
    /// mixed with its length. Different names rarely share a key; a match is always confirmed by comparing
    /// the names.
    /// </summary>
    internal static ulong Key(ReadOnlySpan<byte> name)
    {
        ulong bytes;
        if (name.Length >= sizeof(uint))
        {
            bytes = BinaryPrimitives.ReadUInt32LittleEndian(name) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(name[^sizeof(uint)..]) << 32);
        }
        else
        {
            bytes = 0;
            for (var i = 0; i < name.Length; i++)
            {
                bytes |= (ulong)name[i] << (8 * i);
            }
        }

        return bytes ^ ((ulong)(uint)name.Length * 0x9E3779B97F4A7C15UL);
    }

    /// <summary>
    /// Whether two names with the same key (see <see cref="Key"/>) are the same: a key covers every byte
    /// of a name of up to eight bytes, so only the middle of a longer name is compared.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool SameName(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var length = a.Length;
        if (length != b.Length)
        {
            return false;
        }

        if (length <= 2 * sizeof(uint))
        {
            return true;
        }

        if (length <= 16)
        {
            // The middle is at most eight bytes: one eight-byte read that covers it (most STIX names are this long).
            var at = length < 12 ? length - sizeof(ulong) : sizeof(uint);
            return BinaryPrimitives.ReadUInt64LittleEndian(a[at..]) == BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);
        }

        return a[sizeof(uint)..^sizeof(uint)].SequenceEqual(b[sizeof(uint)..^sizeof(uint)]);
    }

    /// <summary>
    /// The member of the object at <paramref name="objectIndex"/> named <paramref name="name"/> (decoded
    /// UTF-8): the last of duplicates, as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
    /// finds it; -1 when there is none.
    /// </summary>
    internal int FindMember(int objectIndex, ReadOnlySpan<byte> name)
    {
        var key = Key(name);
        var found = -1;
        var end = _nodes[objectIndex].End;
        for (var i = objectIndex + 1; i < end; i = _nodes[i + 1].End)
        {
            if (_nodes[i].Key == key && SameName(StringBytes(i), name))
            {
                found = i;
            }
        }

        return found;
    }

    /// <summary>
    /// Steps <paramref name="current"/> (-1 before the first) to the next item of the array, or the next
    /// member's name of the object, at <paramref name="container"/>; false past the last.
    /// </summary>
    internal bool NextChild(int container, ref int current)
    {
        // A member is its name node followed by its value's subtree; an item is its own subtree.
        var next = current < 0 ? container + 1
            : (_nodes[current].Flags & NodeFlags.Name) != 0 ? _nodes[current + 1].End : _nodes[current].End;
        var end = _nodes[container].End;
        current = next < end ? next : end;
        return next < end;
    }

    private int Add(JsonValueKind kind, int start)
    {
        if (_count == _nodes.Length)
        {
            Array.Resize(ref _nodes, _nodes.Length * 2);
        }

        ref var node = ref _nodes[_count];
        node = default;
        node.Kind = kind;
        node.Start = start;
        node.End = _count + 1;
        return _count++;
    }

    private void Reset()
    {
        _count = 0;
        _memberCount = 0;
        _decodedUsed = 0;
        _ascii = false;
        _firstLoneSurrogate = -1;
    }

    private void Open(int depth, int node)
    {
        if (depth == _open.Length)
        {
            Array.Resize(ref _open, depth * 2);
        }

        _open[depth] = node;
    }

    private void Close(int node, int endExclusive)
    {
        ref var n = ref _nodes[node];
        n.End = _count;
        n.Length = endExclusive - n.Start;
    }

    private void AddRootMember(int nameNode, ulong key)
    {
        if (_memberCount == _members.Length)
        {
            Array.Resize(ref _members, _memberCount * 2);
            Array.Resize(ref _memberKeys, _memberCount * 2);
        }

        _members[_memberCount] = nameNode;
        _memberKeys[_memberCount++] = key;
    }

    /// <summary>
    /// Records that the string or name at <paramref name="node"/> has escapes: decodes it into the decoded
    /// buffer (each escaped string is read once, here) and notes the first escaped lone surrogate.
    /// </summary>
    private void SetEscaped(int node)
    {
        ref var n = ref _nodes[node];
        n.Flags |= NodeFlags.Escaped;
        var raw = new ReadOnlySpan<byte>(_bytes, n.Start + 1, n.Length - 2);
        if (_decoded.Length - _decodedUsed < raw.Length)
        {
            Array.Resize(ref _decoded, Math.Max(_decoded.Length * 2, _decodedUsed + raw.Length));
        }

        var written = JsonText.Unescape(raw, _decoded.AsSpan(_decodedUsed), out int lone);
        if (lone >= 0 && _firstLoneSurrogate < 0)
        {
            _firstLoneSurrogate = n.Start + 1 + lone - _offset;
        }

        n.Decoded = _decodedUsed;
        n.DecodedLength = written;
        _decodedUsed += written;
    }

    /// <summary>Records a name: decodes it when it has escapes, keys it, and lists it when it belongs to the root.</summary>
    private void SetName(int nameNode, bool escaped, int depth)
    {
        _nodes[nameNode].Flags |= NodeFlags.Name;
        if (escaped)
        {
            SetEscaped(nameNode);
        }

        var key = Key(StringBytes(nameNode));
        _nodes[nameNode].Key = key;
        if (depth == 1)
        {
            AddRootMember(nameNode, key);
        }
    }

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhiteSpace(ReadOnlySpan<byte> text, int i)
    {
        // Compact JSON has none: anything above a space ends it at once.
        if ((uint)i < (uint)text.Length && text[i] > (byte)' ')
        {
            return i;
        }

        while ((uint)i < (uint)text.Length && IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// The fast scanner: strict RFC 8259 JSON, UTF-8 checked once for the whole text. Returns false, with
    /// nothing reported, on anything it does not accept; the reader then decides.
    /// </summary>
    private bool TryParseFast(int maxDepth, bool knownAscii)
    {
        Reset();
        var text = new ReadOnlySpan<byte>(_bytes, _offset, _length);
        _ascii = knownAscii || Ascii.IsValid(text);
        if (!_ascii && !System.Text.Unicode.Utf8.IsValid(text))
        {
            return false;
        }

        var baseOffset = _offset;
        var depth = 0;
        var i = SkipWhiteSpace(text, 0);
        while (true)
        {
            // A value starts at i.
            if ((uint)i >= (uint)text.Length)
            {
                return false;
            }

            var c = text[i];
            if (c is (byte)'{' or (byte)'[')
            {
                // The reader refuses a container at depth maxDepth; stop one short and let it decide there.
                if (depth >= maxDepth - 1)
                {
                    return false;
                }

                var container = Add(c == (byte)'{' ? JsonValueKind.Object : JsonValueKind.Array, baseOffset + i);
                CountChild(depth);
                Open(depth, container);
                depth++;
                i = SkipWhiteSpace(text, i + 1);
                if ((uint)i >= (uint)text.Length)
                {
                    return false;
                }

                if (text[i] == (c == (byte)'{' ? (byte)'}' : (byte)']'))
                {
                    depth--;
                    Close(container, baseOffset + i + 1);
                    i++;
                    goto AfterValue;
                }

                if (c == (byte)'{')
                {
                    if (!ScanName(text, ref i, depth))
                    {
                        return false;
                    }
                }

                continue;
            }

            if (c == (byte)'"')
            {
                var start = i;
                if (!ScanString(text, ref i, out var escaped))
                {
                    return false;
                }

                var node = Add(JsonValueKind.String, baseOffset + start);
                _nodes[node].Length = i - start;
                if (escaped)
                {
                    SetEscaped(node);
                }

                CountChild(depth);
            }
            else if (c == (byte)'-' || (uint)(c - '0') <= 9)
            {
                var start = i;
                if (!ScanNumber(text, ref i))
                {
                    return false;
                }

                var node = Add(JsonValueKind.Number, baseOffset + start);
                _nodes[node].Length = i - start;
                CountChild(depth);
            }
            else
            {
                var kind = c == (byte)'t' && text[i..].StartsWith("true"u8) ? JsonValueKind.True
                    : c == (byte)'f' && text[i..].StartsWith("false"u8) ? JsonValueKind.False
                    : c == (byte)'n' && text[i..].StartsWith("null"u8) ? JsonValueKind.Null
                    : JsonValueKind.Undefined;
                if (kind == JsonValueKind.Undefined)
                {
                    return false;
                }

                var length = kind == JsonValueKind.False ? 5 : 4;
                var node = Add(kind, baseOffset + i);
                _nodes[node].Length = length;
                i += length;
                CountChild(depth);
            }

        AfterValue:
            while (true)
            {
                i = SkipWhiteSpace(text, i);
                if (depth == 0)
                {
                    return i == text.Length;
                }

                if ((uint)i >= (uint)text.Length)
                {
                    return false;
                }

                var container = _open[depth - 1];
                var isObject = _nodes[container].Kind == JsonValueKind.Object;
                var b = text[i];
                if (b == (byte)',')
                {
                    i = SkipWhiteSpace(text, i + 1);
                    if (isObject && !ScanName(text, ref i, depth))
                    {
                        return false;
                    }

                    break;
                }

                if (b != (isObject ? (byte)'}' : (byte)']'))
                {
                    return false;
                }

                depth--;
                Close(container, baseOffset + i + 1);
                i++;
            }
        }
    }

    private void CountChild(int depth)
    {
        if (depth > 0)
        {
            _nodes[_open[depth - 1]].Count++;
        }
    }

    /// <summary>Scans <c>"name" :</c> at <paramref name="i"/> and leaves <paramref name="i"/> at the value.</summary>
    private bool ScanName(ReadOnlySpan<byte> text, ref int i, int depth)
    {
        if ((uint)i >= (uint)text.Length || text[i] != (byte)'"')
        {
            return false;
        }

        var start = i;
        if (!ScanString(text, ref i, out var escaped))
        {
            return false;
        }

        var node = Add(JsonValueKind.String, _offset + start);
        _nodes[node].Length = i - start;
        SetName(node, escaped, depth);
        i = SkipWhiteSpace(text, i);
        if ((uint)i >= (uint)text.Length || text[i] != (byte)':')
        {
            return false;
        }

        i = SkipWhiteSpace(text, i + 1);
        return true;
    }

    /// <summary>Scans a string starting at its quote; leaves <paramref name="i"/> after the closing quote.</summary>
    private static bool ScanString(ReadOnlySpan<byte> text, ref int i, out bool escaped)
    {
        escaped = false;
        var at = i + 1;
        while (true)
        {
            at = IndexOfStringStop(text, at);
            if (at < 0)
            {
                return false;
            }

            var b = text[at];
            if (b == (byte)'"')
            {
                i = at + 1;
                return true;
            }

            if (b != (byte)'\\' || at + 1 >= text.Length)
            {
                return false;
            }

            escaped = true;
            var e = text[at + 1];
            if (e == (byte)'u')
            {
                if (at + 6 > text.Length || !JsonText.IsHex4(text.Slice(at + 2, 4)))
                {
                    return false;
                }

                at += 6;
            }
            else if (e is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                at += 2;
            }
            else
            {
                return false;
            }
        }
    }

    /// <summary>The first quote, backslash or control character at or after <paramref name="at"/>, 32 bytes at a time; -1 when there is none.</summary>
    private static int IndexOfStringStop(ReadOnlySpan<byte> text, int at)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(text);
            while (at + Vector256<byte>.Count <= text.Length)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)at);
                var stops = Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\\'))
                    | Vector256.LessThan(v, Vector256.Create((byte)' '));
                var bits = stops.ExtractMostSignificantBits();
                if (bits != 0)
                {
                    return at + BitOperations.TrailingZeroCount(bits);
                }

                at += Vector256<byte>.Count;
            }
        }

        var k = text[at..].IndexOfAny(StringStops);
        return k < 0 ? -1 : at + k;
    }

    /// <summary>RFC 8259 number: <c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>.</summary>
    private static bool ScanNumber(ReadOnlySpan<byte> text, ref int i)
    {
        var at = i;
        if (text[at] == (byte)'-')
        {
            at++;
        }

        if (at >= text.Length)
        {
            return false;
        }

        if (text[at] == (byte)'0')
        {
            at++;
        }
        else if ((uint)(text[at] - '1') <= 8)
        {
            at = Digits(text, at);
        }
        else
        {
            return false;
        }

        if (at < text.Length && text[at] == (byte)'.')
        {
            var next = Digits(text, at + 1);
            if (next == at + 1)
            {
                return false;
            }

            at = next;
        }

        if (at < text.Length && (text[at] | 0x20) == (byte)'e')
        {
            at++;
            if (at < text.Length && text[at] is (byte)'+' or (byte)'-')
            {
                at++;
            }

            var next = Digits(text, at);
            if (next == at)
            {
                return false;
            }

            at = next;
        }

        i = at;
        return true;
    }

    private static int Digits(ReadOnlySpan<byte> text, int at)
    {
        while (at < text.Length && (uint)(text[at] - '0') <= 9)
        {
            at++;
        }

        return at;
    }

    /// <summary>
    /// Builds the tree from <see cref="Utf8JsonReader"/>'s tokens, with <see cref="JsonDocument"/>'s
    /// reading rules: the authority on what is valid JSON and on how an error is worded.
    /// </summary>
    private void ParseWithReader(int maxDepth)
    {
        Reset();
        var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_bytes, _offset, _length), new JsonReaderOptions
        {
            MaxDepth = maxDepth,
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
        });
        var depth = 0;
        var baseOffset = _offset;
        _ascii = Ascii.IsValid(new ReadOnlySpan<byte>(_bytes, _offset, _length));
        while (reader.Read())
        {
            var start = baseOffset + (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var container = Add(reader.TokenType == JsonTokenType.StartObject ? JsonValueKind.Object : JsonValueKind.Array, start);
                    CountChild(depth);
                    Open(depth, container);
                    depth++;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    depth--;
                    Close(_open[depth], baseOffset + (int)reader.BytesConsumed);
                    break;
                case JsonTokenType.PropertyName:
                    var name = Add(JsonValueKind.String, start);
                    _nodes[name].Length = reader.ValueSpan.Length + 2;
                    SetName(name, reader.ValueIsEscaped, depth);
                    break;
                case JsonTokenType.String:
                    var text = Add(JsonValueKind.String, start);
                    _nodes[text].Length = reader.ValueSpan.Length + 2;
                    if (reader.ValueIsEscaped)
                    {
                        SetEscaped(text);
                    }

                    CountChild(depth);
                    break;
                default:
                    var kind = reader.TokenType switch
                    {
                        JsonTokenType.Number => JsonValueKind.Number,
                        JsonTokenType.True => JsonValueKind.True,
                        JsonTokenType.False => JsonValueKind.False,
                        _ => JsonValueKind.Null,
                    };
                    var scalar = Add(kind, start);
                    _nodes[scalar].Length = reader.ValueSpan.Length;
                    CountChild(depth);
                    break;
            }
        }
    }

    private static byte[] MakeStringStops()
    {
        var stops = new byte[34];
        for (var b = 0; b < 32; b++)
        {
            stops[b] = (byte)b;
        }

        stops[32] = (byte)'"';
        stops[33] = (byte)'\\';
        return stops;
    }

    /// <summary>One value or member name: where its text is, its kind, and where its subtree ends.</summary>
    internal struct Node
    {
        /// <summary>Offset of the text in the source array (a string's opening quote, a container's bracket).</summary>
        public int Start;

        /// <summary>Length of the text: quotes included for strings, brackets for containers.</summary>
        public int Length;

        /// <summary>The index of the first node after this one's subtree.</summary>
        public int End;

        /// <summary>Items of an array, members of an object.</summary>
        public int Count;

        /// <summary>A name's key (see <see cref="Key"/>).</summary>
        public ulong Key;

        /// <summary>Where an escaped string's or name's decoded bytes stand in the decoded buffer.</summary>
        public int Decoded;

        public int DecodedLength;

        public JsonValueKind Kind;

        public NodeFlags Flags;
    }

    [Flags]
    internal enum NodeFlags : byte
    {
        None = 0,

        /// <summary>A member name (the next node is its value).</summary>
        Name = 1,

        /// <summary>The string has JSON escapes (its decoded text is in the decoded buffer).</summary>
        Escaped = 2,
    }
}
