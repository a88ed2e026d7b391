using Xunit;
using Microsoft.Data.Sqlite;

namespace Korus.Storage.Sqlite.Tests;

/// <summary>What only the SQLite backend promises: WAL with full synchronous commits, and a refusal of newer schemas.</summary>
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

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
