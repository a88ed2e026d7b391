using System.Security.Cryptography;
using Korus.Storage;

namespace Korus.Server;

/// <summary>
/// API keys of the form <c>korus_KEYID_SECRET</c>: the key id finds the stored record, the secret is
/// checked against its PBKDF2 hash. Only the hash is stored; the whole key is shown once.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "korus_";

    /// <summary>Creates a key for <paramref name="userName"/>; returns the record to store and the key to show once.</summary>
    public static (ApiKeyRecord Record, string Key) Create(string userName, string? label, SecretHasher hasher, long createdAt)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = SecretHasher.Base64Url(RandomNumberGenerator.GetBytes(24)).Replace('_', 'x');
        return (new ApiKeyRecord(keyId, userName, hasher.Hash(secret), label, createdAt), Prefix + keyId + "_" + secret);
    }

    /// <summary>Splits a presented key into id and secret; false when it is not a Korus key.</summary>
    public static bool TrySplit(string key, out string keyId, out string secret)
    {
        ArgumentNullException.ThrowIfNull(key);
        keyId = secret = "";
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key.AsSpan(Prefix.Length);
        var underscore = rest.IndexOf('_');
        if (underscore <= 0 || underscore == rest.Length - 1)
        {
            return false;
        }

        keyId = rest[..underscore].ToString();
        secret = rest[(underscore + 1)..].ToString();
        return true;
    }
}
