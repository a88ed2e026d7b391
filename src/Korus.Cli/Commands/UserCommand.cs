using System.CommandLine;
using Korus.Server;
using Korus.Storage;

namespace Korus.Cli.Commands;

/// <summary><c>korus user add|list|remove|key</c>: users of a node and their per-collection rights, on the database directly.</summary>
internal static class UserCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("user", "Manage the node's users and their rights (works on the database; no server needed).");
        command.Add(CreateAdd(console));
        command.Add(CreateList(console));
        command.Add(CreateRemove(console));
        command.Add(CreateKey(console));
        return command;
    }

    private static Command CreateAdd(CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "The user name." };
        var password = new Option<string>("--password") { Description = "The user's password (stored only as a PBKDF2 hash).", Required = true };
        var read = new Option<string?>("--read") { Description = "Collections the user may read: comma-separated ids, or *." };
        var write = new Option<string?>("--write") { Description = "Collections the user may write: comma-separated ids, or *." };
        var admin = new Option<bool>("--admin") { Description = "Make the user an administrator (reads and writes everything)." };
        var replace = new Option<bool>("--replace") { Description = "Replace an existing user of that name (new password and rights)." };
        var db = CommonOptions.Database();
        var command = new Command("add", "Add a user with a password and read/write rights per collection.") { name, password, read, write, admin, replace, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var userName = parse.GetValue(name)!;
            if (StoreNames.CheckUserName(userName) is { } nameProblem)
            {
                await console.Error.WriteLineAsync($"korus user add: NAME: {nameProblem}");
                return ExitCodes.Usage;
            }

            var secret = parse.GetValue(password)!;
            if (secret.Length < 8)
            {
                await console.Error.WriteLineAsync($"korus user add: --password is {secret.Length} characters long; use at least 8.");
                return ExitCodes.Usage;
            }

            var readIds = CommonOptions.SplitIds(parse.GetValue(read), "--read", out var readError);
            var writeIds = CommonOptions.SplitIds(parse.GetValue(write), "--write", out var writeError);
            if (readIds is null || writeIds is null)
            {
                await console.Error.WriteLineAsync($"korus user add: {readError ?? writeError}");
                return ExitCodes.Usage;
            }

            await using var store = await CommonOptions.OpenExistingAsync(console, "user add", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            var known = (await store.ListCollectionsAsync(cancellationToken)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            var unknown = readIds.Concat(writeIds).Where(id => id != CollectionRight.AnyCollection && !known.Contains(id)).Distinct().ToList();
            if (unknown.Count > 0)
            {
                await console.Error.WriteLineAsync($"korus user add: no collection {string.Join(", ", unknown.Select(u => $"'{u}'"))} on this node (see 'korus collection list').");
                return ExitCodes.Usage;
            }

            var rights = readIds.Union(writeIds, StringComparer.Ordinal)
                .Select(id => new CollectionRight(id, readIds.Contains(id), writeIds.Contains(id)))
                .ToList();
            var user = new UserRecord(userName, SecretHasher.Default.Hash(secret), parse.GetValue(admin), StoreClock.NowMicros(TimeProvider.System), rights);
            if (!await store.SaveUserAsync(user, parse.GetValue(replace), Environment.UserName, cancellationToken))
            {
                await console.Error.WriteLineAsync($"korus user add: user '{userName}' exists; pass --replace to change it.");
                return ExitCodes.Invalid;
            }

            await console.Out.WriteLineAsync($"User '{userName}' saved: read {Describe(readIds)}, write {Describe(writeIds)}{(user.IsAdmin ? ", administrator" : "")}.");
            return ExitCodes.Ok;
        });
        return command;

        static string Describe(List<string> ids) => ids.Count == 0 ? "nothing" : string.Join(",", ids);
    }

    private static Command CreateList(CliConsole console)
    {
        var db = CommonOptions.Database();
        var format = CommonOptions.Format();
        var command = new Command("list", "List users and their rights.") { db, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommonOptions.OpenExistingAsync(console, "user list", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            var users = await store.ListUsersAsync(cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartArray();
                    foreach (var user in users)
                    {
                        json.WriteStartObject();
                        json.WriteString("name", user.Name);
                        json.WriteBoolean("admin", user.IsAdmin);
                        json.WriteString("created", StoreClock.Format(user.CreatedAt));
                        WriteIds(json, "read", user.Rights.Where(r => r.CanRead));
                        WriteIds(json, "write", user.Rights.Where(r => r.CanWrite));
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }, cancellationToken);
                return ExitCodes.Ok;
            }

            var table = new Terminal.TextTable("NAME", "ADMIN", "READ", "WRITE", "CREATED");
            foreach (var user in users)
            {
                table.Add(user.Name, user.IsAdmin ? "yes" : "no", Ids(user.Rights.Where(r => r.CanRead)), Ids(user.Rights.Where(r => r.CanWrite)), StoreClock.Format(user.CreatedAt)[..19] + "Z");
            }

            table.WriteTo(console.Out);
            return ExitCodes.Ok;
        });
        return command;

        static string Ids(IEnumerable<CollectionRight> rights) => string.Join(",", rights.Select(r => r.CollectionId)) is { Length: > 0 } s ? s : "-";

        static void WriteIds(System.Text.Json.Utf8JsonWriter json, string name, IEnumerable<CollectionRight> rights)
        {
            json.WriteStartArray(name);
            foreach (var right in rights)
            {
                json.WriteStringValue(right.CollectionId);
            }

            json.WriteEndArray();
        }
    }

    private static Command CreateRemove(CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "The user to remove (with the user's API keys)." };
        var db = CommonOptions.Database();
        var command = new Command("remove", "Remove a user and the user's API keys.") { name, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommonOptions.OpenExistingAsync(console, "user remove", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            var userName = parse.GetValue(name)!;
            if (!await store.RemoveUserAsync(userName, Environment.UserName, cancellationToken))
            {
                await console.Error.WriteLineAsync($"korus user remove: there is no user '{userName}'.");
                return ExitCodes.Invalid;
            }

            await console.Out.WriteLineAsync($"User '{userName}' removed.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateKey(CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "The user the key acts as." };
        var label = new Option<string?>("--label") { Description = "What the key is for." };
        var db = CommonOptions.Database();
        var command = new Command("key", "Create an API key (a Bearer token) for a user; the key is printed once.") { name, label, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommonOptions.OpenExistingAsync(console, "user key", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            var userName = parse.GetValue(name)!;
            if (await store.FindUserAsync(userName, cancellationToken) is null)
            {
                await console.Error.WriteLineAsync($"korus user key: there is no user '{userName}'.");
                return ExitCodes.Invalid;
            }

            var (record, key) = ApiKeys.Create(userName, parse.GetValue(label), SecretHasher.Default, StoreClock.NowMicros(TimeProvider.System));
            await store.AddApiKeyAsync(record, Environment.UserName, cancellationToken);
            await console.Out.WriteLineAsync(key);
            await console.Error.WriteLineAsync("The key is shown only this once; send it as 'Authorization: Bearer <key>'.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
