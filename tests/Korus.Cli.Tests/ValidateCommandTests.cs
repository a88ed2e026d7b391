using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Korus.Testing;
using Xunit;

namespace Korus.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Valid_sample_exits_0_with_a_summary()
    {
        var (code, output, error) = await CliRunner.RunAsync("validate", CliRunner.Sample("lazarus-npm.json"));

        Assert.Equal(0, code);
        Assert.Contains("valid: 13 objects, 0 invalid, 0 errors, 0 warnings", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Invalid_sample_exits_1_naming_file_position_code_path_and_id()
    {
        var sample = CliRunner.Sample("invalid-example.json");
        var (code, output, _) = await CliRunner.RunAsync("validate", sample);

        Assert.Equal(1, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith(sample + ":55:5: error stix.required-property: $.objects[3].is_family (malware--7b2c9e1d-4f3a-4b5c-9d6e-8f7a6b5c4d3e):", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("error stix.indicator.valid-until: $.objects[4].valid_until (indicator--2f6a8b4c-1d3e-4f5a-8b7c-9d0e1f2a3b4c)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("error stix.relationship.refs: $.objects[5].target_ref", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("INVALID: 13 objects, 3 invalid, 3 errors, 0 warnings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_format_lists_every_finding()
    {
        var sample = CliRunner.Sample("invalid-example.json");
        var (code, output, _) = await CliRunner.RunAsync("validate", sample, "--format", "json");

        Assert.Equal(1, code);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.False(root.GetProperty("valid").GetBoolean());
        Assert.Equal(3, root.GetProperty("errors").GetInt32());
        var file = Assert.Single(root.GetProperty("files").EnumerateArray().ToList());
        Assert.Equal(sample, file.GetProperty("file").GetString());
        Assert.Equal("bundle", file.GetProperty("container").GetString());
        Assert.Equal(13, file.GetProperty("objects").GetInt32());
        Assert.Equal(3, file.GetProperty("invalid_objects").GetInt32());
        var findings = file.GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(3, findings.Count);
        var first = findings[0];
        Assert.Equal("stix.required-property", first.GetProperty("code").GetString());
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal("malware--7b2c9e1d-4f3a-4b5c-9d6e-8f7a6b5c4d3e", first.GetProperty("object_id").GetString());
        Assert.Equal("$.objects[3].is_family", first.GetProperty("path").GetString());
        Assert.Equal(55, first.GetProperty("line").GetInt32());
        Assert.Equal(5, first.GetProperty("column").GetInt32());
        Assert.Contains("is_family", first.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("'is_family'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_format_for_a_valid_file()
    {
        var (code, output, _) = await CliRunner.RunAsync("validate", "--format", "json", CliRunner.Sample("lazarus-npm.json"));
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        Assert.True(document.RootElement.GetProperty("valid").GetBoolean());
        Assert.Empty(document.RootElement.GetProperty("files")[0].GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task Dash_reads_standard_input()
    {
        var bytes = await File.ReadAllBytesAsync(CliRunner.Sample("invalid-example.json"), TestContext.Current.CancellationToken);
        var (code, output, _) = await CliRunner.RunWithInputAsync(bytes, "validate", "-");
        Assert.Equal(1, code);
        Assert.Contains("stix.relationship.refs", output, StringComparison.Ordinal);

        var valid = await File.ReadAllBytesAsync(CliRunner.Sample("lazarus-npm.json"), TestContext.Current.CancellationToken);
        (code, output, _) = await CliRunner.RunWithInputAsync(valid, "validate", "-");
        Assert.Equal(0, code);
        Assert.Contains("13 objects", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_files_exit_1_when_any_is_invalid()
    {
        var (code, output, _) = await CliRunner.RunAsync("validate", CliRunner.Sample("lazarus-npm.json"), CliRunner.Sample("invalid-example.json"));
        Assert.Equal(1, code);
        Assert.Contains("lazarus-npm.json: valid", output, StringComparison.Ordinal);
        Assert.Contains("invalid-example.json: INVALID", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Warnings_do_not_fail_and_can_be_hidden()
    {
        // A custom property without the x_ prefix is a warning.
        var path = CliRunner.TempFile("""{"type":"identity","spec_version":"2.1","id":"identity--8d2e5c1a-3b4f-4e6a-9c7d-2f1e0b9a8c7d","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"KISA","custom_rank":1}""");
        try
        {
            var (code, output, _) = await CliRunner.RunAsync("validate", path);
            Assert.Equal(0, code);
            Assert.Contains("warning stix.custom-prefix", output, StringComparison.Ordinal);

            (code, output, _) = await CliRunner.RunAsync("validate", "--no-warnings", path);
            Assert.Equal(0, code);
            Assert.DoesNotContain("stix.custom-prefix", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    // A single object: the object's own check reports it.
    [InlineData("{\"typ\\ud800e\":\"indicator\"}", "1:6: error stix.json: $: Invalid JSON: The text escapes a lone surrogate (\\ud800) at byte 5 of the object")]
    [InlineData("{\"type%C0\":\"indicator\"}", "1:1: error stix.json: $: The object contains invalid UTF-8 at byte offset 6 of the input")]
    [InlineData("{\"type\":\"b\\ud800\",\"objects\":[]}", "1:11: error stix.json: $: Invalid JSON: The text escapes a lone surrogate (\\ud800) at byte 10 of the object")]
    // A bundle's own members, before and after its objects, names and values.
    [InlineData("{\"type\":\"bundle\",\"id\":\"bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"x_\\udc00\":1,\"objects\":[]}", "1:73: error stix.json: $: Invalid JSON: The text escapes a lone surrogate (\\udc00): a JSON string")]
    [InlineData("{\"type\":\"bundle\",\"id\":\"bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"x%C0\":1,\"objects\":[]}", "1:72: error stix.json: $: Invalid JSON: The text is not valid UTF-8: 0xC0 does not start or continue a character")]
    [InlineData("{\"type\":\"bundle\",\"id\":\"bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3\\ud800\",\"objects\":[]}", "1:64: error stix.json: $: Invalid JSON: The text escapes a lone surrogate (\\ud800)")]
    [InlineData("{\"type\":\"bundle\",\"id\":\"bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"objects\":[],\n\"x_a\\ud800\":\"%C0\"}", "2:5: error stix.json: $: Invalid JSON: The text escapes a lone surrogate (\\ud800)")]
    public async Task Text_that_is_not_Unicode_at_the_top_level_exits_1_with_its_position_not_a_crash(string input, string finding)
    {
        // Before, the reader's scan of the top-level members read such a name or value with GetString,
        // which throws, and korus validate died with an unhandled exception.
        var path = Path.Combine(Path.GetTempPath(), $"korus-cli-test-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(path, [.. input.Split("%C0").SelectMany((part, i) => (i == 0 ? [] : new byte[] { 0xC0 }).Concat(Encoding.UTF8.GetBytes(part)))], TestContext.Current.CancellationToken);
        try
        {
            var (code, output, error) = await CliRunner.RunAsync("validate", path);
            Assert.Equal(1, code);
            Assert.Equal("", error);
            Assert.Contains($"{path}:{finding}", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("\"id\":\"indicator--\\ud800\"", 4, 18)]
    [InlineData("\"labels\":[\"x\",\n \"\\udc00\"]", 5, 3)]
    [InlineData("\"x_\\ud83d_name\":1", 4, 4)]
    public async Task An_escaped_lone_surrogate_exits_1_with_its_position_not_a_crash(string member, int line, int column)
    {
        // Valid JSON, but half a surrogate pair is not Unicode text: the object is refused at the escape.
        var indicator = "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"created\":\"2024-01-01T00:00:00.000Z\",\n"
            + "\"modified\":\"2024-01-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = '198.51.100.3']\",\n"
            + member + ",\"pattern_type\":\"stix\",\"valid_from\":\"2024-01-01T00:00:00Z\"}";
        var path = CliRunner.TempFile("{\"type\":\"bundle\",\"id\":\"bundle--0f1e2d3c-4b5a-4697-a8b9-cadbecfd0e1f\",\"objects\":[\n" + indicator + "]}");
        try
        {
            var (code, output, _) = await CliRunner.RunAsync("validate", path);
            Assert.Equal(1, code);
            Assert.Contains($"{path}:{line}:{column}: error stix.json: $.objects[0]: Invalid JSON: The text escapes a lone surrogate", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Malformed_json_exits_1_with_its_position()
    {
        var path = CliRunner.TempFile("{\"type\":\"bundle\",\"id\":\"bundle--0f1e2d3c-4b5a-4697-a8b9-cadbecfd0e1f\",\"objects\":[\n{\"type\":\"x-a\",\n");
        try
        {
            var (code, output, _) = await CliRunner.RunAsync("validate", path);
            Assert.Equal(1, code);
            Assert.Contains("error stix.json", output, StringComparison.Ordinal);
            Assert.Contains(path + ":", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Missing_file_exits_2_with_a_clear_message()
    {
        var (code, _, error) = await CliRunner.RunAsync("validate", "/nonexistent/korus/nothing.json");
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/korus/nothing.json", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate", "--no-such-option", "x.json")]
    [InlineData("validate")]
    [InlineData("no-such-command")]
    [InlineData("validate", "--format", "xml", "x.json")]
    [InlineData("validate", "--max-depth", "zero", "x.json")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (code, _, error) = await CliRunner.RunAsync(args);
        Assert.Equal(2, code);
        Assert.Contains("korus", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_ics_validates_with_zero_errors()
    {
        var path = SharedData.RequireFile("attack/ics-attack-18.1.json");
        var (code, output, _) = await CliRunner.RunAsync("validate", "--no-warnings", path);
        Assert.Equal(0, code);
        Assert.Contains("valid: 1,826 objects, 0 invalid, 0 errors", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_validate_reports_a_rate()
    {
        var (code, output, _) = await CliRunner.RunAsync("bench", "validate", "--size-mb", "1", "--runs", "1", "--format", "json");
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        Assert.True(document.RootElement.GetProperty("best_mb_per_second").GetDouble() > 0);
        Assert.Equal(0, document.RootElement.GetProperty("errors").GetInt64());
    }

    [Fact]
    public async Task The_korus_executable_runs_as_a_process()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "korus.dll");
        Assert.True(File.Exists(dll), dll);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("validate");
        start.ArgumentList.Add(CliRunner.Sample("invalid-example.json"));
        using var process = Process.Start(start)!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(1, process.ExitCode);
            Assert.Contains("INVALID: 13 objects, 3 invalid, 3 errors", await output, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
