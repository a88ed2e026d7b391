namespace Korus.Storage;

/// <summary>One page of object versions, in ascending <see cref="StoredObject.DateAdded"/> order.</summary>
/// <param name="Items">The versions on this page.</param>
/// <param name="More">True when more versions match after the last one on this page.</param>
public sealed record ObjectPage(IReadOnlyList<StoredObject> Items, bool More);
