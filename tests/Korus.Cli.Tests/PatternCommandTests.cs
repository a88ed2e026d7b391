using System.Text;
using System.Text.Json;
using Xunit;

namespace Korus.Cli.Tests;

public sealed class PatternCommandTests
{
    private const string Domain = "[domain-name:value = 'cdn-update.example.net']";

    [Fact]
    public async Task Check_of_a_valid_pattern_exits_0_with_its_canonical_form()
    {
        var (code, output, error) = await CliRunner.RunAsync("pattern", "check", "[domain-name:value == 'cdn-update.example.net']  OR [ipv4-addr:value='198.51.100.23']");

        Assert.Equal(0, code);
        Assert.Equal("valid (conformance level 2)\ncanonical: [domain-name:value = 'cdn-update.example.net'] OR [ipv4-addr:value = '198.51.100.23']\n", output.ReplaceLineEndings("\n"));
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Check_of_an_invalid_pattern_exits_1_with_position_reason_and_caret()
    {
        var (code, output, error) = await CliRunner.RunAsync("pattern", "check", "[file:hashes.SHA-256 = 'x']");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        var lines = error.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("pattern:1:14: error pattern.unexpected-token: expected a property name, found 'SHA-256' ('SHA-256' contains '-': quote it as 'SHA-256')", lines[0]);
        Assert.Equal("  [file:hashes.SHA-256 = 'x']", lines[1]);
        Assert.Equal("               ^", lines[2]);
    }

    [Fact]
    public async Task Check_reports_rule_violations_of_a_pattern_that_parses()
    {
        var (code, _, error) = await CliRunner.RunAsync("pattern", "check", "[ipv4-addr:value = '1.2.3.4'] WITHIN 0 SECONDS");

        Assert.Equal(1, code);
        Assert.StartsWith("pattern:1:31: error pattern.within-range: WITHIN needs a number of seconds greater than 0, found 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_json_lists_errors_with_expected_tokens()
    {
        var (code, output, _) = await CliRunner.RunAsync("pattern", "check", "[a:b = 1", "--format", "json");

        Assert.Equal(1, code);
        using var json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var error = json.RootElement.GetProperty("errors")[0];
        Assert.Equal("pattern.unexpected-token", error.GetProperty("code").GetString());
        Assert.Equal(8, error.GetProperty("offset").GetInt32());
        Assert.Equal(["']'", "AND", "OR"], error.GetProperty("expected").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Match_prints_match_and_exits_0()
    {
        var (code, output, error) = await CliRunner.RunAsync("pattern", "match", Domain, CliRunner.Sample("lazarus-npm.json"));

        Assert.Equal((0, "match\n", ""), (code, output.ReplaceLineEndings("\n"), error));
    }

    [Fact]
    public async Task Match_prints_no_match_and_exits_1()
    {
        var (code, output, _) = await CliRunner.RunAsync("pattern", "match", "[domain-name:value = 'benign.example.org']", CliRunner.Sample("lazarus-npm.json"));

        Assert.Equal((1, "no match\n"), (code, output.ReplaceLineEndings("\n")));
    }

    [Fact]
    public async Task Explain_shows_the_observation_instance_root_and_each_comparison()
    {
        // The sample's observed-data has number_observed 3, so three instances can bind
        var (code, output, _) = await CliRunner.RunAsync("pattern", "match",
            "[domain-name:value = 'cdn-update.example.net' AND domain-name:resolves_to_refs[*].value = '198.51.100.23'] REPEATS 3 TIMES",
            CliRunner.Sample("lazarus-npm.json"), "--explain");

        Assert.Equal(0, code);
        var text = output.ReplaceLineEndings("\n");
        Assert.StartsWith("match\nbracket 1: [domain-name:value = 'cdn-update.example.net' AND domain-name:resolves_to_refs[*].value = '198.51.100.23']\n", text, StringComparison.Ordinal);
        Assert.Contains("  bound to observed-data--9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d (instance 3 of 3, 2026-11-02T09:40:00Z to 2026-11-02T09:55:00Z)", text, StringComparison.Ordinal);
        Assert.Contains("  root domain-name--4e88643e-5365-5c2d-a0e4-6965c2edd122 (domain-name)", text, StringComparison.Ordinal);
        Assert.Contains("    true   domain-name:resolves_to_refs[*].value = '198.51.100.23'", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Match_json_gives_the_binding()
    {
        var (code, output, _) = await CliRunner.RunAsync("pattern", "match", Domain + " OR [ipv4-addr:value = '203.0.113.1']", CliRunner.Sample("lazarus-npm.json"), "--format", "json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("match").GetBoolean());
        var bound = Assert.Single(json.RootElement.GetProperty("binding").EnumerateArray().ToList());
        Assert.Equal("observed-data--9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", bound.GetProperty("observed_data_ref").GetString());
        Assert.Equal("domain-name", bound.GetProperty("root_type").GetString());
    }

    [Fact]
    public async Task Match_reads_standard_input()
    {
        var bundle = await File.ReadAllBytesAsync(CliRunner.Sample("lazarus-npm.json"), TestContext.Current.CancellationToken);

        var (code, output, _) = await CliRunner.RunWithInputAsync(bundle, "pattern", "match", "[file:name = 'postinstall.js' AND file:size > 40000]", "-");

        Assert.Equal((0, "match\n"), (code, output.ReplaceLineEndings("\n")));
    }

    [Fact]
    public async Task Bad_input_exits_2()
    {
        var missing = await CliRunner.RunAsync("pattern", "match", Domain, "no-such-file.json");
        var badPattern = await CliRunner.RunAsync("pattern", "match", "[domain-name:value = ]", CliRunner.Sample("lazarus-npm.json"));
        var badJson = await CliRunner.RunWithInputAsync(Encoding.UTF8.GetBytes("{\"type\":\"bundle\",\"objects\":[{"), "pattern", "match", Domain, "-");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("cannot read 'no-such-file.json': no such file", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, badPattern.ExitCode);
        Assert.Contains("pattern:1:22: error pattern.unexpected-token", badPattern.Error, StringComparison.Ordinal);
        Assert.Equal(2, badJson.ExitCode);
        Assert.Contains("not usable input", badJson.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_checks_indicator_patterns()
    {
        var bundle = await File.ReadAllTextAsync(CliRunner.Sample("lazarus-npm.json"), TestContext.Current.CancellationToken);
        var broken = CliRunner.TempFile(bundle.Replace("[domain-name:value = 'cdn-update.example.net']", "[domain-name:value = cdn-update.example.net]", StringComparison.Ordinal));

        var (code, output, _) = await CliRunner.RunAsync("validate", broken);

        Assert.Equal(1, code);
        Assert.Contains("error stix.indicator.pattern: $.objects[4].pattern", output, StringComparison.Ordinal);
        Assert.Contains("The STIX pattern is invalid: 1:22: pattern.unexpected-token: expected a constant", output, StringComparison.Ordinal);
    }
}
