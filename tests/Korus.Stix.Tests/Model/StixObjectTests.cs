using System.Text;
using System.Text.Json;
using Korus.Stix.Model;
using Xunit;

namespace Korus.Stix.Tests.Model;

public sealed class StixObjectTests
{
    private const string Indicator = """
        {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
          "created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.123456Z","indicator_types":["malicious-activity"],"name":"Poison Ivy Malware",
          "pattern":"[ file:hashes.'SHA-256' = '4bac27393bdd9777ce02453256c5577cd02275510b2227f473d03f533924f877' ]","pattern_type":"stix","pattern_version":"2.1",
          "valid_from":"2016-01-01T00:00:00Z","valid_until":"2017-01-01T00:00:00Z","confidence":85,"lang":"en","labels":["a","b"],
          "kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"execution"}],
          "external_references":[{"source_name":"capec","external_id":"CAPEC-163","url":"https://capec.mitre.org/data/definitions/163.html","hashes":{"SHA-256":"aa"}}],
          "object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"],
          "granular_markings":[{"selectors":["description","labels.[1]"],"marking_ref":"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"},{"selectors":["name"],"lang":"ko"}],
          "x_korus_custom":{"nested":[1,2,{"deep":"\u00e9\ud55c"}]},
          "extensions":{"extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e":{"extension_type":"property-extension","rank":5}}}
        """;

    [Fact]
    public void Common_properties_are_typed()
    {
        var obj = StixObject.Parse(Indicator);

        Assert.IsType<Indicator>(obj);
        Assert.Equal("indicator", obj.Type);
        Assert.Equal("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", obj.Id);
        Assert.Equal(StixKind.Domain, obj.Kind);
        Assert.Equal("2.1", obj.SpecVersion);
        Assert.Equal(StixTimestamp.Parse("2016-04-06T20:03:48.000Z"), obj.Created);
        Assert.Equal("2016-04-06T20:03:48.123456Z", obj.Modified.ToString());
        Assert.Equal(obj.Modified, obj.Version);
        Assert.False(obj.Revoked);
        Assert.Equal("identity--f431f809-377b-45e0-aa1c-6a4751cae5ff", obj.CreatedByRef);
        Assert.Equal(["a", "b"], obj.Labels);
        Assert.Equal(85, obj.Confidence);
        Assert.Equal("en", obj.Lang);
        Assert.Equal("Poison Ivy Malware", obj.Name);
        Assert.Null(obj.Description);

        var reference = Assert.Single(obj.ExternalReferences);
        Assert.Equal("capec", reference.SourceName);
        Assert.Equal("CAPEC-163", reference.ExternalId);
        Assert.Equal("https://capec.mitre.org/data/definitions/163.html", reference.Url);
        Assert.Equal("aa", reference.Hashes["SHA-256"]);

        Assert.Equal(["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"], obj.ObjectMarkingRefs);
        Assert.Equal(2, obj.GranularMarkings.Count);
        Assert.Equal(["description", "labels.[1]"], obj.GranularMarkings[0].Selectors);
        Assert.Equal("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", obj.GranularMarkings[0].MarkingRef);
        Assert.Null(obj.GranularMarkings[0].Lang);
        Assert.Equal("ko", obj.GranularMarkings[1].Lang);

        var extension = Assert.Single(obj.Extensions);
        Assert.Equal("extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e", extension.Key);
        Assert.Equal(5, extension.Value.GetProperty("rank").GetInt32());
    }

    [Fact]
    public void Indicator_properties_are_typed()
    {
        var indicator = Assert.IsType<Indicator>(StixObject.Parse(Indicator));

        Assert.StartsWith("[ file:hashes.'SHA-256'", indicator.Pattern, StringComparison.Ordinal);
        Assert.Equal("stix", indicator.PatternType);
        Assert.Equal("2.1", indicator.PatternVersion);
        Assert.Equal(StixTimestamp.Parse("2016-01-01T00:00:00Z"), indicator.ValidFrom);
        Assert.Equal(StixTimestamp.Parse("2017-01-01T00:00:00Z"), indicator.ValidUntil);
        Assert.Equal(["malicious-activity"], indicator.IndicatorTypes);
        Assert.Equal(new KillChainPhase("mitre-attack", "execution"), Assert.Single(indicator.KillChainPhases));
        Assert.True(indicator.IsInForceAt(StixTimestamp.Parse("2016-06-01T00:00:00Z")));
        Assert.False(indicator.IsInForceAt(StixTimestamp.Parse("2017-01-01T00:00:00Z")));
        Assert.False(indicator.IsInForceAt(StixTimestamp.Parse("2015-12-31T23:59:59.999Z")));
    }

    [Fact]
    public void Exact_bytes_are_kept_and_written_back()
    {
        var bytes = Encoding.UTF8.GetBytes(Indicator.Trim());
        var obj = StixObject.Parse(bytes);

        Assert.Equal(bytes, obj.Json.ToArray());
        using var stream = new MemoryStream();
        obj.WriteTo(stream);
        Assert.Equal(bytes, stream.ToArray());
        Assert.Equal(Indicator.Trim(), obj.ToString());

        // Unknown and custom properties stay, in their order, with escapes untouched.
        Assert.Contains("\"x_korus_custom\":{\"nested\":[1,2,{\"deep\":\"\\u00e9\\ud55c\"}]}", obj.ToString(), StringComparison.Ordinal);
        Assert.Equal("\u00e9\ud55c", obj.Root.GetProperty("x_korus_custom").GetProperty("nested")[2].GetProperty("deep").GetString());
        var names = obj.PropertyNames.ToList();
        Assert.Equal("type", names[0]);
        Assert.Equal("extensions", names[^1]);
        Assert.Equal(names.IndexOf("confidence") + 1, names.IndexOf("lang"));
    }

    [Fact]
    public void Writing_inside_a_json_writer_keeps_bytes()
    {
        var obj = StixObject.Parse(Indicator.Trim());
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            obj.WriteTo(writer);
            writer.WriteEndArray();
        }

        Assert.Equal("[" + Indicator.Trim() + "]", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Parse_copies_the_input()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"x-thing","id":"x-thing--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}""");
        var obj = StixObject.Parse(bytes);
        bytes[2] = (byte)'X';
        Assert.Equal("x-thing", obj.Type);
        Assert.StartsWith("{\"type\"", obj.ToString(), StringComparison.Ordinal);
        Assert.Equal(StixKind.Unknown, obj.Kind);
        Assert.Equal(typeof(StixObject), obj.GetType());
    }

    [Theory]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","confidence":"high"}""", "$.confidence", "stix.property-type")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","confidence":1.5}""", "$.confidence", "stix.property-type")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"yesterday"}""", "$.created", "stix.timestamp")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":17}""", "$.created", "stix.property-type")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","labels":["a",3]}""", "$.labels[1]", "stix.property-type")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","labels":"a"}""", "$.labels", "stix.property-type")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","revoked":"no"}""", "$.revoked", "stix.property-type")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","external_references":[{"source_name":7}]}""", "$.external_references[0].source_name", "stix.property-type")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","external_references":[5]}""", "$.external_references[0]", "stix.property-type")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","granular_markings":[{"selectors":[1]}]}""", "$.granular_markings[0].selectors[0]", "stix.property-type")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","extensions":[]}""", "$.extensions", "stix.property-type")]
    public void Wrong_json_types_throw_naming_the_property(string json, string path, string code)
    {
        var obj = StixObject.Parse(json);
        var ex = Assert.Throws<StixFormatException>(() =>
        {
            _ = obj.Confidence;
            _ = obj.Created;
            _ = obj.Labels;
            _ = obj.Revoked;
            _ = obj.ExternalReferences;
            _ = obj.GranularMarkings;
            _ = obj.Extensions;
        });
        Assert.Equal(path, ex.Finding.Path);
        Assert.Equal(code, ex.Finding.Code);
        Assert.Equal("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", ex.Finding.ObjectId);
        Assert.False(string.IsNullOrWhiteSpace(ex.Finding.Message));
    }

    [Theory]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f" """, "stix.json", "$")]
    [InlineData("""[{"type":"indicator"}]""", "stix.json", "$")]
    [InlineData("42", "stix.json", "$")]
    [InlineData("""{"id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}""", "stix.type", "$.type")]
    [InlineData("""{"type":"","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}""", "stix.type", "$.type")]
    [InlineData("""{"type":5,"id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}""", "stix.type", "$.type")]
    [InlineData("""{"type":"indicator"}""", "stix.id", "$.id")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","name":"a","name":"b"}""", "stix.json", "$")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","x":{"k":1,"k":2}}""", "stix.json", "$")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"} {}""", "stix.json", "$")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",}""", "stix.json", "$")]
    [InlineData("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"/* c */}""", "stix.json", "$")]
    public void Malformed_objects_are_refused_with_a_reason(string json, string code, string path)
    {
        Assert.False(StixObject.TryParse(Encoding.UTF8.GetBytes(json), out var obj, out var error));
        Assert.Null(obj);
        Assert.Equal(code, error.Code);
        Assert.Equal(path, error.Path);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        var ex = Assert.Throws<StixFormatException>(() => StixObject.Parse(json));
        Assert.Equal(code, ex.Finding.Code);
    }

    [Fact]
    public void Duplicate_key_error_names_the_key()
    {
        var ex = Assert.Throws<StixFormatException>(() => StixObject.Parse("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","name":"a","name":"b"}"""));
        Assert.Contains("name", ex.Finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_refused()
    {
        var deep = new StringBuilder("""{"type":"x-deep","id":"x-deep--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","x_v":""");
        deep.Append('[', 100).Append(']', 100).Append('}');
        var ex = Assert.Throws<StixFormatException>(() => StixObject.Parse(deep.ToString()));
        Assert.Equal(FindingCodes.LimitDepth, ex.Finding.Code);

        var shallow = new StringBuilder("""{"type":"x-deep","id":"x-deep--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","x_v":""");
        shallow.Append('[', 20).Append(']', 20).Append('}');
        Assert.Equal("x-deep", StixObject.Parse(shallow.ToString()).Type);
    }

    [Fact]
    public void Invalid_utf8_is_refused()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"indicator","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","name":"AB"}""");
        var at = Array.IndexOf(bytes, (byte)'A');
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;
        Assert.False(StixObject.TryParse(bytes, out _, out var error));
        Assert.Equal(FindingCodes.Json, error.Code);
    }

    [Theory]
    [InlineData("\"name\":\"a\\ud800\"", "\\ud800")]
    [InlineData("\"labels\":[\"\\udc00\\ud83d\"]", "\\udc00")]
    [InlineData("\"x_\\udbff\":1", "\\udbff")]
    public void An_escaped_lone_surrogate_is_refused_where_it_stands(string member, string escape)
    {
        // Valid JSON to JsonDocument, but a typed accessor reading it would throw: the parse refuses it.
        var json = "{\"type\":\"indicator\",\n\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\n" + member + "}";
        var at = json.IndexOf(escape, StringComparison.Ordinal);

        Assert.False(StixObject.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));

        Assert.Equal(FindingCodes.Json, error.Code);
        Assert.Contains($"lone surrogate ({escape}) at byte {at} of the object", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
        Assert.Equal(at - json.LastIndexOf('\n', at), error.Column);
        Assert.Equal("x", StixObject.Parse("{\"type\":\"x-a\",\"id\":\"x-a--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"x_s\":\"\\ud83d\\ude00 \\\\udc00\"}").TryGetProperty("x_s", out var pair) ? "x" : "");
        Assert.Equal("\ud83d\ude00 \\udc00", pair.GetString());
    }
}
