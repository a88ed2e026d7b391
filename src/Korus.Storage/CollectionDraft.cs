namespace Korus.Storage;

/// <summary>What it takes to create a collection.</summary>
/// <param name="Id">The collection id; letters, digits, '-', '_' and '.', 1–100 characters.</param>
/// <param name="Title">Required title.</param>
/// <param name="Description">Optional description.</param>
/// <param name="Alias">Optional alias (same character rules as the id).</param>
/// <param name="PublicRead">Make the collection readable without credentials.</param>
public sealed record CollectionDraft(string Id, string Title, string? Description = null, string? Alias = null, bool PublicRead = false);
