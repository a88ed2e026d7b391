using System.Net;
using System.Text.Json;
using Korus.Storage;
using Korus.Testing;
using Xunit;

namespace Korus.IntegrationTests;

/// <summary>
/// Incidents and the notification flow between two real nodes on 127.0.0.1: the US node files an
/// incident, its notice reaches the ROK node with its deadline, the ROK node acknowledges, and the
/// acknowledgement closes the notice at the US node. The US node's escalation policy gives level 4 a
/// two-second deadline so that "overdue" can be seen without waiting an hour.
/// </summary>
public sealed class NodeEscalationTests : IAsyncLifetime
{
    private readonly string _policy = Path.Combine(Path.GetTempPath(), $"korus-escalation-{Guid.NewGuid():N}.yaml");
    private NodeFixture _us = null!;
    private NodeFixture _kr = null!;

    private const string Theft = """
        {"name": "Exchange hot wallet drained", "description": "Signing keys taken; funds moved through bridges.", "determination": "confirmed",
         "assessment": {"functional_impact": "minimal-critical", "information_impact": "core-credential-compromise", "recoverability": "not-recoverable",
                        "observed_activity": "effect", "location": "critical-systems", "actor": "state-apt", "actor_country": "KP",
                        "cross_sector_dependency": "low", "potential_impact": "national", "bilateral_scope": "one-nation"}}
        """;

    private const string Reassessment = """
        {"reason": "laundering reached the partner's exchanges",
         "assessment": {"functional_impact": "minimal-critical", "information_impact": "core-credential-compromise", "recoverability": "not-recoverable",
                        "observed_activity": "effect", "location": "critical-systems", "actor": "state-apt", "actor_country": "KP",
                        "cross_sector_dependency": "high", "potential_impact": "multinational", "bilateral_scope": "both-nations"}}
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(_policy, """
            name: test-escalation
            levels:
              "1": { notify: false, mode: independent }
              "2": { notify: false, mode: independent }
              "3": { notify: true, deadline: 24h, mode: coordinated }
              "4": { notify: true, deadline: 2s, mode: coordinated, joint_when: { actors: [state-nexus, state-apt] }, share: [indicator] }
              "5": { notify: true, deadline: 15m, mode: joint }
            """, Ct);
        _us = new NodeFixture { IdentityName = "US national centre", CourierInterval = TimeSpan.FromMilliseconds(200), EscalationPolicyPath = _policy };
        _kr = new NodeFixture { IdentityName = "ROK national centre", CourierInterval = TimeSpan.FromMilliseconds(200) };
        await _us.InitializeAsync();
        await _kr.InitializeAsync();

        // Each node has an account on the other that may write into its from-PARTNER collection.
        await _kr.Node.Store.CreateCollectionAsync(new CollectionDraft("from-us", "From us", null), "test", Ct);
        await _us.Node.Store.CreateCollectionAsync(new CollectionDraft("from-kr", "From kr", null), "test", Ct);
        await _kr.AddUserAsync("us-node", "from-us");
        await _us.AddUserAsync("kr-node", "from-kr");
        await AddPartnerAsync(_us, "kr", _kr, "us-node", "from-us");
        await AddPartnerAsync(_kr, "us", _us, "kr-node", "from-kr");
    }

    private static async Task AddPartnerAsync(NodeFixture node, string name, NodeFixture partner, string user, string push)
    {
        var secrets = await PartnerSecrets.OpenAsync(node.Node.Store, Ct);
        Assert.True(await node.Node.Store.SavePartnerAsync(new PartnerRecord(name, partner.Node.DiscoveryUrl.ToString(), user, secrets.Protect(NodeFixture.Password), "to-" + name, push, null, 60, 0), false, "test", Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _us.DisposeAsync();
        await _kr.DisposeAsync();
        File.Delete(_policy);
    }

    private static async Task<JsonElement> PostJsonAsync(NodeFixture node, string path, string body, HttpStatusCode expected, System.Net.Http.Headers.AuthenticationHeaderValue? auth = null)
    {
        using var response = await node.SendAsync(HttpMethod.Post, path, auth ?? node.Admin, body, accept: "application/json", contentType: "application/json");
        var json = await NodeFixture.JsonAsync(response);
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {json}");
        return json;
    }

    private static async Task<JsonElement> GetJsonAsync(NodeFixture node, string path)
    {
        using var response = await node.GetAsync(path, accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await NodeFixture.JsonAsync(response);
    }

    /// <summary>Polls until <paramref name="condition"/> holds for the JSON at <paramref name="path"/>, for at most 20 seconds.</summary>
    private static async Task<JsonElement> EventuallyAsync(NodeFixture node, string path, Func<JsonElement, bool> condition)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        while (true)
        {
            var json = await GetJsonAsync(node, path);
            if (condition(json))
            {
                return json;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"{path} never satisfied the condition; last answer: {json}");
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task A_notice_reaches_the_partner_with_its_deadline_and_the_acknowledgement_comes_back()
    {
        // When the US node files a level-4 incident by a state actor
        var filed = await PostJsonAsync(_us, "/korus/v1/incidents", Theft, HttpStatusCode.Created);
        Assert.Equal(4, filed.GetProperty("level").GetInt32());
        var decision = filed.GetProperty("decisions")[0];
        Assert.Equal("kr", decision.GetProperty("partner").GetString());
        Assert.Equal("joint", decision.GetProperty("mode").GetString());
        Assert.Equal("PT2S", decision.GetProperty("deadline").GetString());
        var notice = filed.GetProperty("notices")[0];
        var noticeId = notice.GetProperty("id").GetString()!;
        var incidentId = filed.GetProperty("incident_id").GetString()!;

        // Then the ROK node holds the notice with the same deadline, and the report and incident in from-us
        var inbound = await EventuallyAsync(_kr, "/korus/v1/escalations?direction=inbound", j => j.GetProperty("notices").GetArrayLength() == 1);
        var received = inbound.GetProperty("notices")[0];
        Assert.Equal(noticeId, received.GetProperty("id").GetString());
        Assert.Equal("us", received.GetProperty("partner").GetString());
        Assert.Equal(notice.GetProperty("due_at").GetString(), received.GetProperty("due_at").GetString());
        Assert.Equal("joint", received.GetProperty("mode").GetString());
        using (var objects = await _kr.GetAsync("/api/collections/from-us/objects/"))
        {
            var ids = (await NodeFixture.JsonAsync(objects)).GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToList();
            Assert.Contains(noticeId, ids);
            Assert.Contains(incidentId, ids);
        }

        // And the US node sees it delivered, then overdue once the two seconds pass unacknowledged
        await EventuallyAsync(_us, $"/korus/v1/incidents/{incidentId}", j => j.GetProperty("notices")[0].TryGetProperty("delivered_at", out _));
        await EventuallyAsync(_us, "/korus/v1/escalations?overdue=true", j => j.GetProperty("notices").GetArrayLength() == 1);

        // When the ROK duty officer acknowledges
        var acked = await PostJsonAsync(_kr, $"/korus/v1/escalations/{noticeId}/acknowledge", "", HttpStatusCode.OK);
        Assert.Equal("admin", acked.GetProperty("acknowledged_by").GetString());

        // Then the acknowledgement reaches the US node: the notice is acknowledged and no longer overdue
        var detail = await EventuallyAsync(_us, $"/korus/v1/incidents/{incidentId}", j => j.GetProperty("notices")[0].TryGetProperty("acknowledged_at", out _));
        Assert.Equal("kr: admin", detail.GetProperty("notices")[0].GetProperty("acknowledged_by").GetString());
        Assert.False(detail.GetProperty("notices")[0].GetProperty("overdue").GetBoolean());
        Assert.Equal(0, (await GetJsonAsync(_us, "/korus/v1/escalations?overdue=true")).GetProperty("notices").GetArrayLength());
        await EventuallyAsync(_kr, "/korus/v1/escalations?direction=inbound", j => j.GetProperty("notices")[0].TryGetProperty("delivered_at", out _));

        // And acknowledging twice is a conflict
        await PostJsonAsync(_kr, $"/korus/v1/escalations/{noticeId}/acknowledge", "", HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Reassessment_keeps_the_history_and_a_higher_level_sends_a_new_notice()
    {
        var filed = await PostJsonAsync(_us, "/korus/v1/incidents", Theft, HttpStatusCode.Created);
        var incidentId = filed.GetProperty("incident_id").GetString()!;
        var again = await PostJsonAsync(_us, $"/korus/v1/incidents/{incidentId}/assessments", Reassessment, HttpStatusCode.Created);
        Assert.Equal(5, again.GetProperty("level").GetInt32());
        Assert.Equal("PT15M", again.GetProperty("decisions")[0].GetProperty("deadline").GetString());

        var detail = await GetJsonAsync(_us, $"/korus/v1/incidents/{incidentId}");
        var history = detail.GetProperty("history");
        Assert.Equal(2, history.GetArrayLength());
        Assert.Equal(4, history[0].GetProperty("level").GetInt32());
        Assert.Equal(5, history[1].GetProperty("level").GetInt32());
        Assert.Equal("laundering reached the partner's exchanges", history[1].GetProperty("reason").GetString());
        Assert.Equal(2, detail.GetProperty("notices").GetArrayLength());

        var list = await GetJsonAsync(_us, "/korus/v1/incidents");
        Assert.Equal(5, list.GetProperty("incidents")[0].GetProperty("level").GetInt32());
        var sent = await EventuallyAsync(_us, "/korus/v1/escalations?direction=outbound", j => j.GetProperty("notices").EnumerateArray().All(n => n.TryGetProperty("delivered_at", out _) || n.TryGetProperty("last_error", out _)));
        Assert.True(sent.GetProperty("notices").EnumerateArray().All(n => n.TryGetProperty("delivered_at", out _)), sent.ToString());
        await EventuallyAsync(_kr, "/korus/v1/escalations?direction=inbound", j => j.GetProperty("notices").GetArrayLength() == 2);
    }

    [Fact]
    public async Task Bad_requests_get_problem_details_naming_the_field()
    {
        var unknownOption = await PostJsonAsync(_us, "/korus/v1/incidents", Theft.Replace("\"critical-systems\"", "\"critical-system\"", StringComparison.Ordinal), HttpStatusCode.BadRequest);
        Assert.Equal("$.assessment.location", unknownOption.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal("cscf.unknown-option", unknownOption.GetProperty("errors")[0].GetProperty("code").GetString());

        var missing = await PostJsonAsync(_us, "/korus/v1/incidents", Theft.Replace("\"recoverability\": \"not-recoverable\",", "", StringComparison.Ordinal), HttpStatusCode.BadRequest);
        Assert.Equal("$.assessment.recoverability", missing.GetProperty("errors")[0].GetProperty("path").GetString());

        var malformed = await PostJsonAsync(_us, "/korus/v1/incidents", "{\"name\": ", HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", malformed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var surrogate = await PostJsonAsync(_us, "/korus/v1/incidents", Theft.Replace("\"KP\"", "\"K\\udc00P\"", StringComparison.Ordinal), HttpStatusCode.BadRequest);
        Assert.Contains("lone surrogate (\\udc00)", surrogate.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await PostJsonAsync(_us, "/korus/v1/incidents", Theft, HttpStatusCode.Unauthorized, NodeFixture.Basic("admin", "wrong"));
        await _us.AddUserAsync("reader-only");
        await PostJsonAsync(_us, "/korus/v1/incidents", Theft, HttpStatusCode.Forbidden, NodeFixture.Basic("reader-only", NodeFixture.Password));
        await PostJsonAsync(_us, "/korus/v1/incidents", "{\"name\": \"" + new string('x', (int)_us.MaxContentLength) + "\"}", HttpStatusCode.RequestEntityTooLarge);

        using (var none = await _us.GetAsync("/korus/v1/incidents/incident--00000000-0000-4000-8000-000000000000", accept: "application/json"))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        }

        await PostJsonAsync(_us, "/korus/v1/incidents/incident--00000000-0000-4000-8000-000000000000/assessments", Reassessment, HttpStatusCode.NotFound);
        var filed = await PostJsonAsync(_us, "/korus/v1/incidents", Theft, HttpStatusCode.Created);
        var badReassess = await PostJsonAsync(_us, $"/korus/v1/incidents/{filed.GetProperty("incident_id").GetString()}/assessments", "{\"assessment\": {}, \"why\": 1}", HttpStatusCode.BadRequest);
        Assert.Contains(badReassess.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "$.why");
        await PostJsonAsync(_us, "/korus/v1/escalations/report--00000000-0000-4000-8000-000000000000/acknowledge", "", HttpStatusCode.NotFound);
        using (var badQuery = await _us.GetAsync("/korus/v1/escalations?overdue=maybe", accept: "application/json"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        }
    }

    [Fact]
    public async Task A_partner_that_is_down_leaves_the_notice_queued_with_the_reason()
    {
        var secrets = await PartnerSecrets.OpenAsync(_us.Node.Store, Ct);
        Assert.True(await _us.Node.Store.SavePartnerAsync(new PartnerRecord("kr", "http://127.0.0.1:9/taxii2/", "us-node", secrets.Protect("x"), "to-kr", "from-us", null, 60, 0), true, "test", Ct));

        var filed = await PostJsonAsync(_us, "/korus/v1/incidents", Theft, HttpStatusCode.Created);
        var incidentId = filed.GetProperty("incident_id").GetString()!;
        var detail = await EventuallyAsync(_us, $"/korus/v1/incidents/{incidentId}", j => j.GetProperty("notices")[0].TryGetProperty("last_error", out _));
        var notice = detail.GetProperty("notices")[0];
        Assert.False(notice.TryGetProperty("delivered_at", out _));
        Assert.True(notice.GetProperty("attempts").GetInt32() >= 1);
        Assert.Contains("127.0.0.1:9", notice.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }
}
