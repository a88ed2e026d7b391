using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
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
    private readonly List<List<BracketRef>> _brackets = [];
    private ulong[] _hashes = new ulong[1024];
    private int[] _slots = new int[1024];

    // A bit per 64-bit hash's top bits, 16 bits per key: most lookups miss, and this answers them from a
    // table small enough to stay in cache.
    private ulong[] _filter = new ulong[256];

    public int Count => _keys.Count;

    public void Add(int pathId, in ScalarValue value, BracketRef bracket)
    {
        Span<byte> key = stackalloc byte[4096];
        var length = Key(pathId, value, key);
        if (length < 0)
        {
            throw new InvalidOperationException("value is not indexable");
        }

        var list = FindKey(key[..length], Hash(key[..length]));
        if (list is null)
        {
            if ((_keys.Count + 1) * 2 > _hashes.Length)
            {
                Grow();
            }

            list = new List<BracketRef>(1);
            Insert(Hash(key[..length]), _keys.Count);
            Mark(Hash(key[..length]));
            _keys.Add(key[..length].ToArray());
            _brackets.Add(list);
        }

        if (!list.Contains(bracket))
        {
            list.Add(bracket);
        }
    }

    /// <summary>The brackets indexed under (path, value), or null; <paramref name="scratch"/> holds the key when it fits.</summary>
    public List<BracketRef>? Find(int pathId, in ScalarValue value, byte[] scratch)
    {
        if (!Indexable(value))
        {
            return null; // no indexed constant is that long (longer constants are scanned)
        }

        byte[]? rented = null;
        var needed = value.Utf8.Length + 40;
        var key = needed <= scratch.Length ? scratch : (rented = ArrayPool<byte>.Shared.Rent(needed));
        try
        {
            var length = Key(pathId, value, key);
            if (length < 0)
            {
                return null;
            }

            var hash = Hash(key.AsSpan(0, length));
            var bit = hash >> 40;
            var filter = _filter;
            if ((filter[(int)(bit >> 6) & (filter.Length - 1)] & (1UL << (int)(bit & 63))) == 0)
            {
                return null;
            }

            return FindKey(key.AsSpan(0, length), hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Whether a value can be indexed (strings up to 4 KB, numbers, booleans).</summary>
    public static bool Indexable(in ScalarValue value) => value.Kind is ScalarKind.Integer or ScalarKind.Float or ScalarKind.Boolean
        || (value.Kind == ScalarKind.String && value.Utf8.Length < 4000);

    private List<BracketRef>? FindKey(ReadOnlySpan<byte> key, ulong hash)
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

            if (h == hash && _keys[_slots[i]].AsSpan().SequenceEqual(key))
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
            var hash = Hash(_keys[k]);
            Insert(hash, k);
            Mark(hash);
        }
    }

    private void Mark(ulong hash)
    {
        var bit = hash >> 40;
        _filter[(int)(bit >> 6) & (_filter.Length - 1)] |= 1UL << (int)(bit & 63);
    }

    private static int Key(int pathId, in ScalarValue value, Span<byte> into)
    {
        BinaryPrimitives.WriteInt32LittleEndian(into, pathId);
        var n = TelemetryEvent.WriteKey(value, into[4..]);
        return n < 0 ? -1 : n + 4;
    }

    /// <summary>A 64-bit hash, never 0 (0 marks an empty slot): 8 bytes per step, then a final mix.</summary>
    private static ulong Hash(ReadOnlySpan<byte> bytes)
    {
        var h = 0x9E3779B97F4A7C15UL ^ (ulong)bytes.Length;
        while (bytes.Length >= 8)
        {
            h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) * 0xBF58476D1CE4E5B9UL, 27);
            bytes = bytes[8..];
        }

        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            tail |= (ulong)bytes[i] << (8 * i);
        }

        h = (h ^ tail) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 29;
        return h == 0 ? 1 : h;
    }
}
