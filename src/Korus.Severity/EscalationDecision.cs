using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace Korus.Severity;

/// <summary>
/// The escalation decision for one incident level and one partner: whether to notify, by when, what
/// travels with the notice, the response mode, and the reasons, with the policies' hashes so the
/// decision can be reproduced.
/// </summary>
public sealed record EscalationDecision
{
    /// <summary>The partner the decision is for (null for the policy's default rules).</summary>
    public string? Partner { get; init; }

    /// <summary>The CSCF level decided on.</summary>
    public required int Level { get; init; }

    /// <summary>The level's name.</summary>
    public required string LevelName { get; init; }

    /// <summary>Whether the partner must be notified.</summary>
    public required bool Notify { get; init; }

    /// <summary>How long after the decision the notice is due.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>When the notice is due (decision time plus deadline).</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>The response mode.</summary>
    public required ResponseMode Mode { get; init; }

    /// <summary>STIX types related to the incident that travel with the notice.</summary>
    public required IReadOnlyList<string> Share { get; init; }

    /// <summary>Why, in words, one reason per step.</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>The escalation policy's content hash.</summary>
    public required string PolicyHash { get; init; }

    /// <summary>The deadline as an ISO 8601 duration (PT1H), or null.</summary>
    public string? DeadlineText => Deadline is { } d ? XmlConvert.ToString(d) : null;

    /// <summary>Writes the decision's members into the open JSON object.</summary>
    public void WriteMembers(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Partner is not null)
        {
            json.WriteString("partner", Partner);
        }

        json.WriteString("mode", ResponseModes.Name(Mode));
        json.WriteBoolean("notify", Notify);
        if (DeadlineText is { } deadline)
        {
            json.WriteString("deadline", deadline);
        }

        if (DueAt is { } due)
        {
            json.WriteString("due_at", due.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }

        // STIX forbids empty lists: a rule that shares nothing writes no share property.
        if (Share.Count > 0)
        {
            json.WriteStartArray("share");
            foreach (var type in Share)
            {
                json.WriteStringValue(type);
            }

            json.WriteEndArray();
        }
        json.WriteStartArray("reasons");
        foreach (var reason in Reasons)
        {
            json.WriteStringValue(reason);
        }

        json.WriteEndArray();
        json.WriteString("escalation_policy_hash", PolicyHash);
    }
}
