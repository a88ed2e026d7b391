namespace Korus.Storage;

/// <summary>One line of the audit log: who changed what, when.</summary>
/// <param name="Sequence">Position in the log (increasing).</param>
/// <param name="At">When (microseconds since the Unix epoch).</param>
/// <param name="Actor">The user (or "system") who made the change.</param>
/// <param name="Action">What was done, one of the <see cref="AuditActions"/>.</param>
/// <param name="CollectionId">The collection concerned, if any.</param>
/// <param name="ObjectId">The object concerned, if any.</param>
/// <param name="Version">The object version concerned, if any.</param>
/// <param name="Detail">A short detail (never object content or secrets).</param>
public sealed record AuditEntry(long Sequence, long At, string Actor, string Action, string? CollectionId, string? ObjectId, string? Version, string? Detail);
