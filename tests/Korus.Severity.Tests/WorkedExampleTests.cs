using System.Globalization;
using Korus.Severity;

namespace Korus.Severity.Tests;

/// <summary>The worked examples table in docs/cscf.md, each row checked against the default policies.</summary>
public sealed class WorkedExampleTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var row in Rows())
        {
            data.Add(row[0]);
        }

        return data;
    }

    [Fact]
    public void The_table_has_at_least_twelve_examples_covering_the_named_cases()
    {
        var ids = Rows().Select(r => r[0]).ToList();
        Assert.True(ids.Count >= 12, $"docs/cscf.md has {ids.Count} worked examples");
        foreach (var required in new[] { "hospital-ransomware", "dprk-exchange-theft", "prc-prepositioning-base", "bank-ddos", "toolchain-supply-chain" })
        {
            Assert.Contains(required, ids);
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Worked_example_gives_the_documented_score_level_and_mode(string id)
    {
        var row = Rows().Single(r => r[0] == id);
        var options = new Dictionary<CscfFactor, string>();
        for (var f = 0; f < CscfVocabulary.FactorCount; f++)
        {
            options[(CscfFactor)f] = row[2 + f];
        }

        var result = CscfPolicy.Default.Assess(CscfAssessment.Create(options));
        var decision = EscalationPolicy.Default.Decide(result, "kr", DateTimeOffset.UnixEpoch);
        Assert.Equal(double.Parse(row[11], CultureInfo.InvariantCulture), result.Score);
        Assert.Equal(int.Parse(row[12], CultureInfo.InvariantCulture), result.Level);
        Assert.Equal(row[13], ResponseModes.Name(decision.Mode));
    }

    private static List<string[]> Rows()
    {
        var lines = File.ReadAllLines(SharedData.RepositoryFile("docs/cscf.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("| id | case", StringComparison.Ordinal));
        var rows = new List<string[]>();
        for (var i = start + 2; i < lines.Length && lines[i].StartsWith('|'); i++)
        {
            var cells = lines[i].Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            Assert.Equal(14, cells.Length);
            rows.Add(cells);
        }

        return rows;
    }
}
