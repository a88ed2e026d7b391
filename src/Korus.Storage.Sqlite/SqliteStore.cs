using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Korus.Storage.Sqlite;

/// <summary>
/// <see cref="IKorusStore"/> on one SQLite file in WAL mode. One writer connection behind a lock
/// serialises writes; object writes that queue up while it is busy share one transaction (group commit).
/// Reads use pooled read-only connections. Durability: the writer runs with synchronous=NORMAL and
/// every write call returns only after an fsync of the WAL that began after its commit, so a caller
/// never hears "stored" before the data is on disk; the fsync runs on its own thread, letting the
/// writer build the next transaction meanwhile.
/// </summary>
public sealed partial class SqliteStore : IKorusStore
{
    private const int SchemaVersion = 3;

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private readonly ConcurrentQueue<GroupedWrite> _grouped = new();
    private SqliteConnection? _writer;
    private ObjectStatements? _objectStatements;
    private bool _disposed;
    private bool _fileChecked;

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
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        WriteAsync(async (writer, tx) =>
        {
            var found = await ReadSchemaVersionAsync(writer, tx, cancellationToken);
            if (found > SchemaVersion)
            {
                throw new InvalidOperationException($"The database {Path} has schema version {found}, newer than this Korus understands ({SchemaVersion}).");
            }

            if (found == 1)
            {
                // Version 1 was only ever made by development builds before the first release; nothing migrates it.
                throw new InvalidOperationException($"The database {Path} has schema version 1, from a development build before the first release; it cannot be upgraded. Pull its collections with that build (korus taxii pull) and start a new database.");
            }

            if (found == 2)
            {
                await MigrateFrom2Async(writer, tx, cancellationToken);
            }

            await ExecuteAsync(writer, tx, Schema, cancellationToken);
            if (found != SchemaVersion)
            {
                await ExecuteAsync(writer, tx, $"INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', {SchemaVersion})", cancellationToken);
            }

            return true;
        }, cancellationToken);

    /// <summary>The schema version recorded in the database; 0 for a new database.</summary>
    private static async Task<long> ReadSchemaVersionAsync(SqliteConnection writer, SqliteTransaction tx, CancellationToken cancellationToken)
    {
        await using (var exists = Command(writer, tx, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                return 0;
            }
        }

        await using var command = Command(writer, tx, "SELECT value FROM meta WHERE key = 'schema'");
        var found = await command.ExecuteScalarAsync(cancellationToken);
        return found is null ? 0 : Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Schema 2 → 3: the id index held the id's text (ckey, object_id, version_key, spec_version); schema 3
    /// indexes a compact key of the id (<see cref="ObjectIdKey"/>). Adds and fills the column and drops the
    /// old index, inside the start-up transaction, so a failure leaves the database as it was.
    /// </summary>
    private static async Task MigrateFrom2Async(SqliteConnection writer, SqliteTransaction tx, CancellationToken cancellationToken)
    {
        await ExecuteAsync(writer, tx, "ALTER TABLE objects ADD COLUMN id_key INTEGER NOT NULL DEFAULT 0", cancellationToken);
        var rows = new List<(long Seq, string Id)>();
        await using (var select = Command(writer, tx, "SELECT seq, object_id FROM objects"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        await using (var update = Command(writer, tx, "UPDATE objects SET id_key = $key WHERE seq = $seq"))
        {
            var key = update.Parameters.Add("$key", SqliteType.Integer);
            var seq = update.Parameters.Add("$seq", SqliteType.Integer);
            foreach (var (s, id) in rows)
            {
                key.Value = ObjectIdKey.Of(id);
                seq.Value = s;
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await ExecuteAsync(writer, tx, "DROP INDEX IF EXISTS objects_by_id", cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> IsInitializedAsync(CancellationToken cancellationToken)
    {
        var found = await ReadScalarAsync("SELECT 1 FROM users WHERE is_admin = 1 LIMIT 1", null, cancellationToken);
        return found is not null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        lock (_syncGate)
        {
            _disposed = true;
        }

        await StopBackgroundWorkAsync();
        await _writeLock.WaitAsync();
        try
        {
            _objectStatements?.Dispose();
            _objectStatements = null;
            if (_writer is not null)
            {
                await _writer.DisposeAsync();
                _writer = null;
            }

            while (_readers.TryTake(out var reader))
            {
                await reader.DisposeAsync();
            }

            while (true)
            {
                lock (_syncGate)
                {
                    if (!_syncing)
                    {
                        _wal?.Dispose();
                        _wal = null;
                        break;
                    }
                }

                await Task.Delay(1);
            }
        }
        finally
        {
            _writeLock.Release();
            _writeLock.Dispose();
            _checkpointWanted.Dispose();
            _stopping.Dispose();
        }
    }

    /// <summary>
    /// A new database file is created readable and writable by its owner only (it holds intelligence up to
    /// TLP:RED and the users' password hashes); SQLite gives its WAL and shared-memory files the same mode.
    /// An existing file is left as it is. Done once, before this store's first connection.
    /// </summary>
    private void CreateFileOnce()
    {
        if (!_fileChecked)
        {
            OwnerOnlyFile.TryCreate(Path, []);
            _fileChecked = true;
        }
    }

    private async Task<SqliteConnection> WriterAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is null)
        {
            CreateFileOnce();
            var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=0;", cancellationToken);
            _writer = connection;
        }

        return _writer;
    }

    /// <summary>The writer's prepared per-object statements (the caller holds the write lock).</summary>
    private ObjectStatements WriterStatements(SqliteConnection writer) => _objectStatements ??= new ObjectStatements(writer);

    /// <summary>
    /// Every write goes through here (group commit): the work joins a queue; whoever holds the write lock
    /// next runs every queued piece of work in one transaction, each under its own savepoint (a failing
    /// piece is rolled back alone and its caller gets the exception), and commits once. Each caller's
    /// task completes only after that commit and an fsync of the WAL, so what it reports is durable.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        T result = default!;
        var item = new GroupedWrite(async (connection, tx) => result = await work(connection, tx));
        _grouped.Enqueue(item);

        // The lock is taken without the caller's token: queued work must end done or failed, never abandoned.
        await _writeLock.WaitAsync(CancellationToken.None);
        try
        {
            var batch = new List<GroupedWrite>();
            while (_grouped.TryDequeue(out var queued))
            {
                batch.Add(queued);
            }

            if (batch.Count > 0)
            {
                await RunGroupAsync(batch);
            }
        }
        finally
        {
            _writeLock.Release();
        }

        await item.Done.Task;
        await WhenDurableAsync();
        return result;
    }

    private async Task RunGroupAsync(List<GroupedWrite> batch)
    {
        Exception? groupError = null;
        try
        {
            var writer = await WriterAsync(CancellationToken.None);
            await using var tx = writer.BeginTransaction(deferred: false);
            for (var i = 0; i < batch.Count; i++)
            {
                var savepoint = "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                tx.Save(savepoint);
                try
                {
                    await batch[i].Work(writer, tx);
                    tx.Release(savepoint);
                }
                catch (Exception ex)
                {
                    tx.Rollback(savepoint);
                    tx.Release(savepoint);
                    batch[i].Error = ex;
                }
            }

            await tx.CommitAsync(CancellationToken.None);
            RequestCheckpoint();
        }
        catch (Exception ex)
        {
            groupError = ex;
        }

        foreach (var item in batch)
        {
            if ((item.Error ?? groupError) is { } error)
            {
                item.Done.TrySetException(error);
            }
            else
            {
                item.Done.TrySetResult();
            }
        }
    }

    private sealed class GroupedWrite(Func<SqliteConnection, SqliteTransaction, Task> work)
    {
        public Func<SqliteConnection, SqliteTransaction, Task> Work { get; } = work;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Exception? Error { get; set; }
    }

    private async Task<SqliteConnection> RentReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_readers.TryTake(out var reader))
        {
            return reader;
        }

        CreateFileOnce();
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA query_only=1; PRAGMA cache_size=-16384;", cancellationToken);
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
            json BLOB NOT NULL,
            id_key INTEGER NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS objects_by_date ON objects(ckey, date_added);
        CREATE INDEX IF NOT EXISTS objects_by_key ON objects(id_key, ckey);
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
        CREATE TABLE IF NOT EXISTS partners(
            name TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            user_name TEXT NOT NULL,
            password BLOB NOT NULL,
            pull_collection TEXT NOT NULL,
            push_collection TEXT NOT NULL,
            policy_path TEXT,
            interval_seconds INTEGER NOT NULL,
            created_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS escalations(
            id TEXT NOT NULL,
            direction INTEGER NOT NULL,
            partner TEXT NOT NULL,
            incident_id TEXT NOT NULL,
            incident_version TEXT NOT NULL,
            level INTEGER NOT NULL,
            mode TEXT NOT NULL,
            decided_at INTEGER NOT NULL,
            due_at INTEGER,
            payload BLOB,
            delivered_at INTEGER,
            attempts INTEGER NOT NULL,
            next_attempt_at INTEGER,
            last_error TEXT,
            acknowledged_at INTEGER,
            acknowledged_by TEXT,
            ack_note_id TEXT,
            PRIMARY KEY(id, direction));
        CREATE TABLE IF NOT EXISTS partner_sync(
            partner TEXT PRIMARY KEY,
            pull_cursor TEXT,
            push_cursor INTEGER NOT NULL,
            last_success INTEGER,
            last_error TEXT,
            objects_in INTEGER NOT NULL,
            objects_out INTEGER NOT NULL,
            objects_withheld INTEGER NOT NULL,
            errors INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS sharing_audit(
            seq INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            partner TEXT NOT NULL,
            object_id TEXT NOT NULL,
            version TEXT NOT NULL,
            outcome TEXT NOT NULL,
            rule TEXT NOT NULL,
            reason TEXT NOT NULL,
            policy_hash TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS sharing_audit_by_object ON sharing_audit(partner, object_id);
        CREATE INDEX IF NOT EXISTS escalations_by_incident ON escalations(incident_id);
        CREATE INDEX IF NOT EXISTS escalations_deliverable ON escalations(next_attempt_at) WHERE delivered_at IS NULL;
        """;
}
