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
    private readonly Entry[] _entries;
    private readonly int _mask;

    public Utf8NameTable(IEnumerable<KeyValuePair<string, T>> items)
    {
        var list = items.ToList();
        var size = 16;
        while (size < list.Count * 4)
        {
            size *= 2;
        }

        _entries = new Entry[size];
        _mask = size - 1;
        foreach (var (name, value) in list)
        {
            var utf8 = Encoding.UTF8.GetBytes(name);
            var key = Json.JsonTree.Key(utf8);
            var slot = Slot(key);
            while (_entries[slot].Utf8 is not null)
            {
                slot = (slot + 1) & _mask;
            }

            _entries[slot] = new Entry(key, utf8, name, value);
        }
    }

    /// <summary>Finds a name given as unescaped UTF-8; <paramref name="name"/> is the table's own string for it.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> utf8Name, [NotNullWhen(true)] out string? name, [NotNullWhen(true)] out T? value) =>
        TryGetValue(Json.JsonTree.Key(utf8Name), utf8Name, out name, out value);

    /// <summary>Finds a name whose key (<see cref="Json.JsonTree.Key"/>) is already known.</summary>
    public bool TryGetValue(ulong nameKey, ReadOnlySpan<byte> utf8Name, [NotNullWhen(true)] out string? name, [NotNullWhen(true)] out T? value)
    {
        var entries = _entries;
        var slot = Slot(nameKey);
        while (entries[slot].Utf8 is { } utf8)
        {
            if (entries[slot].Key == nameKey && Json.JsonTree.SameName(utf8, utf8Name))
            {
                name = entries[slot].Name;
                value = entries[slot].Value;
                return true;
            }

            slot = (slot + 1) & _mask;
        }

        name = null;
        value = null;
        return false;
    }

    private int Slot(ulong nameKey) => (int)((nameKey * 0x9E3779B97F4A7C15UL) >> 40) & _mask;

    /// <summary>One slot: together, so a lookup reads one place.</summary>
    private readonly record struct Entry(ulong Key, byte[]? Utf8, string Name, T Value);
}
