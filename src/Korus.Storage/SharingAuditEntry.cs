namespace Korus.Storage;

/// <summary>One sharing decision as the audit keeps it: which object version, for which partner, what was done, by which rule, under which policy.</summary>
/// <param name="At">When it was decided (microseconds since the Unix epoch).</param>
/// <param name="Partner">The partner.</param>
/// <param name="ObjectId">The object's id.</param>
/// <param name="Version">The object's version (modified, else created), or empty.</param>
/// <param name="Outcome">shared, redacted or withheld.</param>
/// <param name="Rule">The deciding rule's code.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="PolicyHash">The sharing policy's content hash.</param>
public sealed record SharingAuditEntry(long At, string Partner, string ObjectId, string Version, string Outcome, string Rule, string Reason, string PolicyHash);
