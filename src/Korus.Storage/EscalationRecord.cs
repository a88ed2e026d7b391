namespace Korus.Storage;

/// <summary>Which way an escalation notice went.</summary>
public enum EscalationDirection
{
    /// <summary>This node notified a partner; it tracks delivery and the partner's acknowledgement.</summary>
    Outbound = 0,

    /// <summary>A partner notified this node; it tracks this node's acknowledgement and its delivery back.</summary>
    Inbound = 1,
}

/// <summary>
/// An escalation notice about an incident, with its deadline and where it stands. For an outbound
/// notice, <see cref="Payload"/> is the TAXII envelope to deliver to the partner and the delivery
/// fields track it; for an inbound notice they track the acknowledgement this node sends back.
/// Times are microseconds since the Unix epoch.
/// </summary>
public sealed record EscalationRecord
{
    /// <summary>The notice's id: the STIX report that carries it.</summary>
    public required string Id { get; init; }

    /// <summary>Outbound or inbound.</summary>
    public required EscalationDirection Direction { get; init; }

    /// <summary>The partner notified (outbound) or notifying (inbound).</summary>
    public required string Partner { get; init; }

    /// <summary>The incident's STIX id.</summary>
    public required string IncidentId { get; init; }

    /// <summary>The incident version (modified) the notice is about.</summary>
    public required string IncidentVersion { get; init; }

    /// <summary>The CSCF level.</summary>
    public required int Level { get; init; }

    /// <summary>The response mode decided: independent, coordinated or joint.</summary>
    public required string Mode { get; init; }

    /// <summary>When the decision was made.</summary>
    public required long DecidedAt { get; init; }

    /// <summary>When the notice is due at the partner.</summary>
    public long? DueAt { get; init; }

    /// <summary>What still has to be delivered to the partner (empty when nothing is).</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }

    /// <summary>When <see cref="Payload"/> reached the partner.</summary>
    public long? DeliveredAt { get; init; }

    /// <summary>Delivery attempts so far.</summary>
    public int Attempts { get; init; }

    /// <summary>When to try delivering again (null: nothing to deliver).</summary>
    public long? NextAttemptAt { get; init; }

    /// <summary>Why the last delivery attempt failed.</summary>
    public string? LastError { get; init; }

    /// <summary>When the notice was acknowledged.</summary>
    public long? AcknowledgedAt { get; init; }

    /// <summary>Who acknowledged it.</summary>
    public string? AcknowledgedBy { get; init; }

    /// <summary>The STIX note that carries the acknowledgement.</summary>
    public string? AckNoteId { get; init; }

    /// <summary>True when the notice was due before <paramref name="now"/> and is not acknowledged.</summary>
    public bool IsOverdue(long now) => AcknowledgedAt is null && DueAt is { } due && due < now;
}

/// <summary>Which escalation notices to list; unset members do not filter.</summary>
public sealed record EscalationQuery
{
    /// <summary>Only this direction.</summary>
    public EscalationDirection? Direction { get; init; }

    /// <summary>Only notices about this incident.</summary>
    public string? IncidentId { get; init; }

    /// <summary>Only notices to or from this partner.</summary>
    public string? Partner { get; init; }

    /// <summary>Only unacknowledged notices due before this instant.</summary>
    public long? OverdueAt { get; init; }

    /// <summary>Only notices with something to deliver whose next attempt is at or before this instant.</summary>
    public long? DeliverableAt { get; init; }

    /// <summary>At most this many, oldest decision first.</summary>
    public int Limit { get; init; } = 1000;
}
