using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Korus.Patterning.Matching;

/// <summary>
/// An IPv4 or IPv6 address or CIDR network, for ISSUBSET and ISSUPERSET. A bare address is a /32 or
/// /128 network. IPv4 must be a plain dotted quad (no leading zeros, no shortened forms).
/// </summary>
internal readonly struct IpNetwork : IEquatable<IpNetwork>
{
    private IpNetwork(UInt128 bits, int prefixLength, bool isV6)
    {
        var width = isV6 ? 128 : 32;
        Bits = prefixLength == 0 ? UInt128.Zero : bits & (UInt128.MaxValue << (width - prefixLength));
        PrefixLength = prefixLength;
        IsV6 = isV6;
        IsValid = true;
    }

    /// <summary>The network bits (host bits cleared), right-aligned for IPv4.</summary>
    public UInt128 Bits { get; }

    /// <summary>The prefix length.</summary>
    public int PrefixLength { get; }

    /// <summary>Whether the network is IPv6.</summary>
    public bool IsV6 { get; }

    /// <summary>False for the default value.</summary>
    public bool IsValid { get; }

    /// <summary>Whether every address of <paramref name="inner"/> lies in this network.</summary>
    public bool Contains(IpNetwork inner)
    {
        if (inner.IsV6 != IsV6 || inner.PrefixLength < PrefixLength)
        {
            return false;
        }

        var width = IsV6 ? 128 : 32;
        var mask = PrefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (width - PrefixLength);
        return (inner.Bits & mask) == Bits;
    }

    /// <summary>The same network with a shorter prefix.</summary>
    public IpNetwork Truncate(int prefixLength) => new(Bits, prefixLength, IsV6);

    /// <summary>Parses UTF-8 text (an address or address/prefix).</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out IpNetwork network)
    {
        network = default;
        if (utf8.Length > 64)
        {
            return false;
        }

        if (utf8.IndexOf((byte)':') < 0)
        {
            // IPv4, the common case: parse the bytes as they are.
            Span<char> ascii = stackalloc char[18];
            if (utf8.Length > ascii.Length || !System.Text.Ascii.IsValid(utf8))
            {
                return false;
            }

            System.Text.Ascii.ToUtf16(utf8, ascii, out var n);
            return TryParse(ascii[..n], out network);
        }

        Span<char> chars = stackalloc char[64];
        var status = Encoding.UTF8.TryGetChars(utf8, chars, out var written);
        return status && TryParse(chars[..written], out network);
    }

    /// <summary>Parses an address or address/prefix.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IpNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/');
        var address = slash < 0 ? text : text[..slash];
        bool isV6;
        UInt128 bits;
        if (address.Contains(':'))
        {
            if (address.Contains('%') || !IPAddress.TryParse(address, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            Span<byte> bytes = stackalloc byte[16];
            parsed.TryWriteBytes(bytes, out _);
            bits = BinaryPrimitives.ReadUInt128BigEndian(bytes);
            isV6 = true;
        }
        else
        {
            if (!TryParseV4(address, out var v4))
            {
                return false;
            }

            bits = v4;
            isV6 = false;
        }

        var width = isV6 ? 128 : 32;
        var prefix = width;
        if (slash >= 0)
        {
            var digits = text[(slash + 1)..];
            if (digits.IsEmpty || digits.Length > 3 || (digits.Length > 1 && digits[0] == '0'))
            {
                return false;
            }

            prefix = 0;
            foreach (var c in digits)
            {
                if (!char.IsAsciiDigit(c))
                {
                    return false;
                }

                prefix = prefix * 10 + c - '0';
            }

            if (prefix > width)
            {
                return false;
            }
        }

        network = new IpNetwork(bits, prefix, isV6);
        return true;
    }

    /// <summary>A plain dotted-quad IPv4 address (no prefix) straight from UTF-8.</summary>
    public static bool TryParseV4(ReadOnlySpan<byte> text, out uint value)
    {
        value = 0;
        var parts = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var octet = 0;
            while (i < text.Length && i - start < 3 && (uint)(text[i] - '0') <= 9)
            {
                octet = (octet * 10) + text[i] - '0';
                i++;
            }

            if (i == start || octet > 255 || (i - start > 1 && text[start] == '0'))
            {
                return false;
            }

            value = (value << 8) | (uint)octet;
            if (++parts == 4)
            {
                return i == text.Length;
            }

            if (i >= text.Length || text[i] != '.')
            {
                return false;
            }

            i++;
        }
    }

    private static bool TryParseV4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        var parts = 0;
        var i = 0;
        while (parts < 4)
        {
            var start = i;
            var octet = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < 3)
            {
                octet = octet * 10 + text[i] - '0';
                i++;
            }

            var length = i - start;
            if (length == 0 || octet > 255 || (length > 1 && text[start] == '0'))
            {
                return false;
            }

            value = (value << 8) | (uint)octet;
            parts++;
            if (parts < 4)
            {
                if (i >= text.Length || text[i] != '.')
                {
                    return false;
                }

                i++;
            }
        }

        return i == text.Length;
    }

    /// <inheritdoc/>
    public bool Equals(IpNetwork other) => Bits == other.Bits && PrefixLength == other.PrefixLength && IsV6 == other.IsV6;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IpNetwork other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Bits, PrefixLength, IsV6);
}
