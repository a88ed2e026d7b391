using System.Buffers.Text;
using System.Globalization;
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
    private readonly List<ulong> _keyHashes = [];
    private readonly List<List<BracketRef>> _brackets = [];
    private ulong[] _hashes = new ulong[1024];
    private int[] _slots = new int[1024];

    // A bit per 64-bit hash's top bits, 16 bits per key: most lookups miss, and this answers them from a
    // table small enough to stay in cache.
    private ulong[] _filter = new ulong[256];

    public int Count => _keys.Count;

    public void Add(int pathId, in ScalarValue value, BracketRef bracket)
    {
        var scratch = new byte[64];
        var length = KeyOf(value, ref scratch, out var tag, out var keyHash);
        if (length < 0)
        {
            throw new InvalidOperationException("value is not indexable");
        }

        var payload = Payload(value, scratch, length);
        var hash = Combine(keyHash, pathId);
        var list = FindKey(pathId, tag, payload, hash);
        if (list is null)
        {
            if ((_keys.Count + 1) * 2 > _hashes.Length)
            {
                Grow();
            }

            list = new List<BracketRef>(1);
            Insert(hash, _keys.Count);
            Mark(hash);
            _keys.Add([tag, .. payload]);
            _keyHashes.Add(keyHash);
            _pathIds.Add(pathId);
            _brackets.Add(list);
        }

        if (!list.Contains(bracket))
        {
            list.Add(bracket);
        }
    }

    /// <summary>
    /// A value's key, hashed once for all the paths it is looked up under: a type tag (s string, n a number
    /// with an integral value, f any other number, b boolean) and the payload — a string's bytes where
    /// they lie, or the canonical text of a number or boolean written into <paramref name="scratch"/>.
    /// Returns the payload length, or -1 when the value cannot be indexed.
    /// </summary>
    public static int KeyOf(in ScalarValue value, ref byte[] scratch, out byte tag, out ulong hash)
    {
        tag = 0;
        hash = 0;
        int length;
        switch (value.Kind)
        {
            case ScalarKind.String when value.Utf8.Length < 4000:
                tag = (byte)'s';
                hash = Hash(value.Utf8) ^ tag;
                return value.Utf8.Length;
            case ScalarKind.Integer:
                tag = (byte)'n';
                Utf8Formatter.TryFormat(value.Integer, scratch, out length);
                break;
            case ScalarKind.Float when double.IsFinite(value.Number) && Math.Floor(value.Number) == value.Number && Math.Abs(value.Number) < 9e18:
                tag = (byte)'n'; // 443.0 is the key of 443
                Utf8Formatter.TryFormat((long)value.Number, scratch, out length);
                break;
            case ScalarKind.Float:
                tag = (byte)'f';
                value.Number.TryFormat(scratch, out length, "R", CultureInfo.InvariantCulture);
                break;
            case ScalarKind.Boolean:
                tag = (byte)'b';
                scratch[0] = value.Integer == 1 ? (byte)'1' : (byte)'0';
                length = 1;
                break;
            default:
                return -1;
        }

        hash = Hash(scratch.AsSpan(0, length)) ^ tag;
        return length;
    }

    /// <summary>The payload <see cref="KeyOf"/> hashed: the string itself, or the text in the scratch buffer.</summary>
    public static ReadOnlySpan<byte> Payload(in ScalarValue value, byte[] scratch, int length) =>
        value.Kind == ScalarKind.String ? value.Utf8 : scratch.AsSpan(0, length);

    /// <summary>The brackets indexed under (path, tag and payload), or null.</summary>
    public List<BracketRef>? Find(int pathId, byte tag, ReadOnlySpan<byte> payload, ulong keyHash)
    {
        var hash = Combine(keyHash, pathId);
        var bit = hash >> 40;
        var filter = _filter;
        if ((filter[(int)(bit >> 6) & (filter.Length - 1)] & (1UL << (int)(bit & 63))) == 0)
        {
            return null;
        }

        return FindKey(pathId, tag, payload, hash);
    }

    private List<BracketRef>? FindKey(int pathId, byte tag, ReadOnlySpan<byte> payload, ulong hash)
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

            var key = _keys[_slots[i]];
            if (h == hash && _pathIds[_slots[i]] == pathId && key[0] == tag && key.AsSpan(1).SequenceEqual(payload))
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
            var hash = Combine(_keyHashes[k], _pathIds[k]);
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
