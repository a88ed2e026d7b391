using System.CommandLine;
using Korus.Cli.Terminal;
using Korus.Stix.Json;
using Korus.Stix.Model;
using Korus.Taxii;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus taxii collections|push|pull</c>: a TAXII 2.1 client for any standard server. Credentials
/// come from <c>--user</c>/<c>--password</c> or <c>--api-key</c>, else from the environment
/// (KORUS_TAXII_USER, KORUS_TAXII_PASSWORD, KORUS_TAXII_API_KEY).
/// </summary>
internal static class TaxiiCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("taxii", "Talk to a TAXII 2.1 server: list collections, push a bundle, pull a collection.");
        command.Add(CreateCollections(console));
        command.Add(CreatePush(console));
        command.Add(CreatePull(console));
        return command;
    }

    private sealed record Common(Argument<string> Url, Option<string?> User, Option<string?> Password, Option<string?> ApiKey)
    {
        public static Common Create() => new(
            new Argument<string>("URL") { Description = "The server's discovery URL (…/taxii2/) or an API root URL." },
            new Option<string?>("--user") { Description = "User for HTTP Basic (or KORUS_TAXII_USER)." },
            new Option<string?>("--password") { Description = "Password for HTTP Basic (or KORUS_TAXII_PASSWORD)." },
            new Option<string?>("--api-key") { Description = "An API key sent as a Bearer token (or KORUS_TAXII_API_KEY)." });

        public void AddTo(Command command)
        {
            command.Add(Url);
            command.Add(User);
            command.Add(Password);
            command.Add(ApiKey);
        }

        public TaxiiCredentials? Credentials(ParseResult parse)
        {
            var key = parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("KORUS_TAXII_API_KEY");
            if (!string.IsNullOrEmpty(key))
            {
                return TaxiiCredentials.Bearer(key);
            }

            var user = parse.GetValue(User) ?? Environment.GetEnvironmentVariable("KORUS_TAXII_USER");
            var password = parse.GetValue(Password) ?? Environment.GetEnvironmentVariable("KORUS_TAXII_PASSWORD");
            return string.IsNullOrEmpty(user) ? null : TaxiiCredentials.Basic(user, password ?? "");
        }

        public static HttpClient Http() => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromMinutes(5) };

        public Uri? ParseUrl(ParseResult parse, CliConsole console, string command)
        {
            var text = parse.GetValue(Url)!;
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                return url;
            }

            console.Error.WriteLine($"korus taxii {command}: URL '{text}' is not an http:// or https:// address.");
            return null;
        }
    }

    /// <summary>Runs a client action, turning TAXII failures into a message and exit code 1 (2 when the server cannot be reached).</summary>
    private static async Task<int> RunAsync(CliConsole console, string command, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (TaxiiClientException ex)
        {
            await console.Error.WriteLineAsync($"korus taxii {command}: {ex.Message}");
            return ex.Status is null ? ExitCodes.Usage : ExitCodes.Invalid;
        }
    }

    private static Command CreateCollections(CliConsole console)
    {
        var common = Common.Create();
        var format = CommonOptions.Format();
        var command = new Command("collections", "List the collections of a TAXII 2.1 server (of its default API root, or of the API root given).");
        common.AddTo(command);
        command.Add(format);
        command.SetAction((parse, cancellationToken) => RunAsync(console, "collections", async () =>
        {
            if (common.ParseUrl(parse, console, "collections") is not { } url)
            {
                return ExitCodes.Usage;
            }

            using var http = Common.Http();
            var client = new TaxiiClient(http, common.Credentials(parse));
            var root = await client.ResolveApiRootAsync(url, cancellationToken);
            var collections = await client.GetCollectionsAsync(root, cancellationToken);
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartObject();
                    json.WriteString("api_root", root.ToString());
                    json.WriteStartArray("collections");
                    foreach (var c in collections)
                    {
                        json.WriteStartObject();
                        json.WriteString("id", c.Id);
                        json.WriteString("title", c.Title);
                        if (c.Alias is not null)
                        {
                            json.WriteString("alias", c.Alias);
                        }

                        json.WriteBoolean("can_read", c.CanRead);
                        json.WriteBoolean("can_write", c.CanWrite);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }, cancellationToken);
                return ExitCodes.Ok;
            }

            await console.Out.WriteLineAsync($"API root {root}");
            var table = new TextTable("ID", "TITLE", "ALIAS", "READ", "WRITE");
            foreach (var c in collections)
            {
                table.Add(c.Id, c.Title, c.Alias ?? "-", c.CanRead ? "yes" : "no", c.CanWrite ? "yes" : "no");
            }

            table.WriteTo(console.Out);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreatePush(CliConsole console)
    {
        var common = Common.Create();
        var collection = new Option<string>("--collection") { Description = "The collection id (or alias) to add to.", Required = true };
        var file = new Argument<string>("FILE") { Description = "A STIX bundle, JSON array or single object; - for standard input." };
        var format = CommonOptions.Format();
        var command = new Command("push", "Add the objects of a file to a collection, in envelopes that fit the server's max_content_length; reports every failure.");
        common.AddTo(command);
        command.Add(collection);
        command.Add(file);
        command.Add(format);
        command.SetAction((parse, cancellationToken) => RunAsync(console, "push", async () =>
        {
            if (common.ParseUrl(parse, console, "push") is not { } url)
            {
                return ExitCodes.Usage;
            }

            var path = parse.GetValue(file)!;
            Stream input;
            try
            {
                input = path == "-" ? console.OpenStandardInput() : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"korus taxii push: cannot read '{path}': {ex.Message}");
                return ExitCodes.Usage;
            }

            await using (input)
            {
                using var http = Common.Http();
                var client = new TaxiiClient(http, common.Credentials(parse));
                var root = await client.ResolveApiRootAsync(url, cancellationToken);
                var apiRoot = await client.GetApiRootAsync(root, cancellationToken);
                var counting = new CountingStream(input);
                using var reader = new StixStreamReader(counting);
                var sent = 0L;
                TaxiiPushResult result;
                using (new ProgressBar(console, "push", input.CanSeek ? input.Length : 0, () => counting.BytesRead))
                {
                    result = await client.PushAsync(root, parse.GetValue(collection)!, Slices(reader), apiRoot.MaxContentLength, new Progress<long>(n => sent = n), cancellationToken);
                }

                var readProblems = reader.Findings.Where(f => f.IsError).ToList();
                foreach (var problem in readProblems)
                {
                    await console.Error.WriteLineAsync($"{path}: {problem.Code}: {problem.Message}");
                }

                if (parse.GetValue(format) == "json")
                {
                    await CommonOptions.WriteJsonAsync(console, json =>
                    {
                        json.WriteStartObject();
                        json.WriteNumber("envelopes", result.Statuses.Count);
                        json.WriteNumber("succeeded", result.Succeeded);
                        json.WriteNumber("failed", result.Failures.Count);
                        json.WriteNumber("pending", result.Pending);
                        json.WriteStartArray("failures");
                        foreach (var failure in result.Failures)
                        {
                            json.WriteStartObject();
                            json.WriteString("id", failure.Id);
                            json.WriteString("version", failure.Version);
                            json.WriteString("message", failure.Message);
                            json.WriteEndObject();
                        }

                        json.WriteEndArray();
                        json.WriteEndObject();
                    }, cancellationToken);
                }
                else
                {
                    foreach (var failure in result.Failures)
                    {
                        await console.Out.WriteLineAsync($"failed {failure.Id} {failure.Version}: {failure.Message}");
                    }

                    await console.Out.WriteLineAsync($"Pushed to {parse.GetValue(collection)} at {root}: {result.Succeeded:N0} succeeded, {result.Failures.Count:N0} failed, {result.Pending:N0} pending, in {result.Statuses.Count:N0} envelopes.");
                }

                return readProblems.Count > 0 ? ExitCodes.Usage : result.Failures.Count > 0 || result.Pending > 0 ? ExitCodes.Invalid : ExitCodes.Ok;
            }
        }));
        return command;

        static IEnumerable<ReadOnlyMemory<byte>> Slices(StixStreamReader reader)
        {
            while (reader.TryRead(out var slice))
            {
                yield return slice.Json.ToArray();
            }
        }
    }

    private static Command CreatePull(CliConsole console)
    {
        var common = Common.Create();
        var collection = new Option<string>("--collection") { Description = "The collection id (or alias) to read.", Required = true };
        var addedAfter = new Option<string?>("--added-after") { Description = "Only objects added after this TAXII timestamp." };
        var output = new Option<string?>("--out") { Description = "Write the bundle to this file (default: standard output)." };
        var limit = new Option<int?>("--limit") { Description = "Objects per page to ask for." };
        var command = new Command("pull", "Read a collection to the end (every page) and write its objects as one STIX bundle.");
        common.AddTo(command);
        command.Add(collection);
        command.Add(addedAfter);
        command.Add(output);
        command.Add(limit);
        command.SetAction((parse, cancellationToken) => RunAsync(console, "pull", async () =>
        {
            if (common.ParseUrl(parse, console, "pull") is not { } url)
            {
                return ExitCodes.Usage;
            }

            var after = parse.GetValue(addedAfter);
            if (after is not null && !TaxiiQuery.TryParseTimestamp(after, out _))
            {
                await console.Error.WriteLineAsync($"korus taxii pull: --added-after '{after}' is not a TAXII timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff]Z).");
                return ExitCodes.Usage;
            }

            if (parse.GetValue(limit) is < 1)
            {
                await console.Error.WriteLineAsync("korus taxii pull: --limit must be at least 1.");
                return ExitCodes.Usage;
            }

            using var http = Common.Http();
            var client = new TaxiiClient(http, common.Credentials(parse));
            var root = await client.ResolveApiRootAsync(url, cancellationToken);
            var outPath = parse.GetValue(output);
            var temp = outPath is null ? null : outPath + ".part";
            Stream target = temp is null ? new TextWriterStream(console.Out) : new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            long count = 0;
            try
            {
                await using (target)
                {
                    using var writer = new StixBundleWriter(target);
                    using (new ProgressBar(console, "pull", 0, () => Interlocked.Read(ref count), countsObjects: true))
                    {
                        await foreach (var page in client.GetObjectPagesAsync(root, parse.GetValue(collection)!, after, parse.GetValue(limit), cancellationToken))
                        {
                            foreach (var json in page.Objects)
                            {
                                writer.WriteRaw(json.Span);
                            }

                            Interlocked.Add(ref count, page.Objects.Count);
                        }
                    }

                    writer.Complete();
                }

                if (temp is not null)
                {
                    File.Move(temp, outPath!, overwrite: true);
                }
            }
            catch
            {
                if (temp is not null)
                {
                    File.Delete(temp);
                }

                throw;
            }

            await console.Error.WriteLineAsync($"Pulled {count:N0} objects from {parse.GetValue(collection)} at {root}{(outPath is null ? "" : " into " + outPath)}.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
