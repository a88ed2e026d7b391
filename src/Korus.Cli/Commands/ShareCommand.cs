using System.CommandLine;
using System.Text.Json;
using Korus.Cli.Terminal;
using Korus.Policies;
using Korus.Sharing;
using Korus.Stix;
using Korus.Stix.Model;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus share preview --partner NAME FILE</c>: what the sharing policy would do with each object of
/// a file for one partner (shared, redacted or withheld, with the rule and the reason), sending nothing.
/// </summary>
internal static class ShareCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("share", "Sharing with partners under their sharing policy.");
        command.Add(Preview(console));
        return command;
    }

    private static Command Preview(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "A STIX bundle, array or object; '-' reads standard input." };
        var partner = new Option<string>("--partner") { Description = "The partner to preview for.", Required = true };
        var policy = new Option<string?>("--policy") { Description = "A sharing policy file (default: the partner's policy in --db, else the built-in default)." };
        var db = new Option<string?>("--db") { Description = "A node database whose partner record names the policy." };
        var format = CommonOptions.Format();
        var command = new Command("preview", "Show per object what would be shared, redacted or withheld for a partner, and why; nothing is sent.") { file, partner, policy, db, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(partner)!;
            var policyPath = parse.GetValue(policy);
            if (policyPath is null && parse.GetValue(db) is { } dbPath)
            {
                await using var store = await CommonOptions.OpenExistingAsync(console, "share preview", dbPath, cancellationToken);
                if (store is null)
                {
                    return ExitCodes.Usage;
                }

                var record = await store.FindPartnerAsync(name, cancellationToken);
                if (record is null)
                {
                    await console.Error.WriteLineAsync($"korus share preview: there is no partner named '{name}' in {dbPath}.");
                    return ExitCodes.Usage;
                }

                policyPath = record.PolicyPath;
            }

            SharingPolicy sharing;
            try
            {
                sharing = policyPath is null ? SharingPolicy.Default : SharingPolicy.Load(policyPath);
            }
            catch (PolicyException e)
            {
                await console.Error.WriteLineAsync($"korus share preview: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"korus share preview: cannot read '{policyPath}': {e.Message}");
                return ExitCodes.Usage;
            }

            var path = parse.GetValue(file)!;
            StixDocument document;
            try
            {
                document = path == "-" ? StixDocument.Load(console.OpenStandardInput()) : StixDocument.Load(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"korus share preview: cannot read '{path}': {e.Message}");
                return ExitCodes.Usage;
            }

            var source = path == "-" ? "<stdin>" : path;
            foreach (var problem in document.Problems.Where(p => p.IsError))
            {
                await console.Error.WriteLineAsync(CommonOptions.FindingLine(source, problem));
            }

            if (document.Problems.Any(p => p.IsError) && document.Objects.Count == 0)
            {
                await console.Error.WriteLineAsync($"korus share preview: '{source}' holds no readable STIX objects.");
                return ExitCodes.Usage;
            }

            var objects = document.Objects.Select(o => (ReadOnlyMemory<byte>)o.Json.ToArray()).ToList();
            var decisions = new SharingEvaluator(sharing, name).Evaluate(objects);
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("partner", name);
                    json.WriteString("policy", sharing.Name);
                    json.WriteString("policy_hash", sharing.Hash);
                    json.WriteStartArray("decisions");
                    foreach (var d in decisions)
                    {
                        json.WriteStartObject();
                        json.WriteString("id", d.ObjectId);
                        json.WriteString("type", d.Type);
                        json.WriteString("outcome", d.OutcomeName);
                        json.WriteString("rule", d.Rule);
                        json.WriteString("reason", d.Reason);
                        if (d.Outcome == SharingOutcome.Redacted)
                        {
                            json.WritePropertyName("copy");
                            using var copy = JsonDocument.Parse(d.Copy);
                            copy.RootElement.WriteTo(json);
                        }

                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }, cancellationToken);
                return ExitCodes.Ok;
            }

            var table = new TextTable("id", "type", "outcome", "rule", "reason");
            foreach (var d in decisions)
            {
                table.Add(d.ObjectId, d.Type, d.OutcomeName, d.Rule, d.Reason);
            }

            table.WriteTo(console.Out);
            await console.Out.WriteLineAsync($"{decisions.Count(d => d.Outcome == SharingOutcome.Shared)} shared, {decisions.Count(d => d.Outcome == SharingOutcome.Redacted)} redacted, {decisions.Count(d => d.Outcome == SharingOutcome.Withheld)} withheld for {name} under {sharing.Name} ({sharing.Hash}); nothing was sent.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
