using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Korus.Cli.Terminal;
using Korus.Server;
using Korus.Severity;
using Korus.Severity.Incidents;
using Korus.Stix;
using Korus.Stix.Json;
using Korus.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus incident create|list|show|reassess</c> on the node database: filing assesses the incident,
/// decides per partner and queues notices, which are delivered at once when the partner answers (a
/// running node retries otherwise).
/// </summary>
internal static class IncidentCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("incident", "File, list, show and reassess incidents (works on the database; a running node delivers notices too).");
        command.Add(CreateCreate(console));
        command.Add(CreateList(console));
        command.Add(CreateShow(console));
        command.Add(CreateReassess(console));
        return command;
    }

    internal static Option<string?> Identity() => new("--identity") { Description = "The organisation this node speaks for; must be the one korus serve stored (default: that one)." };

    /// <summary>The organisation to write for: the node's stored one, checked against <paramref name="requested"/>; null (reported) on a mismatch.</summary>
    internal static async Task<string?> IdentityAsync(CliConsole console, string command, IKorusStore store, string? requested, CancellationToken cancellationToken)
    {
        var (name, problem) = await NodeIdentitySetting.ForCommandAsync(store, requested, cancellationToken);
        if (problem is not null)
        {
            await console.Error.WriteLineAsync($"korus {command}: {problem}");
        }

        return name;
    }

    /// <summary>Opens the database and a desk with the policies the options name; null after saying what is wrong.</summary>
    internal static async Task<(IKorusStore Store, IncidentDesk Desk)?> OpenDeskAsync(CliConsole console, string command, string db, string? cscf, string? escalation, string? identity, CancellationToken cancellationToken)
    {
        if (await SeverityCommand.LoadPoliciesAsync(console, command, cscf, escalation) is not { } policies)
        {
            return null;
        }

        var store = await CommonOptions.OpenExistingAsync(console, command, db, cancellationToken);
        if (store is null)
        {
            return null;
        }

        if (await IdentityAsync(console, command, store, identity, cancellationToken) is not { } name)
        {
            await store.DisposeAsync();
            return null;
        }

        await IncidentDesk.EnsureCollectionAsync(store, cancellationToken);
        return (store, new IncidentDesk(store, TimeProvider.System, name, policies.Cscf, policies.Escalation));
    }

    private static async Task<JsonDocument?> ReadJsonAsync(CliConsole console, string command, string path, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = path == "-" ? await CommonOptions.ReadAllAsync(console.OpenStandardInput(), cancellationToken) : await File.ReadAllBytesAsync(path, cancellationToken);
            return StrictJson.Parse(bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"korus {command}: cannot read '{path}': {e.Message}");
        }
        catch (JsonException e)
        {
            await console.Error.WriteLineAsync($"{path}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: error {SeverityCodes.Json}: not valid JSON: {e.Message}");
        }

        return null;
    }

    internal static async Task<int> ReportProblemsAsync(CliConsole console, string source, IReadOnlyList<Finding> findings, string what)
    {
        foreach (var finding in findings)
        {
            await console.Error.WriteLineAsync(CommonOptions.FindingLine(source, finding));
        }

        await console.Error.WriteLineAsync(what);
        return ExitCodes.Usage;
    }

    private static Command CreateCreate(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The incident: {\"name\", \"assessment\", optional \"description\", \"determination\", \"tlp\", \"related_refs\"}; '-' reads standard input." };
        var db = CommonOptions.Database();
        var cscf = SeverityCommand.PolicyOption();
        var escalation = SeverityCommand.EscalationOption();
        var identity = Identity();
        var format = CommonOptions.Format();
        var command = new Command("create", "File an incident: assess it, decide per partner, queue and send the notices.") { file, db, cscf, escalation, identity, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            using var document = await ReadJsonAsync(console, "incident create", path, cancellationToken);
            if (document is null)
            {
                return ExitCodes.Usage;
            }

            var findings = new List<Finding>();
            if (IncidentDraft.Read(document.RootElement, findings) is not { } draft)
            {
                return await ReportProblemsAsync(console, path, findings, $"korus incident create: '{path}' is not a valid incident (see above); nothing was filed.");
            }

            if (await OpenDeskAsync(console, "incident create", parse.GetValue(db)!, parse.GetValue(cscf), parse.GetValue(escalation), parse.GetValue(identity), cancellationToken) is not var (store, desk))
            {
                return ExitCodes.Usage;
            }

            await using (store)
            {
                var (outcome, problems) = await desk.CreateAsync(draft, Environment.UserName, cancellationToken);
                if (outcome is null)
                {
                    return await ReportProblemsAsync(console, path, problems, "korus incident create: nothing was filed.");
                }

                return await FinishAsync(console, store, outcome, parse.GetValue(format) == "json", cancellationToken);
            }
        });
        return command;
    }

    private static Command CreateReassess(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "The incident's STIX id." };
        var file = new Argument<string>("ASSESSMENT") { Description = "The new assessment (JSON); '-' reads standard input." };
        var reason = new Option<string?>("--reason") { Description = "Why the incident is reassessed (kept in its history)." };
        var db = CommonOptions.Database();
        var cscf = SeverityCommand.PolicyOption();
        var escalation = SeverityCommand.EscalationOption();
        var identity = Identity();
        var format = CommonOptions.Format();
        var command = new Command("reassess", "Reassess an incident: a new version with its result, decisions and notices.") { id, file, reason, db, cscf, escalation, identity, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            using var document = await ReadJsonAsync(console, "incident reassess", path, cancellationToken);
            if (document is null)
            {
                return ExitCodes.Usage;
            }

            var findings = new List<Finding>();
            if (CscfAssessment.Read(document.RootElement, "$", findings) is not { } assessment)
            {
                return await ReportProblemsAsync(console, path, findings, $"korus incident reassess: '{path}' is not a valid assessment (see above); nothing changed.");
            }

            if (await OpenDeskAsync(console, "incident reassess", parse.GetValue(db)!, parse.GetValue(cscf), parse.GetValue(escalation), parse.GetValue(identity), cancellationToken) is not var (store, desk))
            {
                return ExitCodes.Usage;
            }

            await using (store)
            {
                var (outcome, problems) = await desk.ReassessAsync(parse.GetValue(id)!, assessment, parse.GetValue(reason), Environment.UserName, cancellationToken);
                if (outcome is null)
                {
                    await ReportProblemsAsync(console, parse.GetValue(id)!, problems, "korus incident reassess: nothing changed.");
                    return ExitCodes.Invalid;
                }

                return await FinishAsync(console, store, outcome, parse.GetValue(format) == "json", cancellationToken);
            }
        });
        return command;
    }

    private static async Task<int> FinishAsync(CliConsole console, IKorusStore store, IncidentOutcome outcome, bool json, CancellationToken cancellationToken)
    {
        // Send the notices now; whatever the partner does not take, a running node retries.
        if (outcome.Notices.Count > 0)
        {
            await using var courier = new EscalationCourier(store, TimeProvider.System, NullLogger.Instance, TimeSpan.FromMinutes(1));
            await courier.DeliverDueAsync(cancellationToken);
        }

        var notices = new List<EscalationRecord>();
        foreach (var notice in outcome.Notices)
        {
            notices.Add(await store.FindEscalationAsync(notice.Id, EscalationDirection.Outbound, cancellationToken) ?? notice);
        }

        var now = StoreClock.NowMicros(TimeProvider.System);
        outcome = outcome with { Notices = notices };
        if (json)
        {
            await CommonOptions.WriteJsonAsync(console, w => IncidentJson.WriteOutcome(w, outcome, now), cancellationToken);
            return ExitCodes.Ok;
        }

        var result = outcome.Result;
        await console.Out.WriteLineAsync($"incident {outcome.IncidentId} (version {outcome.Version})");
        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"score {result.Score:0.00}   level {result.Level} ({result.LevelName})"));
        foreach (var rule in result.FiredRules.Where(r => r.Raised))
        {
            await console.Out.WriteLineAsync($"rule {rule.Id} raised the level from {result.BandLevel} to {rule.MinLevel}: {rule.Reason}");
        }

        foreach (var decision in outcome.Decisions)
        {
            var who = decision.Partner ?? "(no partners)";
            await console.Out.WriteLineAsync(decision.Notify
                ? $"{who}: {ResponseModes.Name(decision.Mode)} response; notify within {EscalationPolicy.Describe(decision.Deadline!.Value)}"
                : $"{who}: {ResponseModes.Name(decision.Mode)} response; no notice required");
        }

        foreach (var notice in notices)
        {
            await console.Out.WriteLineAsync(notice.DeliveredAt is not null
                ? $"notice {notice.Id} to {notice.Partner}: delivered, due {StoreClock.Format(notice.DueAt!.Value)}"
                : $"notice {notice.Id} to {notice.Partner}: queued ({notice.LastError ?? "not yet sent"}); a running node retries, due {StoreClock.Format(notice.DueAt!.Value)}");
        }

        foreach (var withheld in outcome.Withheld)
        {
            await console.Out.WriteLineAsync($"withheld: {withheld}");
        }

        return ExitCodes.Ok;
    }

    private static Command CreateList(CliConsole console)
    {
        var db = CommonOptions.Database();
        var format = CommonOptions.Format();
        var command = new Command("list", "List incidents, newest first, with their current level.") { db, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommonOptions.OpenExistingAsync(console, "incident list", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            await IncidentDesk.EnsureCollectionAsync(store, cancellationToken);
            var desk = new IncidentDesk(store, TimeProvider.System, "Korus node", CscfPolicy.Default, EscalationPolicy.Default);
            var incidents = await desk.ListAsync(cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartArray();
                    foreach (var incident in incidents)
                    {
                        IncidentJson.WriteSummary(json, incident);
                    }

                    json.WriteEndArray();
                }, cancellationToken);
                return ExitCodes.Ok;
            }

            var table = new TextTable("id", "name", "level", "score", "version", "by");
            foreach (var incident in incidents)
            {
                using var document = JsonDocument.Parse(incident.Json);
                var cscf = IncidentDesk.KorusCscf(document.RootElement);
                table.Add(
                    incident.Id,
                    document.RootElement.TryGetProperty("name", out var name) ? name.GetString() : "",
                    cscf is { } c ? $"{c.GetProperty("level").GetInt32()} {c.GetProperty("level_name").GetString()}" : "",
                    cscf is { } s ? s.GetProperty("score").GetDouble().ToString("0.00", CultureInfo.InvariantCulture) : "",
                    incident.Version,
                    cscf is { } b && b.TryGetProperty("assessed_by", out var by) ? by.GetString() : "");
            }

            table.WriteTo(console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateShow(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "The incident's STIX id." };
        var db = CommonOptions.Database();
        var format = CommonOptions.Format();
        var command = new Command("show", "Show an incident with its assessment history and notices.") { id, db, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommonOptions.OpenExistingAsync(console, "incident show", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            await IncidentDesk.EnsureCollectionAsync(store, cancellationToken);
            var desk = new IncidentDesk(store, TimeProvider.System, "Korus node", CscfPolicy.Default, EscalationPolicy.Default);
            var incidentId = parse.GetValue(id)!;
            var history = await desk.HistoryAsync(incidentId, cancellationToken);
            if (history.Count == 0)
            {
                await console.Error.WriteLineAsync($"korus incident show: there is no incident {incidentId}.");
                return ExitCodes.Invalid;
            }

            var notices = await store.ListEscalationsAsync(new EscalationQuery { IncidentId = incidentId }, cancellationToken);
            var now = StoreClock.NowMicros(TimeProvider.System);
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json => IncidentJson.WriteDetail(json, history, notices, now), cancellationToken);
                return ExitCodes.Ok;
            }

            using (var latest = JsonDocument.Parse(history[^1].Json))
            {
                await console.Out.WriteLineAsync($"{incidentId}: {latest.RootElement.GetProperty("name").GetString()}");
            }

            var versions = new TextTable("version", "by", "reason", "score", "level", "modes");
            foreach (var version in history)
            {
                using var document = JsonDocument.Parse(version.Json);
                if (IncidentDesk.KorusCscf(document.RootElement) is not { } c)
                {
                    versions.Add(version.Version, "", "(no CSCF assessment)", "", "", "");
                    continue;
                }

                var modes = string.Join(", ", c.GetProperty("decisions").EnumerateArray().Select(d => $"{(d.TryGetProperty("partner", out var p) ? p.GetString() : "default")} {d.GetProperty("mode").GetString()}"));
                versions.Add(version.Version, c.GetProperty("assessed_by").GetString(), c.GetProperty("reason").GetString(), c.GetProperty("score").GetDouble().ToString("0.00", CultureInfo.InvariantCulture), $"{c.GetProperty("level").GetInt32()} {c.GetProperty("level_name").GetString()}", modes);
            }

            versions.WriteTo(console.Out);
            if (notices.Count > 0)
            {
                await console.Out.WriteLineAsync();
                EscalationsCommand.Table(notices, now).WriteTo(console.Out);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
