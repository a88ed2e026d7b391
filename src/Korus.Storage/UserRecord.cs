namespace Korus.Storage;

/// <summary>A user of the node. The password is stored only as a <see cref="SecretHasher"/> hash.</summary>
/// <param name="Name">The user name (letters, digits, '-', '_', '.', '@'; 1–100 characters).</param>
/// <param name="PasswordHash">The password hash, in <see cref="SecretHasher"/>'s format.</param>
/// <param name="IsAdmin">Administrators read and write every collection.</param>
/// <param name="CreatedAt">When the user was created (microseconds since the Unix epoch).</param>
/// <param name="Rights">Per-collection rights.</param>
public sealed record UserRecord(string Name, string PasswordHash, bool IsAdmin, long CreatedAt, IReadOnlyList<CollectionRight> Rights)
{
    /// <summary>Whether this user may read <paramref name="collectionId"/>.</summary>
    public bool CanRead(string collectionId) => IsAdmin || Find(collectionId) is { CanRead: true };

    /// <summary>Whether this user may write <paramref name="collectionId"/>.</summary>
    public bool CanWrite(string collectionId) => IsAdmin || Find(collectionId) is { CanWrite: true };

    private CollectionRight? Find(string collectionId)
    {
        CollectionRight? any = null;
        foreach (var right in Rights)
        {
            if (string.Equals(right.CollectionId, collectionId, StringComparison.Ordinal))
            {
                return right;
            }

            if (right.CollectionId == CollectionRight.AnyCollection)
            {
                any = right;
            }
        }

        return any;
    }
}
