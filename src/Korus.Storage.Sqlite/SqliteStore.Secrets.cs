using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Korus.Storage.Sqlite;

/// <summary>
/// The node's settings (text in <c>meta</c>) and secrets. Secrets: one 32-byte master key in a key file beside the database (<c>korus.db.key</c>,
/// readable by its owner only), each named secret derived from it with HKDF-SHA256. The database holds
/// only a check value, so a wrong or missing key file is named at once instead of surfacing later as
/// partner passwords that do not decrypt. Databases from before the key file kept their secrets in
/// <c>meta</c>; the first use moves them out: partner passwords are re-encrypted under the new key and
/// the old secrets deleted, in one transaction.
/// </summary>
public sealed partial class SqliteStore
{
    private const string KeyCheckName = "key-check";
    private const string LegacySecretPrefix = "secret:";
    private const string SettingPrefix = "setting:";
    private readonly SemaphoreSlim _keyGate = new(1, 1);
    private byte[]? _masterKey;

    /// <summary>The key file that holds this database's master key.</summary>
    public string KeyPath => Path + ".key";

    /// <inheritdoc />
    public async Task<byte[]> GetNodeSecretAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Derive(await MasterKeyAsync(cancellationToken), name);
    }

    /// <inheritdoc />
    public async Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return await ReadScalarAsync("SELECT value FROM meta WHERE key = $key", c => c.Parameters.AddWithValue("$key", SettingPrefix + name), cancellationToken) as string;
    }

    /// <inheritdoc />
    public Task SetSettingAsync(string name, string value, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(actor);
        return WriteAsync(async (writer, tx) =>
        {
            await using var save = Command(writer, tx, "INSERT OR REPLACE INTO meta(key, value) VALUES ($key, $value)");
            save.Parameters.AddWithValue("$key", SettingPrefix + name);
            save.Parameters.AddWithValue("$value", value);
            await save.ExecuteNonQueryAsync(cancellationToken);
            await AuditAsync(writer, tx, actor, AuditActions.SettingSet, null, null, null, name + " = " + value, cancellationToken);
            return true;
        }, cancellationToken);
    }

    private static byte[] Derive(byte[] master, string name) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, salt: null, info: Encoding.UTF8.GetBytes("korus-node-secret:" + name));

    private static byte[] KeyCheck(byte[] master) => Derive(master, KeyCheckName);

    private async Task<byte[]> MasterKeyAsync(CancellationToken cancellationToken)
    {
        if (_masterKey is { } known)
        {
            return known;
        }

        await _keyGate.WaitAsync(cancellationToken);
        try
        {
            if (_masterKey is not null)
            {
                return _masterKey;
            }

            var check = await ReadScalarAsync($"SELECT value FROM meta WHERE key = '{KeyCheckName}'", null, cancellationToken) as byte[];
            var master = ReadKeyFile();
            if (master is null && check is not null)
            {
                throw new InvalidOperationException($"The key file {KeyPath} is missing; this database's partner credentials were encrypted under it. Restore the file from where {Path} was backed up, or remove and re-add the partners (korus partner remove / add).");
            }

            master ??= CreateKeyFile();
            var expected = KeyCheck(master);
            if (check is not null && !CryptographicOperations.FixedTimeEquals(check, expected))
            {
                throw new InvalidOperationException($"The key file {KeyPath} does not belong to the database {Path} (its check value differs). Put back the key file made with this database.");
            }

            if (check is null)
            {
                // First use of the key with this database (new, or made before the key file existed).
                await WriteAsync(async (writer, tx) =>
                {
                    await MoveLegacySecretsAsync(writer, tx, master, cancellationToken);
                    await using var save = Command(writer, tx, $"INSERT OR IGNORE INTO meta(key, value) VALUES ('{KeyCheckName}', $check)");
                    save.Parameters.AddWithValue("$check", expected);
                    await save.ExecuteNonQueryAsync(cancellationToken);
                    return true;
                }, cancellationToken);
            }

            return _masterKey = master;
        }
        finally
        {
            _keyGate.Release();
        }
    }

    /// <summary>The master key, or null when there is no key file.</summary>
    private byte[]? ReadKeyFile()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(KeyPath);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        return bytes.Length == 32
            ? bytes
            : throw new InvalidOperationException($"The key file {KeyPath} is {bytes.Length} bytes, not 32; it is damaged or not a Korus key file.");
    }

    /// <summary>Creates the key file (owner read/write only); if another process made it first, uses theirs.</summary>
    private byte[] CreateKeyFile()
    {
        var master = RandomNumberGenerator.GetBytes(32);
        return OwnerOnlyFile.TryCreate(KeyPath, master)
            ? master
            : ReadKeyFile() ?? throw new InvalidOperationException($"The key file {KeyPath} vanished while it was being created.");
    }

    /// <summary>Secrets an older Korus kept in <c>meta</c>: partner passwords re-encrypted under the new key, then the old secrets deleted.</summary>
    private static async Task MoveLegacySecretsAsync(SqliteConnection writer, SqliteTransaction tx, byte[] master, CancellationToken cancellationToken)
    {
        await using (var find = Command(writer, tx, $"SELECT value FROM meta WHERE key = '{LegacySecretPrefix}partner-credentials'"))
        {
            if (await find.ExecuteScalarAsync(cancellationToken) is byte[] oldPartnerKey)
            {
                var before = PartnerSecrets.WithKey(oldPartnerKey);
                var after = PartnerSecrets.WithKey(Derive(master, "partner-credentials"));
                var passwords = new List<(string Name, byte[] Password)>();
                await using (var select = Command(writer, tx, "SELECT name, password FROM partners"))
                await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        passwords.Add((reader.GetString(0), (byte[])reader.GetValue(1)));
                    }
                }

                await using var update = Command(writer, tx, "UPDATE partners SET password = $password WHERE name = $name");
                var password = update.Parameters.Add("$password", SqliteType.Blob);
                var name = update.Parameters.Add("$name", SqliteType.Text);
                foreach (var (partner, blob) in passwords)
                {
                    password.Value = after.Protect(before.Unprotect(blob));
                    name.Value = partner;
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }

        await ExecuteAsync(writer, tx, $"DELETE FROM meta WHERE key LIKE '{LegacySecretPrefix}%'", cancellationToken);
    }
}
