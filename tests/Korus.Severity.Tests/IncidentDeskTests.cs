using System.Text;
using System.Text.Json;
using Korus.Severity.Incidents;
using Korus.Stix.Model;
using Korus.Stix.Validation;
using Korus.Storage;
using Korus.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Korus.Severity.Tests;

public sealed class IncidentDeskTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("korus-desk-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private SqliteStore _us = null!;
    private SqliteStore _kr = null!;
    private IncidentDesk _usDesk = null!;
    private IncidentDesk _krDesk = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _us = new SqliteStore(Path.Combine(_dir, "us.db"), _time);
        _kr = new SqliteStore(Path.Combine(_dir, "kr.db"), _time);
        foreach (var store in new[] { _us, _kr })
        {
            await store.InitializeAsync(Ct);
            await IncidentDesk.EnsureCollectionAsync(store, Ct);
        }

        await _us.SavePartnerAsync(new PartnerRecord("kr", "http://127.0.0.1:1/taxii2/", "us", [0], "to-us", "from-us", null, 60, 0), false, "admin", Ct);
        await _kr.SavePartnerAsync(new PartnerRecord("us", "http://127.0.0.1:1/taxii2/", "kr", [0], "to-kr", "from-kr", null, 60, 0), false, "admin", Ct);
        await _kr.CreateCollectionAsync(new CollectionDraft("from-us", "From us", null), "admin", Ct);
        await _us.CreateCollectionAsync(new CollectionDraft("from-kr", "From kr", null), "admin", Ct);
        _usDesk = new IncidentDesk(_us, _time, "US national centre", CscfPolicy.Default, EscalationPolicy.Default);
        _krDesk = new IncidentDesk(_kr, _time, "ROK national centre", CscfPolicy.Default, EscalationPolicy.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _us.DisposeAsync();
        await _kr.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static IncidentDraft Draft(CscfAssessment assessment, TlpLevel tlp = TlpLevel.Amber, IReadOnlyList<string>? related = null) =>
        new() { Name = "Exchange hot wallet drained", Description = "Signing keys taken.", Assessment = assessment, Tlp = tlp, RelatedRefs = related ?? [] };

    private static CscfAssessment Theft => Assessments.Of("minimal-critical", "core-credential-compromise", "not-recoverable", "effect", "critical-systems", "state-apt", "low", "national", "one-nation");

    private static CscfAssessment Phishing => Assessments.Of("none", "suspected", "regular", "engage", "business-network", "state-apt", "none", "local", "both-nations");

    [Fact]
    public async Task Filing_a_level_4_incident_records_a_valid_incident_and_a_notice_due_in_an_hour()
    {
        var (outcome, problems) = await _usDesk.CreateAsync(Draft(Theft), "alice", Ct);

        Assert.Empty(problems);
        Assert.NotNull(outcome);
        Assert.Equal(4, outcome.Result.Level);
        var decision = Assert.Single(outcome.Decisions);
        Assert.Equal("kr", decision.Partner);
        Assert.Equal(ResponseMode.Joint, decision.Mode);
        var notice = Assert.Single(outcome.Notices);
        Assert.Equal(StoreClock.ToMicros(_time.GetUtcNow().AddHours(1)), notice.DueAt);
        Assert.Equal("joint", notice.Mode);

        var stored = await _usDesk.LatestAsync(outcome.IncidentId, Ct);
        Assert.NotNull(stored);
        AssertValid(stored.Json);
        using var incident = JsonDocument.Parse(stored.Json);
        var cscf = IncidentDesk.KorusCscf(incident.RootElement)!.Value;
        Assert.Equal(4, cscf.GetProperty("level").GetInt32());
        Assert.Equal("state-apt", cscf.GetProperty("assessment").GetProperty("actor").GetString());
        Assert.Equal(notice.Id, cscf.GetProperty("decisions")[0].GetProperty("notice_ref").GetString());

        // The notice sits in the partner's to-kr collection as valid STIX, with the incident it names.
        var toKr = await _us.QueryObjectsAsync("to-kr", new ObjectQuery { Limit = 100 }, Ct);
        Assert.Contains(toKr.Items, o => o.Id == notice.Id);
        Assert.Contains(toKr.Items, o => o.Id == outcome.IncidentId);
        foreach (var item in toKr.Items)
        {
            AssertValid(item.Json);
        }

        using var payload = JsonDocument.Parse(notice.Payload);
        Assert.Contains(payload.RootElement.GetProperty("objects").EnumerateArray(), o => o.GetProperty("id").GetString() == notice.Id);
    }

    [Fact]
    public async Task A_level_2_incident_decides_but_notifies_nobody()
    {
        var (outcome, _) = await _usDesk.CreateAsync(Draft(Phishing), "alice", Ct);
        Assert.Equal(2, outcome!.Result.Level);
        Assert.False(Assert.Single(outcome.Decisions).Notify);
        Assert.Empty(outcome.Notices);
        Assert.Empty(await _us.ListEscalationsAsync(new EscalationQuery(), Ct));
    }

    [Fact]
    public async Task Reassessment_adds_a_version_keeping_the_history_and_notifies_when_the_level_rises()
    {
        var (first, _) = await _usDesk.CreateAsync(Draft(Phishing), "alice", Ct);
        _time.Advance(TimeSpan.FromMinutes(30));
        var (second, problems) = await _usDesk.ReassessAsync(first!.IncidentId, Theft, "wallet drained after the phishing", "bob", Ct);

        Assert.Empty(problems);
        Assert.Equal(4, second!.Result.Level);
        Assert.Single(second.Notices);
        var history = await _usDesk.HistoryAsync(first.IncidentId, Ct);
        Assert.Equal(2, history.Count);
        using var oldest = JsonDocument.Parse(history[0].Json);
        using var newest = JsonDocument.Parse(history[1].Json);
        Assert.Equal(2, IncidentDesk.KorusCscf(oldest.RootElement)!.Value.GetProperty("level").GetInt32());
        Assert.Equal("bob", IncidentDesk.KorusCscf(newest.RootElement)!.Value.GetProperty("assessed_by").GetString());
        Assert.Equal("wallet drained after the phishing", IncidentDesk.KorusCscf(newest.RootElement)!.Value.GetProperty("reason").GetString());
        Assert.Equal(oldest.RootElement.GetProperty("created").GetString(), newest.RootElement.GetProperty("created").GetString());
        Assert.Equal("Exchange hot wallet drained", newest.RootElement.GetProperty("name").GetString());
        AssertValid(history[0].Json);
        AssertValid(history[1].Json);
    }

    [Fact]
    public async Task Reassessing_an_unknown_incident_is_refused()
    {
        var (outcome, problems) = await _usDesk.ReassessAsync("incident--00000000-0000-4000-8000-000000000000", Theft, null, "bob", Ct);
        Assert.Null(outcome);
        Assert.Equal("incident.not-found", Assert.Single(problems).Code);
    }

    [Fact]
    public async Task A_red_incident_never_leaves_the_node_but_the_notice_still_goes()
    {
        var (outcome, _) = await _usDesk.CreateAsync(Draft(Theft, TlpLevel.Red), "alice", Ct);
        var notice = Assert.Single(outcome!.Notices);
        Assert.DoesNotContain("\"type\":\"incident\"", Encoding.UTF8.GetString(notice.Payload.Span), StringComparison.Ordinal);
        Assert.Contains(outcome.Withheld, w => w.Contains("the incident is TLP:RED,", StringComparison.Ordinal));
        var toKr = await _us.QueryObjectsAsync("to-kr", new ObjectQuery { Limit = 100 }, Ct);
        Assert.DoesNotContain(toKr.Items, o => o.Type == "incident");
    }

    [Fact]
    public async Task Related_objects_travel_only_when_the_rule_shares_their_type_and_their_marking_allows()
    {
        await _us.CreateCollectionAsync(new CollectionDraft("national", "National", null), "admin", Ct);
        const string green = "indicator--00000000-0000-4000-8000-000000000001";
        const string red = "indicator--00000000-0000-4000-8000-000000000002";
        const string note = "note--00000000-0000-4000-8000-000000000003";
        string Indicator(string id, string marking) => $$"""{"type":"indicator","spec_version":"2.1","id":"{{id}}","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix","valid_from":"2026-11-01T00:00:00Z","object_marking_refs":["{{marking}}"]}""";
        var notes = $$"""{"type":"note","spec_version":"2.1","id":"{{note}}","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","content":"analyst notes","object_refs":["{{green}}"]}""";
        await _us.AddObjectsAsync("national", Guid.NewGuid().ToString(), 0, [IncidentDesk.Describe(Encoding.UTF8.GetBytes(Indicator(green, TlpMarkings.Tlp2Green))), IncidentDesk.Describe(Encoding.UTF8.GetBytes(Indicator(red, TlpMarkings.Tlp2Red))), IncidentDesk.Describe(Encoding.UTF8.GetBytes(notes))], "alice", Ct);

        var (outcome, problems) = await _usDesk.CreateAsync(Draft(Theft, related: [green, red, note]), "alice", Ct);

        Assert.Empty(problems);
        var payload = Encoding.UTF8.GetString(Assert.Single(outcome!.Notices).Payload.Span);
        Assert.Contains(green, payload, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"id\":\"{red}\"", payload, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"id\":\"{note}\"", payload, StringComparison.Ordinal);
        Assert.Contains(outcome.Withheld, w => w.StartsWith(red, StringComparison.Ordinal) && w.Contains("TLP:RED", StringComparison.Ordinal));
        Assert.Contains(outcome.Withheld, w => w.StartsWith(note, StringComparison.Ordinal) && w.Contains("does not share note", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_related_object_that_is_not_held_is_refused_and_nothing_is_stored()
    {
        await _us.CreateCollectionAsync(new CollectionDraft("national", "National", null), "admin", Ct);
        var (outcome, problems) = await _usDesk.CreateAsync(Draft(Theft, related: ["indicator--00000000-0000-4000-8000-00000000000f"]), "alice", Ct);
        Assert.Null(outcome);
        var problem = Assert.Single(problems);
        Assert.Equal("incident.related-not-found", problem.Code);
        Assert.Equal("$.related_refs[0]", problem.Path);
        Assert.Empty(await _usDesk.ListAsync(Ct));
    }

    [Fact]
    public async Task A_notice_received_is_tracked_and_its_acknowledgement_closes_it_at_the_sender()
    {
        var (outcome, _) = await _usDesk.CreateAsync(Draft(Theft), "alice", Ct);
        var notice = Assert.Single(outcome!.Notices);
        Assert.Single(await _us.ListEscalationsAsync(new EscalationQuery { OverdueAt = StoreClock.ToMicros(_time.GetUtcNow().AddHours(2)) }, Ct));

        // The notice reaches the partner (as the courier would deliver it into its from-us collection).
        Assert.Equal(1, await _krDesk.ReceiveAsync("from-us", "us", Objects(notice.Payload), Ct));
        var received = await _kr.FindEscalationAsync(notice.Id, EscalationDirection.Inbound, Ct);
        Assert.NotNull(received);
        Assert.Equal("us", received.Partner);
        Assert.Equal(notice.DueAt, received.DueAt);
        Assert.Equal(4, received.Level);

        _time.Advance(TimeSpan.FromMinutes(20));
        var (acked, problems) = await _krDesk.AcknowledgeAsync(notice.Id, EscalationDirection.Inbound, "duty-officer", Ct);
        Assert.Empty(problems);
        Assert.NotNull(acked!.NextAttemptAt);
        var (again, twice) = await _krDesk.AcknowledgeAsync(notice.Id, EscalationDirection.Inbound, "duty-officer", Ct);
        Assert.Null(again);
        Assert.Equal("escalation.already-acknowledged", Assert.Single(twice).Code);
        foreach (var json in Objects(acked.Payload))
        {
            AssertValid(json);
        }

        // An acknowledgement from a partner the notice did not go to changes nothing.
        Assert.Equal(0, await _usDesk.ReceiveAsync("from-jp", "jp", Objects(acked.Payload), Ct));
        Assert.Equal(1, await _usDesk.ReceiveAsync("from-kr", "kr", Objects(acked.Payload), Ct));
        var closed = await _us.FindEscalationAsync(notice.Id, EscalationDirection.Outbound, Ct);
        Assert.Equal("kr: duty-officer", closed!.AcknowledgedBy);
        Assert.Empty(await _us.ListEscalationsAsync(new EscalationQuery { OverdueAt = StoreClock.ToMicros(_time.GetUtcNow().AddHours(2)) }, Ct));
    }

    [Fact]
    public async Task Acknowledging_an_unknown_notice_is_refused()
    {
        var (notice, problems) = await _krDesk.AcknowledgeAsync("report--00000000-0000-4000-8000-000000000000", EscalationDirection.Inbound, "duty-officer", Ct);
        Assert.Null(notice);
        Assert.Equal("escalation.not-found", Assert.Single(problems).Code);
    }

    private static List<ReadOnlyMemory<byte>> Objects(ReadOnlyMemory<byte> envelope)
    {
        using var document = JsonDocument.Parse(envelope);
        return [.. document.RootElement.GetProperty("objects").EnumerateArray().Select(o => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(o.GetRawText()))];
    }

    private static void AssertValid(ReadOnlyMemory<byte> json)
    {
        var validator = new StixValidator(new StixValidatorOptions());
        var findings = new List<Korus.Stix.Finding>();
        validator.Validate(json, "$", findings);
        var errors = findings.Where(f => f.IsError).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }
}
