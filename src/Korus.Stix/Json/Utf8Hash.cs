using System.Buffers.Binary;
using System.Numerics;

namespace Korus.Stix.Json;

/// <summary>
/// A fast 64-bit hash of short byte strings (names, keys, values) for in-process tables: eight bytes
/// per step, then a final mix. Not for anything persisted or adversarial beyond table balance.
/// </summary>
internal static class Utf8Hash
{
    public static ulong Hash64(ReadOnlySpan<byte> bytes)
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
        return h;
    }
}
