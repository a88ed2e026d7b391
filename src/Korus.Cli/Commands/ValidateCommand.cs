using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Korus.Cli.Terminal;
using Korus.Patterning;
using Korus.Stix;
using Korus.Stix.Json;
using Korus.Stix.Validation;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus validate FILE...</c>: validates STIX 2.1 files as streams. Exit 0 when every object is valid
/// (warnings allowed), 1 when any object is invalid, 2 when a file cannot be read or the usage is wrong.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("FILE") { Description = "STIX files (bundle, object or array of objects); '-' reads standard input.", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var noWarnings = new Option<bool>("--no-warnings") { Description = "Do not print warnings (they are still counted)." };
        var stix20 = new Option<bool>("--allow-stix20") { Description = "Accept STIX 2.0 objects (no spec_version), as on an import path." };
        var maxDepth = new Option<int>("--max-depth") { Description = "Deepest JSON nesting inside one object.", DefaultValueFactory = _ => StixReaderOptions.DefaultMaxDepth };
        var maxObject = new Option<int>("--max-object-bytes") { Description = "Largest object read, in bytes.", DefaultValueFactory = _ => StixReaderOptions.DefaultMaxObjectBytes };
        var maxString = new Option<int>("--max-string-bytes") { Description = "Longest string value, in bytes (_bin payloads excepted).", DefaultValueFactory = _ => StixReaderOptions.DefaultMaxStringBytes };

        var command = new Command("validate", "Validate STIX 2.1 files against the specification's rules.")
        {
            files, format, noWarnings, stix20, maxDepth, maxObject, maxString,
        };

        command.SetAction(parse =>
        {
            var limits = new StixReaderOptions
            {
                MaxDepth = parse.GetValue(maxDepth),
                MaxObjectBytes = parse.GetValue(maxObject),
                MaxStringBytes = parse.GetValue(maxString),
            };
            var problems = limits.Check();
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    console.Error.WriteLine($"korus validate: {problem}");
                }

                return ExitCodes.Usage;
            }

            var options = new StixValidatorOptions { Limits = limits, AllowStix20 = parse.GetValue(stix20), PatternChecker = PatternSyntaxChecker.Default };
            using var run = new ValidateRun(console, new StixValidator(options), parse.GetValue(format) == "json", !parse.GetValue(noWarnings));
            return run.Execute(parse.GetValue(files)!);
        });

        return command;
    }

    private sealed class ValidateRun(CliConsole console, StixValidator validator, bool json, bool showWarnings) : IDisposable
    {
        private Utf8JsonWriter? _json;

        public void Dispose() => _json?.Dispose();

        public int Execute(string[] files)
        {
            var unreadable = false;
            var invalid = false;
            long totalErrors = 0, totalWarnings = 0, totalObjects = 0;
            Stream? jsonStream = null;
            if (json)
            {
                console.Out.Flush();
                jsonStream = new TextWriterStream(console.Out);
                _json = new Utf8JsonWriter(jsonStream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                _json.WriteStartObject();
                _json.WriteStartArray("files");
            }

            var summaries = new List<(string File, StixValidationRun? Run, string? Error)>();
            foreach (var file in files)
            {
                var (run, error) = ValidateFile(file);
                summaries.Add((file, run, error));
                if (run is null)
                {
                    unreadable = true;
                    continue;
                }

                invalid |= !run.IsValid;
                totalErrors += run.Errors;
                totalWarnings += run.Warnings;
                totalObjects += run.Objects;
            }

            var valid = !invalid && !unreadable;
            if (_json is not null)
            {
                _json.WriteEndArray();
                _json.WriteBoolean("valid", valid);
                _json.WriteNumber("objects", totalObjects);
                _json.WriteNumber("errors", totalErrors);
                _json.WriteNumber("warnings", totalWarnings);
                _json.WriteEndObject();
                _json.Flush();
                jsonStream!.Flush();
                console.Out.WriteLine();
            }
            else
            {
                WriteSummary(summaries);
            }

            return unreadable ? ExitCodes.Usage : invalid ? ExitCodes.Invalid : ExitCodes.Ok;
        }

        private (StixValidationRun? Run, string? Error) ValidateFile(string file)
        {
            Stream stream;
            long length = -1;
            try
            {
                if (file == "-")
                {
                    stream = console.OpenStandardInput();
                }
                else
                {
                    var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                    length = fs.Length;
                    stream = fs;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return Unreadable(file, ex.Message);
            }

            var source = file == "-" ? "<stdin>" : file;
            using var counting = new CountingStream(stream);
            _json?.WriteStartObject();
            _json?.WriteString("file", source);
            _json?.WriteStartArray("findings");
            try
            {
                StixValidationRun run;
                using (length > 64L * 1024 * 1024 ? new ProgressBar(console, source, length, () => counting.BytesRead) : null)
                {
                    run = validator.ValidateStream(counting, (_, findings) => Report(source, findings));
                }

                Report(source, run.InputFindings);
                _json?.WriteEndArray();
                if (_json is not null)
                {
                    _json.WriteBoolean("readable", true);
                    _json.WriteBoolean("valid", run.IsValid);
                    _json.WriteString("container", run.Container.ToString().ToLowerInvariant());
                    _json.WriteNumber("objects", run.Objects);
                    _json.WriteNumber("invalid_objects", run.InvalidObjects);
                    _json.WriteNumber("errors", run.Errors);
                    _json.WriteNumber("warnings", run.Warnings);
                    _json.WriteNumber("bytes", run.Bytes);
                    _json.WriteBoolean("aborted", run.Aborted);
                    _json.WriteEndObject();
                }

                return (run, null);
            }
            catch (IOException ex)
            {
                _json?.WriteEndArray();
                _json?.WriteBoolean("readable", false);
                _json?.WriteString("error", ex.Message);
                _json?.WriteEndObject();
                console.Error.WriteLine($"korus validate: cannot read '{source}': {ex.Message}");
                return (null, ex.Message);
            }
        }

        private (StixValidationRun?, string?) Unreadable(string file, string reason)
        {
            if (_json is not null)
            {
                _json.WriteStartObject();
                _json.WriteString("file", file);
                _json.WriteBoolean("readable", false);
                _json.WriteString("error", reason);
                _json.WriteEndObject();
            }

            console.Error.WriteLine($"korus validate: cannot read '{file}': {reason}");
            return (null, reason);
        }

        private void Report(string source, IReadOnlyList<Finding> findings)
        {
            foreach (var finding in findings)
            {
                if (_json is not null)
                {
                    WriteJson(_json, finding);
                    if (_json.BytesPending > 1 << 16)
                    {
                        _json.Flush();
                    }
                }
                else if (finding.IsError || showWarnings)
                {
                    console.Out.WriteLine(FormatText(source, finding));
                }
            }
        }

        private void WriteSummary(List<(string File, StixValidationRun? Run, string? Error)> summaries)
        {
            foreach (var (file, run, error) in summaries)
            {
                var source = file == "-" ? "<stdin>" : file;
                if (run is null)
                {
                    console.Out.WriteLine($"{source}: unreadable: {error}");
                    continue;
                }

                var verdict = run.IsValid ? "valid" : "INVALID";
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{source}: {verdict}: {run.Objects:N0} objects, {run.InvalidObjects:N0} invalid, {run.Errors:N0} errors, {run.Warnings:N0} warnings"));
            }
        }
    }

    /// <summary>One finding as <c>source:line:col: severity code: path (id): message</c>, the shape compilers use.</summary>
    internal static string FormatText(string source, Finding finding)
    {
        var position = finding.Line is { } line ? string.Create(CultureInfo.InvariantCulture, $":{line}:{finding.Column ?? 1}") : "";
        var id = finding.ObjectId is null ? "" : $" ({finding.ObjectId})";
        return $"{source}{position}: {(finding.IsError ? "error" : "warning")} {finding.Code}: {finding.Path}{id}: {finding.Message}";
    }

    internal static void WriteJson(Utf8JsonWriter writer, Finding finding)
    {
        writer.WriteStartObject();
        writer.WriteString("code", finding.Code);
        writer.WriteString("severity", finding.IsError ? "error" : "warning");
        if (finding.ObjectId is not null)
        {
            writer.WriteString("object_id", finding.ObjectId);
        }

        writer.WriteString("path", finding.Path);
        if (finding.Line is { } line)
        {
            writer.WriteNumber("line", line);
            writer.WriteNumber("column", finding.Column ?? 1);
        }

        writer.WriteString("message", finding.Message);
        writer.WriteEndObject();
    }
}
