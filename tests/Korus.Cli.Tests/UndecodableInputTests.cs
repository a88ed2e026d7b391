using System.Text;
using System.Text.RegularExpressions;
using Korus.Testing;
using Xunit;

namespace Korus.Cli.Tests;

/// <summary>
/// Every command that reads a JSON file refuses a string or a name that is not UTF-8 or escapes a lone
/// surrogate (<c>\ud800</c>) with its usual exit code for bad input and the line and column of the bad
/// byte or escape. Before, such a file got past the parser (both are valid JSON syntax to
/// <c>JsonDocument</c>) and the command died with an unhandled exception when the string was read.
/// </summary>
public sealed partial class UndecodableInputTests : IDisposable
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
    public static TheoryData<string, int, bool> Inputs => new()
    {
        { "assessment", 0, true }, { "assessment", 13, true }, { "assessment", 7, false },
        { "cscf-policy", 0, true }, { "cscf-policy", 40, true }, { "cscf-policy", 1, false },
        { "escalation-policy", 3, true }, { "escalation-policy", 3, false },
        { "mapping", 5, true }, { "mapping", 2, true }, { "mapping", 5, false },
        { "sharing-policy", 0, true }, { "sharing-policy", 9, true }, { "sharing-policy", 9, false },
        { "incident", 1, true }, { "incident", 4, true }, { "incident", 0, false },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Text_that_is_not_Unicode_in_an_input_file_is_refused_with_its_position(string input, int stringIndex, bool surrogate)
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
        var (text, line, column) = WithBadText(original, stringIndex, surrogate);
        var file = Path.Combine(_dir, input + ".json");
        await File.WriteAllBytesAsync(file, text, TestContext.Current.CancellationToken);
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
        Assert.Contains(
            surrogate
                ? $"The text escapes a lone surrogate (\\ud800) at line {line}, column {column}: a JSON string must be Unicode text"
                : $"The text is not valid UTF-8: 0xC0 at line {line}, column {column} does not start or continue a character.",
            error,
            StringComparison.Ordinal);
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

    /// <summary>
    /// The text's UTF-8 with <c>\ud800</c> (<paramref name="surrogate"/>) or the byte 0xC0 put at the end of
    /// its <paramref name="index"/>th string (a name or a value), and the 1-based line and column of it.
    /// </summary>
    private static (byte[] Text, int Line, int Column) WithBadText(string text, int index, bool surrogate)
    {
        var match = JsonString().Matches(text)[index];
        var at = match.Index + match.Length - 1;
        var line = text[..at].Count(c => c == '\n') + 1;
        var column = Encoding.UTF8.GetByteCount(text.AsSpan(text.LastIndexOf('\n', at) + 1, at - (text.LastIndexOf('\n', at) + 1))) + 1;
        byte[] bad = surrogate ? [.. "\\ud800"u8] : [0xC0];
        return ([.. Encoding.UTF8.GetBytes(text[..at]), .. bad, .. Encoding.UTF8.GetBytes(text[at..])], line, column);
    }

    [Theory]
    [InlineData("sharing-policy")]
    [InlineData("cscf-policy")]
    public async Task A_YAML_policy_that_is_not_UTF_8_is_refused_not_read_with_replacement_characters(string policy)
    {
        var original = Shipped(policy == "cscf-policy" ? "src/Korus.Severity/Policies/cscf-default.json" : "src/Korus.Sharing/Policies/sharing-default.json");
        var (text, line, column) = WithBadText(original, 3, surrogate: false);
        var file = Path.Combine(_dir, policy + ".yaml");
        await File.WriteAllBytesAsync(file, text, TestContext.Current.CancellationToken);

        var (code, _, error) = policy == "cscf-policy"
            ? await CliRunner.RunAsync("severity", "policy", "check", file)
            : await CliRunner.RunAsync("share", "preview", CliRunner.Sample("lazarus-npm.json"), "--partner", "kr", "--policy", file);

        Assert.Equal(policy == "cscf-policy" ? 1 : 2, code);
        Assert.Contains($"is not valid YAML: it is not UTF-8 text (0xC0 at line {line}, column {column} does not start or continue a character).", error, StringComparison.Ordinal);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex JsonString();
}
