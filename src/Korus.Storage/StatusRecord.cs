namespace Korus.Storage;

/// <summary>The outcome of one write request (a TAXII status resource), kept so it can be read again.</summary>
/// <param name="Id">The status id (a UUID).</param>
/// <param name="CollectionId">The collection written to.</param>
/// <param name="RequestTimestamp">When the request arrived (microseconds since the Unix epoch).</param>
/// <param name="Successes">Objects stored, or already stored identically.</param>
/// <param name="Failures">Objects refused, each with its reason.</param>
/// <param name="Pendings">Objects not yet processed (always empty: Korus writes synchronously).</param>
public sealed record StatusRecord(
    string Id,
    string CollectionId,
    long RequestTimestamp,
    IReadOnlyList<StatusDetail> Successes,
    IReadOnlyList<StatusDetail> Failures,
    IReadOnlyList<StatusDetail> Pendings)
{
    /// <summary>"complete" when nothing is pending, else "pending".</summary>
    public string Status => Pendings.Count == 0 ? "complete" : "pending";

    /// <summary>Objects in the request.</summary>
    public int TotalCount => Successes.Count + Failures.Count + Pendings.Count;
}
