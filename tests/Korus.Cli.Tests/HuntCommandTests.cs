using System.Text;
using System.Text.Json;
using Xunit;

namespace Korus.Cli.Tests;

public sealed class HuntCommandTests
{
    private const string Telemetry =
        "{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"source\":{\"ip\":\"10.0.0.5\"},\"destination\":{\"ip\":\"198.51.100.23\",\"port\":443},\"network\":{\"transport\":\"tcp\"}}\n" +
        "{\"@timestamp\":\"2026-11-20T10:00:30Z\",\"dns\":{\"question\":{\"name\":\"cdn-update.example.net\"}}}\n" +
        "{broken\n" +
        "{\"@timestamp\":\"2026-11-20T10:01:00Z\",\"dns\":{\"question\":{\"name\":\"benign.example.org\"}}}\n";

    [Fact]
    public async Task Hunting_ECS_lines_writes_a_valid_bundle_of_sightings()
    {
        var telemetry = CliRunner.TempFile(Telemetry);
        var output = Path.Combine(Path.GetTempPath(), $"korus-sightings-{Guid.NewGuid():N}.json");
        try
        {
            var (code, stdout, stderr) = await CliRunner.RunAsync("hunt", "--indicators", CliRunner.Sample("lazarus-npm.json"), "--telemetry", telemetry, "--out", output, "--identity", "KR national centre", "--format", "json");

            Assert.Equal(0, code);
            using var summary = JsonDocument.Parse(stdout);
            Assert.Equal(1, summary.RootElement.GetProperty("indicators_compiled").GetInt32());
            Assert.Equal(3, summary.RootElement.GetProperty("events").GetInt32());
            Assert.Equal(1, summary.RootElement.GetProperty("malformed_lines").GetInt32());
            Assert.Equal(2, summary.RootElement.GetProperty("matches").GetInt32());
            Assert.Contains(":3: malformed event: not valid JSON", stderr, StringComparison.Ordinal);

            var (validateCode, validateOut, _) = await CliRunner.RunAsync("validate", output);
            Assert.Equal(0, validateCode);
            Assert.Contains("0 invalid, 0 errors, 0 warnings", validateOut, StringComparison.Ordinal);

            using var bundle = JsonDocument.Parse(await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken));
            var objects = bundle.RootElement.GetProperty("objects").EnumerateArray().ToList();
            var identity = objects.Single(o => o.GetProperty("type").GetString() == "identity");
            Assert.Equal("KR national centre", identity.GetProperty("name").GetString());
            var sighting = objects.Single(o => o.GetProperty("type").GetString() == "sighting");
            Assert.Equal("indicator--2f6a8b4c-1d3e-4f5a-8b7c-9d0e1f2a3b4c", sighting.GetProperty("sighting_of_ref").GetString());
            Assert.Equal(2, sighting.GetProperty("count").GetInt32());
            Assert.Equal(identity.GetProperty("id").GetString(), sighting.GetProperty("where_sighted_refs")[0].GetString());
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task Hunting_STIX_telemetry_reads_the_observed_data()
    {
        var output = Path.Combine(Path.GetTempPath(), $"korus-sightings-{Guid.NewGuid():N}.json");
        try
        {
            // The sample holds observed-data of the same indicator's domain and address
            var (code, stdout, _) = await CliRunner.RunAsync("hunt", "--indicators", CliRunner.Sample("lazarus-npm.json"), "--telemetry", CliRunner.Sample("lazarus-npm.json"), "--out", output, "--format", "json");

            Assert.Equal(0, code);
            using var summary = JsonDocument.Parse(stdout);
            Assert.Equal("stix", summary.RootElement.GetProperty("telemetry_format").GetString());
            Assert.Equal(1, summary.RootElement.GetProperty("events").GetInt32());
            Assert.Equal(1, summary.RootElement.GetProperty("sightings").GetInt32());
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task STIX_telemetry_objects_that_cannot_be_read_are_reported_and_counted()
    {
        // One usable observed-data, one object without an id, one escaping a lone surrogate, one observed-data without times.
        const string Observed = """{"type":"observed-data","spec_version":"2.1","id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448c%N","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","first_observed":"2024-01-01T00:00:00Z","last_observed":"2024-01-01T00:00:00Z","number_observed":1,"objects":{"0":{"type":"ipv4-addr","value":"%V"}}}""";
        var telemetry = CliRunner.TempFile(string.Join("\n",
            Observed.Replace("%N", "1", StringComparison.Ordinal).Replace("%V", "198.51.100.1", StringComparison.Ordinal),
            """{"type":"observed-data","id":5}""",
            Observed.Replace("%N", "2", StringComparison.Ordinal).Replace("%V", "198.51.100.1\\ud800", StringComparison.Ordinal),
            Observed.Replace("%N", "3", StringComparison.Ordinal).Replace("%V", "198.51.100.2", StringComparison.Ordinal).Replace("\"first_observed\":\"2024-01-01T00:00:00Z\",", "", StringComparison.Ordinal)) + "\n");

        var output = Path.Combine(Path.GetTempPath(), $"korus-sightings-{Guid.NewGuid():N}.json");
        try
        {
            var (code, stdout, stderr) = await CliRunner.RunAsync("hunt", "--indicators", CliRunner.Sample("lazarus-npm.json"), "--telemetry", telemetry, "--mapping", "stix", "--out", output, "--format", "json");

            Assert.Equal(0, code);
            using var summary = JsonDocument.Parse(stdout);
            Assert.Equal(1, summary.RootElement.GetProperty("events").GetInt32());
            Assert.Equal(3, summary.RootElement.GetProperty("telemetry_errors").GetInt32());
            Assert.Equal(0, summary.RootElement.GetProperty("telemetry_warnings").GetInt32());
            Assert.Contains("error stix.id: $.id: line 2: A STIX object needs a string 'id'.", stderr, StringComparison.Ordinal);
            Assert.Contains("error stix.json: $: line 3: The text escapes a lone surrogate (\\ud800)", stderr, StringComparison.Ordinal);
            Assert.Contains("The observed-data has no first_observed, so it cannot be matched.", stderr, StringComparison.Ordinal);

            var (_, text, _) = await CliRunner.RunAsync("hunt", "--indicators", CliRunner.Sample("lazarus-npm.json"), "--telemetry", telemetry, "--mapping", "stix", "--out", output);
            Assert.Contains("1 events (STIX), 3 errors, 0 warnings", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task A_bad_mapping_file_is_refused_naming_the_member()
    {
        var mapping = CliRunner.TempFile("""{"objects":{"a":{"type":"ip"}},"fields":{"x.y":"b:value"}}""");

        var (code, _, stderr) = await CliRunner.RunAsync("hunt", "--indicators", CliRunner.Sample("lazarus-npm.json"), "--telemetry", CliRunner.TempFile(Telemetry), "--out", "-", "--mapping", mapping);

        Assert.Equal(2, code);
        Assert.Contains("$.fields['x.y']: there is no object slot named 'b'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_mapping_file_maps_other_schemas()
    {
        var mapping = CliRunner.TempFile("""
            {"name":"proxy","timestamp":"time",
             "objects":{"client":{"type":"ip"},"site":{"type":"domain-name"}},
             "fields":{"client_addr":"client:value","host":"site:value"}}
            """);
        var telemetry = CliRunner.TempFile("{\"time\":\"2026-11-20T10:00:00Z\",\"client_addr\":\"10.1.1.1\",\"host\":\"cdn-update.example.net\"}\n");

        var (code, stdout, _) = await CliRunner.RunAsync("hunt", "--indicators", CliRunner.Sample("lazarus-npm.json"), "--telemetry", telemetry, "--out", "-", "--mapping", mapping);

        Assert.Equal(0, code);
        Assert.Contains("\"sighting_of_ref\":\"indicator--2f6a8b4c-1d3e-4f5a-8b7c-9d0e1f2a3b4c\"", stdout, StringComparison.Ordinal);
        Assert.Contains("\"first_seen\":\"2026-11-20T10:00:00Z\"", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_indicator_file_exits_2_naming_the_position()
    {
        var broken = CliRunner.TempFile("{\"type\":\"bundle\",\"objects\":[{\"type\":");

        var (code, _, stderr) = await CliRunner.RunAsync("hunt", "--indicators", broken, "--telemetry", CliRunner.TempFile(Telemetry), "--out", "-");

        Assert.Equal(2, code);
        Assert.Contains(broken + ":1:", stderr, StringComparison.Ordinal);
        Assert.Contains("is not a readable STIX file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_files_exit_2()
    {
        var (code, _, stderr) = await CliRunner.RunAsync("hunt", "--indicators", "nope.json", "--telemetry", CliRunner.TempFile(Telemetry), "--out", "-");

        Assert.Equal(2, code);
        Assert.Contains("cannot read 'nope.json': no such file", stderr, StringComparison.Ordinal);
    }
}
