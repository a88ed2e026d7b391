using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Korus.Cli.Terminal;
using Korus.Severity;
using Korus.Stix;
using Korus.Stix.Json;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus severity assess FILE</c> (score, level, mode and reasons for one assessment or an array of
/// them; exit 2 naming every problem of a bad assessment or policy) and
/// <c>korus severity policy check FILE</c> (exit 0 valid, 1 refused, 2 unreadable).
/// </summary>
internal static class SeverityCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("severity", "CSCF severity: assess incidents and check policies.");
        command.Add(Assess(console));
        var policy = new Command("policy", "CSCF and escalation policies.");
        policy.Add(Check(console));
        command.Add(policy);
        return command;
    }

    public static Option<string?> PolicyOption() => new("--policy") { Description = "A CSCF policy file (JSON or YAML) instead of the shipped default." };

    public static Option<string?> EscalationOption() => new("--escalation") { Description = "An escalation policy file (JSON or YAML) instead of the shipped default." };

    /// <summary>Loads the policies named by the options (the defaults otherwise); null after printing every problem.</summary>
    public static async Task<(CscfPolicy Cscf, EscalationPolicy Escalation)?> LoadPoliciesAsync(CliConsole console, string command, string? cscfPath, string? escalationPath)
    {
        var cscf = CscfPolicy.Default;
        var escalation = EscalationPolicy.Default;
        var ok = true;
        if (cscfPath is not null)
        {
            var findings = new List<Finding>();
            var loaded = await ReadPolicyAsync(console, command, cscfPath, findings, (bytes, f) => CscfPolicy.Read(bytes, cscfPath, f));
            ok &= loaded is not null;
            cscf = loaded ?? cscf;
        }

        if (escalationPath is not null)
        {
            var findings = new List<Finding>();
            var loaded = await ReadPolicyAsync(console, command, escalationPath, findings, (bytes, f) => EscalationPolicy.Read(bytes, escalationPath, f));
            ok &= loaded is not null;
            escalation = loaded ?? escalation;
        }

        return ok ? (cscf, escalation) : null;
    }

    private static async Task<T?> ReadPolicyAsync<T>(CliConsole console, string command, string path, List<Finding> findings, Func<byte[], List<Finding>, T?> read)
        where T : class
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await console.Error.WriteLineAsync($"korus {command}: cannot read '{path}': {e.Message}");
            return null;
        }

        var policy = read(bytes, findings);
        foreach (var finding in findings.Where(f => f.IsError || policy is null))
        {
            await console.Error.WriteLineAsync(CommonOptions.FindingLine(path, finding));
        }

        if (policy is null)
        {
            await console.Error.WriteLineAsync($"korus {command}: the policy '{path}' is refused (see above).");
        }

        return policy;
    }

    private static Command Assess(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "An assessment (JSON object) or an array of them; '-' reads standard input." };
        var policy = PolicyOption();
        var escalation = EscalationOption();
        var partner = new Option<string?>("--partner") { Description = "Decide for this partner (its overrides in the escalation policy apply)." };
        var format = CommonOptions.Format();
        var command = new Command("assess", "Score assessments: score, level, contributions, fired rules, response mode and notice deadline.") { file, policy, escalation, partner, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (await LoadPoliciesAsync(console, "severity assess", parse.GetValue(policy), parse.GetValue(escalation)) is not { } policies)
            {
                return ExitCodes.Usage;
            }

            byte[] bytes;
            try
            {
                bytes = path == "-" ? await CommonOptions.ReadAllAsync(console.OpenStandardInput(), cancellationToken) : await File.ReadAllBytesAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"korus severity assess: cannot read '{path}': {e.Message}");
                return ExitCodes.Usage;
            }

            var source = path == "-" ? "<stdin>" : path;
            var findings = new List<Finding>();
            var assessments = new List<CscfAssessment>();
            bool isArray;
            try
            {
                using var document = StrictJson.Parse(bytes);
                isArray = document.RootElement.ValueKind == JsonValueKind.Array;
                if (isArray)
                {
                    var i = 0;
                    foreach (var item in document.RootElement.EnumerateArray())
                    {
                        if (CscfAssessment.Read(item, $"$[{i++}]", findings) is { } one)
                        {
                            assessments.Add(one);
                        }
                    }
                }
                else if (CscfAssessment.Read(document.RootElement, "$", findings) is { } one)
                {
                    assessments.Add(one);
                }
            }
            catch (JsonException e)
            {
                await console.Error.WriteLineAsync($"{source}:{e.LineNumber + 1}:{e.BytePositionInLine + 1}: error {SeverityCodes.Json}: not valid JSON: {e.Message}");
                return ExitCodes.Usage;
            }

            if (findings.Count > 0)
            {
                foreach (var finding in findings)
                {
                    await console.Error.WriteLineAsync(CommonOptions.FindingLine(source, finding));
                }

                await console.Error.WriteLineAsync($"korus severity assess: '{source}' is not a valid assessment (see above); nothing was scored.");
                return ExitCodes.Usage;
            }

            var partnerName = parse.GetValue(partner);
            var now = TimeProvider.System.GetUtcNow();
            var results = assessments.Select(a =>
            {
                var result = policies.Cscf.Assess(a);
                return (result, decision: policies.Escalation.Decide(result, partnerName, now));
            }).ToList();
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    if (isArray)
                    {
                        json.WriteStartArray();
                    }

                    foreach (var (result, decision) in results)
                    {
                        json.WriteStartObject();
                        result.WriteMembers(json);
                        decision.WriteMembers(json);
                        json.WriteEndObject();
                    }

                    if (isArray)
                    {
                        json.WriteEndArray();
                    }
                }, cancellationToken);
                return ExitCodes.Ok;
            }

            for (var i = 0; i < results.Count; i++)
            {
                if (isArray)
                {
                    await console.Out.WriteLineAsync($"{(i > 0 ? Environment.NewLine : "")}assessment {i + 1}");
                }

                await WriteTextAsync(console.Out, results[i].result, results[i].decision);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task WriteTextAsync(TextWriter output, CscfResult result, EscalationDecision decision)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"score {result.Score:0.00}   level {result.Level} ({result.LevelName})   mode {ResponseModes.Name(decision.Mode)}"));
        await output.WriteLineAsync(decision.Notify
            ? $"notify {decision.Partner ?? "the partner"} within {EscalationPolicy.Describe(decision.Deadline!.Value)}{(decision.Share.Count > 0 ? $", sharing {string.Join(", ", decision.Share)}" : "")}"
            : "no notice to the partner is required");
        var table = new TextTable("factor", "option", "value", "weight", "points");
        foreach (var c in result.Contributions)
        {
            table.Add(CscfVocabulary.Name(c.Factor), c.Option, c.Value.ToString(CultureInfo.InvariantCulture), c.Weight.ToString(CultureInfo.InvariantCulture), c.Points.ToString("0.00", CultureInfo.InvariantCulture));
        }

        table.WriteTo(output);
        foreach (var rule in result.FiredRules)
        {
            await output.WriteLineAsync($"rule {rule.Id} fired (level at least {rule.MinLevel}{(rule.Raised ? ", raised from " + result.BandLevel : "")}): {rule.Reason}");
        }

        foreach (var reason in decision.Reasons)
        {
            await output.WriteLineAsync($"- {reason}");
        }

        await output.WriteLineAsync($"policy {result.Policy.Name} {result.PolicyHash}");
        await output.WriteLineAsync($"escalation policy {decision.PolicyHash}");
    }

    private static Command Check(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The policy file (JSON or YAML)." };
        var escalation = new Option<bool>("--escalation") { Description = "FILE is an escalation policy (default: a CSCF policy)." };
        var format = CommonOptions.Format();
        var command = new Command("check", "Check a policy: exit 0 valid (warnings allowed), 1 refused, 2 unreadable.") { file, escalation, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"korus severity policy check: cannot read '{path}': {e.Message}");
                return ExitCodes.Usage;
            }

            var findings = new List<Finding>();
            string? hash, name;
            int? least = null, most = null;
            if (parse.GetValue(escalation))
            {
                var policy = EscalationPolicy.Read(bytes, path, findings);
                (hash, name) = (policy?.Hash, policy?.Name);
            }
            else
            {
                var policy = CscfPolicy.Read(bytes, path, findings);
                (hash, name) = (policy?.Hash, policy?.Name);
                if (policy is not null)
                {
                    least = policy.Assess(Lowest()).Level;
                    most = policy.Assess(Highest()).Level;
                }
            }

            var valid = hash is not null;
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartObject();
                    json.WriteBoolean("valid", valid);
                    if (valid)
                    {
                        json.WriteString("name", name);
                        json.WriteString("policy_hash", hash);
                    }

                    if (least is not null)
                    {
                        json.WriteNumber("least_severe_level", least.Value);
                        json.WriteNumber("most_severe_level", most!.Value);
                    }

                    json.WriteStartArray("findings");
                    foreach (var f in findings)
                    {
                        json.WriteStartObject();
                        json.WriteString("severity", f.IsError ? "error" : "warning");
                        json.WriteString("code", f.Code);
                        json.WriteString("path", f.Path);
                        json.WriteString("message", f.Message);
                        if (f.Line is { } line)
                        {
                            json.WriteNumber("line", line);
                            json.WriteNumber("column", f.Column ?? 0);
                        }

                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }, cancellationToken);
            }
            else
            {
                foreach (var finding in findings)
                {
                    await console.Error.WriteLineAsync(CommonOptions.FindingLine(path, finding));
                }

                if (valid)
                {
                    await console.Out.WriteLineAsync($"valid: {name} {hash}");
                    if (least is not null)
                    {
                        await console.Out.WriteLineAsync($"every factor least severe: level {least}; every factor most severe: level {most}");
                    }
                }
                else
                {
                    await console.Error.WriteLineAsync($"korus severity policy check: '{path}' is refused ({findings.Count(f => f.IsError)} error(s)).");
                }
            }

            return valid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    private static CscfAssessment Lowest() => CscfAssessment.FromIndexes(new int[CscfVocabulary.FactorCount]);

    private static CscfAssessment Highest() =>
        CscfAssessment.FromIndexes(CscfVocabulary.Factors.Select(f => CscfVocabulary.Options(f).Count - 1).ToArray());
}
