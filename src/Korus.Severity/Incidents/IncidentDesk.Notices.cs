using System.Buffers;
using System.Text.Json;
using Korus.Stix;
using Korus.Stix.Identifiers;
using Korus.Stix.Model;
using Korus.Storage;

namespace Korus.Severity.Incidents;

/// <summary>Notices arriving from partners and acknowledgements in both directions.</summary>
public sealed partial class IncidentDesk
{
    // Most objects are neither: a byte search skips them without parsing.
    private static readonly byte[] EscalationKey = System.Text.Encoding.UTF8.GetBytes($"\"{KorusExtensions.Escalation}\"");
    private static readonly byte[] AcknowledgementKey = System.Text.Encoding.UTF8.GetBytes($"\"{KorusExtensions.Acknowledgement}\"");

    /// <summary>
    /// Looks at objects just stored in <paramref name="collectionId"/> (the TAXII ingest hook): a notice
    /// (a report with the Korus escalation extension) from a partner is recorded as inbound with its
    /// deadline; an acknowledgement (a note with the Korus acknowledgement extension) of one of this
    /// node's notices marks it acknowledged, when it comes from the partner the notice went to. The
    /// partner is the NAME of a <c>from-NAME</c> collection, else the posting user. Returns how many
    /// objects were notices or acknowledgements.
    /// </summary>
    public async Task<int> ReceiveAsync(string collectionId, string caller, IReadOnlyList<ReadOnlyMemory<byte>> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collectionId);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(objects);
        var partner = collectionId.StartsWith("from-", StringComparison.Ordinal) ? collectionId["from-".Length..] : caller;
        var handled = 0;
        foreach (var json in objects)
        {
            var span = json.Span;
            if (span.IndexOf(EscalationKey) < 0 && span.IndexOf(AcknowledgementKey) < 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (!root.TryGetProperty("extensions", out var extensions) || extensions.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            if (type == "report" && extensions.TryGetProperty(KorusExtensions.Escalation, out var notice) && Inbound(root, notice, partner) is { } record)
            {
                await _store.SaveEscalationAsync([], [record], caller, cancellationToken);
                handled++;
            }
            else if (type == "note" && extensions.TryGetProperty(KorusExtensions.Acknowledgement, out var ack)
                && ack.TryGetProperty("acknowledges_ref", out var acknowledges) && acknowledges.GetString() is { } noticeId)
            {
                var sent = await _store.FindEscalationAsync(noticeId, EscalationDirection.Outbound, cancellationToken);
                if (sent is not null && sent.Partner == partner)
                {
                    var by = ack.TryGetProperty("acknowledged_by", out var who) && who.GetString() is { } name ? $"{partner}: {name}" : partner;
                    await _store.AcknowledgeEscalationAsync(noticeId, EscalationDirection.Outbound, StoreClock.NowMicros(_time), by, root.GetProperty("id").GetString(), ReadOnlyMemory<byte>.Empty, caller, cancellationToken);
                    handled++;
                }
            }
        }

        return handled;
    }

    private EscalationRecord? Inbound(JsonElement report, JsonElement notice, string partner)
    {
        if (report.GetProperty("id").GetString() is not { } id
            || !notice.TryGetProperty("incident_ref", out var incident) || incident.GetString() is not { } incidentId
            || !notice.TryGetProperty("level", out var level) || !level.TryGetInt32(out var levelValue))
        {
            return null;
        }

        long? due = null;
        if (notice.TryGetProperty("due_at", out var dueAt) && dueAt.TryGetDateTimeOffset(out var dueInstant))
        {
            due = StoreClock.ToMicros(dueInstant);
        }

        return new EscalationRecord
        {
            Id = id,
            Direction = EscalationDirection.Inbound,
            Partner = partner,
            IncidentId = incidentId,
            IncidentVersion = notice.TryGetProperty("incident_version", out var v) ? v.GetString() ?? "" : "",
            Level = levelValue,
            Mode = notice.TryGetProperty("mode", out var m) ? m.GetString() ?? "" : "",
            DecidedAt = StoreClock.NowMicros(_time),
            DueAt = due,
        };
    }

    /// <summary>
    /// Acknowledges a notice. An inbound notice gets a STIX note that travels back to the partner
    /// (queued for delivery and put in the partner's <c>to-NAME</c> collection); an outbound notice
    /// acknowledged out of band (a phone call) is only marked. Null with a finding when the notice is
    /// unknown or already acknowledged.
    /// </summary>
    public async Task<(EscalationRecord? Notice, IReadOnlyList<Finding> Problems)> AcknowledgeAsync(string noticeId, EscalationDirection direction, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(noticeId);
        ArgumentNullException.ThrowIfNull(by);
        var problems = new List<Finding>();
        var notice = await _store.FindEscalationAsync(noticeId, direction, cancellationToken);
        if (notice is null)
        {
            problems.Add(new Finding("escalation.not-found", FindingSeverity.Error, noticeId, "$", $"there is no {(direction == EscalationDirection.Inbound ? "received" : "sent")} notice {noticeId}."));
            return (null, problems);
        }

        if (notice.AcknowledgedAt is not null)
        {
            problems.Add(new Finding("escalation.already-acknowledged", FindingSeverity.Error, noticeId, "$", $"the notice was acknowledged at {StoreClock.Format(notice.AcknowledgedAt.Value)} by {notice.AcknowledgedBy}."));
            return (null, problems);
        }

        var now = _time.GetUtcNow();
        string? noteId = null;
        ReadOnlyMemory<byte> payload = ReadOnlyMemory<byte>.Empty;
        if (direction == EscalationDirection.Inbound)
        {
            noteId = StableIds.Create("note", $"korus-ack\n{noticeId}");
            var note = WriteAcknowledgement(noteId, notice, by, StixTimestamp.FromDateTimeOffset(now));
            var objects = new List<byte[]>(KorusExtensions.DefinitionObjects) { _identity.Json, note };
            payload = Envelope(objects);
            var toPartner = PartnerRecord.ToCollectionOf(notice.Partner);
            if (await _store.FindCollectionAsync(toPartner, cancellationToken) is not null)
            {
                await _store.AddObjectsAsync(toPartner, Guid.NewGuid().ToString(), StoreClock.ToMicros(now), [.. objects.Select(Describe)], by, cancellationToken);
            }
        }

        if (!await _store.AcknowledgeEscalationAsync(noticeId, direction, StoreClock.ToMicros(now), by, noteId, payload, by, cancellationToken))
        {
            problems.Add(new Finding("escalation.already-acknowledged", FindingSeverity.Error, noticeId, "$", "the notice was acknowledged meanwhile."));
            return (null, problems);
        }

        return (await _store.FindEscalationAsync(noticeId, direction, cancellationToken), problems);
    }

    private byte[] WriteAcknowledgement(string noteId, EscalationRecord notice, string by, StixTimestamp now)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", "note");
            json.WriteString("spec_version", "2.1");
            json.WriteString("id", noteId);
            json.WriteString("created_by_ref", _identity.Id);
            json.WriteString("created", now.ToString());
            json.WriteString("modified", now.ToString());
            json.WriteString("abstract", $"Acknowledged: CSCF level {notice.Level} notice on {notice.IncidentId}");
            json.WriteString("content", $"{by} acknowledges notice {notice.Id} (incident {notice.IncidentId}, level {notice.Level}, {notice.Mode} response) at {now}.");
            json.WriteStartArray("object_refs");
            json.WriteStringValue(notice.Id);
            json.WriteStringValue(notice.IncidentId);
            json.WriteEndArray();
            json.WriteStartArray("object_marking_refs");
            json.WriteStringValue(TlpMarkings.Tlp2IdOf(TlpLevel.Amber));
            json.WriteEndArray();
            json.WriteStartObject("extensions");
            json.WriteStartObject(KorusExtensions.Acknowledgement);
            json.WriteString("extension_type", "property-extension");
            json.WriteString("acknowledges_ref", notice.Id);
            json.WriteString("acknowledged_at", now.ToString());
            json.WriteString("acknowledged_by", by);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
