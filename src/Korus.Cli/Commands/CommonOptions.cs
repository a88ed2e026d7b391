using System.CommandLine;
using System.Text.Json;
using Korus.Storage;
using Korus.Storage.Sqlite;

namespace Korus.Cli.Commands;

/// <summary>Options and plumbing shared by the administration commands.</summary>
internal static class CommonOptions
{
    public const string DefaultDatabase = "korus.db";

    public static Option<string> Database() => new("--db") { Description = "The node's SQLite database file.", DefaultValueFactory = _ => DefaultDatabase };

    public static Option<string> Format()
    {
        var format = new Option<string>("--format") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        return format;
    }

    /// <summary>Opens an existing node database; null (after saying why) when there is none at <paramref name="path"/>.</summary>
    public static async Task<IKorusStore?> OpenExistingAsync(CliConsole console, string command, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            await console.Error.WriteLineAsync($"korus {command}: there is no database at '{Path.GetFullPath(path)}'. Create one with 'korus init --db {path}' (or start 'korus serve --db {path}').");
            return null;
        }

        var store = new SqliteStore(path);
        await store.InitializeAsync(cancellationToken);
        return store;
    }

    /// <summary>A finding as the CLI prints it on standard error: <c>source[:line:col]: error code: path: message</c>.</summary>
    public static string FindingLine(string source, Korus.Stix.Finding finding) =>
        (finding.Line is { } line ? $"{source}:{line}:{finding.Column}" : source) + $": {(finding.IsError ? "error" : "warning")} {finding.Code}: {finding.Path}: {finding.Message}";

    /// <summary>Reads a whole stream (standard input) into memory.</summary>
    public static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory, cancellationToken);
        return memory.ToArray();
    }

    /// <summary>Writes one JSON document (indented, then a newline) to standard output for <c>--format json</c>.</summary>
    public static async Task WriteJsonAsync(CliConsole console, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        await using (var json = new Utf8JsonWriter(new Terminal.TextWriterStream(console.Out), new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
            await json.FlushAsync(cancellationToken);
        }

        await console.Out.WriteLineAsync();
    }

    /// <summary>Splits a comma-separated list of collection ids (or <c>*</c>); the error names the bad item.</summary>
    public static List<string>? SplitIds(string? value, string option, out string? error)
    {
        error = null;
        var result = new List<string>();
        if (string.IsNullOrWhiteSpace(value))
        {
            return result;
        }

        foreach (var item in value.Split(','))
        {
            var id = item.Trim();
            if (id == CollectionRight.AnyCollection)
            {
                result.Add(id);
                continue;
            }

            if (StoreNames.CheckCollectionId(id) is { } problem)
            {
                error = $"{option}: {problem}";
                return null;
            }

            result.Add(id);
        }

        return result;
    }
}
