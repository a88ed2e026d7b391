using System.CommandLine;
using Korus.Storage;

namespace Korus.Cli.Commands;

/// <summary><c>korus collection create|list|remove</c>: the node's TAXII collections, on the database directly.</summary>
internal static class CollectionCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("collection", "Manage the node's TAXII collections (works on the database; no server needed).");
        command.Add(CreateCreate(console));
        command.Add(CreateList(console));
        command.Add(CreateRemove(console));
        return command;
    }

    private static Command CreateCreate(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "The collection id (letters, digits, '-', '_', '.')." };
        var title = new Option<string>("--title") { Description = "The collection's title.", Required = true };
        var description = new Option<string?>("--description") { Description = "What the collection holds." };
        var alias = new Option<string?>("--alias") { Description = "An alias usable in URLs in place of the id." };
        var isPublic = new Option<bool>("--public") { Description = "Let anyone read it without credentials." };
        var db = CommonOptions.Database();
        var command = new Command("create", "Create a collection.") { id, title, description, alias, isPublic, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var draft = new CollectionDraft(parse.GetValue(id)!, parse.GetValue(title)!, parse.GetValue(description), parse.GetValue(alias), parse.GetValue(isPublic));
            var problem = StoreNames.CheckCollectionId(draft.Id) ?? (draft.Alias is null ? null : StoreNames.CheckCollectionId(draft.Alias, "collection alias"))
                ?? (string.IsNullOrWhiteSpace(draft.Title) ? "--title is empty." : null);
            if (problem is not null)
            {
                await console.Error.WriteLineAsync($"korus collection create: {problem}");
                return ExitCodes.Usage;
            }

            await using var store = await CommonOptions.OpenExistingAsync(console, "collection create", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            if (!await store.CreateCollectionAsync(draft, Environment.UserName, cancellationToken))
            {
                await console.Error.WriteLineAsync($"korus collection create: '{draft.Id}'{(draft.Alias is null ? "" : $" or alias '{draft.Alias}'")} is already a collection id or alias.");
                return ExitCodes.Invalid;
            }

            await console.Out.WriteLineAsync($"Collection '{draft.Id}' created{(draft.PublicRead ? " (public read)" : "")}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateList(CliConsole console)
    {
        var db = CommonOptions.Database();
        var format = CommonOptions.Format();
        var command = new Command("list", "List collections with their object-version counts.") { db, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommonOptions.OpenExistingAsync(console, "collection list", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            var collections = await store.ListCollectionsAsync(cancellationToken);
            var counts = new List<long>();
            foreach (var collection in collections)
            {
                counts.Add(await store.CountObjectVersionsAsync(collection.Id, cancellationToken));
            }

            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartArray();
                    for (var i = 0; i < collections.Count; i++)
                    {
                        var c = collections[i];
                        json.WriteStartObject();
                        json.WriteString("id", c.Id);
                        json.WriteString("title", c.Title);
                        if (c.Description is not null)
                        {
                            json.WriteString("description", c.Description);
                        }

                        if (c.Alias is not null)
                        {
                            json.WriteString("alias", c.Alias);
                        }

                        json.WriteBoolean("public", c.PublicRead);
                        json.WriteNumber("object_versions", counts[i]);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }, cancellationToken);
                return ExitCodes.Ok;
            }

            var table = new Terminal.TextTable("ID", "TITLE", "ALIAS", "PUBLIC", "VERSIONS");
            for (var i = 0; i < collections.Count; i++)
            {
                var c = collections[i];
                table.Add(c.Id, c.Title, c.Alias ?? "-", c.PublicRead ? "yes" : "no", counts[i].ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            }

            table.WriteTo(console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateRemove(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "The collection to remove, with all its objects." };
        var db = CommonOptions.Database();
        var command = new Command("remove", "Remove a collection and all its objects (recorded in the audit log).") { id, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await CommonOptions.OpenExistingAsync(console, "collection remove", parse.GetValue(db)!, cancellationToken);
            if (store is null)
            {
                return ExitCodes.Usage;
            }

            var collectionId = parse.GetValue(id)!;
            var count = (await store.FindCollectionAsync(collectionId, cancellationToken)) is { } found && found.Id == collectionId
                ? await store.CountObjectVersionsAsync(collectionId, cancellationToken)
                : -1;
            if (count < 0 || !await store.RemoveCollectionAsync(collectionId, Environment.UserName, cancellationToken))
            {
                await console.Error.WriteLineAsync($"korus collection remove: there is no collection '{collectionId}'.");
                return ExitCodes.Invalid;
            }

            await console.Out.WriteLineAsync($"Collection '{collectionId}' removed with {count:N0} object versions.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
