using System.Buffers.Binary;
using System.Numerics;

namespace Korus.Stix.Identifiers;

/// <summary>
/// SHA-1 (FIPS 180-4) for short inputs, in managed code. UUIDv5 names are a few hundred bytes at
/// most; for those the platform's one-shot <c>SHA1.HashData</c> spends most of its time crossing into
/// the native library, which made id checks the largest cost of validating SCOs. Used only for naming
/// (RFC 4122 version-5 UUIDs), never for security.
/// </summary>
internal static class Sha1
{
    /// <summary>Writes the 20-byte digest of <paramref name="data"/> to <paramref name="digest"/>.</summary>
    public static void HashData(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        Span<uint> state = [0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u];
        Span<uint> w = stackalloc uint[80];
        var full = data.Length & ~63;
        for (var offset = 0; offset < full; offset += 64)
        {
            Block(state, data.Slice(offset, 64), w);
        }

        // Padding: 0x80, zeros, then the message length in bits (big-endian) in the last 8 bytes.
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        var rest = data[full..];
        rest.CopyTo(tail);
        tail[rest.Length] = 0x80;
        var tailLength = rest.Length + 9 <= 64 ? 64 : 128;
        BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(tailLength - 8), (ulong)data.Length * 8);
        Block(state, tail[..64], w);
        if (tailLength == 128)
        {
            Block(state, tail.Slice(64, 64), w);
        }

        for (var i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest.Slice(i * 4), state[i]);
        }
    }

    private static void Block(Span<uint> state, ReadOnlySpan<byte> block, Span<uint> w)
    {
        for (var i = 0; i < 16; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(i * 4));
        }

        for (var i = 16; i < 80; i++)
        {
            w[i] = BitOperations.RotateLeft(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        for (var i = 0; i < 80; i++)
        {
            // The four 20-round stages differ only in their function and constant.
            var (f, k) = (i / 20) switch
            {
                0 => ((b & c) | (~b & d), 0x5A827999u),
                1 => (b ^ c ^ d, 0x6ED9EBA1u),
                2 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDCu),
                _ => (b ^ c ^ d, 0xCA62C1D6u),
            };
            var t = BitOperations.RotateLeft(a, 5) + f + e + k + w[i];
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = t;
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }
}
