using System.Text.Json;
using Korus.Storage;
using Korus.Storage.Sqlite;
using Xunit;

namespace Korus.Cli.Tests;

/// <summary><c>korus partner</c>, <c>incident</c> and <c>escalations</c> on a database, without a server.</summary>
public sealed class IncidentCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("korus-incident-").FullName;

    private string Db => Path.Combine(_directory, "node.db");

    private const string Theft = """
        {"name": "Exchange hot wallet drained", "tlp": "amber",
         "assessment": {"functional_impact": "minimal-critical", "information_impact": "core-credential-compromise", "recoverability": "not-recoverable",
                        "observed_activity": "effect", "location": "critical-systems", "actor": "state-apt", "actor_country": "KP",
                        "cross_sector_dependency": "low", "potential_impact": "national", "bilateral_scope": "one-nation"}}
        """;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task SetUpAsync(bool withPartner = true)
    {
        Assert.Equal(0, (await CliRunner.RunAsync("init", "--db", Db)).ExitCode);
        if (withPartner)
        {
            // A partner whose node is not running: notices stay queued with the reason.
            var (code, output, error) = await CliRunner.RunAsync("partner", "add", "kr", "--url", "http://127.0.0.1:9/taxii2/", "--user", "us-node", "--password", "s3cret-for-kr", "--pull", "to-us", "--push", "from-us", "--db", Db);
            Assert.True(code == 0, error);
            Assert.Contains("collections from-kr and to-kr are ready", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Partner_add_keeps_the_password_encrypted_and_list_never_shows_it()
    {
        await SetUpAsync();
        Assert.DoesNotContain("s3cret-for-kr", await File.ReadAllTextAsync(Db, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var (code, output, _) = await CliRunner.RunAsync("partner", "list", "--db", Db, "--format", "json");
        Assert.Equal(0, code);
        Assert.DoesNotContain("s3cret", output, StringComparison.Ordinal);
        Assert.Equal("from-us", JsonDocument.Parse(output).RootElement[0].GetProperty("push").GetString());

        var (again, _, error) = await CliRunner.RunAsync("partner", "add", "kr", "--url", "http://127.0.0.1:9/taxii2/", "--user", "u", "--password", "p", "--pull", "a", "--push", "b", "--db", Db);
        Assert.Equal(1, again);
        Assert.Contains("already a partner named 'kr'", error, StringComparison.Ordinal);
        var (auditCode, audit, _) = await CliRunner.RunAsync("audit", "--partner", "kr", "--db", Db);
        Assert.Equal(0, auditCode);
        Assert.Contains("No sharing decisions for kr yet.", audit, StringComparison.Ordinal);
        var (unknownAudit, _, unknownError) = await CliRunner.RunAsync("audit", "--partner", "jp", "--db", Db);
        Assert.Equal(2, unknownAudit);
        Assert.Contains("no partner named 'jp'", unknownError, StringComparison.Ordinal);

        var (statusCode, status, _) = await CliRunner.RunAsync("partner", "status", "--db", Db);
        Assert.Equal(0, statusCode);
        Assert.Contains("never", status, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync("partner", "remove", "kr", "--db", Db)).ExitCode);
        Assert.Equal(1, (await CliRunner.RunAsync("partner", "remove", "kr", "--db", Db)).ExitCode);
    }

    [Theory]
    [InlineData("KR", "http://127.0.0.1:9/", "partner name 'KR'")]
    [InlineData("kr", "ftp://127.0.0.1/", "--url: 'ftp://127.0.0.1/' is not an http")]
    public async Task Partner_add_refuses_bad_names_and_urls(string name, string url, string message)
    {
        await SetUpAsync(withPartner: false);
        var (code, _, error) = await CliRunner.RunAsync("partner", "add", name, "--url", url, "--user", "u", "--password", "p", "--pull", "a", "--push", "b", "--db", Db);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incidents_are_filed_for_the_organisation_the_node_speaks_for_and_a_different_identity_is_refused()
    {
        await SetUpAsync();
        await using (var store = new SqliteStore(Db))
        {
            await store.InitializeAsync(TestContext.Current.CancellationToken);
            await store.SetSettingAsync("identity", "US national centre", "korus serve", TestContext.Current.CancellationToken); // as the node's first start does
        }

        var (refused, _, error) = await CliRunner.RunAsync("incident", "create", Write("theft.json", Theft), "--db", Db, "--identity", "Someone else");
        Assert.Equal(2, refused);
        Assert.Contains("--identity 'Someone else' is not the organisation this node speaks for ('US national centre'", error, StringComparison.Ordinal);
        var (_, none, _) = await CliRunner.RunAsync("incident", "list", "--db", Db, "--format", "json");
        Assert.Equal(0, JsonDocument.Parse(none).RootElement.GetArrayLength());

        var (code, output, createError) = await CliRunner.RunAsync("incident", "create", Write("theft.json", Theft), "--db", Db, "--format", "json");
        Assert.True(code == 0, createError);
        var incidentId = JsonDocument.Parse(output).RootElement.GetProperty("incident_id").GetString()!;
        await using var check = new SqliteStore(Db);
        await check.InitializeAsync(TestContext.Current.CancellationToken);
        var incident = Assert.Single((await check.QueryObjectsAsync("incidents", new ObjectQuery { Ids = [incidentId] }, TestContext.Current.CancellationToken)).Items);
        var expected = Korus.Stix.Model.NodeIdentity.Create("US national centre", Korus.Stix.StixTimestamp.Parse("2026-01-01T00:00:00Z")).Id;
        Assert.Equal(expected, JsonDocument.Parse(incident.Json).RootElement.GetProperty("created_by_ref").GetString());
    }

    [Fact]
    public async Task Incident_create_decides_and_queues_a_notice_when_the_partner_is_down()
    {
        await SetUpAsync();
        var (code, output, error) = await CliRunner.RunAsync("incident", "create", Write("theft.json", Theft), "--db", Db, "--format", "json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(4, root.GetProperty("level").GetInt32());
        Assert.Equal("joint", root.GetProperty("decisions")[0].GetProperty("mode").GetString());
        var notice = root.GetProperty("notices")[0];
        Assert.Equal(1, notice.GetProperty("attempts").GetInt32());
        Assert.Contains("127.0.0.1:9", notice.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        var incidentId = root.GetProperty("incident_id").GetString()!;

        var (listCode, list, _) = await CliRunner.RunAsync("incident", "list", "--db", Db);
        Assert.Equal(0, listCode);
        Assert.Contains("4 severe", list, StringComparison.Ordinal);

        var reassessment = Write("again.json", JsonDocument.Parse(Theft).RootElement.GetProperty("assessment").GetRawText().Replace("\"one-nation\"", "\"both-nations\"", StringComparison.Ordinal));
        var (reCode, reOutput, reError) = await CliRunner.RunAsync("incident", "reassess", incidentId, reassessment, "--reason", "victims in both nations", "--db", Db);
        Assert.True(reCode == 0, reError);
        Assert.Contains("kr: joint response; notify within 1 h", reOutput, StringComparison.Ordinal);

        var (showCode, show, _) = await CliRunner.RunAsync("incident", "show", incidentId, "--db", Db, "--format", "json");
        Assert.Equal(0, showCode);
        using var detail = JsonDocument.Parse(show);
        Assert.Equal(2, detail.RootElement.GetProperty("history").GetArrayLength());
        Assert.Equal("victims in both nations", detail.RootElement.GetProperty("history")[1].GetProperty("reason").GetString());
        Assert.Equal(2, detail.RootElement.GetProperty("notices").GetArrayLength());

        var (escCode, escalations, _) = await CliRunner.RunAsync("escalations", "--outbound", "--db", Db);
        Assert.Equal(0, escCode);
        Assert.Contains("queued", escalations, StringComparison.Ordinal);
        var (overdueCode, overdue, _) = await CliRunner.RunAsync("escalations", "--overdue", "--db", Db);
        Assert.Equal(0, overdueCode);
        Assert.Contains("No notice is overdue.", overdue, StringComparison.Ordinal);

        var noticeId = notice.GetProperty("id").GetString()!;
        var (ackCode, ack, _) = await CliRunner.RunAsync("escalations", "ack", noticeId, "--outbound", "--by", "phone call with the KR duty officer", "--db", Db);
        Assert.Equal(0, ackCode);
        Assert.Contains("recorded as acknowledged by phone call", ack, StringComparison.Ordinal);
        Assert.Equal(1, (await CliRunner.RunAsync("escalations", "ack", noticeId, "--outbound", "--db", Db)).ExitCode);
    }

    [Fact]
    public async Task Incident_create_refuses_a_bad_incident_naming_the_field_and_files_nothing()
    {
        await SetUpAsync();
        var bad = Theft.Replace("\"state-apt\"", "\"nation-state\"", StringComparison.Ordinal).Replace("\"amber\"", "\"orange\"", StringComparison.Ordinal);
        var (code, output, error) = await CliRunner.RunAsync("incident", "create", Write("bad.json", bad), "--db", Db);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("$.assessment.actor: 'nation-state' is not an option of actor", error, StringComparison.Ordinal);
        Assert.Contains("$.tlp: 'orange' is not a TLP level", error, StringComparison.Ordinal);
        Assert.Contains("nothing was filed", error, StringComparison.Ordinal);

        await using var store = new SqliteStore(Db);
        await store.InitializeAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, await store.CountObjectVersionsAsync("incidents", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reassessing_an_unknown_incident_and_acknowledging_an_unknown_notice_fail_clearly()
    {
        await SetUpAsync();
        var assessment = Write("a.json", JsonDocument.Parse(Theft).RootElement.GetProperty("assessment").GetRawText());
        var (code, _, error) = await CliRunner.RunAsync("incident", "reassess", "incident--00000000-0000-4000-8000-000000000000", assessment, "--db", Db);
        Assert.Equal(1, code);
        Assert.Contains("incident.not-found", error, StringComparison.Ordinal);

        var (ackCode, _, ackError) = await CliRunner.RunAsync("escalations", "ack", "report--00000000-0000-4000-8000-000000000000", "--db", Db);
        Assert.Equal(1, ackCode);
        Assert.Contains("escalation.not-found", ackError, StringComparison.Ordinal);

        var (missingDb, _, dbError) = await CliRunner.RunAsync("incident", "list", "--db", Path.Combine(_directory, "none.db"));
        Assert.Equal(2, missingDb);
        Assert.Contains("there is no database", dbError, StringComparison.Ordinal);
    }
}
