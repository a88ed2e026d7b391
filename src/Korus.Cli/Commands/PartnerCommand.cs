using System.CommandLine;
using Korus.Cli.Terminal;
using Korus.Server;
using Korus.Storage;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus partner add|list|remove</c>: the partner nodes this node notifies and shares with, on the
/// database directly. Adding a partner creates its <c>from-NAME</c> and <c>to-NAME</c> collections;
/// the password it presents to the partner is kept encrypted under the node's key.
/// </summary>
internal static class PartnerCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("partner", "Manage partner nodes (works on the database; no server needed).");
        command.Add(Add(console));
        command.Add(List(console));
        command.Add(Remove(console));
        command.Add(Status(console));
        return command;
    }

    private static Command Status(CliConsole console)
    {
        var db = CommonOptions.Database();
        var format = CommonOptions.Format();
        var command = new Command("status", "Where the sync with each partner stands: last success, lag, objects in and out, errors.") { db, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommonOptions.OpenExistingAsync(console, "partner status", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            var now = StoreClock.NowMicros(TimeProvider.System);
            var rows = await PartnerStatus.ListAsync(store, cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartArray();
                    foreach (var row in rows)
                    {
                        row.WriteTo(json, now);
                    }

                    json.WriteEndArray();
                }, cancellationToken);
                return ExitCodes.Ok;
            }

            var table = new TextTable("partner", "last success", "lag", "in", "out", "withheld", "errors", "time-to-share median / p95", "last error");
            foreach (var (partner, state, timeToShare) in rows)
            {
                table.Add(
                    partner.Name,
                    state?.LastSuccess is { } ok ? StoreClock.Format(ok)[..19] + "Z" : "never",
                    state?.LastSuccess is { } at ? $"{(now - at) / 1_000_000.0:0.0} s" : "",
                    (state?.ObjectsIn ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    (state?.ObjectsOut ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    (state?.ObjectsWithheld ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    (state?.Errors ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    timeToShare is null ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{timeToShare.MedianSeconds:0.###} s / {timeToShare.P95Seconds:0.###} s ({timeToShare.Count})"),
                    state?.LastError ?? "");
            }

            table.WriteTo(console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "The partner's name (lower-case letters, digits, '-'), such as kr or us." };
        var url = new Option<string>("--url") { Description = "The partner's TAXII 2.1 discovery URL or one of its API root URLs.", Required = true };
        var user = new Option<string>("--user") { Description = "This node's user name on the partner.", Required = true };
        var password = new Option<string>("--password") { Description = "This node's password on the partner (stored encrypted).", Required = true };
        var pull = new Option<string>("--pull") { Description = "The partner's collection this node reads.", Required = true };
        var push = new Option<string>("--push") { Description = "The partner's collection this node writes to (notices, acknowledgements, shared intelligence).", Required = true };
        var policy = new Option<string?>("--policy") { Description = "A sharing policy file for this partner (default: the built-in policy)." };
        var interval = new Option<int>("--interval") { Description = "Seconds between syncs with the partner.", DefaultValueFactory = _ => 60 };
        var replace = new Option<bool>("--replace") { Description = "Replace a partner of the same name." };
        var db = CommonOptions.Database();
        var command = new Command("add", "Add a partner node.") { name, url, user, password, pull, push, policy, interval, replace, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var partnerName = parse.GetValue(name)!;
            var address = parse.GetValue(url)!;
            var problems = new List<string>();
            if (PartnerRecord.CheckName(partnerName) is { } nameProblem)
            {
                problems.Add(nameProblem);
            }

            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"--url: '{address}' is not an http:// or https:// URL.");
            }

            foreach (var (option, value) in new[] { ("--pull", parse.GetValue(pull)!), ("--push", parse.GetValue(push)!) })
            {
                if (StoreNames.CheckCollectionId(value) is { } problem)
                {
                    problems.Add($"{option}: {problem}");
                }
            }

            if (parse.GetValue(policy) is { } policyPath && !File.Exists(policyPath))
            {
                problems.Add($"--policy: '{policyPath}' does not exist.");
            }

            if (parse.GetValue(interval) < 1)
            {
                problems.Add("--interval must be at least 1 second.");
            }

            if (string.IsNullOrEmpty(parse.GetValue(password)))
            {
                problems.Add("--password is empty.");
            }

            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await console.Error.WriteLineAsync($"korus partner add: {problem}");
                }

                return ExitCodes.Usage;
            }

            await using var store = await CommonOptions.OpenExistingAsync(console, "partner add", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            var secrets = await PartnerSecrets.OpenAsync(store, cancellationToken);
            var record = new PartnerRecord(partnerName, address, parse.GetValue(user)!, secrets.Protect(parse.GetValue(password)!), parse.GetValue(pull)!, parse.GetValue(push)!, parse.GetValue(policy), parse.GetValue(interval), StoreClock.NowMicros(TimeProvider.System));
            if (!await store.SavePartnerAsync(record, parse.GetValue(replace), Environment.UserName, cancellationToken))
            {
                await console.Error.WriteLineAsync($"korus partner add: there is already a partner named '{partnerName}' (use --replace to change it).");
                return ExitCodes.Invalid;
            }

            await store.CreateCollectionAsync(new CollectionDraft(record.FromCollection, $"From {partnerName}", $"What {partnerName} shared with this node."), Environment.UserName, cancellationToken);
            await store.CreateCollectionAsync(new CollectionDraft(record.ToCollection, $"To {partnerName}", $"What this node shares with {partnerName}; {partnerName} reads it."), Environment.UserName, cancellationToken);
            await console.Out.WriteLineAsync($"Partner '{partnerName}' added: pulls {record.PullCollection}, pushes to {record.PushCollection} at {address}; collections {record.FromCollection} and {record.ToCollection} are ready.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(CliConsole console)
    {
        var db = CommonOptions.Database();
        var format = CommonOptions.Format();
        var command = new Command("list", "List partner nodes (passwords are never shown).") { db, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommonOptions.OpenExistingAsync(console, "partner list", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            var partners = await store.ListPartnersAsync(cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartArray();
                    foreach (var p in partners)
                    {
                        json.WriteStartObject();
                        json.WriteString("name", p.Name);
                        json.WriteString("url", p.Url);
                        json.WriteString("user", p.User);
                        json.WriteString("pull", p.PullCollection);
                        json.WriteString("push", p.PushCollection);
                        if (p.PolicyPath is not null)
                        {
                            json.WriteString("policy", p.PolicyPath);
                        }

                        json.WriteNumber("interval_seconds", p.IntervalSeconds);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }, cancellationToken);
                return ExitCodes.Ok;
            }

            var table = new TextTable("name", "url", "user", "pull", "push", "policy", "interval");
            foreach (var p in partners)
            {
                table.Add(p.Name, p.Url, p.User, p.PullCollection, p.PushCollection, p.PolicyPath ?? "(default)", $"{p.IntervalSeconds} s");
            }

            table.WriteTo(console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "The partner to remove (its collections stay)." };
        var db = CommonOptions.Database();
        var command = new Command("remove", "Remove a partner node; its from-/to- collections and their objects stay.") { name, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommonOptions.OpenExistingAsync(console, "partner remove", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            if (!await store.RemovePartnerAsync(parse.GetValue(name)!, Environment.UserName, cancellationToken))
            {
                await console.Error.WriteLineAsync($"korus partner remove: there is no partner named '{parse.GetValue(name)}'.");
                return ExitCodes.Invalid;
            }

            await console.Out.WriteLineAsync($"Partner '{parse.GetValue(name)}' removed.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
