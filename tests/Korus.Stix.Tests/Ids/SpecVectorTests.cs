using System.Text;
using System.Text.Json;
using Korus.Stix.Identifiers;
using Xunit;

namespace Korus.Stix.Tests.Ids;

/// <summary>Deterministic SCO ids reproduce the ids printed in the STIX 2.1 specification; RFC 8785 canonical JSON.</summary>
public sealed class SpecVectorTests
{
    [Theory]
    [InlineData("ipv4-addr", """{"value":"198.51.100.3"}""", "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4")]
    [InlineData("domain-name", """{"value":"example.com"}""", "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7")]
    [InlineData("email-addr", """{"value":"john@example.com"}""", "email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934")]
    [InlineData("ipv6-addr", """{"value":"2001:0db8:85a3:0000:0000:8a2e:0370:7334"}""", "ipv6-addr--85a85a8c-ee99-5722-946d-3c3a3270fc6f")]
    [InlineData("mac-addr", """{"value":"d2:fb:49:24:37:18"}""", "mac-addr--757b1725-9903-54f5-a855-1240691d7659")]
    [InlineData("mutex", """{"name":"__CLEANSWEEP__"}""", "mutex--f93fe911-e545-5239-b9b0-597840d0c871")]
    [InlineData("autonomous-system", """{"number":15139}""", "autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff")]
    [InlineData("directory", """{"path":"C:\\Windows\\System32"}""", "directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622")]
    [InlineData("file", """{"hashes":{"SHA-256":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db"},"name":"foo.dll"}""", "file--949eb97a-da1e-5292-8959-03c4249dc9f3")]
    [InlineData("file", """{"hashes":{"SHA-256":"841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649"},"name":"quêry.dll"}""", "file--7d1e3a18-89e7-5bc5-be36-9879f5b7f5c8")]
    [InlineData("software", """{"cpe":"cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*","name":"Word","vendor":"Microsoft","version":"2002"}""", "software--710b0b41-d4d0-5d6c-a400-fc9254554ffc")]
    public void Spec_example_ids_are_reproduced(string type, string contributing, string expected)
    {
        // From the canonical input directly.
        Assert.Equal(expected, DeterministicScoId.Compute(type, Encoding.UTF8.GetBytes(contributing)));

        // From a whole SCO with the properties in another order, extra non-contributing properties and
        // whitespace: only the contributing properties, canonicalised, count.
        using var parsed = JsonDocument.Parse(contributing);
        var members = parsed.RootElement.EnumerateObject().Reverse().Select(p => $"\"{p.Name}\" : {p.Value.GetRawText()}");
        var sco = $$"""{ "type": "{{type}}", "spec_version": "2.1", "id": "{{type}}--00000000-0000-4000-8000-000000000000", {{string.Join(", ", members)}}, "x_note": "ignored" }""";
        using var document = JsonDocument.Parse(sco);
        Assert.True(DeterministicScoId.TryCompute(document.RootElement, out var id));
        Assert.Equal(expected, id);
        Assert.True(DeterministicScoId.TryComputeUuid(document.RootElement, out var computedType, out var uuid));
        Assert.Equal(type, computedType);
        Assert.Equal(expected, $"{type}--{Uuid5.Format(uuid)}");
    }

    [Fact]
    public void Only_one_hash_contributes_in_priority_order()
    {
        const string withMd5 = """{"type":"file","name":"a.exe","hashes":{"SHA-256":"aa","MD5":"bb","SHA-1":"cc"}}""";
        const string md5Only = """{"type":"file","name":"a.exe","hashes":{"MD5":"bb"}}""";
        Assert.Equal(Id(md5Only), Id(withMd5));

        const string unknownFirst = """{"type":"file","name":"a.exe","hashes":{"TLSH":"t1","SSDEEP":"s1"}}""";
        const string tlshOnly = """{"type":"file","name":"a.exe","hashes":{"TLSH":"t1"}}""";
        Assert.Equal(Id(tlshOnly), Id(unknownFirst));
        Assert.NotEqual(Id(md5Only), Id(tlshOnly));
    }

    [Theory]
    [InlineData("""{"type":"process","pid":4}""")]
    [InlineData("""{"type":"ipv4-addr"}""")]
    [InlineData("""{"type":"x-custom-sco","value":"a"}""")]
    [InlineData("""{"type":"indicator","name":"a"}""")]
    [InlineData("""[1]""")]
    public void No_deterministic_id_when_the_spec_gives_none(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.False(DeterministicScoId.TryCompute(document.RootElement, out var id));
        Assert.Null(id);
    }

    [Fact]
    public void Contributing_properties_follow_the_table()
    {
        Assert.Equal(["hashes", "payload_bin"], DeterministicScoId.ContributingProperties("artifact"));
        Assert.Equal(["body", "from_ref", "subject"], DeterministicScoId.ContributingProperties("email-message"));
        Assert.Empty(DeterministicScoId.ContributingProperties("process")!);
        Assert.Null(DeterministicScoId.ContributingProperties("indicator"));
    }

    [Theory]
    [InlineData("""{"b":1,"a":2}""", """{"a":2,"b":1}""")]
    [InlineData("""{ "a" : [ 1 , true , null , "x" ] }""", """{"a":[1,true,null,"x"]}""")]
    [InlineData("""{"\u20ac":1,"\r":2,"1":3,"\u00e9":4}""", "{\"\\r\":2,\"1\":3,\"é\":4,\"€\":1}")]
    [InlineData("""{"\ufb33":2,"\ud83d\ude00":1}""", "{\"\ud83d\ude00\":1,\"\ufb33\":2}")]
    [InlineData("""["a\"b\\c\/d\u0001\u001f\t\n"]""", "[\"a\\\"b\\\\c/d\\u0001\\u001f\\t\\n\"]")]
    [InlineData("""[1.0, 1e2, -0, 0.000001, 1e-7, 1e21, 1e20, 123456789012345678901234567890]""", "[1,100,0,0.000001,1e-7,1e+21,100000000000000000000,1.2345678901234568e+29]")]
    [InlineData("""[5e-324, 1.7976931348623157e308, 0.1, 4.35, 9007199254740993]""", "[5e-324,1.7976931348623157e+308,0.1,4.35,9007199254740992]")]
    public void Canonical_json_follows_rfc_8785(string input, string canonical)
    {
        using var document = JsonDocument.Parse(input);
        Assert.Equal(canonical, Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(document.RootElement)));
    }

    [Theory]
    [InlineData("""["\ud800"]""")]
    [InlineData("""{"\udc00":1}""")]
    public void A_lone_surrogate_cannot_be_canonicalised(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Throws<ArgumentException>(() => JsonCanonicalizer.Canonicalize(document.RootElement));
    }

    [Fact]
    public void An_sco_with_a_lone_surrogate_gets_no_id_and_no_crash()
    {
        using var document = JsonDocument.Parse("""{"type":"url","value":"http://x/\ud800"}""");
        Assert.False(DeterministicScoId.TryCompute(document.RootElement, out _));
        var findings = new List<Finding>();
        new Korus.Stix.Validation.StixValidator().Validate(Encoding.UTF8.GetBytes("""{"type":"url","spec_version":"2.1","id":"url--2f6a8b4c-1d3e-4f5a-8b7c-9d0e1f2a3b4c","value":"http://x/\ud800"}"""), "$", findings);
        Assert.DoesNotContain(findings, f => f.Code == FindingCodes.ScoDeterministicId);
        var refusal = Assert.Single(findings);
        Assert.Equal(FindingCodes.Json, refusal.Code);
        Assert.Contains("lone surrogate (\\ud800)", refusal.Message, StringComparison.Ordinal);
    }

    private static string Id(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.True(DeterministicScoId.TryCompute(document.RootElement, out var id));
        return id;
    }
}
