using Korus.Stix.Validation;
using Xunit;
using static Korus.Stix.FindingSeverity;

namespace Korus.Stix.Tests.Validation;

public sealed class PatternCheckerTests
{
    /// <summary>A tiny real checker: a STIX pattern is one or more bracketed observation expressions.</summary>
    private sealed class BracketChecker : IPatternSyntaxChecker
    {
        public List<string> Seen { get; } = [];

        public string? Check(string pattern)
        {
            Seen.Add(pattern);
            var trimmed = pattern.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] != '[')
            {
                return $"expected '[' at offset {pattern.Length - trimmed.Length}, found {(trimmed.Length == 0 ? "end of pattern" : $"'{trimmed[0]}'")}";
            }

            var depth = 0;
            for (var i = 0; i < pattern.Length; i++)
            {
                depth += pattern[i] == '[' ? 1 : pattern[i] == ']' ? -1 : 0;
                if (depth < 0)
                {
                    return $"unexpected ']' at offset {i}";
                }
            }

            return depth == 0 ? null : "expected ']' at end of pattern";
        }
    }

    [Fact]
    public void A_valid_stix_pattern_passes_the_checker()
    {
        var checker = new BracketChecker();

        ValidationAssert.Clean(MinimalObjects.Get("indicator"), new StixValidatorOptions { PatternChecker = checker });

        Assert.Equal(["[ipv4-addr:value = '198.51.100.3']"], checker.Seen);
    }

    [Theory]
    [InlineData("ipv4-addr:value = '198.51.100.3'", "expected '[' at offset 0, found 'i'")]
    [InlineData("[ipv4-addr:value = '198.51.100.3'", "expected ']' at end of pattern")]
    [InlineData("  [a:b = 'c']]", "unexpected ']' at offset 13")]
    public void The_checkers_reason_becomes_a_pattern_finding(string pattern, string reason)
    {
        var checker = new BracketChecker();
        var json = ObjectEdit.Apply(MinimalObjects.Get("indicator"), $$"""{"pattern":{{System.Text.Json.JsonSerializer.Serialize(pattern)}}}""");

        var finding = ValidationAssert.Finding(json, FindingCodes.IndicatorPattern, Error, "$.pattern", options: new StixValidatorOptions { PatternChecker = checker });

        Assert.Contains(reason, finding.Message, StringComparison.Ordinal);
        Assert.Equal([pattern], checker.Seen);
    }

    [Theory]
    [InlineData("yara")]
    [InlineData("sigma")]
    [InlineData("snort")]
    [InlineData("pcre")]
    public void Patterns_of_other_languages_are_not_given_to_the_checker(string patternType)
    {
        var checker = new BracketChecker();
        var json = ObjectEdit.Apply(MinimalObjects.Get("indicator"), $$"""{"pattern_type":"{{patternType}}","pattern":"rule x { condition: true }"}""");

        ValidationAssert.Clean(json, new StixValidatorOptions { PatternChecker = checker });

        Assert.Empty(checker.Seen);
    }

    [Fact]
    public void Without_a_checker_patterns_are_not_parsed()
    {
        var json = ObjectEdit.Apply(MinimalObjects.Get("indicator"), """{"pattern":"not a pattern"}""");

        ValidationAssert.Clean(json);
    }

    [Fact]
    public void Only_indicators_are_given_to_the_checker()
    {
        var checker = new BracketChecker();
        var options = new StixValidatorOptions { PatternChecker = checker };

        ValidationAssert.Clean(ObjectEdit.Apply(MinimalObjects.Get("attack-pattern"), """{"x_pattern":"no brackets","x_pattern_type":"stix"}"""), options);
        ValidationAssert.Clean(MinimalObjects.Get("x509-certificate"), options);

        Assert.Empty(checker.Seen);
    }

    [Fact]
    public void Every_indicator_of_a_stream_is_checked()
    {
        var checker = new BracketChecker();
        var good = MinimalObjects.Get("indicator");
        var bad = ObjectEdit.Apply(good, """{"id":"indicator--2f9ac2d5-2bf7-4b41-9b5e-8a8b1b9d5a11","pattern":"file:name = 'a'"}""");
        var input = $$"""[{{good}},{{bad}}]""";

        var findings = new List<Finding>();
        var run = new StixValidator(new StixValidatorOptions { PatternChecker = checker, Parallelism = 1 })
            .ValidateStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(input)), (_, f) => findings.AddRange(f));

        Assert.Equal((2L, 1L, 1L), (run.Objects, run.InvalidObjects, run.Errors));
        Assert.Equal(2, checker.Seen.Count);
        var finding = Assert.Single(findings);
        Assert.Equal((FindingCodes.IndicatorPattern, "$[1].pattern", "indicator--2f9ac2d5-2bf7-4b41-9b5e-8a8b1b9d5a11"), (finding.Code, finding.Path, finding.ObjectId));
    }
}
