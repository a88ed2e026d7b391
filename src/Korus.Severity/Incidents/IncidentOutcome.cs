using Korus.Storage;

namespace Korus.Severity.Incidents;

/// <summary>What filing or reassessing an incident did: the new version, its CSCF result, the decision per partner and the notices recorded.</summary>
/// <param name="IncidentId">The incident's STIX id.</param>
/// <param name="Version">The new version (its modified timestamp).</param>
/// <param name="Result">The CSCF result.</param>
/// <param name="Decisions">One decision per partner (or one for the default rules when the node has no partners).</param>
/// <param name="Notices">The notices recorded for delivery.</param>
/// <param name="Withheld">What did not travel with the notices, and why.</param>
public sealed record IncidentOutcome(string IncidentId, string Version, CscfResult Result, IReadOnlyList<EscalationDecision> Decisions, IReadOnlyList<EscalationRecord> Notices, IReadOnlyList<string> Withheld);
