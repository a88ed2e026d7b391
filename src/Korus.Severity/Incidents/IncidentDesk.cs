using System.Buffers;
using System.Text.Json;
using Korus.Stix;
using Korus.Stix.Identifiers;
using Korus.Stix.Model;
using Korus.Storage;

namespace Korus.Severity.Incidents;

/// <summary>
/// Incidents and their escalation. An incident is a STIX 2.1 incident object in the <c>incidents</c>
/// collection; each assessment is a new version carrying the assessment, its CSCF result and the
/// decision per partner (the incident core extension holds the score and recoverability), so the
/// version history is the assessment history. A decision that requires notice records a notice: a
/// STIX report (incident, level, mode, reasons, deadline), stored with the incident version in one
/// transaction, put in the partner's <c>to-NAME</c> collection and queued for delivery to the
/// partner's push collection. Acknowledgements travel back as STIX notes.
/// </summary>
public sealed partial class IncidentDesk
{
    /// <summary>Where incidents are kept.</summary>
    public const string IncidentsCollection = "incidents";

    /// <summary>Where related objects are looked up.</summary>
    public const string NationalCollection = "national";

    private readonly IKorusStore _store;
    private readonly TimeProvider _time;
    private readonly NodeIdentity _identity;

    /// <summary>A desk over <paramref name="store"/>, speaking for the organisation <paramref name="identityName"/>.</summary>
    public IncidentDesk(IKorusStore store, TimeProvider time, string identityName, CscfPolicy cscf, EscalationPolicy escalation)
    {
        ArgumentNullException.ThrowIfNull(identityName);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Cscf = cscf ?? throw new ArgumentNullException(nameof(cscf));
        Escalation = escalation ?? throw new ArgumentNullException(nameof(escalation));
        _identity = NodeIdentity.Create(identityName, IdentityEpoch);
    }

    /// <summary>The CSCF policy in force.</summary>
    public CscfPolicy Cscf { get; }

    /// <summary>The escalation policy in force.</summary>
    public EscalationPolicy Escalation { get; }

    /// <summary>The node's identity id (created_by_ref of incidents, notices and acknowledgements).</summary>
    public string IdentityId => _identity.Id;

    // The identity object must be byte-identical every time it is sent, so a partner's re-post check accepts it.
    private static readonly StixTimestamp IdentityEpoch = StixTimestamp.Parse("2026-01-01T00:00:00.000Z");

    /// <summary>Creates the incidents collection when missing.</summary>
    public static async Task EnsureCollectionAsync(IKorusStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.FindCollectionAsync(IncidentsCollection, cancellationToken) is null)
        {
            await store.CreateCollectionAsync(new CollectionDraft(IncidentsCollection, "Incidents", "Incidents with their CSCF assessment history and escalation decisions."), "system", cancellationToken);
        }
    }

    /// <summary>Files an incident: assesses it, decides per partner and records the notices; null with findings when a related object is not found.</summary>
    public async Task<(IncidentOutcome? Outcome, IReadOnlyList<Finding> Problems)> CreateAsync(IncidentDraft draft, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var problems = new List<Finding>();
        var related = await LoadRelatedAsync(draft.RelatedRefs, problems, cancellationToken);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var id = "incident--" + Guid.NewGuid().ToString("D");
        var outcome = await RecordAsync(id, null, draft, draft.Assessment, "filed", related, actor, cancellationToken);
        return (outcome, problems);
    }

    /// <summary>Reassesses an incident: a new version with the new result, decisions and notices; null with a finding when there is no such incident.</summary>
    public async Task<(IncidentOutcome? Outcome, IReadOnlyList<Finding> Problems)> ReassessAsync(string incidentId, CscfAssessment assessment, string? reason, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        ArgumentNullException.ThrowIfNull(assessment);
        var problems = new List<Finding>();
        var current = await LatestAsync(incidentId, cancellationToken);
        if (current is null)
        {
            problems.Add(new Finding("incident.not-found", FindingSeverity.Error, incidentId, "$", $"there is no incident {incidentId} in the '{IncidentsCollection}' collection."));
            return (null, problems);
        }

        using var document = JsonDocument.Parse(current.Json);
        var relatedIds = new List<string>();
        if (KorusCscf(document.RootElement) is { } ext && ext.TryGetProperty("related_refs", out var refs) && refs.ValueKind == JsonValueKind.Array)
        {
            relatedIds.AddRange(refs.EnumerateArray().Select(r => r.GetString()!).Where(r => r is not null));
        }

        var related = await LoadRelatedAsync(relatedIds, problems, cancellationToken);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var outcome = await RecordAsync(incidentId, document.RootElement, null, assessment, reason ?? "reassessed", related, actor, cancellationToken);
        return (outcome, problems);
    }

    private async Task<IncidentOutcome> RecordAsync(string incidentId, JsonElement? previous, IncidentDraft? draft, CscfAssessment assessment, string reason, List<(string Id, byte[] Json, TlpLevel Tlp)> related, string actor, CancellationToken cancellationToken)
    {
        // Decisions are kept to the millisecond, the precision STIX timestamps carry, so a deadline reads the same everywhere.
        var nowInstant = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var result = Cscf.Assess(assessment);
        var partners = await _store.ListPartnersAsync(cancellationToken);
        var decisions = partners.Count == 0
            ? [Escalation.Decide(result, null, nowInstant)]
            : partners.Select(p => Escalation.Decide(result, p.Name, nowInstant)).ToList();

        var modified = StixTimestamp.FromDateTimeOffset(nowInstant);
        if (previous is { } prior && prior.TryGetProperty("modified", out var priorModified) && StixTimestamp.TryParse(System.Text.Encoding.UTF8.GetBytes(priorModified.GetString() ?? ""), out var last) && modified <= last)
        {
            // A reassessment in the same millisecond still needs a later modified to be a new version.
            modified = StixTimestamp.FromDateTimeOffset(last.ToDateTimeOffset().AddMilliseconds(1));
        }

        var version = modified.ToString();
        var noticeIds = decisions.Where(d => d.Notify && d.Partner is not null).ToDictionary(d => d.Partner!, d => NoticeId(incidentId, version, d.Partner!), StringComparer.Ordinal);
        var incident = WriteIncident(incidentId, previous, draft, version, assessment, result, decisions, noticeIds, reason, actor, related.Select(r => r.Id).ToList());
        var incidentTlp = TlpOf(incident);
        var objects = new List<(string, IncomingObject)> { (IncidentsCollection, Describe(incident)) };
        var notices = new List<EscalationRecord>();
        var withheld = new List<string>();
        foreach (var decision in decisions.Where(d => d.Notify && d.Partner is not null))
        {
            var partner = decision.Partner!;
            var shared = new List<byte[]>();
            var refs = new List<string> { incidentId };
            if (incidentTlp is TlpLevel.Red or TlpLevel.AmberStrict)
            {
                withheld.Add($"{incidentId} to {partner}: the incident is {TlpMarkings.NameOf(incidentTlp.Value)}, which never leaves this node; the notice names it without its content");
            }
            else
            {
                shared.Add(incident);
            }

            foreach (var (id, json, tlp) in related)
            {
                var type = StixId.TypeOf(id)!;
                if (!decision.Share.Contains(type))
                {
                    withheld.Add($"{id} to {partner}: the escalation rule for level {decision.Level} does not share {type}");
                }
                else if (tlp is TlpLevel.Red or TlpLevel.AmberStrict)
                {
                    withheld.Add($"{id} to {partner}: {TlpMarkings.NameOf(tlp)} never leaves this node");
                }
                else
                {
                    shared.Add(json);
                    refs.Add(id);
                }
            }

            var report = WriteNotice(noticeIds[partner], incidentId, draft?.Name ?? Name(previous), version, result, decision, refs, modified);
            var payloadObjects = new List<byte[]>(KorusExtensions.DefinitionObjects) { _identity.Json };
            payloadObjects.AddRange(shared);
            payloadObjects.Add(report);
            await EnsurePartnerCollectionAsync(partner, cancellationToken);
            foreach (var json in payloadObjects)
            {
                objects.Add((PartnerRecord.ToCollectionOf(partner), Describe(json)));
            }

            notices.Add(new EscalationRecord
            {
                Id = noticeIds[partner],
                Direction = EscalationDirection.Outbound,
                Partner = partner,
                IncidentId = incidentId,
                IncidentVersion = version,
                Level = result.Level,
                Mode = ResponseModes.Name(decision.Mode),
                DecidedAt = StoreClock.ToMicros(nowInstant),
                DueAt = decision.DueAt is { } due ? StoreClock.ToMicros(due) : null,
                Payload = Envelope(payloadObjects),
                NextAttemptAt = StoreClock.ToMicros(nowInstant),
            });
        }

        var statuses = await _store.SaveEscalationAsync(objects, notices, actor, cancellationToken);
        foreach (var status in statuses)
        {
            if (status.Failures.FirstOrDefault(f => f.Id == incidentId || noticeIds.ContainsValue(f.Id)) is { } failure)
            {
                throw new InvalidOperationException($"The store refused {failure.Id}: {failure.Message}");
            }
        }

        return new IncidentOutcome(incidentId, version, result, decisions, notices, withheld);
    }

    /// <summary>The newest version of an incident, or null.</summary>
    public async Task<StoredObject?> LatestAsync(string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        var page = await _store.QueryObjectsAsync(IncidentsCollection, new ObjectQuery { Ids = [incidentId], Types = ["incident"], Versions = VersionSelector.Last, Limit = 1 }, cancellationToken);
        return page.Items.Count == 0 ? null : page.Items[0];
    }

    /// <summary>Every version of an incident, oldest first (empty when there is none).</summary>
    public async Task<IReadOnlyList<StoredObject>> HistoryAsync(string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidentId);
        var result = new List<StoredObject>();
        await foreach (var version in _store.QueryAllAsync(IncidentsCollection, new ObjectQuery { Ids = [incidentId], Types = ["incident"], Versions = VersionSelector.All, Limit = 1000 }, cancellationToken))
        {
            result.Add(version);
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Version, b.Version));
        return result;
    }

    /// <summary>The newest version of every incident, newest first.</summary>
    public async Task<IReadOnlyList<StoredObject>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<StoredObject>();
        await foreach (var incident in _store.QueryAllAsync(IncidentsCollection, new ObjectQuery { Types = ["incident"], Versions = VersionSelector.Last, Limit = 1000 }, cancellationToken))
        {
            result.Add(incident);
        }

        result.Sort((a, b) => string.CompareOrdinal(b.Version, a.Version));
        return result;
    }

    /// <summary>The Korus CSCF extension of an incident version, or null.</summary>
    public static JsonElement? KorusCscf(JsonElement incident) =>
        incident.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object && extensions.TryGetProperty(KorusExtensions.Cscf, out var ext) ? ext : null;

    private async Task<List<(string Id, byte[] Json, TlpLevel Tlp)>> LoadRelatedAsync(IReadOnlyList<string> ids, List<Finding> problems, CancellationToken cancellationToken)
    {
        var result = new List<(string, byte[], TlpLevel)>();
        if (ids.Count == 0)
        {
            return result;
        }

        if (await _store.FindCollectionAsync(NationalCollection, cancellationToken) is null)
        {
            problems.Add(new Finding("incident.related-not-found", FindingSeverity.Error, null, "$.related_refs", $"related objects are looked up in the '{NationalCollection}' collection, and this node has none."));
            return result;
        }

        var page = await _store.QueryObjectsAsync(NationalCollection, new ObjectQuery { Ids = [.. ids], Versions = VersionSelector.Last, Limit = ids.Count + 1 }, cancellationToken);
        for (var i = 0; i < ids.Count; i++)
        {
            var found = page.Items.FirstOrDefault(o => o.Id == ids[i]);
            if (found is null)
            {
                problems.Add(new Finding("incident.related-not-found", FindingSeverity.Error, ids[i], $"$.related_refs[{i}]", $"{ids[i]} is not in the '{NationalCollection}' collection."));
                continue;
            }

            var json = found.Json.ToArray();
            result.Add((ids[i], json, TlpOf(json) ?? TlpLevel.Amber));
        }

        return result;
    }

    private async Task EnsurePartnerCollectionAsync(string partner, CancellationToken cancellationToken)
    {
        var id = PartnerRecord.ToCollectionOf(partner);
        if (await _store.FindCollectionAsync(id, cancellationToken) is null)
        {
            await _store.CreateCollectionAsync(new CollectionDraft(id, $"To {partner}", $"What this node shares with {partner}; {partner} reads it."), "system", cancellationToken);
        }
    }

    /// <summary>The strictest TLP marking an object carries, or null when it has none.</summary>
    internal static TlpLevel? TlpOf(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        TlpLevel? level = null;
        if (document.RootElement.TryGetProperty("object_marking_refs", out var refs) && refs.ValueKind == JsonValueKind.Array)
        {
            foreach (var marking in refs.EnumerateArray())
            {
                if (marking.GetString() is { } id && TlpMarkings.LevelOf(id) is { } found && (level is null || found > level))
                {
                    level = found;
                }
            }
        }

        return level;
    }

    private static string NoticeId(string incidentId, string version, string partner) =>
        StableIds.Create("report", $"korus-notice\n{incidentId}\n{version}\n{partner}");

    private static string Name(JsonElement? incident) =>
        incident is { } i && i.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "";

    internal static IncomingObject Describe(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return ObjectVersion.Describe(document.RootElement, json, "object");
    }

    internal static byte[] Envelope(IEnumerable<byte[]> objects)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("objects");
            foreach (var o in objects)
            {
                json.WriteRawValue(o, skipInputValidation: true);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
