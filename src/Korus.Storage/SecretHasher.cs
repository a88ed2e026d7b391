using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Korus.Storage;

/// <summary>
/// Hashes passwords and API-key secrets with a slow salted KDF (PBKDF2-HMAC-SHA-256, 16-byte random
/// salt, 600,000 iterations by default as OWASP recommends) into a self-describing string
/// <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c>, and verifies in constant time.
/// </summary>
public sealed class SecretHasher
{
    /// <summary>The default iteration count.</summary>
    public const int DefaultIterations = 600_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Creates a hasher with <paramref name="iterations"/> rounds (tests may use fewer; at least 1,000).</summary>
    public SecretHasher(int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1000);
        Iterations = iterations;
    }

    /// <summary>The default hasher.</summary>
    public static SecretHasher Default { get; } = new();

    /// <summary>Rounds used for new hashes.</summary>
    public int Iterations { get; }

    /// <summary>Hashes <paramref name="secret"/> with a fresh salt.</summary>
    public string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when <paramref name="secret"/> matches <paramref name="stored"/>; false also for a malformed stored hash.</summary>
    public static bool Verify(string secret, string stored)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(stored);
        var parts = stored.Split('$');
        if (parts.Length != 4 || !string.Equals(parts[0], Scheme, StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>A random password of 24 URL-safe characters (144 bits).</summary>
    public static string NewPassword() => Base64Url(RandomNumberGenerator.GetBytes(18));

    /// <summary>URL-safe base64 without padding.</summary>
    public static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
