using System.Text;
using System.Text.Json;
using Korus.Stix;
using Korus.Stix.Model;
using Korus.Stix.Validation;
using Xunit;

namespace Korus.Sharing.Tests;

public sealed class SharingEvaluatorTests
{
    private const string Releasable = "marking-definition--7f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f";

    private static string Indicator(int n, string? marking = null, string extra = "") =>
        $$"""{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-{{n:D12}}","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","pattern":"[ipv4-addr:value = '198.51.100.{{n}}']","pattern_type":"stix","valid_from":"2026-11-01T00:00:00Z"{{(marking is null ? "" : $",\"object_marking_refs\":[\"{marking}\"]")}}{{extra}}}""";

    private static string Id(int n) => $"indicator--00000000-0000-4000-8000-{n:D12}";

    private static SharingPolicy Policy(string yaml) => SharingPolicy.Parse(Encoding.UTF8.GetBytes(yaml), "p.yaml");

    private static readonly SharingPolicy NamesKr = Policy("default_marking: amber\namber_partners: [kr]\npartner_country: KR\npii: redact\n");

    private static IReadOnlyList<SharingDecision> Evaluate(SharingPolicy policy, string partner, params string[] objects) =>
        new SharingEvaluator(policy, partner).Evaluate([.. objects.Select(o => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(o))]);

    [Theory]
    [InlineData(TlpMarkings.Tlp2Clear, SharingOutcome.Shared, SharingCodes.TlpPasses)]
    [InlineData(TlpMarkings.Tlp1White, SharingOutcome.Shared, SharingCodes.TlpPasses)]
    [InlineData(TlpMarkings.Tlp2Green, SharingOutcome.Shared, SharingCodes.TlpPasses)]
    [InlineData(TlpMarkings.Tlp1Green, SharingOutcome.Shared, SharingCodes.TlpPasses)]
    [InlineData(TlpMarkings.Tlp2Amber, SharingOutcome.Withheld, SharingCodes.TlpAmberNotNamed)]
    [InlineData(TlpMarkings.Tlp1Amber, SharingOutcome.Withheld, SharingCodes.TlpAmberNotNamed)]
    [InlineData(TlpMarkings.Tlp2AmberStrict, SharingOutcome.Withheld, SharingCodes.TlpAmberStrict)]
    [InlineData(TlpMarkings.Tlp2Red, SharingOutcome.Withheld, SharingCodes.TlpRed)]
    [InlineData(TlpMarkings.Tlp1Red, SharingOutcome.Withheld, SharingCodes.TlpRed)]
    public void The_default_policy_applies_tlp(string marking, SharingOutcome outcome, string rule)
    {
        var decision = Assert.Single(Evaluate(SharingPolicy.Default, "kr", Indicator(1, marking)));
        Assert.Equal(outcome, decision.Outcome);
        Assert.Equal(rule, decision.Rule);
        Assert.Equal(outcome == SharingOutcome.Withheld, decision.Copy.IsEmpty);
    }

    [Fact]
    public void Unmarked_objects_get_the_default_marking_and_amber_goes_only_to_named_partners()
    {
        var unmarked = Assert.Single(Evaluate(SharingPolicy.Default, "kr", Indicator(1)));
        Assert.Equal(SharingCodes.TlpAmberNotNamed, unmarked.Rule);
        Assert.Contains("default marking", unmarked.Reason, StringComparison.Ordinal);

        Assert.Equal(SharingOutcome.Shared, Assert.Single(Evaluate(NamesKr, "kr", Indicator(1, TlpMarkings.Tlp2Amber))).Outcome);
        Assert.Equal(SharingOutcome.Withheld, Assert.Single(Evaluate(NamesKr, "jp", Indicator(1, TlpMarkings.Tlp2Amber))).Outcome);
        Assert.Equal(SharingCodes.TlpRed, Assert.Single(Evaluate(NamesKr, "kr", Indicator(1, TlpMarkings.Tlp2Red))).Rule);
        Assert.Equal(SharingCodes.TlpRed, Assert.Single(Evaluate(Policy("default_marking: red\npii: redact\n"), "kr", Indicator(1))).Rule);
    }

    [Fact]
    public void The_strictest_of_several_tlp_markings_decides()
    {
        var decision = Assert.Single(Evaluate(NamesKr, "kr", Indicator(1, TlpMarkings.Tlp2Green, $",\"granular_markings\":[]").Replace($"[\"{TlpMarkings.Tlp2Green}\"]", $"[\"{TlpMarkings.Tlp2Green}\",\"{TlpMarkings.Tlp2Red}\"]", StringComparison.Ordinal)));
        Assert.Equal(SharingCodes.TlpRed, decision.Rule);
    }

    private static string ReleasabilityMarking(params string[] countries) =>
        "{\"type\":\"marking-definition\",\"spec_version\":\"2.1\",\"id\":\"" + Releasable + "\",\"created\":\"2026-11-01T00:00:00.000Z\",\"name\":\"REL TO " + string.Join(", ", countries)
        + "\",\"extensions\":{\"" + SharingEvaluator.ReleasabilityExtension + "\":{\"extension_type\":\"property-extension\",\"releasable_to\":[" + string.Join(",", countries.Select(c => $"\"{c}\"")) + "]}}}";

    [Fact]
    public void Releasability_lets_an_object_go_only_to_the_named_countries()
    {
        var marked = Indicator(1, TlpMarkings.Tlp2Green).Replace($"[\"{TlpMarkings.Tlp2Green}\"]", $"[\"{TlpMarkings.Tlp2Green}\",\"{Releasable}\"]", StringComparison.Ordinal);
        var toKr = Evaluate(NamesKr, "kr", ReleasabilityMarking("US", "KR"), marked);
        Assert.Equal(SharingOutcome.Shared, toKr[1].Outcome);
        var usOnly = Evaluate(NamesKr, "kr", ReleasabilityMarking("US"), marked);
        Assert.Equal(SharingCodes.NotReleasable, usOnly[1].Rule);
        Assert.Contains("not to kr (KR)", usOnly[1].Reason, StringComparison.Ordinal);
        var unknownCountry = Evaluate(SharingPolicy.Default, "kr", ReleasabilityMarking("US", "KR"), marked);
        Assert.Equal(SharingCodes.NotReleasable, unknownCountry[1].Rule);
    }

    [Theory]
    [InlineData("Phished user alice.kim@victim.example.kr opened it", "[REDACTED:email]")]
    [InlineData("Call the victim on +82 10-1234-5678 tomorrow", "[REDACTED:phone]")]
    [InlineData("Victim's mobile 010-1234-5678", "[REDACTED:phone]")]
    [InlineData("Contact (202) 555-0143", "[REDACTED:phone]")]
    [InlineData("SSN 123-45-6789 was in the dump", "[REDACTED:us-ssn]")]
    [InlineData("RRN 900101-1234567 leaked", "[REDACTED:kr-rrn]")]
    [InlineData("RRN 9001011234567 leaked", "[REDACTED:kr-rrn]")]
    [InlineData("Logged on as CORP\\\\jdoe from the VPN", "CORP\\[REDACTED:user-account]")]
    [InlineData("Dropped in C:\\\\Users\\\\mkim\\\\AppData", "Users\\[REDACTED:user-account]")]
    [InlineData("Brute-forced login: kimj2024 on the portal", "login: [REDACTED:user-account]")]
    public void Personal_data_in_free_text_is_redacted_and_the_original_is_untouched(string description, string replacement)
    {
        var original = Indicator(1, TlpMarkings.Tlp2Green, $",\"description\":\"{description}\"");
        var bytes = Encoding.UTF8.GetBytes(original);
        var decision = Assert.Single(new SharingEvaluator(SharingPolicy.Default, "kr").Evaluate([bytes]));
        Assert.Equal(SharingOutcome.Redacted, decision.Outcome);
        Assert.Equal(SharingCodes.PiiRedacted, decision.Rule);
        using var copy = JsonDocument.Parse(decision.Copy);
        Assert.Contains(replacement, copy.RootElement.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(original, Encoding.UTF8.GetString(bytes));
        AssertValid(decision.Copy);
    }

    [Theory]
    [InlineData("Seen at 2026-11-23T10:00:00Z from 198.51.100.23 port 443")]
    [InlineData("SHA-256 4b2a1c0e and build 20261123")]
    [InlineData("SSN-shaped but invalid 000-12-3456 and 666-12-3456 and 123-00-4567")]
    [InlineData("Not a birth date 991301-1234567")]
    [InlineData("CVE-2024-3094 in xz 5.6.1")]
    [InlineData("Persists in HKLM\\\\Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run")]
    [InlineData("Beacon to hxxp://198.51.100.7:8443/api")]
    public void Text_without_personal_data_is_left_alone(string description)
    {
        var decision = Assert.Single(Evaluate(SharingPolicy.Default, "kr", Indicator(1, TlpMarkings.Tlp2Green, $",\"description\":\"{description}\"")));
        Assert.Equal(SharingOutcome.Shared, decision.Outcome);
    }

    [Fact]
    public void Personal_objects_are_withheld_and_a_withhold_policy_withholds_text_with_personal_data()
    {
        var email = """{"type":"email-addr","spec_version":"2.1","id":"email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3","value":"victim@example.com","object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}""";
        var person = """{"type":"identity","spec_version":"2.1","id":"identity--00000000-0000-4000-8000-000000000009","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","name":"Jane Doe","identity_class":"individual","object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}""";
        var decisions = Evaluate(SharingPolicy.Default, "kr", email, person);
        Assert.All(decisions, d => Assert.Equal(SharingCodes.PiiObject, d.Rule));

        var strict = Policy("default_marking: green\npii: withhold\n");
        Assert.Equal(SharingCodes.PiiWithheld, Assert.Single(Evaluate(strict, "kr", Indicator(1, null, ",\"description\":\"mail bob@example.com\""))).Rule);
        var allow = Policy("default_marking: green\npii: allow\n");
        Assert.Equal(SharingOutcome.Shared, Evaluate(allow, "kr", email)[0].Outcome);
    }

    private const string Malware = """{"type":"malware","spec_version":"2.1","id":"malware--00000000-0000-4000-8000-000000000101","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","name":"x","is_family":true,"object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}""";

    private static string Relationship(string source, string target) =>
        $$"""{"type":"relationship","spec_version":"2.1","id":"relationship--00000000-0000-4000-8000-000000000201","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","relationship_type":"indicates","source_ref":"{{source}}","target_ref":"{{target}}","object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}""";

    [Fact]
    public void A_relationship_goes_only_when_both_ends_go()
    {
        var shared = Evaluate(SharingPolicy.Default, "kr", Indicator(1, TlpMarkings.Tlp2Green), Malware, Relationship(Id(1), "malware--00000000-0000-4000-8000-000000000101"));
        Assert.Equal(SharingOutcome.Shared, shared[2].Outcome);

        // In either order: the relationship comes first, its source is RED.
        var blocked = Evaluate(SharingPolicy.Default, "kr", Relationship(Id(2), "malware--00000000-0000-4000-8000-000000000101"), Indicator(2, TlpMarkings.Tlp2Red), Malware);
        Assert.Equal(SharingCodes.ClosureWithheld, blocked[0].Rule);
        Assert.Contains("tlp.red", blocked[0].Reason, StringComparison.Ordinal);

        var unknown = Evaluate(SharingPolicy.Default, "kr", Relationship(Id(3), "malware--00000000-0000-4000-8000-000000000101"), Malware);
        Assert.Equal(SharingCodes.ClosureWithheld, unknown[0].Rule);
        Assert.Contains("not held", unknown[0].Reason, StringComparison.Ordinal);

        var resolved = new SharingEvaluator(SharingPolicy.Default, "kr").Evaluate(
            [Encoding.UTF8.GetBytes(Relationship(Id(3), "malware--00000000-0000-4000-8000-000000000101")), Encoding.UTF8.GetBytes(Malware)],
            id => id == Id(3) ? Encoding.UTF8.GetBytes(Indicator(3, TlpMarkings.Tlp2Green)) : null);
        Assert.Equal(SharingOutcome.Shared, resolved[0].Outcome);
    }

    [Fact]
    public void A_report_keeps_only_refs_that_go_and_is_withheld_when_none_do()
    {
        string Report(params string[] refs) => $$"""{"type":"report","spec_version":"2.1","id":"report--00000000-0000-4000-8000-000000000301","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","name":"r","published":"2026-11-01T00:00:00Z","object_refs":[{{string.Join(",", refs.Select(r => $"\"{r}\""))}}],"object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}""";
        var reduced = Evaluate(SharingPolicy.Default, "kr", Report(Id(1), Id(2)), Indicator(1, TlpMarkings.Tlp2Green), Indicator(2, TlpMarkings.Tlp2Red));
        Assert.Equal(SharingOutcome.Redacted, reduced[0].Outcome);
        Assert.Equal(SharingCodes.ClosureReduced, reduced[0].Rule);
        using (var copy = JsonDocument.Parse(reduced[0].Copy))
        {
            Assert.Equal([Id(1)], copy.RootElement.GetProperty("object_refs").EnumerateArray().Select(e => e.GetString()));
        }

        AssertValid(reduced[0].Copy);
        Assert.Equal(SharingCodes.ClosureEmpty, Evaluate(SharingPolicy.Default, "kr", Report(Id(2)), Indicator(2, TlpMarkings.Tlp2Red))[0].Rule);
    }

    [Fact]
    public void A_sighting_needs_what_it_sights_and_loses_withheld_observed_data()
    {
        const string sightingTemplate = """{"type":"sighting","spec_version":"2.1","id":"sighting--00000000-0000-4000-8000-000000000401","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","sighting_of_ref":"SIGHTED","observed_data_refs":["observed-data--00000000-0000-4000-8000-000000000402"],"object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}""";
        var observed = """{"type":"observed-data","spec_version":"2.1","id":"observed-data--00000000-0000-4000-8000-000000000402","created":"2026-11-01T00:00:00.000Z","modified":"2026-11-01T00:00:00.000Z","first_observed":"2026-11-01T00:00:00Z","last_observed":"2026-11-01T00:00:00Z","number_observed":1,"object_refs":["email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3"],"object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}""";
        var email = """{"type":"email-addr","spec_version":"2.1","id":"email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3","value":"victim@example.com"}""";
        var decisions = Evaluate(SharingPolicy.Default, "kr", sightingTemplate.Replace("SIGHTED", Id(1), StringComparison.Ordinal), Indicator(1, TlpMarkings.Tlp2Green), observed, email);
        Assert.Equal(SharingCodes.ClosureEmpty, decisions[2].Rule);
        Assert.Equal(SharingOutcome.Redacted, decisions[0].Outcome);
        using (var copy = JsonDocument.Parse(decisions[0].Copy))
        {
            Assert.False(copy.RootElement.TryGetProperty("observed_data_refs", out _));
        }

        var red = Evaluate(SharingPolicy.Default, "kr", sightingTemplate.Replace("SIGHTED", Id(2), StringComparison.Ordinal), Indicator(2, TlpMarkings.Tlp2Red));
        Assert.Equal(SharingCodes.ClosureWithheld, red[0].Rule);
    }

    [Fact]
    public void Parts_under_a_red_granular_marking_are_cut_and_a_marked_required_part_withholds()
    {
        var granular = Indicator(1, TlpMarkings.Tlp2Green, $",\"description\":\"source: HUMINT\",\"granular_markings\":[{{\"marking_ref\":\"{TlpMarkings.Tlp2Red}\",\"selectors\":[\"description\"]}}]");
        var decision = Assert.Single(Evaluate(SharingPolicy.Default, "kr", granular));
        Assert.Equal(SharingCodes.GranularRemoved, decision.Rule);
        using (var copy = JsonDocument.Parse(decision.Copy))
        {
            Assert.False(copy.RootElement.TryGetProperty("description", out _));
            Assert.False(copy.RootElement.TryGetProperty("granular_markings", out _));
        }

        AssertValid(decision.Copy);
        var required = Indicator(1, TlpMarkings.Tlp2Green, $",\"granular_markings\":[{{\"marking_ref\":\"{TlpMarkings.Tlp2Red}\",\"selectors\":[\"id\"]}}]");
        Assert.Equal(SharingCodes.GranularRequired, Assert.Single(Evaluate(SharingPolicy.Default, "kr", required)).Rule);
    }

    [Fact]
    public void The_releasability_extension_definition_is_valid_stix()
    {
        AssertValid(SharingEvaluator.ReleasabilityDefinition);
        AssertValid(System.Text.Encoding.UTF8.GetBytes(ReleasabilityMarking("US", "KR")));
    }

    [Fact]
    public void Broken_objects_are_withheld_with_the_reason()
    {
        var decisions = new SharingEvaluator(SharingPolicy.Default, "kr").Evaluate([Encoding.UTF8.GetBytes("{\"type\":"), Encoding.UTF8.GetBytes("{\"type\":\"indicator\"}")]);
        Assert.All(decisions, d => Assert.Equal(SharingCodes.Invalid, d.Rule));
    }

    [Theory]
    [InlineData("default_marking: orange\npii: redact\n", "$.default_marking")]
    [InlineData("default_marking: amber\npii: hide\n", "$.pii")]
    [InlineData("default_marking: amber\npii: redact\npii_kinds: [email, passport]\n", "$.pii_kinds[1]")]
    [InlineData("default_marking: amber\npii: redact\npartner_country: Korea\n", "$.partner_country")]
    [InlineData("default_marking: amber\npii: redact\nshare_red: true\n", "$.share_red")]
    [InlineData("pii: redact\n", "$.default_marking")]
    public void A_bad_sharing_policy_is_refused_naming_the_field(string yaml, string path)
    {
        var findings = new List<Finding>();
        Assert.Null(SharingPolicy.Read(Encoding.UTF8.GetBytes(yaml), "p.yaml", findings));
        Assert.Contains(findings, f => f.IsError && f.Path == path);
    }

    private static void AssertValid(ReadOnlyMemory<byte> json)
    {
        var findings = new List<Finding>();
        new StixValidator(new StixValidatorOptions()).Validate(json, "$", findings);
        var errors = findings.Where(f => f.IsError).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }
}
