using Korus.Patterning.Syntax;
using Xunit;

namespace Korus.Patterning.Tests;

/// <summary>
/// The validator's checker takes a shorter path (no warnings, no <see cref="StixPattern"/>); it must
/// give exactly the first error of <see cref="StixPattern.Check"/>, and null when that finds none.
/// </summary>
public sealed class PatternSyntaxCheckerTests
{
    private const string Sha256 = "cb5c35f276d9a6b6554415bf5406ccec2a67b7210e8938804a330e7bd8fac4da";

    [Theory]
    [InlineData("valid hash", "[file:hashes.'SHA-256' = '" + Sha256 + "']", null)]
    [InlineData("valid address", "[ipv4-addr:value = '1.2.3.4']", null)]
    [InlineData("valid domain", "[domain-name:value = 'x.example.org']", null)]
    [InlineData("valid url", "[url:value = 'https://example.com/a\\'b\\\\c']", null)]
    [InlineData("valid, warned: unknown property", "[ipv4-addr:vaule = '1.2.3.4']", null)]
    [InlineData("valid, warned: not observable", "[indicator:name = 'x']", null)]
    [InlineData("valid, warned: type name", "[Bad_Type:b = 1]", null)]
    [InlineData("valid, warned: mixed types", "[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'x.example']", null)]
    [InlineData("valid, warned: mixed set", "[a:b IN (1, 'two')]", null)]
    [InlineData("valid, warned: network path", "[file:name ISSUBSET '10.0.0.0/8']", null)]
    [InlineData("valid, warned: empty window", "[a:b = 1] START t'2024-05-02T00:00:00Z' STOP t'2024-05-01T00:00:00Z'", null)]
    [InlineData("valid, every constant kind", "[a:b = -0.50 OR a:c = h'AbCd' OR a:d = b'aGk=' OR a:e = t'2024-05-01T10:00:00.5Z' OR a:f = true OR a:g[*].h[-1] = +7] WITHIN 007.5 SECONDS", null)]
    [InlineData("not in brackets", "ipv4-addr:value = '1.2.3.4'", "pattern.unexpected-token")]
    [InlineData("dotted number", "[ipv4-addr:value = 1.2.3.4]", "pattern.unexpected-token")]
    [InlineData("hyphen in property", "[file:hashes.SHA-256 = 'aec0']", "pattern.unexpected-token")]
    [InlineData("lower-case keyword", "[a:b = 1] and [c:d = 2]", "pattern.unexpected-token")]
    [InlineData("capitalised boolean", "[a:b = True]", "pattern.unexpected-token")]
    [InlineData("bad escape", "[directory:path = 'C:\\Windows']", "pattern.invalid-escape")]
    [InlineData("unterminated string", "[a:b = 'abc]", "pattern.unterminated-string")]
    [InlineData("odd hex", "[artifact:payload_bin = h'abc']", "pattern.invalid-hex")]
    [InlineData("bad base64", "[artifact:payload_bin = b'====']", "pattern.invalid-binary")]
    [InlineData("timestamp shape", "[a:b = t'2024-13-01T00:00:00Z']", "pattern.invalid-timestamp")]
    [InlineData("no such day", "[a:b = t'2024-02-30T00:00:00Z']", "pattern.invalid-timestamp")]
    [InlineData("empty property", "[a:'' = 1]", "pattern.empty-property")]
    [InlineData("big integer", "[a:b = 99999999999999999999]", "pattern.invalid-number")]
    [InlineData("big index", "[a:b[99999999999999999999] = 1]", "pattern.invalid-number")]
    [InlineData("short hash", "[file:hashes.'SHA-256' = 'f00']", "pattern.hash-format")]
    [InlineData("bad MD5 in a set", "[file:hashes.MD5 IN ('79054025255fb1a26e4bc422aef54eb4', 'xyz')]", "pattern.hash-format")]
    [InlineData("bad SSDEEP", "[file:hashes.SSDEEP = 'not an ssdeep!']", "pattern.hash-format")]
    [InlineData("hash error after a warning", "[x-thing:q = 1 AND file:hashes.'SHA-1' = 'abc']", "pattern.hash-format")]
    [InlineData("regex", "[a:b MATCHES '(unclosed']", "pattern.invalid-regex")]
    [InlineData("network", "[ipv4-addr:value ISSUBSET '198.51.100.0/33']", "pattern.invalid-network")]
    [InlineData("within zero", "[a:b = 1] WITHIN 0 SECONDS", "pattern.within-range")]
    [InlineData("repeats zero", "[a:b = 1] REPEATS 0 TIMES", "pattern.repeats-range")]
    [InlineData("repeats limit", "[a:b = 1] REPEATS 1001 TIMES", "pattern.repeats-limit")]
    [InlineData("two errors, first by position", "[a:b = t'2024-02-30T00:00:00Z'] WITHIN 0 SECONDS REPEATS 0 TIMES", "pattern.invalid-timestamp")]
    [InlineData("duplicate qualifier", "[a:b = 1] WITHIN 5 SECONDS WITHIN 6 SECONDS", "pattern.duplicate-qualifier")]
    [InlineData("unclosed comment", "[a:b = 1] /* open", "pattern.unterminated-comment")]
    [InlineData("empty", "", "pattern.unexpected-token")]
    public void The_checker_gives_the_first_error_of_a_full_check(string name, string pattern, string? code)
    {
        var full = StixPattern.Check(pattern);

        var first = StixPattern.FirstError(pattern);

        Assert.True(code == first?.Code, $"{name}: {first}");
        AssertSameAsFullCheck(pattern, full, first, PatternSyntaxChecker.Default);
    }

    [Fact]
    public void The_checker_applies_its_limits_as_a_full_check_does()
    {
        var limits = new PatternLimits { MaxLength = 40, MaxDepth = 2, MaxSetSize = 2, MaxRepeats = 3 };
        var checker = new PatternSyntaxChecker(limits);
        foreach (var pattern in new[]
        {
            "[a:b = 'this text is longer than forty characters']", "(([a:b = 1]))", "([a:b = 1])",
            "[a:b IN (1, 2, 3)]", "[a:b IN (1, 2)]", "[a:b = 1] REPEATS 4 TIMES", "[a:b = 1] REPEATS 3 TIMES",
        })
        {
            AssertSameAsFullCheck(pattern, StixPattern.Check(pattern, limits), StixPattern.FirstError(pattern, limits), checker);
        }
    }

    [Fact]
    public void The_checker_agrees_with_a_full_check_over_mutated_patterns()
    {
        // Given valid patterns with characters and words deleted, inserted and spliced (fixed seed)
        string[] seeds =
        [
            "[file:hashes.'SHA-256' = '" + Sha256 + "']",
            "[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value ISSUBSET '10.0.0.0/8']",
            "[domain-name:value = 'x.example.org'] AND [url:value LIKE 'https://%']",
            "[file:name MATCHES '^a.*\\\\.exe$' AND file:size > 1024] REPEATS 2 TIMES WITHIN 60.5 SECONDS",
            "[a:b[0].c[*] IN (1, -2, 3.5, 'x', h'0a', b'aGk=', true)] START t'2024-05-01T00:00:00Z' STOP t'2024-05-02T00:00:00Z'",
            "([NOT EXISTS file:mime_type] FOLLOWEDBY [email-message:subject NOT = 'O\\'Brien']) OR [x:'IN' <= .5]",
            "[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4' AND ipv4-addr:value = '1.2.3.4'] // note",
        ];
        string[] inserts = ["[", "]", "(", ")", "'", "\\", ".", ":", "-", " AND ", " OR ", " WITHIN 0 SECONDS", " REPEATS 0 TIMES", "t'2024-02-30T00:00:00Z'", "h'0'", "007", "and", "/*", "SHA-1", "hashes.", "x"];
        var random = new Random(20261124);
        for (var i = 0; i < 5000; i++)
        {
            var pattern = seeds[random.Next(seeds.Length)];
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(pattern.Length + 1);
                pattern = random.Next(3) switch
                {
                    0 when at < pattern.Length => pattern.Remove(at, 1),
                    1 => pattern.Insert(at, inserts[random.Next(inserts.Length)]),
                    _ => pattern[..at] + seeds[random.Next(seeds.Length)][random.Next(20)..],
                };
            }

            // Then the shorter path gives the full check's first error, or none
            AssertSameAsFullCheck(pattern, StixPattern.Check(pattern), StixPattern.FirstError(pattern), PatternSyntaxChecker.Default);
        }
    }

    [Theory]
    [InlineData("[a:b = -0.50]", "-0.50")]
    [InlineData("[a:b = +.5]", "0.5")]
    [InlineData("[a:b = 007.25]", "7.25")]
    [InlineData("[a:b = -000.0]", "-0.0")]
    [InlineData("[a:b = +12]", "12")]
    [InlineData("[a:b = -0]", "0")]
    [InlineData("[a:b = h'AbCdEf']", "abcdef")]
    [InlineData("[a:b = b'aGVsbG8=']", "aGVsbG8=")]
    [InlineData("[a:b = t'2024-05-01T10:00:00.5Z']", "2024-05-01T10:00:00.5Z")]
    [InlineData("[a:b = 'a\\'b\\\\c\\'']", "a'b\\c'")]
    [InlineData("[a:b = '']", "")]
    [InlineData("[a:b = false]", "false")]
    public void Constants_are_decoded_from_the_pattern_text(string pattern, string text)
    {
        var comparison = Assert.IsType<Comparison>(StixPattern.Parse(pattern).Brackets[0].Body);

        Assert.Equal(text, comparison.Constant!.Text);
    }

    [Theory]
    [InlineData("[file:hashes.'SHA-256' = '" + Sha256 + "']", "file", new[] { "hashes", "SHA-256" })]
    [InlineData("[file:'hashes'.'SHA\\\\-256' = 'x']", "file", new[] { "hashes", "SHA\\-256" })]
    [InlineData("[x-custom:'na\\'me'.value = 'x']", "x-custom", new[] { "na'me", "value" })]
    [InlineData("[ipv4-addr:x_asn = 1]", "ipv4-addr", new[] { "x_asn" })]
    public void Object_types_and_property_names_are_decoded(string pattern, string type, string[] names)
    {
        var path = Assert.IsType<Comparison>(StixPattern.Parse(pattern).Brackets[0].Body).Path;

        Assert.Equal(type, path.ObjectType);
        Assert.Equal(names, path.Steps.Select(s => s.Name!));
    }

    [Fact]
    public void Qualifier_numbers_keep_their_written_form()
    {
        var pattern = StixPattern.Parse("[a:b = 1] REPEATS +3 TIMES WITHIN 007.50 SECONDS");

        var within = Assert.IsType<WithinQualifier>(Assert.IsType<QualifiedObservation>(pattern.Root).Qualifier);
        Assert.Equal(("7.50", 7.50m), (within.Text, within.Seconds));
        Assert.Equal("[a:b = 1] REPEATS 3 TIMES WITHIN 7.50 SECONDS", pattern.ToString());
    }

    private static void AssertSameAsFullCheck(string pattern, PatternCheckResult full, PatternError? first, PatternSyntaxChecker checker)
    {
        if (full.IsValid)
        {
            Assert.True(first is null, $"{pattern}: valid, but the short path found {first}");
            Assert.Null(checker.Check(pattern));
            return;
        }

        var expected = full.Errors[0];
        Assert.True(first is not null, $"{pattern}: the full check found {expected}, the short path nothing");
        Assert.Equal(
            (expected.Code, expected.Offset, expected.Line, expected.Column, expected.Found, expected.Message, expected.IsWarning),
            (first.Code, first.Offset, first.Line, first.Column, first.Found, first.Message, first.IsWarning));
        Assert.Equal(expected.Expected, first.Expected);
        Assert.Equal(expected.ToString(), checker.Check(pattern));
    }
}
