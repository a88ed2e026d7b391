using System.Text.Json;
using Korus.Storage;

namespace Korus.Severity.Incidents;

/// <summary>The JSON shapes of incidents, outcomes and notices, the same over REST and in <c>--format json</c>.</summary>
public static class IncidentJson
{
    /// <summary>An outcome of filing or reassessing: the result, the decision per partner, the notices and what was withheld.</summary>
    public static void WriteOutcome(Utf8JsonWriter json, IncidentOutcome outcome, long now)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(outcome);
        json.WriteStartObject();
        json.WriteString("incident_id", outcome.IncidentId);
        json.WriteString("version", outcome.Version);
        outcome.Result.WriteMembers(json);
        json.WriteStartArray("decisions");
        foreach (var decision in outcome.Decisions)
        {
            json.WriteStartObject();
            decision.WriteMembers(json);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("notices");
        foreach (var notice in outcome.Notices)
        {
            WriteNotice(json, notice, now);
        }

        json.WriteEndArray();
        json.WriteStartArray("withheld");
        foreach (var reason in outcome.Withheld)
        {
            json.WriteStringValue(reason);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>One line of an incident list: id, name, newest version, level and modes.</summary>
    public static void WriteSummary(Utf8JsonWriter json, StoredObject incident)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(incident);
        using var document = JsonDocument.Parse(incident.Json);
        var root = document.RootElement;
        json.WriteStartObject();
        json.WriteString("id", incident.Id);
        json.WriteString("name", root.TryGetProperty("name", out var name) ? name.GetString() : "");
        json.WriteString("version", incident.Version);
        if (IncidentDesk.KorusCscf(root) is { } cscf)
        {
            Copy(json, cscf, "score", "level", "level_name", "assessed_by");
            if (cscf.TryGetProperty("decisions", out var decisions))
            {
                json.WriteStartArray("modes");
                foreach (var decision in decisions.EnumerateArray())
                {
                    json.WriteStringValue($"{(decision.TryGetProperty("partner", out var p) ? p.GetString() : "default")}: {decision.GetProperty("mode").GetString()}");
                }

                json.WriteEndArray();
            }
        }

        json.WriteEndObject();
    }

    /// <summary>An incident with its newest STIX object, its assessment history (oldest first) and its notices.</summary>
    public static void WriteDetail(Utf8JsonWriter json, IReadOnlyList<StoredObject> history, IReadOnlyList<EscalationRecord> notices, long now)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(notices);
        json.WriteStartObject();
        json.WritePropertyName("incident");
        using (var latest = JsonDocument.Parse(history[^1].Json))
        {
            latest.RootElement.WriteTo(json);
        }

        json.WriteStartArray("history");
        foreach (var version in history)
        {
            using var document = JsonDocument.Parse(version.Json);
            json.WriteStartObject();
            json.WriteString("version", version.Version);
            if (IncidentDesk.KorusCscf(document.RootElement) is { } cscf)
            {
                foreach (var property in cscf.EnumerateObject())
                {
                    if (!property.NameEquals("extension_type"))
                    {
                        property.WriteTo(json);
                    }
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("notices");
        foreach (var notice in notices)
        {
            WriteNotice(json, notice, now);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A notice and where it stands (delivery, acknowledgement, whether it is overdue at <paramref name="now"/>).</summary>
    public static void WriteNotice(Utf8JsonWriter json, EscalationRecord notice, long now)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(notice);
        json.WriteStartObject();
        json.WriteString("id", notice.Id);
        json.WriteString("direction", notice.Direction == EscalationDirection.Outbound ? "outbound" : "inbound");
        json.WriteString("partner", notice.Partner);
        json.WriteString("incident_id", notice.IncidentId);
        json.WriteString("incident_version", notice.IncidentVersion);
        json.WriteNumber("level", notice.Level);
        json.WriteString("mode", notice.Mode);
        json.WriteString("decided_at", StoreClock.Format(notice.DecidedAt));
        Time(json, "due_at", notice.DueAt);
        Time(json, "delivered_at", notice.DeliveredAt);
        json.WriteNumber("attempts", notice.Attempts);
        if (notice.LastError is not null)
        {
            json.WriteString("last_error", notice.LastError);
        }

        Time(json, "acknowledged_at", notice.AcknowledgedAt);
        if (notice.AcknowledgedBy is not null)
        {
            json.WriteString("acknowledged_by", notice.AcknowledgedBy);
        }

        if (notice.AckNoteId is not null)
        {
            json.WriteString("ack_note_id", notice.AckNoteId);
        }

        json.WriteBoolean("overdue", notice.IsOverdue(now));
        json.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter json, string name, long? micros)
    {
        if (micros is { } value)
        {
            json.WriteString(name, StoreClock.Format(value));
        }
    }

    private static void Copy(Utf8JsonWriter json, JsonElement from, params string[] names)
    {
        foreach (var name in names)
        {
            if (from.TryGetProperty(name, out var value))
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
            }
        }
    }
}
