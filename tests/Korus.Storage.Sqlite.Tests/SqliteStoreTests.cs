using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Korus.Storage.Sqlite.Tests;

/// <summary>What only the SQLite backend promises: WAL with full synchronous commits, a refusal of newer schemas, the upgrade of older ones, and node secrets kept out of the database.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("korus-sqlite-").FullName;

    private string DbPath => Path.Combine(_directory, "korus.db");

    [Fact]
    public async Task The_database_is_in_wal_mode_after_initialisation()
    {
        await using (var store = new SqliteStore(DbPath))
        {
            await store.InitializeAsync(TestContext.Current.CancellationToken);
        }

        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Two_stores_on_one_file_writing_the_same_versions_at_once_store_each_version_once()
    {
        // Nothing in the schema forbids a second row for a version since schema 3: each writer's check
        // before its insert does, inside a write transaction that holds the file's write lock from its start.
        var ct = TestContext.Current.CancellationToken;
        await using var first = new SqliteStore(DbPath);
        await first.InitializeAsync(ct);
        Assert.True(await first.CreateCollectionAsync(new CollectionDraft("national", "National"), "admin", ct));
        await using var second = new SqliteStore(DbPath);
        await second.InitializeAsync(ct);

        var ids = Enumerable.Range(0, 200).Select(i => $"indicator--00000000-0000-4000-8000-{i:D12}").ToList();
        async Task WriteAllAsync(SqliteStore store, int seed)
        {
            var order = ids.OrderBy(id => HashCode.Combine(id, seed)).ToList();
            for (var i = 0; i < order.Count; i += 20)
            {
                await store.AddObjectsAsync("national", Guid.NewGuid().ToString(), 0, [.. order.Skip(i).Take(20).Select(id => Describe(id, "2026-01-01T00:00:00.000Z"))], "test", ct);
            }
        }

        await Task.WhenAll(WriteAllAsync(first, 1), WriteAllAsync(second, 2), WriteAllAsync(first, 3), WriteAllAsync(second, 4));
        Assert.Equal(ids.Count, await first.CountObjectVersionsAsync("national", ct));
        var all = await first.QueryObjectsAsync("national", new ObjectQuery { Limit = 1000, Versions = VersionSelector.All, IncludeContent = false }, ct);
        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_new_database_and_its_wal_are_readable_by_their_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await using var store = new SqliteStore(DbPath);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        Assert.True(await store.CreateCollectionAsync(new CollectionDraft("national", "National"), "admin", TestContext.Current.CancellationToken));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DbPath + "-wal"));
    }

    [Fact]
    public async Task A_database_from_a_newer_korus_is_refused_and_left_alone()
    {
        await using (var store = new SqliteStore(DbPath))
        {
            await store.InitializeAsync(TestContext.Current.CancellationToken);
        }

        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = 99 WHERE key = 'schema'";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        await using var newer = new SqliteStore(DbPath);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => newer.InitializeAsync(TestContext.Current.CancellationToken));
        Assert.Contains("schema version 99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_2_database_is_upgraded_in_place_and_keeps_every_version()
    {
        var ct = TestContext.Current.CancellationToken;
        const string Id = "indicator--00000000-0000-4000-8000-0000000000a1";
        await using (var store = new SqliteStore(DbPath))
        {
            await store.InitializeAsync(ct);
            Assert.True(await store.CreateCollectionAsync(new CollectionDraft("national", "National"), "admin", ct));
            await store.AddObjectsAsync("national", "s1", 1, [Describe(Id, "2026-01-01T00:00:00.000Z"), Describe(Id, "2026-02-01T00:00:00.000Z")], "alice", ct);
        }

        // Turn it back into what schema 2 was: the id index on the id's text, no id_key column.
        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                DROP INDEX objects_by_key;
                ALTER TABLE objects DROP COLUMN id_key;
                CREATE UNIQUE INDEX objects_by_id ON objects(ckey, object_id, version_key, spec_version);
                UPDATE meta SET value = 2 WHERE key = 'schema';
                """;
            await command.ExecuteNonQueryAsync(ct);
        }

        await using (var upgraded = new SqliteStore(DbPath))
        {
            await upgraded.InitializeAsync(ct);
            var all = await upgraded.QueryObjectsAsync("national", new ObjectQuery { Ids = [Id], Versions = VersionSelector.All }, ct);
            Assert.Equal(["2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"], all.Items.Select(o => o.Version));
            var latest = Assert.Single((await upgraded.QueryObjectsAsync("national", new ObjectQuery { Ids = [Id] }, ct)).Items);
            Assert.Equal("2026-02-01T00:00:00.000Z", latest.Version);

            // Writes after the upgrade see the old rows: a re-post is recognised, a newer version becomes current.
            var status = await upgraded.AddObjectsAsync("national", "s2", 2, [Describe(Id, "2026-02-01T00:00:00.000Z"), Describe(Id, "2026-03-01T00:00:00.000Z")], "alice", ct);
            Assert.Equal(2, status.Successes.Count);
            Assert.Equal(3, (await upgraded.QueryObjectsAsync("national", new ObjectQuery { Ids = [Id], Versions = VersionSelector.All }, ct)).Items.Count);
            Assert.Equal("2026-03-01T00:00:00.000Z", Assert.Single((await upgraded.QueryObjectsAsync("national", new ObjectQuery { Ids = [Id] }, ct)).Items).Version);
            Assert.Equal(2, await upgraded.DeleteObjectAsync("national", Id, new ObjectQuery { Versions = new VersionSelector { Exact = [Korus.Stix.StixTimestamp.Parse("2026-03-01T00:00:00.000Z"), Korus.Stix.StixTimestamp.Parse("2026-01-01T00:00:00.000Z")] } }, "alice", ct));
            Assert.Equal("2026-02-01T00:00:00.000Z", Assert.Single((await upgraded.QueryObjectsAsync("national", new ObjectQuery { Ids = [Id] }, ct)).Items).Version);
        }

        await using var check = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await check.OpenAsync(ct);
        await using var query = check.CreateCommand();
        query.CommandText = "SELECT (SELECT value FROM meta WHERE key = 'schema'), (SELECT group_concat(name) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'objects' AND name LIKE 'objects_by_%')";
        await using var reader = await query.ExecuteReaderAsync(ct);
        Assert.True(await reader.ReadAsync(ct));
        Assert.Equal(3, reader.GetInt64(0));
        Assert.Equal(["objects_by_date", "objects_by_key"], reader.GetString(1).Split(',').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Node_secrets_come_from_an_owner_only_key_file_and_the_database_holds_none()
    {
        var ct = TestContext.Current.CancellationToken;
        byte[] secret;
        string keyPath;
        await using (var store = new SqliteStore(DbPath))
        {
            await store.InitializeAsync(ct);
            secret = await store.GetNodeSecretAsync("partner-credentials", ct);
            Assert.Equal(32, secret.Length);
            Assert.NotEqual(secret, await store.GetNodeSecretAsync("next-token", ct));
            keyPath = store.KeyPath;
        }

        Assert.Equal(DbPath + ".key", keyPath);
        Assert.Equal(32, new FileInfo(keyPath).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }

        var database = File.Exists(DbPath + "-wal")
            ? [.. await File.ReadAllBytesAsync(DbPath, ct), .. await File.ReadAllBytesAsync(DbPath + "-wal", ct)]
            : await File.ReadAllBytesAsync(DbPath, ct);
        var master = await File.ReadAllBytesAsync(keyPath, ct);
        Assert.False(Contains(database, secret));
        Assert.False(Contains(database, master));
        Assert.Empty(await MetaKeysAsync("secret:%"));

        await using var reopened = new SqliteStore(DbPath);
        await reopened.InitializeAsync(ct);
        Assert.Equal(secret, await reopened.GetNodeSecretAsync("partner-credentials", ct));
    }

    [Fact]
    public async Task A_missing_or_foreign_key_file_is_named_and_never_silently_replaced()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var store = new SqliteStore(DbPath))
        {
            await store.InitializeAsync(ct);
            await store.GetNodeSecretAsync("partner-credentials", ct);
        }

        var key = await File.ReadAllBytesAsync(DbPath + ".key", ct);
        File.Delete(DbPath + ".key");
        await using (var missing = new SqliteStore(DbPath))
        {
            await missing.InitializeAsync(ct);
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => missing.GetNodeSecretAsync("partner-credentials", ct));
            Assert.Contains(DbPath + ".key is missing", ex.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(DbPath + ".key"));
        }

        var other = Path.Combine(_directory, "other.db");
        await using (var second = new SqliteStore(other))
        {
            await second.InitializeAsync(ct);
            await second.GetNodeSecretAsync("partner-credentials", ct);
        }

        File.Copy(other + ".key", DbPath + ".key");
        await using (var foreign = new SqliteStore(DbPath))
        {
            await foreign.InitializeAsync(ct);
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => foreign.GetNodeSecretAsync("partner-credentials", ct));
            Assert.Contains("does not belong to the database", ex.Message, StringComparison.Ordinal);
        }

        await File.WriteAllBytesAsync(DbPath + ".key", key[..16], ct);
        await using (var damaged = new SqliteStore(DbPath))
        {
            await damaged.InitializeAsync(ct);
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => damaged.GetNodeSecretAsync("partner-credentials", ct));
            Assert.Contains("is 16 bytes, not 32", ex.Message, StringComparison.Ordinal);
        }

        File.Delete(DbPath + ".key");
        await File.WriteAllBytesAsync(DbPath + ".key", key, ct);
        await using var restored = new SqliteStore(DbPath);
        await restored.InitializeAsync(ct);
        Assert.Equal(32, (await restored.GetNodeSecretAsync("partner-credentials", ct)).Length);
    }

    [Fact]
    public async Task Secrets_an_older_korus_kept_in_the_database_move_out_and_partner_passwords_still_decrypt()
    {
        var ct = TestContext.Current.CancellationToken;
        var legacyKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await using (var store = new SqliteStore(DbPath))
        {
            await store.InitializeAsync(ct);
            var blob = PartnerSecrets.WithKey(legacyKey).Protect("kr-password");
            Assert.True(await store.SavePartnerAsync(new PartnerRecord("kr", "http://127.0.0.1:1/taxii2/", "us", blob, "to-us", "from-us", null, 60, 0), false, "admin", ct));
        }

        // What an older Korus left: its secrets in meta, no key file, no check value.
        await using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO meta(key, value) VALUES ('secret:partner-credentials', $a), ('secret:next-token', $b)";
            command.Parameters.AddWithValue("$a", legacyKey);
            command.Parameters.AddWithValue("$b", System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            await command.ExecuteNonQueryAsync(ct);
        }

        await using (var upgraded = new SqliteStore(DbPath))
        {
            await upgraded.InitializeAsync(ct);
            var secrets = await PartnerSecrets.OpenAsync(upgraded, ct);
            var partner = await upgraded.FindPartnerAsync("kr", ct);
            Assert.Equal("kr-password", secrets.Unprotect(partner!.ProtectedPassword));
            Assert.NotEqual(legacyKey, await upgraded.GetNodeSecretAsync("partner-credentials", ct));
        }

        Assert.Empty(await MetaKeysAsync("secret:%"));
        Assert.True(File.Exists(DbPath + ".key"));
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private async Task<List<string>> MetaKeysAsync(string like)
    {
        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM meta WHERE key LIKE $like";
        command.Parameters.AddWithValue("$like", like);
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }

    private static IncomingObject Describe(string id, string modified)
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"type": "indicator", "spec_version": "2.1", "id": "{{id}}", "created": "2026-01-01T00:00:00.000Z", "modified": "{{modified}}", "pattern": "[ipv4-addr:value = '198.51.100.7']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z"}""");
        using var document = JsonDocument.Parse(bytes);
        return ObjectVersion.Describe(document.RootElement, bytes, "objects[0]");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
