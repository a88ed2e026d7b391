using Korus.Storage;

namespace Korus.Server;

/// <summary>
/// First-time setup of a node's database: an administrator with a random password, and the
/// conventional <c>national</c> and <c>alliance</c> collections.
/// </summary>
public static class NodeSetup
{
    /// <summary>The administrator's user name.</summary>
    public const string AdminName = "admin";

    /// <summary>The collection of all local intelligence.</summary>
    public const string NationalCollection = "national";

    /// <summary>The collection of what the partners agreed to publish jointly.</summary>
    public const string AllianceCollection = "alliance";

    /// <summary>
    /// Sets up <paramref name="store"/> when it has no administrator yet and returns the new admin
    /// password (to show once); returns null when the node was already set up.
    /// </summary>
    public static async Task<string?> InitializeAsync(IKorusStore store, SecretHasher hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(hasher);
        await store.InitializeAsync(cancellationToken);
        if (await store.IsInitializedAsync(cancellationToken))
        {
            return null;
        }

        var password = SecretHasher.NewPassword();
        var now = StoreClock.NowMicros(time);
        var admin = new UserRecord(AdminName, hasher.Hash(password), IsAdmin: true, now, [new CollectionRight(CollectionRight.AnyCollection, true, true)]);
        if (!await store.SaveUserAsync(admin, replace: false, "system", cancellationToken))
        {
            // Another process set the node up at the same moment; its password stands.
            return null;
        }

        await store.CreateCollectionAsync(new CollectionDraft(NationalCollection, "National", "All local intelligence of this centre."), "system", cancellationToken);
        await store.CreateCollectionAsync(new CollectionDraft(AllianceCollection, "Alliance", "Objects the partners have agreed to publish jointly: advisories, attributions."), "system", cancellationToken);
        return password;
    }

    /// <summary>
    /// Writes the first admin credentials beside the database, readable by the owner only, and
    /// returns the file's path.
    /// </summary>
    public static string WriteCredentialsFile(string databasePath, string password)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        ArgumentNullException.ThrowIfNull(password);
        var path = Path.GetFullPath(databasePath) + ".admin-credentials";
        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), OwnerOnlyFile.Options(FileMode.Create));
        writer.WriteLine($"user: {AdminName}");
        writer.WriteLine($"password: {password}");
        writer.WriteLine("# Created by `korus serve` on first start. Change it with `korus user add admin --password ... --replace`, then delete this file.");
        return path;
    }
}
