namespace Korus.Storage;

/// <summary>A write named a collection the store does not hold (for example, removed meanwhile).</summary>
public sealed class CollectionNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="collectionId"/>.</summary>
    public CollectionNotFoundException(string collectionId)
        : base($"There is no collection '{collectionId}'.") => CollectionId = collectionId;

    /// <summary>Creates the exception with a message.</summary>
    public CollectionNotFoundException()
        : this("")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public CollectionNotFoundException(string message, Exception innerException)
        : base(message, innerException) => CollectionId = "";

    /// <summary>The collection that was not found.</summary>
    public string CollectionId { get; }
}
