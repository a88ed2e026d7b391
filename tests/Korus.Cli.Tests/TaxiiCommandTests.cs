using Xunit;
using System.Text.Json;
using Korus.Stix.Model;
using Korus.Testing;
using static Korus.Testing.NodeFixture;

namespace Korus.Cli.Tests;

/// <summary><c>korus taxii collections|push|pull</c> against a real node on 127.0.0.1.</summary>
public sealed class TaxiiCommandTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private string Url => node.Node.DiscoveryUrl.ToString();

    private static string Bundle(IEnumerable<string> objects) =>
        "{\"type\": \"bundle\", \"id\": \"bundle--00000000-0000-4000-8000-000000000001\", \"objects\": [" + string.Join(",", objects) + "]}";

    [Fact]
    public async Task Collections_lists_what_the_user_may_see()
    {
        var id = await node.NewCollectionAsync();
        var (code, output, error) = await CliRunner.RunAsync("taxii", "collections", Url, "--user", $"reader-{id}", "--password", Password, "--format", "json");
        Assert.True(code == 0, error);
        var body = JsonDocument.Parse(output).RootElement;
        Assert.EndsWith("/api/", body.GetProperty("api_root").GetString(), StringComparison.Ordinal);
        var listed = Assert.Single(body.GetProperty("collections").EnumerateArray());
        Assert.Equal(id, listed.GetProperty("id").GetString());

        var text = await CliRunner.RunAsync("taxii", "collections", Url, "--user", $"reader-{id}", "--password", Password);
        Assert.Contains(id, text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_then_pull_round_trips_every_object_exactly()
    {
        var id = await node.NewCollectionAsync();
        var objects = Enumerable.Range(1, 250).Select(i => Indicator(i)).ToList();
        var input = CliRunner.TempFile(Bundle(objects));
        var output = Path.ChangeExtension(input, ".pulled.json");
        try
        {
            var push = await CliRunner.RunAsync("taxii", "push", Url, "--collection", id, input, "--user", $"both-{id}", "--password", Password);
            Assert.True(push.ExitCode == 0, push.Error + push.Out);
            Assert.Contains("250 succeeded, 0 failed", push.Out, StringComparison.Ordinal);

            var pull = await CliRunner.RunAsync("taxii", "pull", Url, "--collection", id, "--out", output, "--limit", "40", "--user", $"both-{id}", "--password", Password);
            Assert.True(pull.ExitCode == 0, pull.Error);
            Assert.Contains("Pulled 250 objects", pull.Error, StringComparison.Ordinal);
            var pulled = StixDocument.Load(output);
            Assert.Equal(objects, pulled.Objects.Select(o => System.Text.Encoding.UTF8.GetString(o.Json)));
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Push_reports_each_failure_and_exits_1()
    {
        var id = await node.NewCollectionAsync();
        var input = CliRunner.TempFile(Bundle([Indicator(1), Indicator(2).Replace("\"pattern\": ", "\"no_pattern\": ", StringComparison.Ordinal)]));
        try
        {
            var (code, output, _) = await CliRunner.RunAsync("taxii", "push", Url, "--collection", id, input, "--user", "admin", "--password", node.AdminPassword, "--format", "json");
            Assert.Equal(1, code);
            var result = JsonDocument.Parse(output).RootElement;
            Assert.Equal(1, result.GetProperty("succeeded").GetInt32());
            var failure = Assert.Single(result.GetProperty("failures").EnumerateArray());
            Assert.Equal(IndicatorId(2), failure.GetProperty("id").GetString());
            Assert.Contains("pattern", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(input);
        }
    }

    [Fact]
    public async Task Credentials_may_come_from_the_environment()
    {
        var id = await node.NewCollectionAsync();
        Environment.SetEnvironmentVariable("KORUS_TAXII_USER", $"reader-{id}");
        Environment.SetEnvironmentVariable("KORUS_TAXII_PASSWORD", Password);
        try
        {
            var (code, output, error) = await CliRunner.RunAsync("taxii", "collections", Url);
            Assert.True(code == 0, error);
            Assert.Contains(id, output, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KORUS_TAXII_USER", null);
            Environment.SetEnvironmentVariable("KORUS_TAXII_PASSWORD", null);
        }
    }

    [Fact]
    public async Task Refusals_and_bad_input_get_clear_errors()
    {
        var wrong = await CliRunner.RunAsync("taxii", "collections", Url, "--user", "admin", "--password", "wrong");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("401", wrong.Error, StringComparison.Ordinal);

        var badUrl = await CliRunner.RunAsync("taxii", "pull", "ftp://example", "--collection", "x");
        Assert.Equal(2, badUrl.ExitCode);
        Assert.Contains("not an http:// or https://", badUrl.Error, StringComparison.Ordinal);

        var badTime = await CliRunner.RunAsync("taxii", "pull", Url, "--collection", "national", "--added-after", "yesterday", "--user", "admin", "--password", node.AdminPassword);
        Assert.Equal(2, badTime.ExitCode);
        Assert.Contains("--added-after", badTime.Error, StringComparison.Ordinal);

        var missing = await CliRunner.RunAsync("taxii", "pull", Url, "--collection", "no-such", "--user", "admin", "--password", node.AdminPassword);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("404", missing.Error, StringComparison.Ordinal);

        var noFile = await CliRunner.RunAsync("taxii", "push", Url, "--collection", "national", "/no/such/file.json", "--user", "admin", "--password", node.AdminPassword);
        Assert.Equal(2, noFile.ExitCode);
    }
}
