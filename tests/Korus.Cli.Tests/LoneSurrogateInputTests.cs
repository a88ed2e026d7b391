using System.Text;
using System.Text.RegularExpressions;
using Korus.Testing;
using Xunit;

namespace Korus.Cli.Tests;

/// <summary>
/// Every command that reads a JSON file refuses a string or a name escaping a lone surrogate
/// (<c>\ud800</c>) with its usual exit code for bad input and the line and column of the escape. Before,
/// such a file got past the parser and the command died with an unhandled exception when the string was read.
/// </summary>
public sealed partial class LoneSurrogateInputTests : IDisposable
{
    private const string Assessment = """
        {
          "functional_impact": "no-impact-to-services", "information_impact": "suspected",
          "recoverability": "supplemented", "observed_activity": "presence", "location": "critical-management",
          "actor": "state-apt", "actor_country": "CN", "cross_sector_dependency": "high",
          "potential_impact": "multinational", "bilateral_scope": "alliance-military"
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("korus-surrogate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Which file, which string of it gets the escape (0: the first), and how the command runs it.</summary>
    public static TheoryData<string, int> Inputs => new()
    {
        { "assessment", 0 }, { "assessment", 13 },
        { "cscf-policy", 0 }, { "cscf-policy", 40 },
        { "escalation-policy", 3 },
        { "mapping", 5 }, { "mapping", 2 },
        { "sharing-policy", 0 }, { "sharing-policy", 9 },
        { "incident", 1 }, { "incident", 4 },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task A_lone_surrogate_in_an_input_file_is_refused_with_its_position(string input, int stringIndex)
    {
        var original = input switch
        {
            "assessment" => Assessment,
            "incident" => $"{{\"name\": \"Prepositioning\",\n \"assessment\": {Assessment}}}",
            "cscf-policy" => Shipped("src/Korus.Severity/Policies/cscf-default.json"),
            "escalation-policy" => Shipped("src/Korus.Severity/Policies/escalation-default.json"),
            "mapping" => Shipped("src/Korus.Hunting/Mappings/ecs.json"),
            _ => Shipped("src/Korus.Sharing/Policies/sharing-default.json"),
        };
        var (text, line, column) = WithLoneSurrogate(original, stringIndex);
        var file = Path.Combine(_dir, input + ".json");
        await File.WriteAllTextAsync(file, text, new UTF8Encoding(false), TestContext.Current.CancellationToken);
        var db = Path.Combine(_dir, "node.db");
        if (input == "incident")
        {
            Assert.Equal(0, (await CliRunner.RunAsync("init", "--db", db)).ExitCode);
        }

        var (code, _, error) = input switch
        {
            "assessment" => await CliRunner.RunAsync("severity", "assess", file),
            "incident" => await CliRunner.RunAsync("incident", "create", file, "--db", db),
            "cscf-policy" or "escalation-policy" => await CliRunner.RunAsync("severity", "policy", "check", file),
            "mapping" => await CliRunner.RunAsync("hunt", "--indicators", CliRunner.Sample("lazarus-npm.json"), "--telemetry", CliRunner.TempFile("{}\n"), "--out", "-", "--mapping", file),
            _ => await CliRunner.RunAsync("share", "preview", CliRunner.Sample("lazarus-npm.json"), "--partner", "kr", "--policy", file),
        };

        // Policy check says "refused" with 1; the others treat an unreadable input as a usage error, 2.
        Assert.Equal(input is "cscf-policy" or "escalation-policy" ? 1 : 2, code);
        Assert.Contains($"The text escapes a lone surrogate (\\ud800) at line {line}, column {column}: a JSON string must be Unicode text", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        if (input == "incident")
        {
            var (_, list, _) = await CliRunner.RunAsync("incident", "list", "--db", db, "--format", "json");
            Assert.Equal("[]", list.Trim());
        }
    }

    private static string Shipped(string path)
    {
        var file = SharedData.RepositoryFile(path);
        return File.ReadAllText(file);
    }

    /// <summary>The text with <c>\ud800</c> put at the end of its <paramref name="index"/>th string (a name or a value), and the 1-based line and column of the escape.</summary>
    private static (string Text, int Line, int Column) WithLoneSurrogate(string text, int index)
    {
        var match = JsonString().Matches(text)[index];
        var at = match.Index + match.Length - 1;
        var line = text[..at].Count(c => c == '\n') + 1;
        var column = Encoding.UTF8.GetByteCount(text.AsSpan(text.LastIndexOf('\n', at) + 1, at - (text.LastIndexOf('\n', at) + 1))) + 1;
        return (text[..at] + "\\ud800" + text[at..], line, column);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex JsonString();
}
