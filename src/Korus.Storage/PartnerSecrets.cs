using System.Security.Cryptography;
using System.Text;

namespace Korus.Storage;

/// <summary>
/// Encrypts the passwords this node presents to partners (AES-256-GCM under the node's
/// <c>partner-credentials</c> secret), so they never sit in the database in clear. Where the key is
/// kept is the store's business; the SQLite store keeps it in a key file beside the database, so the
/// database file alone (a copy, a backup) does not reveal the passwords.
/// </summary>
public sealed class PartnerSecrets
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    private PartnerSecrets(byte[] key) => _key = key;

    /// <summary>The protector for <paramref name="store"/>'s node.</summary>
    public static async Task<PartnerSecrets> OpenAsync(IKorusStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new PartnerSecrets(await store.GetNodeSecretAsync("partner-credentials", cancellationToken));
    }

    /// <summary>A protector under an explicit 32-byte key (a store re-encrypting under a new key).</summary>
    public static PartnerSecrets WithKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length == 32 ? new PartnerSecrets(key) : throw new ArgumentException("The key must be 32 bytes.", nameof(key));
    }

    /// <summary>Encrypts <paramref name="password"/> (nonce, tag, ciphertext).</summary>
    public byte[] Protect(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var plain = Encoding.UTF8.GetBytes(password);
        var result = new byte[NonceSize + TagSize + plain.Length];
        var nonce = result.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, result.AsSpan(NonceSize + TagSize), result.AsSpan(NonceSize, TagSize));
        return result;
    }

    /// <summary>Decrypts what <see cref="Protect"/> made.</summary>
    /// <exception cref="CryptographicException">The blob was not made with this node's key or was altered.</exception>
    public string Unprotect(byte[] protectedPassword)
    {
        ArgumentNullException.ThrowIfNull(protectedPassword);
        if (protectedPassword.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The protected password is too short.");
        }

        var plain = new byte[protectedPassword.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(protectedPassword.AsSpan(0, NonceSize), protectedPassword.AsSpan(NonceSize + TagSize), protectedPassword.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
