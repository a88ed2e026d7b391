using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Korus.Taxii;

/// <summary>
/// Opaque <c>next</c> tokens: the position after which the next page starts, signed with a node
/// secret (HMAC-SHA-256) over the query's fingerprint, so a token is honoured only by this node and
/// only with the query that produced it. Nothing is kept on the server; a token never expires.
/// </summary>
public sealed class NextTokens
{
    private const int MacBytes = 16;
    private readonly byte[] _key;

    /// <summary>Creates tokens signed with <paramref name="key"/> (at least 16 bytes).</summary>
    public NextTokens(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(key.Length, 16);
        _key = key;
    }

    /// <summary>A token for the page after <paramref name="position"/> of the query with <paramref name="fingerprint"/>.</summary>
    public string Create(string fingerprint, long position)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        Span<byte> token = stackalloc byte[8 + MacBytes];
        BinaryPrimitives.WriteInt64BigEndian(token, position);
        Mac(fingerprint, position, token[8..]);
        return Storage.SecretHasher.Base64Url(token);
    }

    /// <summary>Reads a token; false (with the reason) when it is malformed, forged, or from another query.</summary>
    public bool TryRead(string token, string fingerprint, out long position, out string? error)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(fingerprint);
        position = 0;
        error = "next is not a token this server issued for this query (the other parameters must stay the same).";
        byte[] bytes;
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            bytes = Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length != 8 + MacBytes)
        {
            return false;
        }

        position = BinaryPrimitives.ReadInt64BigEndian(bytes);
        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(fingerprint, position, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(8)))
        {
            position = 0;
            return false;
        }

        error = null;
        return true;
    }

    private void Mac(string fingerprint, long position, Span<byte> destination)
    {
        var input = Encoding.UTF8.GetBytes(fingerprint + "\n" + position.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_key, input, full);
        full[..MacBytes].CopyTo(destination);
    }
}
