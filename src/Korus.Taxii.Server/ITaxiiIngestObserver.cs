namespace Korus.Taxii.Server;

/// <summary>
/// Told about the objects of each TAXII POST the store accepted, after the write is durable (so an
/// observer never sees what was not kept). An observer that fails is logged; the request still
/// succeeds, because its objects are stored. Register observers as services.
/// </summary>
public interface ITaxiiIngestObserver
{
    /// <summary>Objects accepted into <paramref name="collectionId"/> from <paramref name="caller"/>; each is the object's exact JSON, valid only during the call.</summary>
    Task ObjectsAddedAsync(string collectionId, string caller, IReadOnlyList<ReadOnlyMemory<byte>> objects, CancellationToken cancellationToken);
}
