using System.Buffers;
using System.Buffers.Binary;
using Korus.Patterning.Matching;

namespace Korus.Hunting;

/// <summary>
/// Equality index: (path id, canonical value key) to the brackets whose comparison it satisfies. Keys
/// are bytes (4-byte path id, a type tag, the value). The table is open addressing over 64-bit hashes
/// kept in one flat array, so a lookup that misses — nearly every lookup — touches one cache line, and
/// the key bytes are compared only when the whole hash agrees.
/// </summary>
internal sealed class ValueIndex
{
    private readonly List<byte[]> _keys = [];
    private readonly List<int> _pathIds = [];
    private readonly List<List<BracketRef>> _brackets = [];
    private ulong[] _hashes = new ulong[1024];
    private int[] _slots = new int[1024];

    // A bit per 64-bit hash's top bits, 16 bits per key: most lookups miss, and this answers them from a
    // table small enough to stay in cache.
    private ulong[] _filter = new ulong[256];

    public int Count => _keys.Count;

    public void Add(int pathId, in ScalarValue value, BracketRef bracket)
    {
        Span<byte> buffer = stackalloc byte[4096];
        var length = TelemetryEvent.WriteKey(value, buffer);
        if (length < 0)
        {
            throw new InvalidOperationException("value is not indexable");
        }

        var key = buffer[..length];
        var hash = Combine(Hash(key), pathId);
        var list = FindKey(pathId, key, hash);
        if (list is null)
        {
            if ((_keys.Count + 1) * 2 > _hashes.Length)
            {
                Grow();
            }

            list = new List<BracketRef>(1);
            Insert(hash, _keys.Count);
            Mark(hash);
            _keys.Add(key.ToArray());
            _pathIds.Add(pathId);
            _brackets.Add(list);
        }

        if (!list.Contains(bracket))
        {
            list.Add(bracket);
        }
    }

    /// <summary>
    /// Writes a value's key (type tag and bytes) into <paramref name="scratch"/> (or a rented array when it
    /// does not fit) and hashes it, once for all the paths the value is looked up under; -1 when the value
    /// cannot be indexed.
    /// </summary>
    public static int KeyOf(in ScalarValue value, ref byte[] scratch, out ulong hash)
    {
        hash = 0;
        if (!Indexable(value))
        {
            return -1;
        }

        var needed = value.Utf8.Length + 32;
        if (needed > scratch.Length)
        {
            scratch = new byte[Math.Max(needed, scratch.Length * 2)];
        }

        var length = TelemetryEvent.WriteKey(value, scratch);
        if (length >= 0)
        {
            hash = Hash(scratch.AsSpan(0, length));
        }

        return length;
    }

    /// <summary>The brackets indexed under (path, key), or null.</summary>
    public List<BracketRef>? Find(int pathId, ReadOnlySpan<byte> key, ulong keyHash)
    {
        var hash = Combine(keyHash, pathId);
        var bit = hash >> 40;
        var filter = _filter;
        if ((filter[(int)(bit >> 6) & (filter.Length - 1)] & (1UL << (int)(bit & 63))) == 0)
        {
            return null;
        }

        return FindKey(pathId, key, hash);
    }

    /// <summary>Whether a value can be indexed (strings up to 4 KB, numbers, booleans).</summary>
    public static bool Indexable(in ScalarValue value) => value.Kind is ScalarKind.Integer or ScalarKind.Float or ScalarKind.Boolean
        || (value.Kind == ScalarKind.String && value.Utf8.Length < 4000);

    private List<BracketRef>? FindKey(int pathId, ReadOnlySpan<byte> key, ulong hash)
    {
        var mask = _hashes.Length - 1;
        var i = (int)hash & mask;
        while (true)
        {
            var h = _hashes[i];
            if (h == 0)
            {
                return null;
            }

            if (h == hash && _pathIds[_slots[i]] == pathId && _keys[_slots[i]].AsSpan().SequenceEqual(key))
            {
                return _brackets[_slots[i]];
            }

            i = (i + 1) & mask;
        }
    }

    private void Insert(ulong hash, int slot)
    {
        var mask = _hashes.Length - 1;
        var i = (int)hash & mask;
        while (_hashes[i] != 0)
        {
            i = (i + 1) & mask;
        }

        _hashes[i] = hash;
        _slots[i] = slot;
    }

    private void Grow()
    {
        _hashes = new ulong[_hashes.Length * 2];
        _slots = new int[_hashes.Length];
        _filter = new ulong[_hashes.Length / 8];
        for (var k = 0; k < _keys.Count; k++)
        {
            var hash = Combine(Hash(_keys[k]), _pathIds[k]);
            Insert(hash, k);
            Mark(hash);
        }
    }

    private void Mark(ulong hash)
    {
        var bit = hash >> 40;
        _filter[(int)(bit >> 6) & (_filter.Length - 1)] |= 1UL << (int)(bit & 63);
    }

    /// <summary>The hash of (path, key) from the key's hash: one more mixing round, never 0.</summary>
    private static ulong Combine(ulong keyHash, int pathId)
    {
        var h = (keyHash ^ ((ulong)(uint)pathId * 0x9E3779B97F4A7C15UL)) * 0xBF58476D1CE4E5B9UL;
        h ^= h >> 31;
        return h == 0 ? 1 : h;
    }

    /// <summary>The hash of a key.</summary>
    internal static ulong Hash(ReadOnlySpan<byte> bytes) => Stix.Json.Utf8Hash.Hash64(bytes);
}
