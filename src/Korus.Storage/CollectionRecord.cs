namespace Korus.Storage;

/// <summary>A TAXII collection as the store holds it.</summary>
/// <param name="Id">The collection's TAXII identifier (a UUID, or any id an administrator chose).</param>
/// <param name="Title">Human-readable title (required by TAXII).</param>
/// <param name="Description">Optional description.</param>
/// <param name="Alias">Optional alias, unique within the node, usable in URLs in place of the id.</param>
/// <param name="MediaTypes">Media types the collection stores.</param>
/// <param name="PublicRead">True when anyone, even without credentials, may read the collection.</param>
/// <param name="CreatedAt">When the collection was created (microseconds since the Unix epoch).</param>
public sealed record CollectionRecord(
    string Id,
    string Title,
    string? Description,
    string? Alias,
    IReadOnlyList<string> MediaTypes,
    bool PublicRead,
    long CreatedAt)
{
    /// <summary>The media type a STIX 2.1 collection stores.</summary>
    public const string Stix21MediaType = "application/stix+json;version=2.1";
}
