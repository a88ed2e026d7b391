using Korus.Storage.ContractTests;

namespace Korus.Storage.Sqlite.Tests;

/// <summary>The store contract on the embedded SQLite backend, one fresh database file per test.</summary>
public sealed class SqliteStoreContractTests : StoreContractTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("korus-store-").FullName;

    protected override IKorusStore CreateStore(TimeProvider time) => new SqliteStore(Path.Combine(_directory, "korus.db"), time);

    protected override async Task<IKorusStore> ReopenAsync(IKorusStore store, TimeProvider time)
    {
        await store.DisposeAsync();
        var reopened = CreateStore(time);
        await reopened.InitializeAsync(CancellationToken.None);
        return reopened;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere; the temp folder is cleaned by the OS.
        }
    }
}
