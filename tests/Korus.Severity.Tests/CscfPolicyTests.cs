using Korus.Policies;
using System.Text;
using Korus.Severity;
using Korus.Stix;

namespace Korus.Severity.Tests;

public sealed class CscfPolicyTests
{
    private static readonly CscfPolicy Policy = CscfPolicy.Default;

    [Fact]
    public void Every_factor_at_its_least_severe_option_is_level_1()
    {
        var result = Policy.Assess(Assessments.Least());
        Assert.Equal(1, result.Level);
        Assert.Equal("minimal", result.LevelName);
        Assert.Equal(12.63, result.Score);
    }

    [Fact]
    public void Every_factor_at_its_most_severe_option_is_level_5_with_score_100()
    {
        var result = Policy.Assess(Assessments.Most());
        Assert.Equal(5, result.Level);
        Assert.Equal(100, result.Score);
    }

    /// <summary>
    /// Every possible assessment (2,150,400 of them) is scored once; then each is compared with every
    /// neighbour one step more severe in one factor. A policy law, proved by enumeration.
    /// </summary>
    [Fact]
    public void Default_policy_is_monotone_over_every_assessment_and_keeps_the_safety_floor()
    {
        var sizes = CscfVocabulary.Factors.Select(f => CscfVocabulary.Options(f).Count).ToArray();
        var strides = new int[sizes.Length];
        var total = 1;
        for (var f = sizes.Length - 1; f >= 0; f--)
        {
            strides[f] = total;
            total *= sizes[f];
        }

        Assert.Equal(2_150_400, total);
        var levels = new byte[total];
        var indexes = new int[sizes.Length];
        var effect = CscfVocabulary.OptionIndex(CscfFactor.ObservedActivity, "effect");
        var safety = CscfVocabulary.OptionIndex(CscfFactor.Location, "safety-systems");
        for (var n = 0; n < total; n++)
        {
            var rest = n;
            for (var f = 0; f < sizes.Length; f++)
            {
                indexes[f] = rest / strides[f];
                rest %= strides[f];
            }

            var level = Policy.Assess(CscfAssessment.FromIndexes(indexes)).Level;
            levels[n] = (byte)level;
            if (indexes[(int)CscfFactor.ObservedActivity] == effect && indexes[(int)CscfFactor.Location] == safety)
            {
                Assert.True(level >= 4, $"assessment #{n} (effect on safety-systems) is level {level}");
            }
        }

        for (var n = 0; n < total; n++)
        {
            var rest = n;
            for (var f = 0; f < sizes.Length; f++)
            {
                var index = rest / strides[f];
                rest %= strides[f];
                if (index + 1 < sizes[f] && levels[n + strides[f]] < levels[n])
                {
                    Assert.Fail($"making {CscfVocabulary.Name((CscfFactor)f)} more severe lowered the level from {levels[n]} to {levels[n + strides[f]]} (assessment #{n})");
                }
            }
        }
    }

    [Fact]
    public void Contributions_add_up_to_the_score_and_name_each_factor()
    {
        var result = Policy.Assess(Assessments.Of("denial-critical", "critical-systems-breach", "extended", "effect", "critical-systems", "criminal", "medium", "regional", "one-nation"));
        Assert.Equal(9, result.Contributions.Count);
        Assert.Equal(result.Score, Math.Round(result.Contributions.Sum(c => c.Points), 2));
        var functional = result.Contributions[0];
        Assert.Equal(CscfFactor.FunctionalImpact, functional.Factor);
        Assert.Equal("denial-critical", functional.Option);
        Assert.Equal(100, functional.Value);
        Assert.Equal(6, functional.Weight);
        Assert.Equal(600.0 / 38, functional.Points, 10);
    }

    [Fact]
    public void Same_assessment_and_policy_always_give_the_same_result()
    {
        var assessment = Assessments.Of("minimal-critical", "core-credential-compromise", "not-recoverable", "effect", "critical-systems", "state-apt", "low", "national", "one-nation");
        var first = Policy.Assess(assessment);
        var again = CscfPolicy.Parse(File.ReadAllBytes(PolicyFile()), "cscf-default.json").Assess(assessment);
        Assert.Equal(first.Score, again.Score);
        Assert.Equal(first.Level, again.Level);
        Assert.Equal(first.PolicyHash, again.PolicyHash);
        Assert.StartsWith("sha256:", first.PolicyHash, StringComparison.Ordinal);
    }

    [Fact]
    public void The_nciss_score_reproduces_the_published_test_vector_and_gives_a_priority()
    {
        // NCISS test vector (severity-and-attribution.md): FI 70, OA 80, LOC 60, ACT 80, INFO 80, REC 60, XS 100, POT 75 → 2530/34 = 74.41.
        var result = Policy.Assess(Assessments.Of("significant-critical", "core-credential-compromise", "extended", "presence", "business-network-management", "state-nexus", "high", "national", "alliance-military"));
        Assert.Equal(74.41, result.NcissScore);
        Assert.Equal(3, result.NcissPriority);
        Assert.Equal(100, Policy.Assess(Assessments.Most()).NcissScore);
        Assert.Equal(5, Policy.Assess(Assessments.Most()).NcissPriority);
        Assert.Equal(0, Policy.Assess(Assessments.Least()).NcissPriority);
    }

    [Fact]
    public void A_policy_without_priority_thresholds_gives_no_nciss_priority()
    {
        var policy = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(PolicyFile()))!;
        policy.AsObject().Remove("nciss_priority_from");
        var result = CscfPolicy.Parse(Encoding.UTF8.GetBytes(policy.ToJsonString()), "p.json").Assess(Assessments.Most());
        Assert.Null(result.NcissPriority);
        Assert.Null(result.NcissScore);
    }

    [Fact]
    public void A_floor_rule_raises_the_level_and_says_so()
    {
        var result = Policy.Assess(Assessments.Of("no-impact-to-services", "none", "regular", "effect", "safety-systems", "unknown", "medium", "local", "one-nation"));
        Assert.Equal(2, result.BandLevel);
        Assert.Equal(4, result.Level);
        var fired = Assert.Single(result.FiredRules);
        Assert.Equal("safety-effect", fired.Id);
        Assert.True(fired.Raised);
    }

    [Fact]
    public void Yaml_and_json_forms_of_one_policy_have_the_same_hash()
    {
        var yaml = """
            name: korus-cscf-default
            version: "2026-11-23"
            description: "Korus default CSCF policy: NCISS weights and option values (CISA reference configuration) plus the alliance factor bilateral_scope; bands and floors as reasoned in docs/cscf.md."
            factors:
              functional_impact: { weight: 6, values: { none: 0, no-impact-to-services: 20, minimal-noncritical: 35, minimal-critical: 40, significant-noncritical: 50, denial-noncritical: 60, significant-critical: 70, denial-critical: 100 } }
              information_impact: { weight: 2, values: { none: 0, suspected: 10, privacy-breach: 20, proprietary-breach: 50, destruction-noncritical: 60, critical-systems-breach: 70, core-credential-compromise: 80, destruction-critical: 100 } }
              recoverability: { weight: 4, values: { regular: 20, supplemented: 40, extended: 60, not-recoverable: 100 } }
              observed_activity: { weight: 5, values: { prepare: 40, engage: 70, presence: 80, effect: 100 } }
              location: { weight: 4, values: { business-dmz: 30, business-network: 40, business-network-management: 60, critical-dmz: 70, critical-management: 80, critical-systems: 90, safety-systems: 100 } }
              actor: { weight: 4, values: { unknown: 20, criminal: 40, hacktivist: 45, state-nexus: 80, state-apt: 100 } }
              cross_sector_dependency: { weight: 3, values: { none: 0, low: 30, medium: 60, high: 100 } }
              potential_impact: { weight: 6, values: { none: 0, local: 25, regional: 50, national: 75, multinational: 100 } }
              bilateral_scope: { weight: 4, values: { one-nation: 0, both-nations: 60, alliance-military: 100 } }
            bands:
              - { level: 1, name: minimal, from: 0, to: 35 }
              - { level: 2, name: low, from: 35, to: 50 }
              - { level: 3, name: significant, from: 50, to: 62 }
              - { level: 4, name: severe, from: 62, to: 80 }
              - { level: 5, name: critical, from: 80, to: 100 }
            nciss_priority_from: [20, 40, 60, 75, 90]
            floors:
              - id: safety-effect
                when: { observed_activity: effect, location: safety-systems }
                min_level: 4
                reason: "An effect on safety systems can cost lives; it is never below severe."
              - id: state-presence-on-alliance-military
                when: { actor: state-nexus, observed_activity: presence, bilateral_scope: alliance-military }
                min_level: 4
                reason: "A state actor inside alliance military networks is pre-positioning against both nations; it is never below severe."
              - id: critical-service-denied
                when: { functional_impact: denial-critical, observed_activity: effect }
                min_level: 3
                reason: "A critical service denied is a significant incident whatever else is known."
              - id: state-core-credentials
                when: { information_impact: core-credential-compromise, actor: state-nexus }
                min_level: 3
                reason: "Core credentials in a state actor's hands give it the network; never below significant."
            """;
        var fromYaml = CscfPolicy.Parse(Encoding.UTF8.GetBytes(yaml), "policy.yaml");
        Assert.Equal(CscfPolicy.Default.Hash, fromYaml.Hash);
    }

    public static TheoryData<string, string, string, string> RefusedPolicies => new()
    {
        { "\"weight\": 6,", "\"weight\": 0,", SeverityCodes.PolicyWeight, "$.factors.functional_impact.weight" },
        { "\"weight\": 2,", "\"weight\": -1,", SeverityCodes.PolicyWeight, "$.factors.information_impact.weight" },
        { "\"to\": 35 }", "\"to\": 40 }", SeverityCodes.PolicyBandOverlap, "$.bands" },
        { "\"to\": 50 }", "\"to\": 45 }", SeverityCodes.PolicyBandGap, "$.bands" },
        { "\"level\": 1, \"name\": \"minimal\", \"from\": 0", "\"level\": 1, \"name\": \"minimal\", \"from\": 5", SeverityCodes.PolicyBandGap, "$.bands" },
        { "\"safety-systems\": 100 }", "\"safety-system\": 100 }", SeverityCodes.PolicyUnknownOption, "$.factors.location.values.safety-system" },
        { "\"safety-systems\": 100 }", "\"safety-systems\": 100, \"space\": 100 }", SeverityCodes.PolicyUnknownOption, "$.factors.location.values.space" },
        { "\"not-recoverable\": 100", "\"not-recoverable\": 101", SeverityCodes.PolicyValue, "$.factors.recoverability.values.not-recoverable" },
        { "\"bilateral_scope\": {", "\"bilateral_scop\": {", SeverityCodes.PolicyUnknown, "$.factors.bilateral_scop" },
        { "\"observed_activity\": \"effect\", \"location\": \"safety-systems\"", "\"observed_activity\": \"effects\", \"location\": \"safety-systems\"", SeverityCodes.PolicyUnknownOption, "$.floors[0].when.observed_activity" },
        { "\"min_level\": 4,\n      \"reason\": \"An effect", "\"min_level\": 6,\n      \"reason\": \"An effect", SeverityCodes.PolicyValue, "$.floors[0].min_level" },
        { "{ \"level\": 5, \"name\": \"critical\", \"from\": 80, \"to\": 100 }", "{ \"level\": 4, \"name\": \"critical\", \"from\": 80, \"to\": 100 }", SeverityCodes.PolicyBands, "$.bands[4].level" },
        { "[20, 40, 60, 75, 90]", "[20, 40, 30, 75, 90]", SeverityCodes.PolicyBands, "$.nciss_priority_from[2]" },
        { "[20, 40, 60, 75, 90]", "[20, 40, 60, 75]", SeverityCodes.PolicyBands, "$.nciss_priority_from" },
    };

    [Theory]
    [MemberData(nameof(RefusedPolicies))]
    public void A_bad_policy_is_refused_naming_the_problem(string find, string replace, string code, string path)
    {
        var text = File.ReadAllText(PolicyFile());
        Assert.Contains(find, text, StringComparison.Ordinal);
        var changed = ReplaceFirst(text, find, replace);
        var findings = new List<Finding>();
        Assert.Null(CscfPolicy.Read(Encoding.UTF8.GetBytes(changed), "policy.json", findings));
        Assert.Contains(findings, f => f.IsError && f.Code == code && f.Path == path);
        var exception = Assert.Throws<PolicyException>(() => CscfPolicy.Parse(Encoding.UTF8.GetBytes(changed), "policy.json"));
        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_factor_and_a_missing_option_are_both_reported()
    {
        var policy = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(PolicyFile()))!;
        policy["factors"]!.AsObject().Remove("bilateral_scope");
        policy["factors"]!["potential_impact"]!["values"]!.AsObject().Remove("none");
        var changed = policy.ToJsonString();
        var findings = new List<Finding>();
        Assert.Null(CscfPolicy.Read(Encoding.UTF8.GetBytes(changed), "policy.json", findings));
        Assert.Contains(findings, f => f.Code == SeverityCodes.PolicyMissing && f.Path == "$.factors.bilateral_scope");
        Assert.Contains(findings, f => f.Code == SeverityCodes.PolicyMissingOption && f.Path == "$.factors.potential_impact.values.none");
    }

    [Fact]
    public void Falling_values_are_a_warning_that_the_policy_is_not_monotone()
    {
        var text = ReplaceFirst(File.ReadAllText(PolicyFile()), "\"hacktivist\": 45", "\"hacktivist\": 30");
        var findings = new List<Finding>();
        Assert.NotNull(CscfPolicy.Read(Encoding.UTF8.GetBytes(text), "policy.json", findings));
        var warning = Assert.Single(findings);
        Assert.Equal(SeverityCodes.PolicyNotMonotone, warning.Code);
        Assert.Equal("$.factors.actor.values.hacktivist", warning.Path);
    }

    [Fact]
    public void Malformed_json_and_yaml_are_refused_with_their_position()
    {
        var findings = new List<Finding>();
        Assert.Null(CscfPolicy.Read("{\"name\": \"x\",\n \"factors\": }"u8.ToArray(), "p.json", findings));
        var json = Assert.Single(findings);
        Assert.Equal(SeverityCodes.PolicySyntax, json.Code);
        Assert.Equal(2, json.Line);

        findings.Clear();
        Assert.Null(CscfPolicy.Read("name: x\nfactors:\n  a: [1, 2\n"u8.ToArray(), "p.yaml", findings));
        var yaml = Assert.Single(findings);
        Assert.Equal(SeverityCodes.PolicySyntax, yaml.Code);
        Assert.NotNull(yaml.Line);

        findings.Clear();
        Assert.Null(CscfPolicy.Read("name: x\nname: y\n"u8.ToArray(), "p.yaml", findings));
        var duplicate = Assert.Single(findings);
        Assert.Equal(SeverityCodes.PolicySyntax, duplicate.Code);
        Assert.Equal(2, duplicate.Line);
    }

    [Fact]
    public void A_policy_that_is_not_an_object_is_refused()
    {
        var findings = new List<Finding>();
        Assert.Null(CscfPolicy.Read("[1, 2]"u8.ToArray(), "p.json", findings));
        Assert.Equal(SeverityCodes.PolicyType, Assert.Single(findings).Code);
    }

    internal static string PolicyFile() => SharedData.RepositoryFile("src/Korus.Severity/Policies/cscf-default.json");

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return text[..at] + replace + text[(at + find.Length)..];
    }
}
