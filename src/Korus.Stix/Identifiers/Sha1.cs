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
        Span<uint> w = stackalloc uint[16];
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
        // The message schedule is kept as a rolling window of 16 words (w[i & 15]); the four 20-round
        // stages each have their own loop, so no round decides its function at run time.
        var s = w[..16];
        for (var i = 0; i < 16; i++)
        {
            s[i] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(i * 4, 4));
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        for (var i = 0; i < 20; i++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, ((b & c) | (~b & d)) + 0x5A827999u + Schedule(s, i));
        }

        for (var i = 20; i < 40; i++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, (b ^ c ^ d) + 0x6ED9EBA1u + Schedule(s, i));
        }

        for (var i = 40; i < 60; i++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, ((b & c) | (d & (b | c))) + 0x8F1BBCDCu + Schedule(s, i));
        }

        for (var i = 60; i < 80; i++)
        {
            Round(ref a, ref b, ref c, ref d, ref e, (b ^ c ^ d) + 0xCA62C1D6u + Schedule(s, i));
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }

    /// <summary>Word <paramref name="i"/> of the message schedule, computed in place from the window.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static uint Schedule(Span<uint> s, int i)
    {
        if (i < 16)
        {
            return s[i];
        }

        var word = BitOperations.RotateLeft(s[(i - 3) & 15] ^ s[(i - 8) & 15] ^ s[(i - 14) & 15] ^ s[i & 15], 1);
        s[i & 15] = word;
        return word;
    }

    /// <summary>One round: <paramref name="mixed"/> is the stage's function of b, c, d plus its constant and the schedule word.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Round(ref uint a, ref uint b, ref uint c, ref uint d, ref uint e, uint mixed)
    {
        var t = BitOperations.RotateLeft(a, 5) + mixed + e;
        e = d;
        d = c;
        c = BitOperations.RotateLeft(b, 30);
        b = a;
        a = t;
    }
}
