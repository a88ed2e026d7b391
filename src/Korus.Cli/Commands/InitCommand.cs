using System.CommandLine;
using Korus.Server;
using Korus.Storage;
using Korus.Storage.Sqlite;

namespace Korus.Cli.Commands;

/// <summary><c>korus init --db FILE</c>: creates a node database with an admin user and prints the admin password once.</summary>
internal static class InitCommand
{
    public static Command Create(CliConsole console)
    {
        var db = CommonOptions.Database();
        var format = CommonOptions.Format();
        var command = new Command("init", "Create a node database with an admin user (the password is printed once) and the national and alliance collections.") { db, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(db)!;
            await using var store = new SqliteStore(path);
            var password = await NodeSetup.InitializeAsync(store, SecretHasher.Default, TimeProvider.System, cancellationToken);
            if (password is null)
            {
                await console.Error.WriteLineAsync($"korus init: '{store.Path}' is already set up; nothing was changed. Use 'korus user add' to add users.");
                return ExitCodes.Invalid;
            }

            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("database", store.Path);
                    json.WriteString("user", NodeSetup.AdminName);
                    json.WriteString("password", password);
                    json.WriteEndObject();
                }, cancellationToken);
            }
            else
            {
                await console.Out.WriteLineAsync($"Created {store.Path}");
                await console.Out.WriteLineAsync($"admin user: {NodeSetup.AdminName}");
                await console.Out.WriteLineAsync($"admin password: {password}");
                await console.Out.WriteLineAsync("The password is shown only this once; only its hash is stored.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
