using System.CommandLine;
using Korus.Cli.Terminal;
using Korus.Storage;

namespace Korus.Cli.Commands;

/// <summary><c>korus audit --partner NAME [--object ID]</c>: every sharing decision made for a partner, with its rule, newest first.</summary>
internal static class AuditCommand
{
    public static Command Create(CliConsole console)
    {
        var partner = new Option<string>("--partner") { Description = "The partner whose sharing decisions to show.", Required = true };
        var objectId = new Option<string?>("--object") { Description = "Only the decisions on this object." };
        var limit = new Option<int>("--limit") { Description = "Most decisions to show.", DefaultValueFactory = _ => 1000 };
        var db = CommonOptions.Database();
        var format = CommonOptions.Format();
        var command = new Command("audit", "Show the sharing decisions made for a partner: object, version, shared/redacted/withheld, rule, reason, policy hash.") { partner, objectId, limit, db, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(limit) < 1)
            {
                await console.Error.WriteLineAsync("korus audit: --limit must be at least 1.");
                return ExitCodes.Usage;
            }

            await using var store = await CommonOptions.OpenExistingAsync(console, "audit", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            var name = parse.GetValue(partner)!;
            if (await store.FindPartnerAsync(name, cancellationToken) is null)
            {
                await console.Error.WriteLineAsync($"korus audit: there is no partner named '{name}'.");
                return ExitCodes.Usage;
            }

            var entries = await store.ListSharingDecisionsAsync(name, parse.GetValue(objectId), parse.GetValue(limit), cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartArray();
                    foreach (var e in entries)
                    {
                        json.WriteStartObject();
                        json.WriteString("at", StoreClock.Format(e.At));
                        json.WriteString("partner", e.Partner);
                        json.WriteString("object_id", e.ObjectId);
                        json.WriteString("version", e.Version);
                        json.WriteString("outcome", e.Outcome);
                        json.WriteString("rule", e.Rule);
                        json.WriteString("reason", e.Reason);
                        json.WriteString("policy_hash", e.PolicyHash);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }, cancellationToken);
                return ExitCodes.Ok;
            }

            if (entries.Count == 0)
            {
                await console.Out.WriteLineAsync($"No sharing decisions for {name} yet.");
                return ExitCodes.Ok;
            }

            var table = new TextTable("at", "object", "version", "outcome", "rule", "reason");
            foreach (var e in entries)
            {
                table.Add(StoreClock.Format(e.At)[..19] + "Z", e.ObjectId, e.Version, e.Outcome, e.Rule, e.Reason);
            }

            table.WriteTo(console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }
}
