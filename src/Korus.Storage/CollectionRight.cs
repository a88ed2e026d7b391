namespace Korus.Storage;

/// <summary>A user's rights on one collection, or on every collection when <see cref="CollectionId"/> is <c>*</c>.</summary>
/// <param name="CollectionId">A collection id, or <c>*</c> for all collections.</param>
/// <param name="CanRead">May read objects, manifests and versions.</param>
/// <param name="CanWrite">May add objects (and, with read, delete them).</param>
public sealed record CollectionRight(string CollectionId, bool CanRead, bool CanWrite)
{
    /// <summary>The collection id that stands for every collection.</summary>
    public const string AnyCollection = "*";
}
