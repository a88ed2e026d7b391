namespace Korus.Storage;

/// <summary>One object's outcome in a status resource.</summary>
/// <param name="Id">The STIX id.</param>
/// <param name="Version">The version (modified, created, or the store's version for unversioned objects).</param>
/// <param name="Message">Why it failed, or a note such as "already stored".</param>
public sealed record StatusDetail(string Id, string Version, string? Message = null);
