using System.CommandLine;
using System.Text.Json;
using Korus.Patterning;
using Korus.Patterning.Matching;
using Korus.Stix;
using Korus.Stix.Model;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus pattern check 'PATTERN'</c> (exit 0 valid, 1 invalid with position and reason) and
/// <c>korus pattern match 'PATTERN' FILE</c> (prints match and exits 0, prints no match and exits 1,
/// exits 2 for bad input; <c>--explain</c> shows the binding).
/// </summary>
internal static class PatternCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("pattern", "Check STIX patterns and match them against observed-data.");
        command.Add(Check(console));
        command.Add(Match(console));
        return command;
    }

    private static Command Check(CliConsole console)
    {
        var pattern = new Argument<string>("PATTERN") { Description = "The STIX 2.1 pattern (quote it for the shell)." };
        var format = CommonOptions.Format();
        var command = new Command("check", "Check a pattern's syntax and validity; print its canonical form.") { pattern, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(pattern)!;
            var result = StixPattern.Check(text);
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartObject();
                    json.WriteBoolean("valid", result.IsValid);
                    if (result.Pattern is { } valid)
                    {
                        json.WriteString("canonical", valid.ToString());
                        json.WriteNumber("conformance_level", valid.ConformanceLevel);
                    }

                    WriteErrors(json, "errors", result.Errors);
                    WriteErrors(json, "warnings", result.Warnings);
                    json.WriteEndObject();
                }, cancellationToken);
                return result.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
            }

            if (result.Pattern is not { } checkedPattern)
            {
                foreach (var error in result.Errors)
                {
                    await WriteProblemAsync(console.Error, text, error);
                }

                return ExitCodes.Invalid;
            }

            await console.Out.WriteLineAsync($"valid (conformance level {checkedPattern.ConformanceLevel})");
            await console.Out.WriteLineAsync($"canonical: {checkedPattern}");
            foreach (var warning in result.Warnings)
            {
                await WriteProblemAsync(console.Error, text, warning);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Match(CliConsole console)
    {
        var pattern = new Argument<string>("PATTERN") { Description = "The STIX 2.1 pattern (quote it for the shell)." };
        var file = new Argument<string>("FILE") { Description = "A bundle or array holding observed-data and their objects; '-' reads standard input." };
        var explain = new Option<bool>("--explain") { Description = "Show which observations bound to which comparisons." };
        var format = CommonOptions.Format();
        var command = new Command("match", "Match a pattern against the observed-data in a file: prints match (exit 0) or no match (exit 1).") { pattern, file, explain, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(pattern)!;
            var path = parse.GetValue(file)!;
            var check = StixPattern.Check(text);
            if (check.Pattern is not { } compiled)
            {
                foreach (var error in check.Errors)
                {
                    await WriteProblemAsync(console.Error, text, error);
                }

                return ExitCodes.Usage;
            }

            if (path != "-" && !File.Exists(path))
            {
                await console.Error.WriteLineAsync($"korus pattern match: cannot read '{path}': no such file.");
                return ExitCodes.Usage;
            }

            StixDocument document;
            try
            {
                document = path == "-" ? StixDocument.Load(console.OpenStandardInput()) : StixDocument.Load(path);
            }
            catch (IOException e)
            {
                await console.Error.WriteLineAsync($"korus pattern match: cannot read '{path}': {e.Message}");
                return ExitCodes.Usage;
            }
            catch (UnauthorizedAccessException e)
            {
                await console.Error.WriteLineAsync($"korus pattern match: cannot read '{path}': {e.Message}");
                return ExitCodes.Usage;
            }

            var problems = new List<Finding>(document.Problems);
            var observations = ObservationReader.Read(document.Objects, problems);
            var source = path == "-" ? "<stdin>" : path;
            foreach (var problem in problems)
            {
                var where = problem.Line is { } line ? $"{source}:{line}:{problem.Column}" : source;
                await console.Error.WriteLineAsync($"{where}: {(problem.IsError ? "error" : "warning")} {problem.Code}: {problem.Path}{(problem.ObjectId is null ? string.Empty : $" ({problem.ObjectId})")}: {problem.Message}");
            }

            if (problems.Exists(p => p.IsError))
            {
                await console.Error.WriteLineAsync($"korus pattern match: '{source}' is not usable input (see the errors above).");
                return ExitCodes.Usage;
            }

            if (observations.Count == 0)
            {
                await console.Error.WriteLineAsync($"korus pattern match: '{source}' holds no observed-data to match against.");
            }

            var result = PatternMatcher.Match(compiled, observations);
            if (result.Status is MatchStatus.RegexTimeout or MatchStatus.SearchLimit)
            {
                await console.Error.WriteLineAsync($"korus pattern match: undecided: {result.Problem}.");
                return ExitCodes.Usage;
            }

            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json => WriteMatchJson(json, compiled, result, observations, parse.GetValue(explain)), cancellationToken);
            }
            else
            {
                await console.Out.WriteLineAsync(result.IsMatch ? "match" : "no match");
                if (parse.GetValue(explain))
                {
                    await ExplainAsync(console.Out, compiled, result, observations);
                }
            }

            return result.IsMatch ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    private static async Task ExplainAsync(TextWriter output, StixPattern pattern, PatternMatch result, IReadOnlyList<Observation> observations)
    {
        if (result.IsMatch)
        {
            foreach (var bound in result.Binding)
            {
                var bracket = pattern.Brackets[bound.BracketIndex];
                var o = bound.Observation;
                await output.WriteLineAsync($"bracket {bound.BracketIndex + 1}: {bracket}");
                await output.WriteLineAsync($"  bound to {o.Id} (instance {bound.Instance} of {o.NumberObserved}, {o.FirstObserved} to {o.LastObserved})");
                await output.WriteLineAsync($"  root {bound.Root.Key} ({bound.Root.Type})");
                foreach (var (comparison, holds) in PatternMatcher.Explain(bracket, bound))
                {
                    await output.WriteLineAsync($"    {(holds ? "true " : "false")}  {comparison}");
                }
            }

            return;
        }

        foreach (var bracket in pattern.Brackets)
        {
            var satisfying = PatternMatcher.Satisfying(bracket, observations);
            await output.WriteLineAsync($"bracket {bracket.Index + 1}: {bracket}");
            if (satisfying.Count == 0)
            {
                await output.WriteLineAsync("  satisfied by no observation");
            }

            foreach (var (observation, root) in satisfying)
            {
                await output.WriteLineAsync($"  satisfied by {observation.Id} (root {root.Key}, {observation.FirstObserved} to {observation.LastObserved}, number_observed {observation.NumberObserved})");
            }
        }

        if (pattern.Brackets.Count > 1)
        {
            await output.WriteLineAsync("no assignment of distinct observation instances satisfies the observation operators and qualifiers");
        }
    }

    private static void WriteMatchJson(Utf8JsonWriter json, StixPattern pattern, PatternMatch result, IReadOnlyList<Observation> observations, bool explain)
    {
        json.WriteStartObject();
        json.WriteBoolean("match", result.IsMatch);
        json.WriteString("canonical", pattern.ToString());
        json.WriteStartArray("binding");
        foreach (var bound in result.Binding)
        {
            json.WriteStartObject();
            json.WriteNumber("bracket", bound.BracketIndex + 1);
            json.WriteString("observed_data_ref", bound.Observation.Id);
            json.WriteNumber("instance", bound.Instance);
            json.WriteString("root_ref", bound.Root.Key);
            json.WriteString("root_type", bound.Root.Type);
            if (explain)
            {
                json.WriteStartArray("comparisons");
                foreach (var (comparison, holds) in PatternMatcher.Explain(pattern.Brackets[bound.BracketIndex], bound))
                {
                    json.WriteStartObject();
                    json.WriteString("comparison", comparison);
                    json.WriteBoolean("holds", holds);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (explain && !result.IsMatch)
        {
            json.WriteStartArray("brackets");
            foreach (var bracket in pattern.Brackets)
            {
                json.WriteStartObject();
                json.WriteString("bracket", bracket.ToString());
                json.WriteStartArray("satisfied_by");
                foreach (var (observation, _) in PatternMatcher.Satisfying(bracket, observations))
                {
                    json.WriteStringValue(observation.Id);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteErrors(Utf8JsonWriter json, string name, IReadOnlyList<PatternError> errors)
    {
        json.WriteStartArray(name);
        foreach (var error in errors)
        {
            json.WriteStartObject();
            json.WriteString("code", error.Code);
            json.WriteNumber("offset", error.Offset);
            json.WriteNumber("line", error.Line);
            json.WriteNumber("column", error.Column);
            json.WriteString("found", error.Found);
            json.WriteStartArray("expected");
            foreach (var expected in error.Expected)
            {
                json.WriteStringValue(expected);
            }

            json.WriteEndArray();
            json.WriteString("message", error.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary><c>pattern:line:col: code: message</c>, then the line of the pattern with a caret under the position.</summary>
    private static async Task WriteProblemAsync(TextWriter error, string pattern, PatternError problem)
    {
        await error.WriteLineAsync($"pattern:{problem.Line}:{problem.Column}: {(problem.IsWarning ? "warning" : "error")} {problem.Code}: {problem.Message}");
        var lines = pattern.Split('\n');
        if (problem.Line - 1 < lines.Length)
        {
            var line = lines[problem.Line - 1].TrimEnd('\r');
            await error.WriteLineAsync("  " + line);
            var caret = new string(' ', Math.Min(problem.Column - 1, line.Length)) + "^";
            await error.WriteLineAsync("  " + caret);
        }
    }
}
