using Microsoft.Data.Sqlite;

namespace Korus.Storage.Sqlite;

/// <summary>
/// Durability and checkpoints, off the writer's path. The writer commits with synchronous=NORMAL (its
/// commit only appends pages to the WAL); a sync thread fsyncs the WAL and only then are the callers
/// told their write is stored; a checkpoint thread copies the WAL back into the database on its own
/// connection, so the writer neither waits for the disk nor does the copying.
/// </summary>
public sealed partial class SqliteStore
{
    /// <summary>WAL length (pages) past which a checkpoint briefly holds the writer back so it can finish and the WAL can start over.</summary>
    private const long WalRestartFrames = 32768;

    private readonly Lock _syncGate = new();
    private readonly SemaphoreSlim _checkpointWanted = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private List<TaskCompletionSource> _syncWaiters = [];
    private bool _syncing;
    private FileStream? _wal;
    private Task? _checkpointer;

    /// <summary>The last error a background checkpoint met (null when the last one worked); the next commit retries.</summary>
    public Exception? CheckpointError { get; private set; }

    /// <summary>
    /// Completes after an fsync of the WAL that started after this call: everything committed before
    /// the call is then on disk. Callers that arrive while an fsync runs share the next one.
    /// </summary>
    private Task WhenDurableAsync()
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_syncGate)
        {
            _syncWaiters.Add(waiter);
            if (_syncing)
            {
                return waiter.Task;
            }

            _syncing = true;
        }

        _ = Task.Factory.StartNew(SyncLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        return waiter.Task;
    }

    private void SyncLoop()
    {
        while (true)
        {
            List<TaskCompletionSource> waiters;
            lock (_syncGate)
            {
                if (_syncWaiters.Count == 0)
                {
                    _syncing = false;
                    return;
                }

                waiters = _syncWaiters;
                _syncWaiters = [];
            }

            try
            {
                // fsync works on any descriptor of the file; SQLite locks the -shm and main files, not the
                // -wal, so this handle cannot disturb its locks.
                // After disposal the WAL may be gone: closing the last connection checkpointed it into the
                // database (with an fsync) and removed it, so there is nothing left to sync.
                var walRemoved = _wal is null && _disposed && !File.Exists(Path + "-wal");
                if (!walRemoved)
                {
                    _wal ??= new FileStream(Path + "-wal", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1);
                    _wal.Flush(flushToDisk: true);
                }

                foreach (var waiter in waiters)
                {
                    waiter.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                var error = new IOException($"Could not make the write durable (fsync of {Path}-wal failed): {ex.Message}", ex);
                foreach (var waiter in waiters)
                {
                    waiter.TrySetException(error);
                }
            }
        }
    }

    /// <summary>Asks the checkpoint thread for a pass (called after each commit; requests coalesce).</summary>
    private void RequestCheckpoint()
    {
        lock (_syncGate)
        {
            if (_disposed)
            {
                return;
            }

            _checkpointer ??= Task.Factory.StartNew(CheckpointLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }

        try
        {
            if (_checkpointWanted.CurrentCount == 0)
            {
                _checkpointWanted.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Another commit asked at the same moment; one pass serves both.
        }
    }

    private async Task CheckpointLoopAsync()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(CancellationToken.None);
        await ExecuteAsync(connection, null, "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;", CancellationToken.None);
        while (true)
        {
            try
            {
                await _checkpointWanted.WaitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                // PASSIVE copies what it can without holding anyone back. While writes keep coming the WAL
                // is never wholly copied, so it could only grow; past a bound, one more pass runs with the
                // writer held, finishes the copy, and the next write starts the WAL over.
                var frames = Checkpoint(connection);
                if (frames >= WalRestartFrames)
                {
                    await _writeLock.WaitAsync(_stopping.Token);
                    try
                    {
                        Checkpoint(connection);
                    }
                    finally
                    {
                        _writeLock.Release();
                    }
                }

                CheckpointError = null;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SqliteException ex)
            {
                CheckpointError = ex;
            }
        }
    }

    /// <summary>Runs a PASSIVE checkpoint; returns the WAL's length in pages.</summary>
    private static long Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetInt64(1) : 0;
    }

    private async Task StopBackgroundWorkAsync()
    {
        await _stopping.CancelAsync();
        Task? checkpointer;
        lock (_syncGate)
        {
            checkpointer = _checkpointer;
        }

        if (checkpointer is not null)
        {
            await checkpointer;
        }
    }
}
