using System.Net;
using System.Text.Json;
using Korus.Stix.Model;
using Korus.Storage;
using Korus.Testing;
using Xunit;

namespace Korus.IntegrationTests;

/// <summary>
/// Two real nodes on 127.0.0.1, cisa and kisa, syncing every second: what cisa puts in national reaches
/// kisa's from-cisa under kisa's sharing policy at cisa — RED, AMBER+STRICT, AMBER (not named) and what
/// points at them never arrive, personal data arrives redacted — and what kisa offers in to-cisa is
/// pulled into cisa's from-kisa.
/// </summary>
public sealed class PartnerSyncTests : IAsyncLifetime
{
    private readonly NodeFixture _cisa = new() { IdentityName = "CISA" };
    private readonly NodeFixture _kisa = new() { IdentityName = "KISA" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _cisa.InitializeAsync();
        await _kisa.InitializeAsync();
        foreach (var id in new[] { "from-cisa", "to-cisa" })
        {
            Assert.True(await _kisa.Node.Store.CreateCollectionAsync(new CollectionDraft(id, id, null), "test", Ct));
        }

        await _kisa.AddUserAsync("cisa-node", "from-cisa", "to-cisa");

        // As korus partner add does: the partner's from- and to- collections exist from the start.
        Assert.True(await _cisa.Node.Store.CreateCollectionAsync(new CollectionDraft("from-kisa", "from-kisa", null), "test", Ct));
        Assert.True(await _cisa.Node.Store.CreateCollectionAsync(new CollectionDraft("to-kisa", "to-kisa", null), "test", Ct));
        var secrets = await PartnerSecrets.OpenAsync(_cisa.Node.Store, Ct);
        Assert.True(await _cisa.Node.Store.SavePartnerAsync(new PartnerRecord("kisa", _kisa.Node.DiscoveryUrl.ToString(), "cisa-node", secrets.Protect(NodeFixture.Password), "to-cisa", "from-cisa", null, 1, 0), false, "test", Ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _cisa.DisposeAsync();
        await _kisa.DisposeAsync();
    }

    private static string Indicator(int n, string marking, string extra = "") =>
        $$"""{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-{{n:D12}}","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '198.51.100.{{n}}']","pattern_type":"stix","valid_from":"2026-11-01T00:00:00Z","object_marking_refs":["{{marking}}"]{{extra}}}""";

    private static string Id(int n) => $"indicator--00000000-0000-4000-8000-{n:D12}";

    private const string UsOnly = "marking-definition--7f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f";

    private static readonly string ReleasableToUs =
        "{\"type\":\"marking-definition\",\"spec_version\":\"2.1\",\"id\":\"" + UsOnly + "\",\"created\":\"2026-11-01T00:00:00.000Z\",\"name\":\"REL TO USA\",\"extensions\":{\"" + Korus.Sharing.SharingEvaluator.ReleasabilityExtension + "\":{\"extension_type\":\"property-extension\",\"releasable_to\":[\"US\"]}}}";

    private static async Task<Dictionary<string, JsonElement>> ObjectsAsync(NodeFixture node, string collection)
    {
        using var response = await node.GetAsync($"/api/collections/{collection}/objects/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await NodeFixture.JsonAsync(response);
        return json.TryGetProperty("objects", out var objects)
            ? objects.EnumerateArray().ToDictionary(o => o.GetProperty("id").GetString()!, o => o)
            : [];
    }

    private static Task<Dictionary<string, JsonElement>> EventuallyAsync(NodeFixture node, string collection, Func<Dictionary<string, JsonElement>, bool> condition) =>
        UntilAsync(() => ObjectsAsync(node, collection), condition, objects => $"{collection} never got there; it holds {string.Join(", ", objects.Keys)}", seconds: 20);

    /// <summary>Reads until <paramref name="done"/> holds, failing with <paramref name="failure"/> of the last reading after the deadline.</summary>
    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, Func<T, string> failure, int seconds)
    {
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, failure(value));
            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task Shared_objects_arrive_forbidden_ones_never_do_and_personal_data_arrives_redacted()
    {
        // The relationship comes first and points at the RED indicator: order must not matter.
        const string relationship = """{"type":"relationship","spec_version":"2.1","id":"relationship--00000000-0000-4000-8000-000000000099","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","relationship_type":"related-to","source_ref":"indicator--00000000-0000-4000-8000-000000000001","target_ref":"indicator--00000000-0000-4000-8000-000000000002","object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}""";
        await _cisa.PostAsync("national", relationship);
        await _cisa.PostAsync(
            "national",
            Indicator(1, TlpMarkings.Tlp2Green),
            Indicator(2, TlpMarkings.Tlp2Red),
            Indicator(3, TlpMarkings.Tlp2AmberStrict),
            Indicator(4, TlpMarkings.Tlp2Amber),
            Indicator(5, TlpMarkings.Tlp2Clear, ",\"description\":\"phished from victim.park@example.kr, RRN 900101-1234567\""),
            ReleasableToUs,
            Indicator(7, TlpMarkings.Tlp2Green).Replace($"[\"{TlpMarkings.Tlp2Green}\"]", $"[\"{TlpMarkings.Tlp2Green}\",\"{UsOnly}\"]", StringComparison.Ordinal));

        var arrived = await EventuallyAsync(_kisa, "from-cisa", o => o.ContainsKey(Id(1)) && o.ContainsKey(Id(5)));
        Assert.Contains("[REDACTED:email]", arrived[Id(5)].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("[REDACTED:kr-rrn]", arrived[Id(5)].GetProperty("description").GetString(), StringComparison.Ordinal);

        // A later object goes too, and by then every earlier one has been judged: the forbidden never arrived.
        await _cisa.PostAsync("national", Indicator(6, TlpMarkings.Tlp2Green));
        arrived = await EventuallyAsync(_kisa, "from-cisa", o => o.ContainsKey(Id(6)));
        Assert.DoesNotContain(Id(2), arrived.Keys);
        Assert.DoesNotContain(Id(3), arrived.Keys);
        Assert.DoesNotContain(Id(4), arrived.Keys);
        Assert.DoesNotContain("relationship--00000000-0000-4000-8000-000000000099", arrived.Keys);
        Assert.DoesNotContain(Id(7), arrived.Keys);
        Assert.Contains(UsOnly, arrived.Keys);

        // The local object keeps its personal data.
        Assert.Contains("victim.park@example.kr", (await ObjectsAsync(_cisa, "national"))[Id(5)].GetProperty("description").GetString(), StringComparison.Ordinal);

        var state = await _cisa.Node.Store.GetPartnerSyncAsync("kisa", Ct);
        Assert.NotNull(state);
        Assert.Equal(4, state.ObjectsOut);
        Assert.Equal(5, state.ObjectsWithheld);

        // Status over REST, for administrators only.
        using (var response = await _cisa.GetAsync("/korus/v1/partners", accept: "application/json"))
        {
            var status = (await NodeFixture.JsonAsync(response)).GetProperty("partners")[0];
            Assert.Equal("kisa", status.GetProperty("name").GetString());
            Assert.Equal(4, status.GetProperty("objects_out").GetInt64());
            Assert.True(status.TryGetProperty("last_success", out _));
            Assert.DoesNotContain(NodeFixture.Password, status.GetRawText(), StringComparison.Ordinal);
        }

        // Every decision is audited with its rule.
        var red = Assert.Single(await _cisa.Node.Store.ListSharingDecisionsAsync("kisa", Id(2), 10, Ct));
        Assert.Equal("withheld", red.Outcome);
        Assert.Equal("tlp.red", red.Rule);
        Assert.Equal("redacted", Assert.Single(await _cisa.Node.Store.ListSharingDecisionsAsync("kisa", Id(5), 10, Ct)).Outcome);
        Assert.Equal("closure.ref-withheld", Assert.Single(await _cisa.Node.Store.ListSharingDecisionsAsync("kisa", "relationship--00000000-0000-4000-8000-000000000099", 10, Ct)).Rule);

        await _cisa.AddUserAsync("analyst", "national");
        using (var forbidden = await _cisa.GetAsync("/korus/v1/partners", NodeFixture.Basic("analyst", NodeFixture.Password), "application/json"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }
    }

    [Fact]
    public async Task What_the_partner_offers_is_pulled_once_and_later_rounds_take_only_what_is_new()
    {
        using (var response = await _kisa.SendAsync(HttpMethod.Post, "/api/collections/to-cisa/objects/", NodeFixture.Basic("cisa-node", NodeFixture.Password), NodeFixture.Envelope(Indicator(11, TlpMarkings.Tlp2Green), Indicator(12, TlpMarkings.Tlp2Green))))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await EventuallyAsync(_cisa, "from-kisa", o => o.ContainsKey(Id(11)) && o.ContainsKey(Id(12)));
        // The cursor is saved after the page's objects are stored (a page is pulled again, never skipped,
        // if the node stops in between), so it may come a moment after the objects show.
        await EventuallyPullCursorAsync(_cisa, "kisa");

        await _kisa.PostAsync("to-cisa", Indicator(13, TlpMarkings.Tlp2Green));
        var pulled = await EventuallyAsync(_cisa, "from-kisa", o => o.ContainsKey(Id(13)));
        Assert.Equal(3, pulled.Count);
        Assert.Equal(3, await _cisa.Node.Store.CountObjectVersionsAsync("from-kisa", Ct));
    }

    [Fact]
    public async Task The_receiving_node_measures_time_to_share_from_its_partner()
    {
        // kisa knows cisa as a partner too (its status lists it); cisa's objects are created now.
        await _cisa.AddUserAsync("kisa-node", "from-kisa", "to-kisa");
        var secrets = await PartnerSecrets.OpenAsync(_kisa.Node.Store, Ct);
        Assert.True(await _kisa.Node.Store.SavePartnerAsync(new PartnerRecord("cisa", _cisa.Node.DiscoveryUrl.ToString(), "kisa-node", secrets.Protect(NodeFixture.Password), "to-kisa", "from-kisa", null, 1, 0), false, "test", Ct));
        var now = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        await _cisa.PostAsync("national", Indicator(21, TlpMarkings.Tlp2Green).Replace("2026-11-01T00:00:00.000Z", now, StringComparison.Ordinal), Indicator(22, TlpMarkings.Tlp2Green).Replace("2026-11-01T00:00:00.000Z", now, StringComparison.Ordinal));
        await EventuallyAsync(_kisa, "from-cisa", o => o.ContainsKey(Id(21)) && o.ContainsKey(Id(22)));

        using var response = await _kisa.GetAsync("/korus/v1/partners", accept: "application/json");
        var status = (await NodeFixture.JsonAsync(response)).GetProperty("partners")[0];
        Assert.Equal("cisa", status.GetProperty("name").GetString());
        var tts = status.GetProperty("time_to_share");
        Assert.Equal(2, tts.GetProperty("objects").GetInt32());
        Assert.True(tts.GetProperty("median_seconds").GetDouble() >= 0);
        Assert.True(tts.GetProperty("p95_seconds").GetDouble() >= tts.GetProperty("median_seconds").GetDouble());
    }

    private static async Task PutInNationalAsync(NodeFixture node, int first, int count)
    {
        for (var start = first; start < first + count; start += 500)
        {
            var batch = Enumerable.Range(start, Math.Min(500, first + count - start)).Select(n =>
            {
                var json = System.Text.Encoding.UTF8.GetBytes(Indicator(n, TlpMarkings.Tlp2Green));
                using var document = JsonDocument.Parse(json);
                return ObjectVersion.Describe(document.RootElement, json, "test");
            }).ToList();
            await node.Node.Store.AddObjectsAsync("national", Guid.NewGuid().ToString(), 0, batch, "test", Ct);
        }
    }

    private static Task<PartnerSyncState?> EventuallyPullCursorAsync(NodeFixture node, string partner) =>
        UntilAsync(() => node.Node.Store.GetPartnerSyncAsync(partner, Ct), state => state?.PullCursor is not null, _ => $"no pull cursor was saved for {partner}", seconds: 20);

    private static Task<long> EventuallyCountAsync(NodeFixture node, string collection, long count) =>
        UntilAsync(() => node.Node.Store.CountObjectVersionsAsync(collection, Ct), held => held >= count, held => $"{collection} holds {held} of {count}", seconds: 60);

    [Fact]
    public async Task A_node_stopped_mid_sync_resumes_without_losing_or_duplicating()
    {
        await PutInNationalAsync(_cisa, 1000, 3000);
        await EventuallyCountAsync(_kisa, "from-cisa", 1);
        await _cisa.RestartAsync();
        Assert.Equal(3000, await EventuallyCountAsync(_kisa, "from-cisa", 3000));
        Assert.Equal(3000, (await _kisa.Node.Store.QueryObjectsAsync("from-cisa", new ObjectQuery { Limit = 5000, Versions = VersionSelector.All, IncludeContent = false }, Ct)).Items.Select(i => i.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_partner_that_was_down_catches_up()
    {
        var secrets = await PartnerSecrets.OpenAsync(_cisa.Node.Store, Ct);
        PartnerRecord Kisa(string url) => new("kisa", url, "cisa-node", secrets.Protect(NodeFixture.Password), "to-cisa", "from-cisa", null, 1, 0);
        Assert.True(await _cisa.Node.Store.SavePartnerAsync(Kisa("http://127.0.0.1:9/taxii2/"), true, "test", Ct));
        await PutInNationalAsync(_cisa, 5000, 10);
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(20);
        while ((await _cisa.Node.Store.GetPartnerSyncAsync("kisa", Ct))?.LastError is null)
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the sync never reported the partner down");
            await Task.Delay(50, Ct);
        }

        Assert.Equal(0, await _kisa.Node.Store.CountObjectVersionsAsync("from-cisa", Ct));
        Assert.True(await _cisa.Node.Store.SavePartnerAsync(Kisa(_kisa.Node.DiscoveryUrl.ToString()), true, "test", Ct));
        Assert.Equal(10, await EventuallyCountAsync(_kisa, "from-cisa", 10));
        var state = await _cisa.Node.Store.GetPartnerSyncAsync("kisa", Ct);
        Assert.True(state!.Errors >= 1);
    }

    [Fact]
    public async Task Invalid_objects_from_a_partner_are_rejected_alone_and_the_sync_goes_on()
    {
        // Written straight into kisa's store, past its TAXII validation: what a broken partner could serve.
        var broken = """{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000031","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","pattern_type":"stix","valid_from":"2026-11-01T00:00:00Z"}""";
        var items = new[] { broken, Indicator(32, TlpMarkings.Tlp2Green) }.Select(text =>
        {
            var json = System.Text.Encoding.UTF8.GetBytes(text);
            using var document = JsonDocument.Parse(json);
            return ObjectVersion.Describe(document.RootElement, json, "test");
        }).ToList();
        await _kisa.Node.Store.AddObjectsAsync("to-cisa", Guid.NewGuid().ToString(), 0, items, "test", Ct);

        var pulled = await EventuallyAsync(_cisa, "from-kisa", o => o.ContainsKey(Id(32)));
        Assert.DoesNotContain(Id(31), pulled.Keys);
        await _kisa.PostAsync("to-cisa", Indicator(33, TlpMarkings.Tlp2Green));
        await EventuallyAsync(_cisa, "from-kisa", o => o.ContainsKey(Id(33)));
    }
}
