using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Korus.Stix;
using Korus.Stix.Model;

namespace Korus.Severity.Incidents;

/// <summary>The STIX objects the desk writes: incident versions and notices.</summary>
public sealed partial class IncidentDesk
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// An incident version: a new incident from <paramref name="draft"/>, or <paramref name="previous"/>
    /// with every property kept except modified and the two severity extensions, which are rewritten.
    /// </summary>
    private byte[] WriteIncident(string id, JsonElement? previous, IncidentDraft? draft, string version, CscfAssessment assessment, CscfResult result, IReadOnlyList<EscalationDecision> decisions, Dictionary<string, string> noticeIds, string reason, string actor, List<string> related)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            JsonElement? otherExtensions = null;
            if (previous is { } prior)
            {
                foreach (var property in prior.EnumerateObject())
                {
                    if (property.NameEquals("modified"))
                    {
                        json.WriteString("modified", version);
                    }
                    else if (property.NameEquals("extensions"))
                    {
                        otherExtensions = property.Value;
                    }
                    else
                    {
                        property.WriteTo(json);
                    }
                }
            }
            else
            {
                json.WriteString("type", "incident");
                json.WriteString("spec_version", "2.1");
                json.WriteString("id", id);
                json.WriteString("created_by_ref", _identity.Id);
                json.WriteString("created", version);
                json.WriteString("modified", version);
                json.WriteString("name", draft!.Name);
                if (draft.Description is not null)
                {
                    json.WriteString("description", draft.Description);
                }

                json.WriteStartArray("object_marking_refs");
                json.WriteStringValue(TlpMarkings.Tlp2IdOf(draft.Tlp));
                json.WriteEndArray();
            }

            json.WriteStartObject("extensions");
            if (otherExtensions is { ValueKind: JsonValueKind.Object } others)
            {
                foreach (var property in others.EnumerateObject())
                {
                    if (!property.NameEquals(KorusExtensions.Cscf) && !property.NameEquals(KorusExtensions.IncidentCore))
                    {
                        property.WriteTo(json);
                    }
                }
            }

            WriteIncidentCore(json, previous, draft, assessment, result);
            json.WriteStartObject(KorusExtensions.Cscf);
            json.WriteString("extension_type", "property-extension");
            json.WriteString("assessed_at", version);
            json.WriteString("assessed_by", actor);
            json.WriteString("reason", reason);
            json.WritePropertyName("assessment");
            assessment.WriteTo(json);
            result.WriteMembers(json, stix: true);
            if (related.Count > 0)
            {
                json.WriteStartArray("related_refs");
                foreach (var r in related)
                {
                    json.WriteStringValue(r);
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("decisions");
            foreach (var decision in decisions)
            {
                json.WriteStartObject();
                decision.WriteMembers(json);
                if (decision.Partner is not null && noticeIds.TryGetValue(decision.Partner, out var notice))
                {
                    json.WriteString("notice_ref", notice);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteIncidentCore(Utf8JsonWriter json, JsonElement? previous, IncidentDraft? draft, CscfAssessment assessment, CscfResult result)
    {
        var determination = draft?.Determination ?? "suspected";
        var status = "open";
        if (previous is { } prior && prior.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty(KorusExtensions.IncidentCore, out var core) && core.ValueKind == JsonValueKind.Object)
        {
            determination = core.TryGetProperty("determination", out var d) && d.GetString() is { } dt ? dt : determination;
            status = core.TryGetProperty("investigation_status", out var s) && s.GetString() is { } st ? st : status;
        }

        json.WriteStartObject(KorusExtensions.IncidentCore);
        json.WriteString("extension_type", "property-extension");
        json.WriteString("determination", determination);
        json.WriteString("investigation_status", status);
        json.WriteNumber("criticality", (int)Math.Round(result.Score, MidpointRounding.AwayFromZero));
        json.WriteString("recoverability", assessment.Option(CscfFactor.Recoverability));
        json.WriteStartArray("scores");
        json.WriteStartObject();
        json.WriteString("name", "cscf");
        json.WriteNumber("value", result.Score);
        json.WriteString("description", $"CSCF level {result.Level} ({result.LevelName}) under policy {result.Policy.Name} {result.PolicyHash}");
        json.WriteEndObject();
        if (result.NcissPriority is { } priority)
        {
            json.WriteStartObject();
            json.WriteString("name", "nciss-priority");
            json.WriteNumber("value", priority);
            json.WriteString("description", string.Create(CultureInfo.InvariantCulture, $"NCISS-style priority {priority} ({CscfPolicy.PriorityNames[priority]}) from the eight NCISS categories, score {result.NcissScore:0.00}"));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private byte[] WriteNotice(string id, string incidentId, string incidentName, string version, CscfResult result, EscalationDecision decision, IReadOnlyList<string> refs, StixTimestamp now)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var mode = ResponseModes.Name(decision.Mode);
        var due = decision.DueAt!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("type", "report");
            json.WriteString("spec_version", "2.1");
            json.WriteString("id", id);
            json.WriteString("created_by_ref", _identity.Id);
            json.WriteString("created", now.ToString());
            json.WriteString("modified", now.ToString());
            json.WriteString("name", $"CSCF level {result.Level} ({result.LevelName}), {mode} response: {incidentName}");
            json.WriteString("description", string.Create(CultureInfo.InvariantCulture, $"Incident {incidentId} (version {version}) is CSCF level {result.Level} ({result.LevelName}) with score {result.Score:0.00}; response mode {mode}. Acknowledge by {due}. Reasons: {string.Join("; ", decision.Reasons)}."));
            json.WriteStartArray("report_types");
            json.WriteStringValue("threat-report");
            json.WriteEndArray();
            json.WriteString("published", now.ToString());
            json.WriteStartArray("object_refs");
            foreach (var r in refs)
            {
                json.WriteStringValue(r);
            }

            json.WriteEndArray();
            json.WriteStartArray("object_marking_refs");
            json.WriteStringValue(TlpMarkings.Tlp2IdOf(TlpLevel.Amber));
            json.WriteEndArray();
            json.WriteStartObject("extensions");
            json.WriteStartObject(KorusExtensions.Escalation);
            json.WriteString("extension_type", "property-extension");
            json.WriteString("incident_ref", incidentId);
            json.WriteString("incident_version", version);
            json.WriteNumber("level", result.Level);
            json.WriteString("level_name", result.LevelName);
            json.WriteNumber("score", result.Score);
            json.WriteString("policy_hash", result.PolicyHash);
            decision.WriteMembers(json);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
