using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Korus.Storage.Sqlite;

/// <summary>
/// <see cref="IKorusStore"/> on one SQLite file (WAL, synchronous=FULL). One writer connection behind
/// a lock serialises writes, one transaction per call; reads use pooled read-only connections.
/// </summary>
public sealed partial class SqliteStore : IKorusStore
{
    private const int SchemaVersion = 1;

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private SqliteConnection? _writer;
    private bool _disposed;

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/>; call <see cref="InitializeAsync"/> before use.</summary>
    public SqliteStore(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        _time = time ?? TimeProvider.System;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var writer = await WriterAsync(cancellationToken);
            await using var tx = writer.BeginTransaction(deferred: false);
            await ExecuteAsync(writer, tx, Schema, cancellationToken);
            await using (var command = Command(writer, tx, "SELECT value FROM meta WHERE key = 'schema'"))
            {
                var found = await command.ExecuteScalarAsync(cancellationToken);
                if (found is null)
                {
                    await ExecuteAsync(writer, tx, $"INSERT INTO meta(key, value) VALUES ('schema', {SchemaVersion})", cancellationToken);
                }
                else if (Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture) > SchemaVersion)
                {
                    throw new InvalidOperationException($"The database {Path} has schema version {found}, newer than this Korus understands ({SchemaVersion}).");
                }
            }

            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> IsInitializedAsync(CancellationToken cancellationToken)
    {
        var found = await ReadScalarAsync("SELECT 1 FROM users WHERE is_admin = 1 LIMIT 1", null, cancellationToken);
        return found is not null;
    }

    /// <inheritdoc />
    public async Task<byte[]> GetNodeSecretAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var key = "secret:" + name;
        if (await ReadScalarAsync("SELECT value FROM meta WHERE key = $key", c => c.Parameters.AddWithValue("$key", key), cancellationToken) is byte[] existing)
        {
            return existing;
        }

        return await WriteAsync(async (writer, tx) =>
        {
            await using var insert = Command(writer, tx, "INSERT OR IGNORE INTO meta(key, value) VALUES ($key, $value)");
            insert.Parameters.AddWithValue("$key", key);
            insert.Parameters.AddWithValue("$value", RandomNumberGenerator.GetBytes(32));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await using var select = Command(writer, tx, "SELECT value FROM meta WHERE key = $key");
            select.Parameters.AddWithValue("$key", key);
            return (byte[])(await select.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _writeLock.WaitAsync();
        try
        {
            if (_writer is not null)
            {
                await _writer.DisposeAsync();
                _writer = null;
            }

            while (_readers.TryTake(out var reader))
            {
                await reader.DisposeAsync();
            }
        }
        finally
        {
            _writeLock.Release();
            _writeLock.Dispose();
        }
    }

    private async Task<SqliteConnection> WriterAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is null)
        {
            var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;", cancellationToken);
            _writer = connection;
        }

        return _writer;
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var writer = await WriterAsync(cancellationToken);
            await using var tx = writer.BeginTransaction(deferred: false);
            var result = await work(writer, tx);
            await tx.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<SqliteConnection> RentReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_readers.TryTake(out var reader))
        {
            return reader;
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA query_only=1;", cancellationToken);
        return connection;
    }

    private void ReturnReader(SqliteConnection connection)
    {
        if (_disposed || _readers.Count >= 16)
        {
            connection.Dispose();
            return;
        }

        _readers.Add(connection);
    }

    private async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await RentReaderAsync(cancellationToken);
        try
        {
            return await work(connection);
        }
        finally
        {
            ReturnReader(connection);
        }
    }

    private Task<object?> ReadScalarAsync(string sql, Action<SqliteCommand>? bind, CancellationToken cancellationToken) =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, sql);
            bind?.Invoke(command);
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is DBNull ? null : value;
        }, cancellationToken);

    private Task<T?> ReadRowAsync<T>(string sql, string key, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
        where T : class =>
        ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, sql);
            command.Parameters.AddWithValue("$key", key);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
        }, cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task AuditAsync(SqliteConnection writer, SqliteTransaction tx, string actor, string action, string? collectionId, string? objectId, string? version, string? detail, CancellationToken cancellationToken)
    {
        await using var command = Command(writer, tx, "INSERT INTO audit(at, actor, action, collection_id, object_id, version, detail) VALUES ($at, $actor, $action, $collection, $object, $version, $detail)");
        command.Parameters.AddWithValue("$at", StoreClock.NowMicros(_time));
        command.Parameters.AddWithValue("$actor", actor);
        command.Parameters.AddWithValue("$action", action);
        command.Parameters.AddWithValue("$collection", (object?)collectionId ?? DBNull.Value);
        command.Parameters.AddWithValue("$object", (object?)objectId ?? DBNull.Value);
        command.Parameters.AddWithValue("$version", (object?)version ?? DBNull.Value);
        command.Parameters.AddWithValue("$detail", (object?)detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS collections(
            ckey INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            alias TEXT UNIQUE,
            title TEXT NOT NULL,
            description TEXT,
            media_types TEXT NOT NULL,
            public_read INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            last_added INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS objects(
            seq INTEGER PRIMARY KEY,
            ckey INTEGER NOT NULL REFERENCES collections(ckey) ON DELETE CASCADE,
            object_id TEXT NOT NULL,
            type TEXT NOT NULL,
            version TEXT NOT NULL,
            version_key TEXT NOT NULL,
            spec_version TEXT NOT NULL,
            date_added INTEGER NOT NULL,
            current INTEGER NOT NULL,
            content_hash BLOB NOT NULL,
            json BLOB NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS objects_by_date ON objects(ckey, date_added);
        CREATE UNIQUE INDEX IF NOT EXISTS objects_by_id ON objects(ckey, object_id, version_key, spec_version);
        CREATE TABLE IF NOT EXISTS statuses(
            id TEXT PRIMARY KEY,
            collection_id TEXT NOT NULL,
            request_timestamp INTEGER NOT NULL,
            details BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS users(
            name TEXT PRIMARY KEY,
            password_hash TEXT NOT NULL,
            is_admin INTEGER NOT NULL,
            created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS rights(
            user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
            collection_id TEXT NOT NULL,
            can_read INTEGER NOT NULL,
            can_write INTEGER NOT NULL,
            PRIMARY KEY(user_name, collection_id));
        CREATE TABLE IF NOT EXISTS api_keys(
            key_id TEXT PRIMARY KEY,
            user_name TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
            secret_hash TEXT NOT NULL,
            label TEXT,
            created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS audit(
            seq INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            collection_id TEXT,
            object_id TEXT,
            version TEXT,
            detail TEXT);
        """;
}
