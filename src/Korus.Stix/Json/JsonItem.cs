using System.Collections;
using System.Text;
using System.Text.Json;

namespace Korus.Stix.Json;

/// <summary>
/// A value in a <see cref="JsonTree"/>: the validator's counterpart of <see cref="JsonElement"/>, with
/// the same names and the same answers (kinds, decoded strings, the last of duplicate members) and no
/// document lookups behind each call. Valid until its tree parses again.
/// </summary>
internal readonly struct JsonItem : IJsonChild<JsonItem>
{
    private readonly JsonTree _tree;
    private readonly int _index;

    internal JsonItem(JsonTree tree, int index)
    {
        _tree = tree;
        _index = index;
    }

    static JsonItem IJsonChild<JsonItem>.At(JsonTree tree, int index) => new(tree, index);

    /// <summary>The item's node in its tree (which identifies it while the tree holds this parse).</summary>
    internal int Index => _index;

    /// <summary>The kind of value; <see cref="JsonValueKind.Undefined"/> for a default item.</summary>
    public JsonValueKind ValueKind => _tree is null ? JsonValueKind.Undefined : _tree.NodeAt(_index).Kind;

    /// <summary>The value's text as it stands in the input: a string with its quotes and escapes, a container with its brackets.</summary>
    public ReadOnlySpan<byte> RawUtf8
    {
        get
        {
            ref readonly var node = ref _tree.NodeAt(_index);
            return _tree.Text(node.Start, node.Length);
        }
    }

    /// <summary>True when the string is written with JSON escapes.</summary>
    public bool IsEscaped => (_tree.NodeAt(_index).Flags & JsonTree.NodeFlags.Escaped) != 0;

    /// <summary>A string's decoded text as UTF-8, without its quotes (its raw text when it has no escapes).</summary>
    /// <exception cref="InvalidOperationException">The value is not a string.</exception>
    public ReadOnlySpan<byte> Utf8Text
    {
        get
        {
            Expect(JsonValueKind.String);
            return _tree.StringBytes(_index);
        }
    }

    /// <summary>The decoded text of a string, or null for JSON null.</summary>
    /// <exception cref="InvalidOperationException">The value is not a string.</exception>
    public string? GetString() => ValueKind == JsonValueKind.Null ? null : Encoding.UTF8.GetString(Utf8Text);

    /// <summary>The whole value's text.</summary>
    public string GetRawText() => Encoding.UTF8.GetString(RawUtf8);

    /// <summary>True when this string's decoded text is <paramref name="utf8"/>.</summary>
    /// <exception cref="InvalidOperationException">The value is not a string.</exception>
    public bool ValueEquals(ReadOnlySpan<byte> utf8)
    {
        if (ValueKind == JsonValueKind.Null)
        {
            // As JsonElement answers: null equals only a null (default) span, not even an empty one.
            return System.Runtime.CompilerServices.Unsafe.IsNullRef(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(utf8));
        }

        return Utf8Text.SequenceEqual(utf8);
    }

    /// <summary>True when this string's decoded text is <paramref name="text"/>.</summary>
    public bool ValueEquals(string? text) => text is null ? ValueKind == JsonValueKind.Null || ValueEquals(default(ReadOnlySpan<byte>))
        : ValueKind != JsonValueKind.Null && ValueEquals(JsonText.Utf8(text, stackalloc byte[256]));

    /// <summary>The member of this object named <paramref name="utf8Name"/>: the last one when the name repeats.</summary>
    /// <exception cref="InvalidOperationException">The value is not an object.</exception>
    public bool TryGetProperty(ReadOnlySpan<byte> utf8Name, out JsonItem value)
    {
        Expect(JsonValueKind.Object);
        var at = _tree.FindMember(_index, utf8Name);
        value = at < 0 ? default : new JsonItem(_tree, at + 1);
        return at >= 0;
    }

    /// <summary>The member of this object named <paramref name="name"/>: the last one when the name repeats.</summary>
    public bool TryGetProperty(string name, out JsonItem value) => TryGetProperty(JsonText.Utf8(name, stackalloc byte[256]), out value);

    /// <summary>How many items this array has.</summary>
    public int GetArrayLength()
    {
        Expect(JsonValueKind.Array);
        return _tree.NodeAt(_index).Count;
    }

    /// <summary>The array's item at <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The array has no such item.</exception>
    public JsonItem this[int index]
    {
        get
        {
            var at = 0;
            foreach (var item in EnumerateArray())
            {
                if (at++ == index)
                {
                    return item;
                }
            }

            throw new ArgumentOutOfRangeException(nameof(index), index, "The array has no such item.");
        }
    }

    /// <summary>This array's items in order.</summary>
    public JsonChildren<JsonItem> EnumerateArray()
    {
        Expect(JsonValueKind.Array);
        return new JsonChildren<JsonItem>(_tree, _index);
    }

    /// <summary>This object's members in document order (duplicates included).</summary>
    public JsonChildren<JsonMember> EnumerateObject()
    {
        Expect(JsonValueKind.Object);
        return new JsonChildren<JsonMember>(_tree, _index);
    }

    /// <summary>The number as a 64-bit integer when it is one exactly, as <see cref="JsonElement.TryGetInt64(out long)"/> reads it.</summary>
    public bool TryGetInt64(out long value)
    {
        // JsonElement's rule: the whole number text reads as an integer (no fraction, no exponent).
        Expect(JsonValueKind.Number);
        var raw = RawUtf8;
        if (System.Buffers.Text.Utf8Parser.TryParse(raw, out long number, out var consumed) && consumed == raw.Length)
        {
            value = number;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>The number as a double when it is finite, as <see cref="JsonElement.TryGetDouble(out double)"/> reads it.</summary>
    public bool TryGetDouble(out double value)
    {
        Expect(JsonValueKind.Number);
        var reader = new Utf8JsonReader(RawUtf8);
        reader.Read();
        return reader.TryGetDouble(out value);
    }

    /// <summary>The number as a double.</summary>
    /// <exception cref="FormatException">The number does not fit a double.</exception>
    public double GetDouble() => TryGetDouble(out var value) ? value : throw new FormatException("The JSON number does not fit a double.");

    private void Expect(JsonValueKind kind)
    {
        if (ValueKind != kind)
        {
            throw new InvalidOperationException($"The operation needs a JSON value of kind {kind}, but this one is {ValueKind}.");
        }
    }
}

/// <summary>What a <see cref="JsonChildren{T}"/> walk yields: an array's items or an object's members.</summary>
internal interface IJsonChild<T>
    where T : struct, IJsonChild<T>
{
    /// <summary>The child whose (first) node is at <paramref name="index"/>.</summary>
    static abstract T At(JsonTree tree, int index);
}

/// <summary>Walks a container's children in document order: an array's items or an object's members.</summary>
internal struct JsonChildren<T> : IEnumerable<T>, IEnumerator<T>
    where T : struct, IJsonChild<T>
{
    private readonly JsonTree _tree;
    private readonly int _container;
    private int _current;

    internal JsonChildren(JsonTree tree, int container)
    {
        _tree = tree;
        _container = container;
        _current = -1;
    }

    public readonly T Current => T.At(_tree, _current);

    readonly object IEnumerator.Current => Current;

    public readonly JsonChildren<T> GetEnumerator() => new(_tree, _container);

    readonly IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    readonly IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool MoveNext() => _tree.NextChild(_container, ref _current);

    public void Reset() => _current = -1;

    public readonly void Dispose()
    {
    }
}

/// <summary>A member of an object in a <see cref="JsonTree"/>: its name and its value.</summary>
internal readonly struct JsonMember : IJsonChild<JsonMember>
{
    private readonly JsonTree _tree;
    private readonly int _name;

    internal JsonMember(JsonTree tree, int nameNode)
    {
        _tree = tree;
        _name = nameNode;
    }

    static JsonMember IJsonChild<JsonMember>.At(JsonTree tree, int index) => new(tree, index);

    /// <summary>The decoded name.</summary>
    public string Name => Encoding.UTF8.GetString(Utf8Name);

    /// <summary>The decoded name as UTF-8.</summary>
    public ReadOnlySpan<byte> Utf8Name => _tree.StringBytes(_name);

    /// <summary>The name as written, without its quotes (escapes kept).</summary>
    public ReadOnlySpan<byte> RawName
    {
        get
        {
            ref readonly var node = ref _tree.NodeAt(_name);
            return _tree.Text(node.Start + 1, node.Length - 2);
        }
    }

    /// <summary>True when the name is written with JSON escapes.</summary>
    public bool IsEscaped => (_tree.NodeAt(_name).Flags & JsonTree.NodeFlags.Escaped) != 0;

    /// <summary>The name's key (see <see cref="JsonTree.Key"/>).</summary>
    internal ulong Key => _tree.NodeAt(_name).Key;

    /// <summary>The member's value.</summary>
    public JsonItem Value => new(_tree, _name + 1);

    /// <summary>True when the decoded name is <paramref name="utf8"/>.</summary>
    public bool NameEquals(ReadOnlySpan<byte> utf8) => Utf8Name.SequenceEqual(utf8);

    /// <summary>True when the decoded name is <paramref name="name"/>.</summary>
    public bool NameEquals(string name) => NameEquals(JsonText.Utf8(name, stackalloc byte[256]));
}
