using System.Text.Json;
using Korus.Testing;
using Xunit;

namespace Korus.Cli.Tests;

public sealed class ShareCommandTests
{
    [Fact]
    public async Task Preview_lists_every_object_with_its_outcome_and_sends_nothing()
    {
        var (code, output, error) = await CliRunner.RunAsync("share", "preview", "--partner", "kr", CliRunner.Sample("lazarus-npm.json"), "--format", "json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var decisions = json.RootElement.GetProperty("decisions").EnumerateArray().ToList();
        Assert.Equal(13, decisions.Count);
        Assert.Contains(decisions, d => d.GetProperty("type").GetString() == "indicator" && d.GetProperty("outcome").GetString() == "shared");
        Assert.Contains(decisions, d => d.GetProperty("rule").GetString() == "tlp.amber-not-named");
        var report = decisions.Single(d => d.GetProperty("type").GetString() == "report");
        Assert.Equal("redacted", report.GetProperty("outcome").GetString());
        Assert.True(report.TryGetProperty("copy", out _));
        Assert.StartsWith("sha256:", json.RootElement.GetProperty("policy_hash").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_with_a_refused_policy_or_an_unknown_partner_exits_2()
    {
        var policy = CliRunner.TempFile("default_marking: purple\npii: redact\n");
        var yaml = Path.ChangeExtension(policy, ".yaml");
        File.Move(policy, yaml);
        var (code, _, error) = await CliRunner.RunAsync("share", "preview", "--partner", "kr", "--policy", yaml, CliRunner.Sample("lazarus-npm.json"));
        Assert.Equal(2, code);
        Assert.Contains("$.default_marking", error, StringComparison.Ordinal);

        var db = Path.Combine(Path.GetTempPath(), $"korus-share-{Guid.NewGuid():N}.db");
        try
        {
            Assert.Equal(0, (await CliRunner.RunAsync("init", "--db", db)).ExitCode);
            var (unknown, _, unknownError) = await CliRunner.RunAsync("share", "preview", "--partner", "jp", "--db", db, CliRunner.Sample("lazarus-npm.json"));
            Assert.Equal(2, unknown);
            Assert.Contains("no partner named 'jp'", unknownError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(db);
            File.Delete(db + ".key");
            File.Delete(yaml);
        }
    }
}
