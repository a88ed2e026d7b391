using System.Text.Json;
using Korus.Testing;
using Xunit;

namespace Korus.Cli.Tests;

public sealed class SeverityCommandTests : IDisposable
{
    private const string Prepositioning = """{"functional_impact":"no-impact-to-services","information_impact":"suspected","recoverability":"supplemented","observed_activity":"presence","location":"critical-management","actor":"state-apt","actor_country":"CN","cross_sector_dependency":"high","potential_impact":"multinational","bilateral_scope":"alliance-military"}""";
    private readonly string _dir = Directory.CreateTempSubdirectory("korus-severity-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Assess_json_has_score_level_mode_contributions_and_policy_hash()
    {
        var (code, output, error) = await CliRunner.RunAsync("severity", "assess", Write("a.json", Prepositioning), "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal("", error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(71.58, root.GetProperty("score").GetDouble());
        Assert.Equal(4, root.GetProperty("level").GetInt32());
        Assert.Equal("severe", root.GetProperty("level_name").GetString());
        Assert.Equal("joint", root.GetProperty("mode").GetString());
        Assert.Equal("PT1H", root.GetProperty("deadline").GetString());
        Assert.Equal(9, root.GetProperty("contributions").GetArrayLength());
        Assert.Equal("state-presence-on-alliance-military", root.GetProperty("fired_rules")[0].GetProperty("id").GetString());
        Assert.StartsWith("sha256:", root.GetProperty("policy_hash").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_of_an_array_gives_an_array_and_text_output_has_a_factor_table()
    {
        var path = Write("many.json", $"[{Prepositioning}, {Prepositioning.Replace("state-apt", "criminal", StringComparison.Ordinal).Replace("alliance-military", "one-nation", StringComparison.Ordinal)}]");
        var (code, output, _) = await CliRunner.RunAsync("severity", "assess", path, "--format", "json");
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetArrayLength());
        Assert.Equal("coordinated", json.RootElement[1].GetProperty("mode").GetString());

        var (textCode, text, _) = await CliRunner.RunAsync("severity", "assess", path);
        Assert.Equal(0, textCode);
        Assert.Contains("score 71.58   level 4 (severe)   mode joint", text, StringComparison.Ordinal);
        Assert.Contains("bilateral_scope          alliance-military", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_of_an_invalid_assessment_exits_2_naming_the_field()
    {
        var (code, output, error) = await CliRunner.RunAsync("severity", "assess", Write("bad.json", Prepositioning.Replace("\"critical-management\"", "\"critical-mgmt\"", StringComparison.Ordinal)));

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("error cscf.unknown-option: $.location: 'critical-mgmt' is not an option of location", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assess_with_a_refused_policy_exits_2_and_scores_nothing()
    {
        var policy = Write("p.yaml", "name: broken\nfactors: {}\nbands: []\n");
        var (code, output, error) = await CliRunner.RunAsync("severity", "assess", Write("a.json", Prepositioning), "--policy", policy);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("$.factors.functional_impact", error, StringComparison.Ordinal);
        Assert.Contains("is refused", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_check_exits_0_for_the_default_and_1_naming_overlapping_bands()
    {
        var good = await File.ReadAllTextAsync(SharedData.RepositoryFile("src/Korus.Severity/Policies/cscf-default.json"), TestContext.Current.CancellationToken);
        var (code, output, _) = await CliRunner.RunAsync("severity", "policy", "check", Write("good.json", good));
        Assert.Equal(0, code);
        Assert.Contains("every factor least severe: level 1; every factor most severe: level 5", output, StringComparison.Ordinal);

        var (badCode, badOutput, _) = await CliRunner.RunAsync("severity", "policy", "check", Write("bad.json", good.Replace("\"to\": 35 }", "\"to\": 40 }", StringComparison.Ordinal)), "--format", "json");
        Assert.Equal(1, badCode);
        using var json = JsonDocument.Parse(badOutput);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal("cscf-policy.band-overlap", json.RootElement.GetProperty("findings")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Policy_check_of_an_escalation_policy_and_of_a_missing_file()
    {
        var (code, output, _) = await CliRunner.RunAsync("severity", "policy", "check", "--escalation", SharedData.RepositoryFile("src/Korus.Severity/Policies/escalation-default.json"));
        Assert.Equal(0, code);
        Assert.StartsWith("valid: korus-escalation-default sha256:", output, StringComparison.Ordinal);

        var (missing, _, error) = await CliRunner.RunAsync("severity", "policy", "check", Path.Combine(_dir, "nope.yaml"));
        Assert.Equal(2, missing);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }
}
