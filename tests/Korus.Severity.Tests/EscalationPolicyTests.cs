using System.Text;
using Korus.Severity;
using Korus.Stix;

namespace Korus.Severity.Tests;

public sealed class EscalationPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static EscalationDecision Decide(CscfAssessment assessment, EscalationPolicy? policy = null, string? partner = null) =>
        (policy ?? EscalationPolicy.Default).Decide(CscfPolicy.Default.Assess(assessment), partner, Now);

    [Theory]
    [InlineData(1, false, null, ResponseMode.Independent)]
    [InlineData(2, false, null, ResponseMode.Independent)]
    [InlineData(3, true, 24 * 60, ResponseMode.Coordinated)]
    [InlineData(4, true, 60, ResponseMode.Coordinated)]
    [InlineData(5, true, 15, ResponseMode.Coordinated)]
    public void Default_rules_per_level_for_a_criminal_in_one_nation(int level, bool notify, int? minutes, ResponseMode mode)
    {
        var rule = EscalationPolicy.Default.Rule(level, null);
        Assert.Equal(notify, rule.Notify);
        Assert.Equal(minutes is null ? null : TimeSpan.FromMinutes(minutes.Value), rule.Deadline);
        Assert.Equal(mode, rule.Mode);
    }

    [Fact]
    public void Level_4_by_a_state_actor_is_joint_with_a_one_hour_deadline()
    {
        var decision = Decide(Assessments.Of("minimal-critical", "core-credential-compromise", "not-recoverable", "effect", "critical-systems", "state-apt", "low", "national", "one-nation"), partner: "kr");
        Assert.Equal(4, decision.Level);
        Assert.Equal(ResponseMode.Joint, decision.Mode);
        Assert.True(decision.Notify);
        Assert.Equal(Now.AddHours(1), decision.DueAt);
        Assert.Equal("PT1H", decision.DeadlineText);
        Assert.Contains(decision.Reasons, r => r.Contains("the actor is state-apt", StringComparison.Ordinal));
        Assert.Contains("indicator", decision.Share);
    }

    [Fact]
    public void Level_4_by_a_criminal_on_both_nations_is_joint_and_in_one_nation_coordinated()
    {
        var both = Decide(Assessments.Of("denial-critical", "critical-systems-breach", "extended", "effect", "critical-systems", "criminal", "medium", "regional", "both-nations"));
        Assert.Equal(ResponseMode.Joint, both.Mode);
        Assert.Contains(both.Reasons, r => r.Contains("bilateral scope is both-nations", StringComparison.Ordinal));
        var one = Decide(Assessments.Of("denial-critical", "critical-systems-breach", "extended", "effect", "critical-systems", "criminal", "medium", "regional", "one-nation"));
        Assert.Equal(4, one.Level);
        Assert.Equal(ResponseMode.Coordinated, one.Mode);
    }

    [Fact]
    public void Level_5_is_due_in_15_minutes()
    {
        var decision = Decide(Assessments.Most());
        Assert.Equal(5, decision.Level);
        Assert.Equal(Now.AddMinutes(15), decision.DueAt);
        Assert.Equal(ResponseMode.Joint, decision.Mode);
    }

    [Fact]
    public void Level_2_needs_no_notice()
    {
        var decision = Decide(Assessments.Of("none", "suspected", "regular", "engage", "business-network", "state-apt", "none", "local", "both-nations"));
        Assert.Equal(2, decision.Level);
        Assert.False(decision.Notify);
        Assert.Null(decision.DueAt);
        Assert.Equal(ResponseMode.Independent, decision.Mode);
    }

    private const string CountryPolicy = """
        name: us-kr
        levels:
          "1": { notify: false, mode: independent }
          "2": { notify: false, mode: independent }
          "3": { notify: true, deadline: 24h, mode: coordinated, share: [indicator] }
          "4": { notify: true, deadline: PT1H, mode: coordinated, joint_when: { actors: [state-nexus, state-apt], actor_countries: [KP, CN, RU] } }
          "5": { notify: true, deadline: 15m, mode: joint }
        partners:
          kr:
            levels:
              "2": { notify: true, deadline: P2D, mode: independent }
        """;

    [Fact]
    public void Joint_depends_on_the_state_actors_country_when_the_policy_names_countries()
    {
        var policy = EscalationPolicy.Parse(Encoding.UTF8.GetBytes(CountryPolicy), "us-kr.yaml");
        var options = new Dictionary<CscfFactor, string>
        {
            [CscfFactor.FunctionalImpact] = "minimal-critical", [CscfFactor.InformationImpact] = "core-credential-compromise", [CscfFactor.Recoverability] = "not-recoverable",
            [CscfFactor.ObservedActivity] = "effect", [CscfFactor.Location] = "critical-systems", [CscfFactor.Actor] = "state-apt",
            [CscfFactor.CrossSectorDependency] = "low", [CscfFactor.PotentialImpact] = "national", [CscfFactor.BilateralScope] = "one-nation",
        };
        Assert.Equal(ResponseMode.Joint, Decide(CscfAssessment.Create(options, actorCountry: "KP"), policy).Mode);
        Assert.Equal(ResponseMode.Coordinated, Decide(CscfAssessment.Create(options, actorCountry: "IR"), policy).Mode);
        Assert.Equal(ResponseMode.Coordinated, Decide(CscfAssessment.Create(options), policy).Mode);
    }

    [Fact]
    public void A_partner_override_replaces_the_level_rule_for_that_partner_only()
    {
        var policy = EscalationPolicy.Parse(Encoding.UTF8.GetBytes(CountryPolicy), "us-kr.yaml");
        var low = Assessments.Of("none", "suspected", "regular", "engage", "business-network", "state-apt", "none", "local", "both-nations");
        var kr = Decide(low, policy, "kr");
        Assert.True(kr.Notify);
        Assert.Equal(Now.AddDays(2), kr.DueAt);
        Assert.Contains(kr.Reasons, r => r.Contains("partners.kr.levels.2", StringComparison.Ordinal));
        Assert.False(Decide(low, policy, "jp").Notify);
    }

    [Theory]
    [InlineData("\"deadline\": \"PT24H\"", "\"deadline\": \"tomorrow\"", SeverityCodes.EscalationValue, "$.levels.3.deadline")]
    [InlineData("\"deadline\": \"PT24H\", ", "", SeverityCodes.EscalationMissing, "$.levels.3.deadline")]
    [InlineData("\"mode\": \"coordinated\", \"share\": [\"indicator\"]", "\"mode\": \"together\", \"share\": [\"indicator\"]", SeverityCodes.EscalationValue, "$.levels.3.mode")]
    [InlineData("\"actors\": [\"state-nexus\", \"state-apt\"], \"bilateral_scopes\": [\"both-nations\", \"alliance-military\"] },\n      \"share\": [\"indicator\", \"observed-data\", \"sighting\", \"malware\", \"attack-pattern\", \"intrusion-set\"]", "\"actors\": [\"nation-state\"], \"bilateral_scopes\": [\"both-nations\", \"alliance-military\"] },\n      \"share\": [\"indicator\", \"observed-data\", \"sighting\", \"malware\", \"attack-pattern\", \"intrusion-set\"]", SeverityCodes.EscalationValue, "$.levels.4.joint_when.actors[0]")]
    [InlineData("\"1\": { \"notify\": false, \"mode\": \"independent\" },", "", SeverityCodes.EscalationMissing, "$.levels.1")]
    [InlineData("\"1\": { \"notify\": false, \"mode\": \"independent\" }", "\"1\": { \"notify\": false, \"deadline\": \"PT1H\", \"mode\": \"independent\" }", SeverityCodes.EscalationValue, "$.levels.1.deadline")]
    [InlineData("\"share\": [\"indicator\"]", "\"share\": [\"Indicator!\"]", SeverityCodes.EscalationValue, "$.levels.3.share[0]")]
    [InlineData("\"levels\": {", "\"level\": {", SeverityCodes.EscalationUnknown, "$.level")]
    public void A_bad_escalation_policy_is_refused_naming_the_field(string find, string replace, string code, string path)
    {
        var text = File.ReadAllText(SharedData.RepositoryFile("src/Korus.Severity/Policies/escalation-default.json"));
        Assert.Contains(find, text, StringComparison.Ordinal);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        var changed = text[..at] + replace + text[(at + find.Length)..];
        var findings = new List<Finding>();
        Assert.Null(EscalationPolicy.Read(Encoding.UTF8.GetBytes(changed), "escalation.json", findings));
        Assert.Contains(findings, f => f.IsError && f.Code == code && f.Path == path);
    }

    [Fact]
    public void A_bad_partner_name_and_unknown_level_are_refused()
    {
        var text = CountryPolicy.Replace("  kr:\n", "  KR!:\n", StringComparison.Ordinal).Replace("\"5\": { notify", "\"6\": { notify", StringComparison.Ordinal);
        var findings = new List<Finding>();
        Assert.Null(EscalationPolicy.Read(Encoding.UTF8.GetBytes(text), "p.yaml", findings));
        Assert.Contains(findings, f => f.Path == "$.partners.KR!");
        Assert.Contains(findings, f => f.Path == "$.levels.6");
        Assert.Contains(findings, f => f.Path == "$.levels.5" && f.Code == SeverityCodes.EscalationMissing);
    }

    [Theory]
    [InlineData("PT15M", 15)]
    [InlineData("PT1H", 60)]
    [InlineData("P1D", 1440)]
    [InlineData("90m", 90)]
    [InlineData("24h", 1440)]
    [InlineData("2d", 2880)]
    public void Durations_are_read_in_iso_and_short_forms(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), EscalationPolicy.ParseDuration(text));

    [Theory]
    [InlineData("0m")]
    [InlineData("PT0S")]
    [InlineData("15")]
    [InlineData("15w")]
    [InlineData("P")]
    [InlineData("-5m")]
    public void Bad_durations_are_refused(string text) => Assert.Null(EscalationPolicy.ParseDuration(text));
}
