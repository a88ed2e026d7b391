namespace Korus.Storage;

/// <summary>One stored object version.</summary>
/// <param name="Id">The STIX id.</param>
/// <param name="Type">The STIX type.</param>
/// <param name="Version">The version string: the object's modified, else created, else the time it was first stored.</param>
/// <param name="SpecVersion">The STIX spec_version ("2.1", "2.0").</param>
/// <param name="DateAdded">When this version entered the collection (microseconds since the Unix epoch; unique within the collection).</param>
/// <param name="Json">The object's JSON exactly as received; empty when the query asked for metadata only.</param>
public sealed record StoredObject(string Id, string Type, string Version, string SpecVersion, long DateAdded, ReadOnlyMemory<byte> Json);
