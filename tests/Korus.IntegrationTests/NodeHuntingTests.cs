using System.Net;
using System.Text.Json;
using Korus.Storage;
using Korus.Testing;
using Xunit;

namespace Korus.IntegrationTests;

/// <summary>Continuous hunting on a running node: POST /korus/v1/hunt.</summary>
public sealed class NodeHuntingTests : IAsyncLifetime
{
    private readonly NodeFixture _node = new();

    public ValueTask InitializeAsync() => _node.InitializeAsync();

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private const string Telemetry =
        "{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"source\":{\"ip\":\"10.0.0.5\"},\"destination\":{\"ip\":\"198.51.100.7\",\"port\":443}}\n" +
        "not json\n" +
        "{\"@timestamp\":\"2026-11-20T10:00:01Z\",\"destination\":{\"ip\":\"192.0.2.1\"}}\n";

    private Task<HttpResponseMessage> HuntAsync(System.Net.Http.Headers.AuthenticationHeaderValue? auth, string body, string query = "") =>
        _node.SendAsync(HttpMethod.Post, "/korus/v1/hunt" + query, auth, body, accept: "application/json", contentType: "application/x-ndjson");

    [Fact]
    public async Task Telemetry_posted_to_a_node_is_hunted_with_its_indicators_and_the_sightings_are_stored()
    {
        // Given an indicator in the national collection (as if a partner or an analyst had added it)
        await _node.PostAsync("national", NodeFixture.Indicator(7));

        // When telemetry is posted for hunting
        using var response = await HuntAsync(_node.Admin, Telemetry);

        // Then the answer counts events and matches, reports the malformed line, and names the sighting
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await NodeFixture.JsonAsync(response);
        Assert.Equal(2, summary.GetProperty("events").GetInt32());
        Assert.Equal(1, summary.GetProperty("matches").GetInt32());
        Assert.Equal(2, summary.GetProperty("malformed")[0].GetProperty("line").GetInt32());
        var sightingId = summary.GetProperty("sightings")[0].GetString();

        // And the sighting, its identity and the cited observed-data are in the sightings collection
        using var stored = await _node.GetAsync($"/api/collections/sightings/objects/?match[type]=sighting");
        var envelope = await NodeFixture.JsonAsync(stored);
        var sighting = Assert.Single(envelope.GetProperty("objects").EnumerateArray().ToList());
        Assert.Equal(sightingId, sighting.GetProperty("id").GetString());
        Assert.Equal(NodeFixture.IndicatorId(7), sighting.GetProperty("sighting_of_ref").GetString());
        var observedId = sighting.GetProperty("observed_data_refs")[0].GetString();
        using var observed = await _node.GetAsync($"/api/collections/sightings/objects/{observedId}/");
        Assert.Equal(HttpStatusCode.OK, observed.StatusCode);
    }

    [Fact]
    public async Task Indicators_added_after_the_first_hunt_are_hunted_next_time()
    {
        await _node.PostAsync("national", NodeFixture.Indicator(7));
        using (var first = await HuntAsync(_node.Admin, Telemetry))
        {
            Assert.Equal(1, (await NodeFixture.JsonAsync(first)).GetProperty("matches").GetInt32());
        }

        // A second indicator, for 192.0.2.1, arrives in another collection
        var other = await _node.NewCollectionAsync();
        await _node.PostAsync(other, NodeFixture.Indicator(8).Replace("198.51.100.8", "192.0.2.1", StringComparison.Ordinal));

        using var second = await HuntAsync(_node.Admin, Telemetry);
        var summary = await NodeFixture.JsonAsync(second);
        Assert.Equal(2, summary.GetProperty("indicators").GetInt32());
        Assert.Equal(2, summary.GetProperty("matches").GetInt32());
    }

    [Fact]
    public async Task Hunting_needs_credentials_and_the_right_to_write_sightings()
    {
        using var anonymous = await HuntAsync(null, Telemetry);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);

        var store = _node.Node.Store;
        var user = new UserRecord("reader", SecretHasher.Default.Hash("reader-password-1"), false, 0, [new CollectionRight("*", true, false)]);
        await store.SaveUserAsync(user, false, "test", TestContext.Current.CancellationToken);
        using var reader = await HuntAsync(NodeFixture.Basic("reader", "reader-password-1"), Telemetry);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        var problem = await NodeFixture.JsonAsync(reader);
        Assert.Contains("sightings", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telemetry_past_max_content_length_is_refused_with_413()
    {
        var line = "{\"destination\":{\"ip\":\"198.51.100.7\"}}\n";
        var body = string.Concat(Enumerable.Repeat(line, (int)(_node.MaxContentLength / line.Length) + 10));

        using var response = await HuntAsync(_node.Admin, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("smaller batches", (await NodeFixture.JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_mapping_is_refused_naming_the_parameter()
    {
        using var response = await HuntAsync(_node.Admin, Telemetry, "?mapping=splunk");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("mapping: 'splunk'", (await NodeFixture.JsonAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
