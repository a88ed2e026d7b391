using Korus.Patterning.Matching;
using Xunit;

namespace Korus.Patterning.Tests;

/// <summary>The matching table M1–M87 of ../shared/docs/specs/stix-patterning.md §5.</summary>
public sealed class PatternMatchingTests
{
    private const string Ip = "[ipv4-addr:value = '198.51.100.1']";
    private const string Dom = "[domain-name:value = 'evil.example.com']";
    private const string Pair = "([ipv4-addr:value = '198.51.100.1'] AND [domain-name:value = 'evil.example.com'])";

    public static TheoryData<string, string, string, bool> Table => new()
    {
        { "M1", Ip, "IP1", true },
        { "M2", Ip, "DOM", false },
        { "M3", Ip, "NET", true },
        { "M4", "[ipv4-addr:value != '198.51.100.1']", "IP1", false },
        { "M5", "[ipv4-addr:value != '198.51.100.1']", "NET", true },
        { "M6", "[ipv4-addr:value NOT = '198.51.100.1']", "IP1", false },
        { "M7", "[ipv4-addr:value ISSUBSET '198.51.100.0/24']", "IP1", true },
        { "M8", "[ipv4-addr:value ISSUBSET '198.51.100.128/25']", "IP1", false },
        { "M9", "[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']", "IP1", true },
        { "M10", "[ipv4-addr:value ISSUPERSET '198.51.100.1']", "NETBLK", true },
        { "M10b", "[ipv4-addr:value ISSUBSET '198.51.100.0/24']", "NETBLK", true },
        { "M11", "[ipv6-addr:value ISSUBSET '2001:db8::/32']", "IP6", true },
        { "M12", Dom, "DOM", true },
        { "M13", "[domain-name:value = 'EVIL.example.com']", "DOM", false },
        { "M14", "[domain-name:value LIKE '%.example.com']", "DOM", true },
        { "M15", "[domain-name:value LIKE 'evil.example']", "DOM", false },
        { "M16", "[domain-name:value LIKE 'evil.exampl_.com']", "DOM", true },
        { "M17", "[domain-name:value MATCHES 'example']", "DOM", true },
        { "M18", "[domain-name:value MATCHES '^example']", "DOM", false },
        { "M19", "[domain-name:value MATCHES '\\\\.com$']", "DOM", true },
        { "M20", "[domain-name:resolves_to_refs[*].value = '203.0.113.7']", "DOM", true },
        { "M21", "[domain-name:resolves_to_refs[0].value = '203.0.113.7']", "DOM", true },
        { "M22", "[domain-name:resolves_to_refs[1].value = '203.0.113.7']", "DOM", false },
        { "M23", "[domain-name:resolves_to_refs[-1].value = '203.0.113.7']", "DOM", false },
        { "M24", "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']", "FILE", true },
        { "M25", "[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4']", "FILE", true },
        { "M26", "[file:name = 'O\\'Brien.exe']", "FILE", true },
        { "M27", "[file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']", "FILE", true },
        { "M28", "[file:size = 25536]", "FILE", true },
        { "M29", "[file:size = 25536.0]", "FILE", true },
        { "M30", "[file:size > 25535.5]", "FILE", true },
        { "M31", "[file:size = '25536']", "FILE", false },
        { "M32", "[file:size != '25536']", "FILE", true },
        { "M33", "[file:mime_type != 'text/plain']", "FILE", false },
        { "M34", "[file:mime_type NOT = 'text/plain']", "FILE", false },
        { "M35", "[EXISTS file:hashes.MD5]", "FILE", true },
        { "M36", "[EXISTS file:mime_type]", "FILE", false },
        { "M37", "[NOT EXISTS file:mime_type]", "FILE", true },
        { "M38", "[file:ctime < t'2024-05-01T10:00:00Z']", "FILE", true },
        { "M39", "[file:ctime = t'2024-05-01T09:00:00Z']", "FILE", true },
        { "M40", "[file:ctime = '2024-05-01T09:00:00Z']", "FILE", false },
        { "M41", "[(file:name = 'x.exe' OR file:size = 25536) AND file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4']", "FILE", true },
        { "M42", "[file:name = 'x.exe' OR file:size = 25536 AND file:hashes.MD5 = '00000000000000000000000000000000']", "FILE", false },
        { "M43", "[network-traffic:dst_ref.value = '198.51.100.1' AND network-traffic:dst_port = 443]", "NET", true },
        { "M44", "[network-traffic:src_ref.value = '192.0.2.10' AND network-traffic:dst_ref.value = '198.51.100.1']", "NET", true },
        { "M45", "[network-traffic:src_ref.value = '192.0.2.10' AND network-traffic:dst_ref.value = '198.51.100.1']", "NET2", false },
        { "M46", "[network-traffic:dst_port IN (80, 443, 8443)]", "NET", true },
        { "M47", "[network-traffic:dst_port NOT IN (80, 8080)]", "NET", true },
        { "M48", "[network-traffic:dst_port IN ()]", "NET", false },
        { "M49", "[network-traffic:protocols[*] = 'tcp']", "NET", true },
        { "M50", "[network-traffic:protocols[0] = 'tcp']", "NET", false },
        { "M51", "[ipv4-addr:value = '198.51.100.1' AND domain-name:value = 'evil.example.com']", "MIX", false },
        { "M52", "[domain-name:value = 'evil.example.com' AND domain-name:resolves_to_refs[*].value = '198.51.100.1']", "MIX", true },
        { "M53", "[ipv4-addr:value = '203.0.113.99' OR domain-name:value = 'evil.example.com']", "DOM", true },
        { "M54", "[artifact:payload_bin = b'aGVsbG8=']", "ART", true },
        { "M55", "[artifact:payload_bin = h'68656c6c6f']", "ART", true },
        { "M56", "[artifact:payload_bin = 'hello']", "ART", true },
        { "M57", "[artifact:payload_bin = 'aGVsbG8=']", "ART", false },
        { "M58", "[artifact:payload_bin MATCHES '^hel']", "ART", true },
        { "M59", "[email-message:is_multipart = false]", "MAIL", true },
        { "M60", "[email-message:is_multipart = 'false']", "MAIL", false },
        { "M61", "[email-message:from_ref.value LIKE '%@evil.example']", "MAIL", true },
        { "M62", "[email-message:subject MATCHES '(?i)^invoice']", "MAIL", true },
        { "M63", "[x-korus-device:serial = 'ABC123']", "CUST", true },
        { "M64", Ip + " AND " + Ip, "IP1", false },
        { "M65", Ip + " AND " + Ip, "IP1,IP1b", true },
        { "M66", "[process:pid = 4242] AND [process:pid = 4242]", "PROC", true },
        { "M67", "[process:pid = 4242] REPEATS 3 TIMES", "PROC", true },
        { "M68", "[process:pid = 4242] REPEATS 4 TIMES", "PROC", false },
        { "M69", Ip + " FOLLOWEDBY " + Dom, "IP1,DOM", true },
        { "M70", Dom + " FOLLOWEDBY " + Ip, "IP1,DOM", false },
        { "M71", Ip + " FOLLOWEDBY " + Ip, "IP1", false },
        { "M72", Pair + " WITHIN 60 SECONDS", "IP1,DOM", true },
        { "M73", Pair + " WITHIN 10 SECONDS", "IP1,DOM", false },
        { "M74", Pair + " WITHIN 30 SECONDS", "IP1,DOM", true },
        { "M75", Ip + " AND " + Dom + " WITHIN 10 SECONDS", "IP1,DOM", true },
        { "M76", Ip + " START t'2024-05-01T10:00:00Z' STOP t'2024-05-01T10:00:01Z'", "IP1", true },
        { "M77", Ip + " START t'2024-05-01T09:59:00Z' STOP t'2024-05-01T10:00:00Z'", "IP1", false },
        { "M78", Ip + " START t'2024-05-01T11:00:00Z' STOP t'2024-05-01T10:00:00Z'", "IP1", false },
        { "M79", "[process:pid = 4242] START t'2024-05-01T10:30:00Z' STOP t'2024-05-01T10:31:00Z'", "PROC", true },
        { "M80", Ip + " REPEATS 2 TIMES WITHIN 30 SECONDS", "IP1,IP1b", false },
        { "M81", Ip + " REPEATS 2 TIMES WITHIN 120 SECONDS", "IP1,IP1b", true },
        { "M82", "[domain-name:value = 'none.example'] OR " + Ip + " FOLLOWEDBY [file:size = 25536]", "IP1,FILE", true },
        { "M83", Ip + " AND [domain-name:value = 'none.example'] OR [file:size = 25536]", "IP1,FILE", true },
        { "M84", Ip + " FOLLOWEDBY [process:pid = 4242] REPEATS 3 TIMES", "IP1,PROC", true },
        { "M85", "(" + Ip + " FOLLOWEDBY [process:pid = 4242]) REPEATS 2 TIMES", "IP1,PROC", false },
        { "M86", "(" + Ip + " FOLLOWEDBY [process:pid = 4242]) REPEATS 2 TIMES", "IP1,IP1b,PROC", true },
        { "M87", Ip + " OR [domain-name:value = 'none.example']", "IP1", true },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void The_matching_table_holds(string name, string pattern, string data, bool expected)
    {
        var compiled = StixPattern.Parse(pattern);
        var observations = Fixtures.Observations(data.Split(','));

        var result = PatternMatcher.Match(compiled, observations);

        Assert.True(expected == result.IsMatch, $"{name}: expected {(expected ? "match" : "no match")}, got {result.Status}");
        if (expected)
        {
            Assert.NotEmpty(result.Binding);
        }
    }

    [Fact]
    public void M69_binds_the_address_first_and_the_domain_second()
    {
        var result = PatternMatcher.Match(StixPattern.Parse(Ip + " FOLLOWEDBY " + Dom), Fixtures.Observations("IP1", "DOM"));

        Assert.Equal([Fixtures.ObservedDataId("IP1"), Fixtures.ObservedDataId("DOM")], result.Binding.Select(b => b.Observation.Id));
        Assert.Equal([0, 1], result.Binding.Select(b => b.BracketIndex));
        Assert.Equal(["ipv4-addr", "domain-name"], result.Binding.Select(b => b.Root.Type));
    }

    [Fact]
    public void Repeats_on_one_observed_data_binds_distinct_instances()
    {
        var result = PatternMatcher.Match(StixPattern.Parse("[process:pid = 4242] REPEATS 3 TIMES"), Fixtures.Observations("PROC"));

        Assert.Equal([1L, 2L, 3L], result.Binding.Select(b => b.Instance));
        Assert.Equal([Fixtures.ObservedDataId("PROC")], result.ObservedDataIds());
    }

    [Fact]
    public void The_deprecated_embedded_objects_form_is_matched_with_references_by_key()
    {
        var json = """
            {"type":"observed-data","spec_version":"2.1","id":"observed-data--6a5b2a1e-96a4-4b8e-9cf0-d2f4a2c0f0a1","created":"2024-05-01T12:00:00Z","modified":"2024-05-01T12:00:00Z",
             "first_observed":"2024-05-01T10:00:00Z","last_observed":"2024-05-01T10:00:00Z","number_observed":1,
             "objects":{"0":{"type":"ipv4-addr","value":"198.51.100.1"},"1":{"type":"network-traffic","dst_ref":"0","dst_port":443,"protocols":["tcp"]}}}
            """;
        var problems = new List<Korus.Stix.Finding>();
        var observations = ObservationReader.Read(Korus.Stix.Model.StixDocument.Parse(json).Objects, problems);

        Assert.Empty(problems);
        Assert.True(PatternMatcher.Match(StixPattern.Parse("[network-traffic:dst_ref.value = '198.51.100.1' AND network-traffic:dst_port = 443]"), observations).IsMatch);
        Assert.True(PatternMatcher.Match(StixPattern.Parse(Ip), observations).IsMatch);
        Assert.False(PatternMatcher.Match(StixPattern.Parse("[network-traffic:dst_ref.value = '198.51.100.2']"), observations).IsMatch);
    }

    [Fact]
    public void A_reference_to_an_object_outside_the_observation_selects_nothing()
    {
        // The domain's resolves_to_refs names the address of another observed-data (IP1's)
        var ipBundle = System.Text.Json.JsonDocument.Parse(Fixtures.Bundle("IP1")).RootElement.GetProperty("objects");
        var ipId = ipBundle[1].GetProperty("id").GetString()!;
        var json = "[" + ipBundle[0].GetRawText() + "," + ipBundle[1].GetRawText() + ","
            + """{"type":"observed-data","spec_version":"2.1","id":"observed-data--6a5b2a1e-96a4-4b8e-9cf0-d2f4a2c0f0a2","created":"2024-05-01T12:00:00Z","modified":"2024-05-01T12:00:00Z","first_observed":"2024-05-01T10:00:00Z","last_observed":"2024-05-01T10:00:00Z","number_observed":1,"object_refs":["domain-name--6a5b2a1e-96a4-4b8e-9cf0-d2f4a2c0f0a3"]},"""
            + """{"type":"domain-name","spec_version":"2.1","id":"domain-name--6a5b2a1e-96a4-4b8e-9cf0-d2f4a2c0f0a3","value":"x.example","resolves_to_refs":["IPREF"]}]""".Replace("IPREF", ipId, StringComparison.Ordinal);
        var problems = new List<Korus.Stix.Finding>();
        var observations = ObservationReader.Read(Korus.Stix.Model.StixDocument.Parse(json).Objects, problems);

        Assert.False(PatternMatcher.Match(StixPattern.Parse("[domain-name:resolves_to_refs[*].value = '198.51.100.1']"), observations).IsMatch);
        Assert.True(PatternMatcher.Match(StixPattern.Parse("[domain-name:resolves_to_refs[*] = '" + ipId + "']"), observations).IsMatch);
    }

    [Fact]
    public void Unresolved_object_refs_are_reported_not_dropped_silently()
    {
        var json = Fixtures.Bundle("IP1");
        var document = Korus.Stix.Model.StixDocument.Parse(json);
        var problems = new List<Korus.Stix.Finding>();

        var observations = ObservationReader.Read([document.Objects[0]], problems);

        Assert.Single(observations);
        var problem = Assert.Single(problems);
        Assert.Equal("hunt.unresolved-ref", problem.Code);
        Assert.Equal("$.objects[0].object_refs[0]", problem.Path);
    }

    [Fact]
    public void A_pathological_regular_expression_is_stopped_by_its_timeout()
    {
        var limits = new PatternLimits { RegexTimeout = TimeSpan.FromMilliseconds(20) };
        // A lookahead needs the backtracking engine, which runs with the timeout
        var pattern = StixPattern.Parse("[x-text:value MATCHES '^(?=(a+)+$)a']", limits);
        var json = """{"type":"observed-data","spec_version":"2.1","id":"observed-data--6a5b2a1e-96a4-4b8e-9cf0-d2f4a2c0f0b1","created":"2024-05-01T12:00:00Z","modified":"2024-05-01T12:00:00Z","first_observed":"2024-05-01T10:00:00Z","last_observed":"2024-05-01T10:00:00Z","number_observed":1,"objects":{"0":{"type":"x-text","value":"VALUE"}}}"""
            .Replace("VALUE", new string('a', 40) + "!", StringComparison.Ordinal);
        var observations = ObservationReader.Read(Korus.Stix.Model.StixDocument.Parse(json).Objects, new List<Korus.Stix.Finding>());

        var result = PatternMatcher.Match(pattern, observations);

        Assert.Equal(MatchStatus.RegexTimeout, result.Status);
        Assert.Contains("timeout", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_quantifiers_without_lookarounds_run_in_linear_time_and_decide()
    {
        // The non-backtracking engine takes expressions without lookarounds or backreferences
        var pattern = StixPattern.Parse("[x-text:value MATCHES '^(a+)+$']", new PatternLimits { RegexTimeout = TimeSpan.FromMilliseconds(20) });
        var json = """{"type":"observed-data","spec_version":"2.1","id":"observed-data--6a5b2a1e-96a4-4b8e-9cf0-d2f4a2c0f0b2","created":"2024-05-01T12:00:00Z","modified":"2024-05-01T12:00:00Z","first_observed":"2024-05-01T10:00:00Z","last_observed":"2024-05-01T10:00:00Z","number_observed":1,"objects":{"0":{"type":"x-text","value":"VALUE"}}}"""
            .Replace("VALUE", new string('a', 5000) + "!", StringComparison.Ordinal);
        var observations = ObservationReader.Read(Korus.Stix.Model.StixDocument.Parse(json).Objects, new List<Korus.Stix.Finding>());

        Assert.Equal(MatchStatus.NoMatch, PatternMatcher.Match(pattern, observations).Status);
        Assert.True(pattern.Brackets[0].Body is Korus.Patterning.Syntax.Comparison { Regex.Options: var options } && options.HasFlag(System.Text.RegularExpressions.RegexOptions.NonBacktracking));
    }

    [Fact]
    public void A_search_past_its_step_limit_is_reported_as_undecided()
    {
        var limits = new PatternLimits { MaxSearchSteps = 3 };
        var pattern = StixPattern.Parse("[ipv4-addr:value = '198.51.100.1'] REPEATS 4 TIMES", limits);
        var observations = Fixtures.Observations("IP1", "IP1b", "NET", "MIX");

        var result = PatternMatcher.Match(pattern, observations);

        Assert.Equal(MatchStatus.SearchLimit, result.Status);
        Assert.False(result.IsMatch);
    }

    [Fact]
    public void Explain_shows_which_comparisons_held_at_the_bound_root()
    {
        var pattern = StixPattern.Parse("[(file:name = 'x.exe' OR file:size = 25536) AND file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4']");
        var result = PatternMatcher.Match(pattern, Fixtures.Observations("FILE"));

        var lines = PatternMatcher.Explain(pattern.Brackets[0], result.Binding[0]);

        Assert.Equal([("file:name = 'x.exe'", false), ("file:size = 25536", true), ("file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'", true)], lines);
    }

    [Theory]
    [InlineData("[x-v:n = null]", false)]
    [InlineData("[x-v:n != 'a']", true)]
    [InlineData("[x-v:n NOT = 'a']", false)]
    [InlineData("[x-v:n < 5]", false)]
    [InlineData("[x-v:n NOT < 5]", false)]
    [InlineData("[EXISTS x-v:n]", true)]
    public void Json_null_is_present_but_only_not_equal_holds(string pattern, bool expected)
    {
        if (pattern == "[x-v:n = null]")
        {
            Assert.False(StixPattern.Check(pattern).IsValid);
            return;
        }

        var json = """{"type":"observed-data","spec_version":"2.1","id":"observed-data--6a5b2a1e-96a4-4b8e-9cf0-d2f4a2c0f0c1","created":"2024-05-01T12:00:00Z","modified":"2024-05-01T12:00:00Z","first_observed":"2024-05-01T10:00:00Z","last_observed":"2024-05-01T10:00:00Z","number_observed":1,"objects":{"0":{"type":"x-v","n":null}}}""";
        var observations = ObservationReader.Read(Korus.Stix.Model.StixDocument.Parse(json).Objects, new List<Korus.Stix.Finding>());

        Assert.Equal(expected, PatternMatcher.Match(StixPattern.Parse(pattern), observations).IsMatch);
    }

    [Theory]
    [InlineData("[file:size NOT > 30000]", true)]
    [InlineData("[file:size NOT < 'a']", false)]
    [InlineData("[file:size NOT IN ('25536')]", true)]
    [InlineData("[file:name < 'P']", true)]
    [InlineData("[file:name > 'O\\'Brien']", true)]
    [InlineData("[file:name NOT LIKE '%.dll']", true)]
    [InlineData("[file:size NOT LIKE '2%']", true)]
    [InlineData("[file:ctime >= t'2024-05-01T09:00:00.000000001Z']", false)]
    [InlineData("[file:ctime <= t'2024-05-01T09:00:00Z' AND file:ctime >= t'2024-05-01T09:00:00Z']", true)]
    [InlineData("[file:hashes.MD5 MATCHES '^7905']", true)]
    [InlineData("[file:hashes.MD5 IN ('79054025255fb1a26e4bc422aef54eb4', '00000000000000000000000000000000')]", true)]
    public void Operators_follow_the_type_and_negation_rules(string pattern, bool expected)
    {
        Assert.Equal(expected, PatternMatcher.Match(StixPattern.Parse(pattern), Fixtures.Observations("FILE")).IsMatch);
    }

    [Theory]
    [InlineData("[x-t:s LIKE 'caf\u00e9']", "cafe\u0301", true)]
    [InlineData("[x-t:s = 'caf\u00e9']", "cafe\u0301", false)]
    [InlineData("[x-t:s LIKE '_']", "\ud83d\ude00", true)]
    [InlineData("[x-t:s LIKE '__']", "\ud83d\ude00", false)]
    [InlineData("[x-t:s MATCHES 'a.b']", "a\nb", true)]
    [InlineData("[x-t:s < '\uffff']", "\ud83d\ude00", false)]
    [InlineData("[x-t:s > '\uffff']", "\ud83d\ude00", true)]
    [InlineData("[x-t:s LIKE '100%']", "100% sure", true)]
    [InlineData("[x-t:s LIKE '%']", "", true)]
    [InlineData("[x-t:s LIKE '%ample.c%']", "evil.example.com", true)]
    [InlineData("[x-t:s LIKE '%ample.x%']", "evil.example.com", false)]
    [InlineData("[x-t:s LIKE 'evil.example.com']", "evil.example.com", true)]
    [InlineData("[x-t:s LIKE 'evil.example.co']", "evil.example.com", false)]
    [InlineData("[x-t:s LIKE 'ev%com']", "evil.example.com", true)]
    [InlineData("[x-t:s LIKE 'ev%x%com']", "evil.example.com", true)]
    [InlineData("[x-t:s LIKE 'ev%q%com']", "evil.example.com", false)]
    public void Strings_compare_by_code_point_and_LIKE_normalises_to_NFC(string pattern, string value, bool expected)
    {
        var json = """{"type":"observed-data","spec_version":"2.1","id":"observed-data--6a5b2a1e-96a4-4b8e-9cf0-d2f4a2c0f0d1","created":"2024-05-01T12:00:00Z","modified":"2024-05-01T12:00:00Z","first_observed":"2024-05-01T10:00:00Z","last_observed":"2024-05-01T10:00:00Z","number_observed":1,"objects":{"0":{"type":"x-t","s":VALUE}}}"""
            .Replace("VALUE", System.Text.Json.JsonSerializer.Serialize(value), StringComparison.Ordinal);
        var observations = ObservationReader.Read(Korus.Stix.Model.StixDocument.Parse(json).Objects, new List<Korus.Stix.Finding>());

        Assert.Equal(expected, PatternMatcher.Match(StixPattern.Parse(pattern), observations).IsMatch);
    }
}
