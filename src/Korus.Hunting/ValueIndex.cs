using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Korus.Patterning.Matching;

namespace Korus.Hunting;

/// <summary>
/// Equality index: (path id, canonical value key) to the brackets whose comparison it satisfies. Keys
/// are bytes (4-byte path id, a type tag, the value), looked up from spans without allocating.
/// </summary>
internal sealed class ValueIndex
{
    private readonly Dictionary<byte[], List<BracketRef>> _entries = new(KeyComparer.Instance);
    private readonly Dictionary<byte[], List<BracketRef>>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public ValueIndex() => _lookup = _entries.GetAlternateLookup<ReadOnlySpan<byte>>();

    public int Count => _entries.Count;

    public void Add(int pathId, in ScalarValue value, BracketRef bracket)
    {
        Span<byte> key = stackalloc byte[4096];
        var length = Key(pathId, value, key);
        if (length < 0)
        {
            throw new InvalidOperationException("value is not indexable");
        }

        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, key[..length].ToArray(), out _);
        list ??= new List<BracketRef>(1);
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
        var key = needed <= scratch.Length ? scratch : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(needed));
        try
        {
            var length = Key(pathId, value, key);
            return length >= 0 && _lookup.TryGetValue(key.AsSpan(0, length), out var list) ? list : null;
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Whether a value can be indexed (strings up to 4 KB, numbers, booleans).</summary>
    public static bool Indexable(in ScalarValue value) => value.Kind is ScalarKind.Integer or ScalarKind.Float or ScalarKind.Boolean
        || (value.Kind == ScalarKind.String && value.Utf8.Length < 4000);

    private static int Key(int pathId, in ScalarValue value, Span<byte> into)
    {
        BinaryPrimitives.WriteInt32LittleEndian(into, pathId);
        var n = TelemetryEvent.WriteKey(value, into[4..]);
        return n < 0 ? -1 : n + 4;
    }

    private sealed class KeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = default(HashCode);
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
