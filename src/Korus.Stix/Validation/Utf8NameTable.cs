using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Korus.Stix.Validation;

/// <summary>
/// A read-only table from property names to values, looked up by the names' raw UTF-8 bytes as they
/// stand in the JSON: no transcoding, no interface calls. It serves the validator's hottest lookup (every
/// property of every object); an open-addressed table with FNV-1a hashing, at most a quarter full.
/// </summary>
internal sealed class Utf8NameTable<T>
    where T : class
{
    private readonly byte[]?[] _keys;
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
        _names = new string[size];
        _values = new T[size];
        _mask = size - 1;
        foreach (var (name, value) in list)
        {
            var key = Encoding.UTF8.GetBytes(name);
            var slot = (int)Hash(key) & _mask;
            while (_keys[slot] is not null)
            {
                slot = (slot + 1) & _mask;
            }

            _keys[slot] = key;
            _names[slot] = name;
            _values[slot] = value;
        }
    }

    /// <summary>Finds a name given as unescaped UTF-8; <paramref name="name"/> is the table's own string for it.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> utf8Name, [NotNullWhen(true)] out string? name, [NotNullWhen(true)] out T? value)
    {
        var slot = (int)Hash(utf8Name) & _mask;
        while (_keys[slot] is { } key)
        {
            if (key.AsSpan().SequenceEqual(utf8Name))
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

    private static uint Hash(ReadOnlySpan<byte> bytes) => (uint)Json.Utf8Hash.Hash64(bytes);
}
