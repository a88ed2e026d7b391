using System.Text;
using Korus.Stix.Model;
using Xunit;
using static Korus.Hunting.Tests.HuntHarness;

namespace Korus.Hunting.Tests;

public sealed class HuntTests
{
    private const string Flow = """{"@timestamp":"2026-11-20T10:00:00Z","source":{"ip":"10.0.0.5","port":50123},"destination":{"ip":"198.51.100.23","port":443},"network":{"transport":"tcp"}}""";
    private const string Dns = """{"@timestamp":"2026-11-20T10:00:30Z","dns":{"question":{"name":"cdn-update.example.net"},"resolved_ip":["203.0.113.7","203.0.113.8"]},"source.ip":"10.0.0.5"}""";
    private const string FileEvent = """{"@timestamp":"2026-11-20T10:01:00.250Z","file":{"name":"postinstall.js","size":48213,"hash":{"sha256":"5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"}},"process":{"pid":4242,"name":"node.exe","command_line":"node postinstall.js --silent"},"user":{"name":"dev01"}}""";
    private const string Mail = """{"@timestamp":"2026-11-20T10:02:00Z","email":{"from":{"address":"billing@evil.example"},"to":{"address":["a@victim.example","b@victim.example"]},"subject":"Invoice 2024"}}""";
    private const string Ipv6 = """{"@timestamp":"2026-11-20T10:03:00Z","source":{"ip":"2001:db8::1"},"destination":{"ip":"2001:db8:ffff::9","port":53},"network":{"transport":"udp"}}""";

    private static readonly string Telemetry = string.Join("\n", Flow, Dns, FileEvent, Mail, Ipv6) + "\n";

    [Theory]
    [InlineData("[ipv4-addr:value = '198.51.100.23']", 1)]
    [InlineData("[network-traffic:dst_ref.value = '198.51.100.23' AND network-traffic:dst_port = 443]", 1)]
    [InlineData("[network-traffic:dst_port IN (53, 443)]", 2)]
    [InlineData("[network-traffic:protocols[*] = 'udp']", 1)]
    [InlineData("[ipv4-addr:value ISSUBSET '10.0.0.0/8']", 2)]
    [InlineData("[ipv6-addr:value ISSUBSET '2001:db8::/32']", 1)]
    [InlineData("[network-traffic:src_ref.value ISSUBSET '2001:db8::/48']", 1)]
    [InlineData("[domain-name:value = 'cdn-update.example.net']", 1)]
    [InlineData("[domain-name:resolves_to_refs[*].value = '203.0.113.8']", 1)]
    [InlineData("[domain-name:value LIKE '%.example.net']", 1)]
    [InlineData("[domain-name:value MATCHES '^cdn-']", 1)]
    [InlineData("[file:hashes.'SHA-256' = '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8']", 1)]
    [InlineData("[file:name = 'postinstall.js' AND file:size > 40000]", 1)]
    [InlineData("[file:size > 40000]", 1)]
    [InlineData("[process:image_ref.name = 'node.exe' AND process:command_line LIKE '%--silent']", 1)]
    [InlineData("[process:creator_user_ref.account_login = 'dev01']", 1)]
    [InlineData("[user-account:account_login = 'dev01']", 1)]
    [InlineData("[email-message:from_ref.value = 'billing@evil.example']", 1)]
    [InlineData("[email-message:to_refs[*].value = 'b@victim.example']", 1)]
    [InlineData("[email-addr:value = 'a@victim.example']", 1)]
    [InlineData("[email-message:subject MATCHES '(?i)^invoice']", 1)]
    [InlineData("[ipv4-addr:value != '10.0.0.5']", 2)] // the flow's destination, and the DNS answers
    [InlineData("[NOT EXISTS file:mime_type]", 1)]
    [InlineData("[EXISTS process:pid]", 1)]
    [InlineData("[ipv4-addr:value = '192.0.2.99']", 0)]
    [InlineData("[domain-name:value = 'CDN-UPDATE.example.net']", 0)]
    [InlineData("[network-traffic:dst_ref.value = '198.51.100.23' AND network-traffic:dst_port = 80]", 0)]
    [InlineData("[ipv6-addr:value = '198.51.100.23']", 0)]
    public void Each_kind_of_comparison_finds_its_events_in_ECS_telemetry(string pattern, int expectedMatches)
    {
        var session = HuntLines(Engine(Indicator(pattern)), Telemetry);

        Assert.Equal(5, session.Events);
        Assert.True(expectedMatches == session.Matches, $"{pattern}: {session.Matches} matches");
        using var bundle = Bundle(session);
        var sightings = OfType(bundle, "sighting");
        Assert.Equal(expectedMatches > 0 ? 1 : 0, sightings.Count);
        if (expectedMatches > 0)
        {
            Assert.Equal(expectedMatches, sightings[0].GetProperty("count").GetInt32());
            Assert.Equal(expectedMatches, sightings[0].GetProperty("observed_data_refs").GetArrayLength());
        }
    }

    [Fact]
    public void A_sighting_cites_valid_observed_data_and_credits_the_node()
    {
        var indicator = Indicator("[domain-name:value = 'cdn-update.example.net'] OR [ipv4-addr:value = '198.51.100.23']", id: "indicator--2f6a8b4c-1d3e-4f5a-8b7c-9d0e1f2a3b4c");

        var session = HuntLines(Engine(indicator), Telemetry);

        using var bundle = Bundle(session);
        var sighting = Assert.Single(OfType(bundle, "sighting"));
        Assert.Equal("indicator--2f6a8b4c-1d3e-4f5a-8b7c-9d0e1f2a3b4c", sighting.GetProperty("sighting_of_ref").GetString());
        Assert.Equal([HuntHarness.Identity], sighting.GetProperty("where_sighted_refs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, sighting.GetProperty("count").GetInt32());
        Assert.Equal("2026-11-20T10:00:00Z", sighting.GetProperty("first_seen").GetString());
        Assert.Equal("2026-11-20T10:00:30Z", sighting.GetProperty("last_seen").GetString());
        var refs = sighting.GetProperty("observed_data_refs").EnumerateArray().Select(e => e.GetString()).ToList();
        var observed = OfType(bundle, "observed-data");
        Assert.Equal(refs.Order(StringComparer.Ordinal), observed.Select(o => o.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        var dns = observed.Single(o => o.GetProperty("first_observed").GetString() == "2026-11-20T10:00:30Z");
        var objectIds = bundle.RootElement.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToHashSet();
        Assert.All(dns.GetProperty("object_refs").EnumerateArray(), r => Assert.Contains(r.GetString(), objectIds));
    }

    [Fact]
    public void Hunting_the_same_file_twice_gives_the_same_observed_data_ids()
    {
        var engine = Engine(Indicator("[ipv4-addr:value = '198.51.100.23']"));

        using var first = Bundle(HuntLines(engine, Telemetry));
        using var second = Bundle(HuntLines(engine, Telemetry));

        Assert.Equal(
            OfType(first, "observed-data").Select(o => o.GetProperty("id").GetString()),
            OfType(second, "observed-data").Select(o => o.GetProperty("id").GetString()));
    }

    [Fact]
    public void Patterns_over_several_observations_match_across_lines()
    {
        var followed = Indicator("[ipv4-addr:value = '198.51.100.23'] FOLLOWEDBY [domain-name:value = 'cdn-update.example.net']");
        var reversed = Indicator("[domain-name:value = 'cdn-update.example.net'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.23']");
        var within = Indicator("([ipv4-addr:value = '198.51.100.23'] AND [file:name = 'postinstall.js']) WITHIN 120 SECONDS");
        var tooShort = Indicator("([ipv4-addr:value = '198.51.100.23'] AND [file:name = 'postinstall.js']) WITHIN 30 SECONDS");
        var repeats = Indicator("[ipv4-addr:value = '10.0.0.5'] REPEATS 2 TIMES");

        var session = HuntLines(Engine(followed, reversed, within, tooShort, repeats), Telemetry);

        using var bundle = Bundle(session);
        var sightings = OfType(bundle, "sighting").ToDictionary(s => s.GetProperty("sighting_of_ref").GetString()!);
        string Id(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("id").GetString()!;
        Assert.Contains(Id(followed), sightings.Keys);
        Assert.DoesNotContain(Id(reversed), sightings.Keys);
        Assert.Contains(Id(within), sightings.Keys);
        Assert.DoesNotContain(Id(tooShort), sightings.Keys);
        Assert.Contains(Id(repeats), sightings.Keys);
        Assert.Equal(2, sightings[Id(followed)].GetProperty("observed_data_refs").GetArrayLength());
        Assert.Equal("2026-11-20T10:00:00Z", sightings[Id(followed)].GetProperty("first_seen").GetString());
        Assert.Equal("2026-11-20T10:00:30Z", sightings[Id(followed)].GetProperty("last_seen").GetString());
    }

    [Fact]
    public void Indicators_that_cannot_be_hunted_are_reported_with_the_reason()
    {
        var engine = Engine(
            Indicator("[ipv4-addr:value = 198.51.100.23]", id: "indicator--00000000-0000-4000-8000-000000000001"),
            Indicator("alert tcp any any -> any 443", patternType: "snort", id: "indicator--00000000-0000-4000-8000-000000000002"),
            Indicator("[ipv4-addr:value = '198.51.100.23']", revoked: true, id: "indicator--00000000-0000-4000-8000-000000000003"),
            Indicator("[ipv4-addr:value = '198.51.100.23']", validUntil: "2021-01-01T00:00:00Z", id: "indicator--00000000-0000-4000-8000-000000000004"),
            Indicator("[ipv4-addr:value = '198.51.100.23']", id: "indicator--00000000-0000-4000-8000-000000000005"));

        Assert.Equal(1, engine.IndicatorCount);
        var skipped = engine.Skipped.OrderBy(s => s.IndicatorId, StringComparer.Ordinal).ToList();
        Assert.Equal(["hunt.invalid-pattern", "hunt.pattern-type", "hunt.revoked", "hunt.expired"], skipped.Select(s => s.Code));
        Assert.Contains("1:20: pattern.unexpected-token", skipped[0].Reason, StringComparison.Ordinal);
        Assert.Contains("snort", skipped[1].Reason, StringComparison.Ordinal);
        Assert.Equal(1, HuntLines(engine, Telemetry).Matches);
    }

    [Fact]
    public void A_hit_before_valid_from_is_not_a_sighting()
    {
        var session = HuntLines(Engine(Indicator("[ipv4-addr:value = '198.51.100.23']", validFrom: "2026-11-21T00:00:00Z")), Telemetry);

        Assert.Equal(0, session.Matches);
        Assert.Equal(1, session.OutsideValidity);
    }

    [Fact]
    public void Only_the_newest_version_of_an_indicator_is_hunted()
    {
        const string id = "indicator--00000000-0000-4000-8000-0000000000aa";
        var old = Indicator("[ipv4-addr:value = '198.51.100.23']", id: id);
        var newer = Indicator("[ipv4-addr:value = '192.0.2.1']", id: id).Replace("\"modified\":\"2020-01-01T00:00:00.000Z\"", "\"modified\":\"2021-01-01T00:00:00.000Z\"", StringComparison.Ordinal);

        var session = HuntLines(Engine(old, newer), Telemetry);

        Assert.Equal(0, session.Matches);
    }

    [Fact]
    public void Malformed_lines_are_counted_with_their_line_numbers_and_the_rest_is_hunted()
    {
        var lines = Flow + "\nnot json at all\n[1,2,3]\n\n{\"truncated\": \n" + Dns + "\n";

        var session = HuntLines(Engine(Indicator("[domain-name:value = 'cdn-update.example.net'] OR [ipv4-addr:value = '198.51.100.23']")), lines);

        Assert.Equal(2, session.Events);
        Assert.Equal(3, session.MalformedCount);
        Assert.Equal([2L, 3L, 5L], session.Malformed.Select(m => m.Line));
        Assert.Contains("not valid JSON", session.Malformed[0].Reason, StringComparison.Ordinal);
        Assert.Equal("an event must be a JSON object", session.Malformed[1].Reason);
        Assert.Equal(2, session.Matches);
    }

    [Fact]
    public void A_pathological_regular_expression_is_stopped_and_counted()
    {
        var limits = new Korus.Patterning.PatternLimits { RegexTimeout = TimeSpan.FromMilliseconds(20) };
        var engine = HuntEngine.Compile(StixDocument.Parse("[" + Indicator("[process:command_line MATCHES '^(?=(a+)+$)a']") + "]").Objects, Now, limits);
        var line = "{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"process\":{\"command_line\":\"" + new string('a', 40) + "!\"}}";

        var session = HuntLines(engine, line + "\n" + Flow + "\n");

        Assert.Equal(2, session.Events);
        Assert.Equal(1, session.Undecided);
        Assert.Equal(0, session.Matches);
    }

    [Fact]
    public void A_sighting_cites_at_most_the_cap_and_keeps_the_exact_count()
    {
        var lines = string.Concat(Enumerable.Range(0, 30).Select(i => "{\"@timestamp\":\"2026-11-20T10:" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + ":00Z\",\"destination\":{\"ip\":\"198.51.100.23\"}}\n"));

        var session = HuntLines(Engine(Indicator("[ipv4-addr:value = '198.51.100.23']")), lines, maxRefs: 10);

        using var bundle = Bundle(session);
        var sighting = Assert.Single(OfType(bundle, "sighting"));
        Assert.Equal(30, sighting.GetProperty("count").GetInt32());
        Assert.Equal(10, sighting.GetProperty("observed_data_refs").GetArrayLength());
        Assert.Equal("2026-11-20T10:29:00Z", sighting.GetProperty("last_seen").GetString());
        Assert.Equal(1, session.CappedSightings);
    }

    [Fact]
    public void STIX_bundles_are_hunted_with_references_that_come_after_the_observed_data()
    {
        var bundle = """
            {"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000001","objects":[
             {"type":"observed-data","spec_version":"2.1","id":"observed-data--00000000-0000-4000-8000-000000000002","created":"2026-11-20T10:00:00.000Z","modified":"2026-11-20T10:00:00.000Z","first_observed":"2026-11-20T10:00:00Z","last_observed":"2026-11-20T10:05:00Z","number_observed":2,"object_refs":["network-traffic--00000000-0000-4000-8000-000000000003","ipv4-addr--00000000-0000-4000-8000-000000000004"]},
             {"type":"network-traffic","spec_version":"2.1","id":"network-traffic--00000000-0000-4000-8000-000000000003","dst_ref":"ipv4-addr--00000000-0000-4000-8000-000000000004","dst_port":443,"protocols":["tcp"]},
             {"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--00000000-0000-4000-8000-000000000004","value":"198.51.100.23"},
             {"type":"observed-data","spec_version":"2.1","id":"observed-data--00000000-0000-4000-8000-000000000005","created":"2026-11-20T10:00:00.000Z","modified":"2026-11-20T10:00:00.000Z","first_observed":"2026-11-20T11:00:00Z","last_observed":"2026-11-20T11:00:00Z","number_observed":1,
              "objects":{"0":{"type":"domain-name","value":"cdn-update.example.net"}}}
            ]}
            """;
        var engine = Engine(
            Indicator("[network-traffic:dst_ref.value = '198.51.100.23' AND network-traffic:dst_port = 443]"),
            Indicator("[ipv4-addr:value = '198.51.100.23'] REPEATS 2 TIMES"),
            Indicator("[domain-name:value LIKE 'cdn-%']"));
        var session = Session(engine);
        var problems = new List<Korus.Stix.Finding>();

        TelemetryFeeder.FeedStix(new MemoryStream(Encoding.UTF8.GetBytes(bundle)), session, problems);

        Assert.Empty(problems);
        Assert.Equal(2, session.Events);
        Assert.Equal(3, session.Matches);
        using var result = Bundle(session, strict: false); // the input's own ids and deprecated form draw warnings
        Assert.Equal(3, OfType(result, "sighting").Count);
        Assert.Equal(2, OfType(result, "observed-data").Count);
    }

    [Theory]
    [InlineData("{\"dns\":{\"question\":{\"name\":\"cdn-update.example.net\"}}}")]
    [InlineData("{\"dns.question.name\":\"cdn-update.example.net\"}")]
    [InlineData("{\"dns.question\":{\"name\":\"cdn-update.example.net\"}}")]
    [InlineData("{\"dns\":{\"question.name\":\"cdn-update.example.net\"}}")]
    [InlineData("{\"d\\u006es\":{\"question\":{\"n\\u0061me\":\"cdn-update.example.net\"}}}")]
    [InlineData("{\"event\":{\"dns\":{\"question\":{\"name\":\"other\"}}},\"dns\":{\"answers\":[[1,2],{\"x\":1}],\"question\":{\"name\":\"cdn-update.example.net\"}}}")]
    public void Field_names_may_be_nested_dotted_mixed_or_escaped(string line)
    {
        var session = HuntLines(Engine(Indicator("[domain-name:value = 'cdn-update.example.net']")), line + "\n");

        Assert.Equal(0, session.MalformedCount);
        Assert.Equal(1, session.Matches);
    }

    [Fact]
    public void Values_in_lists_of_objects_are_read_with_their_positions()
    {
        // A custom mapping whose field sits inside a list of objects
        var mapping = TelemetryMapping.Load(new MemoryStream(Encoding.UTF8.GetBytes("""
            {"objects":{"peer":{"type":"ip"}},"fields":{"peers.addr":"peer:value"}}
            """)), "test mapping");
        var line = "{\"peers\":[{\"addr\":\"10.0.0.1\"},{\"addr\":\"198.51.100.23\"}]}\n";

        var session = HuntLines(Engine(Indicator("[ipv4-addr:value = '198.51.100.23']")), line, mapping);

        Assert.Equal(1, session.Matches);
    }

    [Fact]
    public async Task STIX_lines_are_hunted_and_a_broken_line_is_reported_with_its_number()
    {
        var lines = """
            {"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df","value":"198.51.100.23"}
            {"type":"observed-data","spec_version":"2.1","id":"observed-data--00000000-0000-4000-8000-0000000000a1","created":"2026-11-20T10:00:00.000Z","modified":"2026-11-20T10:00:00.000Z","first_observed":"2026-11-20T10:00:00Z","last_observed":"2026-11-20T10:00:00Z","number_observed":1,"object_refs":["ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df"]}
            {"type":"observed-data", broken

            """;
        var session = Session(Engine(Indicator("[ipv4-addr:value = '198.51.100.23']")));
        var problems = new List<Korus.Stix.Finding>();

        await TelemetryFeeder.FeedStixLinesAsync(new MemoryStream(Encoding.UTF8.GetBytes(lines)), session, problems, null, TestContext.Current.CancellationToken);

        Assert.Equal(1, session.Events);
        Assert.Equal(1, session.Matches);
        var problem = Assert.Single(problems);
        Assert.Equal(3, problem.Line);
        Assert.StartsWith("line 3: ", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":[]}\n", TelemetryFormat.StixLines)]
    [InlineData("{\n  \"type\": \"bundle\",\n  \"objects\": [\n", TelemetryFormat.Stix)]
    [InlineData("  [ {\"type\":\"ipv4-addr\"} ]", TelemetryFormat.Stix)]
    [InlineData("{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"source\":{\"ip\":\"10.0.0.1\"}}\n", TelemetryFormat.JsonLines)]
    [InlineData("garbage first line\n{\"a\":1}\n", TelemetryFormat.JsonLines)]
    public void The_telemetry_format_is_detected_from_its_first_bytes(string head, TelemetryFormat expected)
    {
        Assert.Equal(expected, TelemetryFeeder.Detect(Encoding.UTF8.GetBytes(head)));
    }
}
