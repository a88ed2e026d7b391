using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Korus.Stix.Validation;

/// <summary>
/// A read-only table from property names to values, looked up by the names' decoded UTF-8 bytes: no
/// transcoding, no interface calls. It serves the validator's hottest lookup (every property of every
/// object); an open-addressed table, at most a quarter full, hashed by the name key the JSON tree has
/// already worked out for each member (<see cref="Json.JsonTree.Key"/>), so a lookup compares one number
/// before it compares text.
/// </summary>
internal sealed class Utf8NameTable<T>
    where T : class
{
    private readonly byte[]?[] _keys;
    private readonly ulong[] _nameKeys;
    private readonly string[] _names;
    private readonly T[] _values;
    private readonly int _mask;

    public Utf8NameTable(IEnumerable<KeyValuePair<string, T>> items)
    {
        var list = items.ToList();
        var size = 16;
        while (size < list.Count * 4)
        {
            size *= 2;
        }

        _keys = new byte[size][];
        _nameKeys = new ulong[size];
        _names = new string[size];
        _values = new T[size];
        _mask = size - 1;
        foreach (var (name, value) in list)
        {
            var key = Encoding.UTF8.GetBytes(name);
            var nameKey = Json.JsonTree.Key(key);
            var slot = Slot(nameKey);
            while (_keys[slot] is not null)
            {
                slot = (slot + 1) & _mask;
            }

            _keys[slot] = key;
            _nameKeys[slot] = nameKey;
            _names[slot] = name;
            _values[slot] = value;
        }
    }

    /// <summary>Finds a name given as unescaped UTF-8; <paramref name="name"/> is the table's own string for it.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> utf8Name, [NotNullWhen(true)] out string? name, [NotNullWhen(true)] out T? value) =>
        TryGetValue(Json.JsonTree.Key(utf8Name), utf8Name, out name, out value);

    /// <summary>Finds a name whose key (<see cref="Json.JsonTree.Key"/>) is already known.</summary>
    public bool TryGetValue(ulong nameKey, ReadOnlySpan<byte> utf8Name, [NotNullWhen(true)] out string? name, [NotNullWhen(true)] out T? value)
    {
        var slot = Slot(nameKey);
        while (_keys[slot] is { } key)
        {
            if (_nameKeys[slot] == nameKey && key.AsSpan().SequenceEqual(utf8Name))
            {
                name = _names[slot];
                value = _values[slot];
                return true;
            }

            slot = (slot + 1) & _mask;
        }

        name = null;
        value = null;
        return false;
    }

    private int Slot(ulong nameKey) => (int)((nameKey * 0x9E3779B97F4A7C15UL) >> 40) & _mask;
}
