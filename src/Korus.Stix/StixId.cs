using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Korus.Stix;

/// <summary>Checks and takes apart STIX identifiers (<c>type--uuid</c>).</summary>
public static class StixId
{
    /// <summary>True when <paramref name="id"/> is <c>&lt;type&gt;--&lt;RFC 4122 UUID&gt;</c> with a valid type name.</summary>
    public static bool IsValid(string id, string? expectedType = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        var sep = id.IndexOf("--", StringComparison.Ordinal);
        if (sep <= 0 || !IsUuid(id.AsSpan(sep + 2), out _) || !IsTypeName(id.AsSpan(0, sep)))
        {
            return false;
        }

        return expectedType is null || id.AsSpan(0, sep).SequenceEqual(expectedType);
    }

    /// <summary>The type prefix of an id, or null when it has none.</summary>
    public static string? TypeOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var sep = id.IndexOf("--", StringComparison.Ordinal);
        return sep > 0 ? id[..sep] : null;
    }

    /// <summary>
    /// Splits an id into its type and UUID parts; false unless the type is a valid type name and the UUID
    /// matches the STIX identifier pattern (RFC 4122 version 1–5, variant bits 10).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> id, out ReadOnlySpan<char> type, out int uuidVersion)
    {
        type = default;
        uuidVersion = 0;
        var sep = id.IndexOf("--");
        if (sep <= 0 || !IsTypeName(id[..sep]) || !IsUuid(id[(sep + 2)..], out uuidVersion))
        {
            return false;
        }

        type = id[..sep];
        return true;
    }

    /// <summary>
    /// Checks UTF-8 id text without allocating: the length of the type prefix and the UUID version come
    /// back when it is a valid STIX identifier.
    /// </summary>
    public static bool TryParseUtf8(ReadOnlySpan<byte> id, out int typeLength, out int uuidVersion)
    {
        typeLength = 0;
        uuidVersion = 0;
        if (id.Length < 41 || id.Length > 288)
        {
            return false;
        }

        var sep = id.Length - 38;
        if (id[sep] != (byte)'-' || id[sep + 1] != (byte)'-')
        {
            return false;
        }

        if (!IsTypeNameUtf8(id[..sep]) || !IsUuidUtf8(id[(sep + 2)..], out uuidVersion))
        {
            return false;
        }

        typeLength = sep;
        return true;
    }

    private static readonly System.Buffers.SearchValues<byte> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF"u8);

    /// <summary>3–250 bytes of a–z, 0–9 and single hyphens, starting with a letter (one plain pass: type names are short).</summary>
    private static bool IsTypeNameUtf8(ReadOnlySpan<byte> name)
    {
        if (name.Length is < 3 or > 250 || (uint)(name[0] - 'a') > 'z' - 'a')
        {
            return false;
        }

        var hyphen = false;
        foreach (var b in name)
        {
            if (b == (byte)'-')
            {
                if (hyphen)
                {
                    return false;
                }

                hyphen = true;
            }
            else if ((uint)(b - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9)
            {
                hyphen = false;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUuidUtf8(ReadOnlySpan<byte> uuid, out int version)
    {
        version = 0;
        if (uuid.Length != 36 || !IsUuidShape(uuid))
        {
            return false;
        }

        version = uuid[14] - '0';
        return version is >= 1 and <= 5 && uuid[19] is (byte)'8' or (byte)'9' or (byte)'a' or (byte)'b' or (byte)'A' or (byte)'B';
    }

    /// <summary>36 bytes: hex digits with hyphens at 8, 13, 18 and 23 (the 8-4-4-4-12 form).</summary>
    private static bool IsUuidShape(ReadOnlySpan<byte> uuid)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            return uuid[8] == '-' && uuid[13] == '-' && uuid[18] == '-' && uuid[23] == '-'
                && uuid[..8].IndexOfAnyExcept(HexDigits) < 0 && uuid.Slice(9, 4).IndexOfAnyExcept(HexDigits) < 0
                && uuid.Slice(14, 4).IndexOfAnyExcept(HexDigits) < 0 && uuid.Slice(19, 4).IndexOfAnyExcept(HexDigits) < 0
                && uuid[24..].IndexOfAnyExcept(HexDigits) < 0;
        }

        // Two overlapping 32-byte loads (bytes 0–31 and 4–35), each classified at once; bit i of a
        // mask is byte i of its load. Hyphens must stand exactly at 8, 13, 18, 23 and all else be hex.
        const uint HyphensFirst = (1u << 8) | (1u << 13) | (1u << 18) | (1u << 23);
        const uint HyphensSecond = HyphensFirst >> 4;
        ref var start = ref MemoryMarshal.GetReference(uuid);
        var first = Vector256.LoadUnsafe(ref start);
        var second = Vector256.LoadUnsafe(ref start, 4);
        return HexMask(first) == ~HyphensFirst && HyphenMask(first) == HyphensFirst
            && HexMask(second) == ~HyphensSecond && HyphenMask(second) == HyphensSecond;

        static uint HyphenMask(Vector256<byte> bytes) =>
            Vector256.Equals(bytes, Vector256.Create((byte)'-')).ExtractMostSignificantBits();

        static uint HexMask(Vector256<byte> bytes)
        {
            // Digits: byte - '0' below 10; letters: (byte | 0x20) - 'a' below 6 (unsigned, so smaller bytes wrap high).
            var digit = Vector256.LessThan(bytes - Vector256.Create((byte)'0'), Vector256.Create((byte)10));
            var letter = Vector256.LessThan((bytes | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)6));
            return (digit | letter).ExtractMostSignificantBits();
        }
    }

    /// <summary>The STIX type-name rule: lowercase a–z, 0–9 and single hyphens, starting with a letter, 3–250 characters.</summary>
    public static bool IsTypeName(ReadOnlySpan<char> name)
    {
        if (name.Length is < 3 or > 250 || !char.IsAsciiLetterLower(name[0]))
        {
            return false;
        }

        for (var i = 1; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '-')
            {
                // No "--" inside a type name: it would make ids ambiguous.
                if (name[i - 1] == '-')
                {
                    return false;
                }
            }
            else if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The UUID form STIX accepts: 8-4-4-4-12 hex digits, version 1–5, RFC 4122 variant.</summary>
    public static bool IsUuid(ReadOnlySpan<char> uuid, out int version)
    {
        version = 0;
        if (uuid.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < 36; i++)
        {
            var c = uuid[i];
            if (i is 8 or 13 or 18 or 23)
            {
                if (c != '-')
                {
                    return false;
                }
            }
            else if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        version = uuid[14] - '0';
        var variant = char.ToLowerInvariant(uuid[19]);
        return version is >= 1 and <= 5 && variant is '8' or '9' or 'a' or 'b';
    }
}
