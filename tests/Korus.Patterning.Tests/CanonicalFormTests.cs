using System.Text;
using Korus.Patterning.Matching;
using Xunit;

namespace Korus.Patterning.Tests;

/// <summary>The canonical printer: fixed examples, and properties over generated patterns.</summary>
public sealed class CanonicalFormTests
{
    [Theory]
    [InlineData("[ipv4-addr:value == '1.2.3.4']", "[ipv4-addr:value = '1.2.3.4']")]
    [InlineData("[a:b <> 1]", "[a:b != 1]")]
    [InlineData("  [a:b=1]AND[c:d=2]  ", "[a:b = 1] AND [c:d = 2]")]
    [InlineData("([a:b = 1] OR [c:d = 2]) FOLLOWEDBY [e:f = 3]", "[a:b = 1] OR [c:d = 2] FOLLOWEDBY [e:f = 3]")]
    [InlineData("[a:b = 1] OR ([c:d = 2] FOLLOWEDBY [e:f = 3])", "[a:b = 1] OR ([c:d = 2] FOLLOWEDBY [e:f = 3])")]
    [InlineData("[a:b = 1] FOLLOWEDBY ([c:d = 2] FOLLOWEDBY [e:f = 3])", "[a:b = 1] FOLLOWEDBY ([c:d = 2] FOLLOWEDBY [e:f = 3])")]
    [InlineData("(([a:b = 1] FOLLOWEDBY [c:d = 2])) FOLLOWEDBY [e:f = 3]", "[a:b = 1] FOLLOWEDBY [c:d = 2] FOLLOWEDBY [e:f = 3]")]
    [InlineData("[a:x = 1 AND a:y = 2 OR a:z = 3]", "[a:x = 1 AND a:y = 2 OR a:z = 3]")]
    [InlineData("[a:x = 1 AND (a:y = 2 OR a:z = 3)]", "[a:x = 1 AND (a:y = 2 OR a:z = 3)]")]
    [InlineData("[(a:x = 1)]", "[a:x = 1]")]
    [InlineData("([a:b = 1] AND [c:d = 2]) WITHIN 5 SECONDS", "([a:b = 1] AND [c:d = 2]) WITHIN 5 SECONDS")]
    [InlineData("([a:b = 1]) REPEATS +2 TIMES WITHIN .5 SECONDS", "[a:b = 1] REPEATS 2 TIMES WITHIN 0.5 SECONDS")]
    [InlineData("[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']", "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']")]
    [InlineData("[file:'name' = 'O\\'Brien \\\\']", "[file:name = 'O\\'Brien \\\\']")]
    [InlineData("[x:'IN' = h'0A']", "[x:'IN' = h'0a']")]
    [InlineData("[a:b[ 0 ] . c [*] = +5 ]", "[a:b[0].c[*] = 5]")]
    [InlineData("[a:b NOT IN ( 1 ,2.50,'x' )]", "[a:b NOT IN (1, 2.50, 'x')]")]
    [InlineData("[ NOT  EXISTS a:b ]", "[NOT EXISTS a:b]")]
    [InlineData("[a:b = 1] /* c */ START t'2024-05-01T00:00:00Z' STOP t'2024-05-02T00:00:00.5Z'", "[a:b = 1] START t'2024-05-01T00:00:00Z' STOP t'2024-05-02T00:00:00.5Z'")]
    public void Patterns_print_in_canonical_form(string pattern, string canonical)
    {
        Assert.Equal(canonical, StixPattern.Parse(pattern).ToString());
        Assert.Equal(canonical, StixPattern.Parse(canonical).ToString());
    }

    [Fact]
    public void Printing_round_trips_over_generated_patterns()
    {
        // Given a few thousand random patterns across the grammar (fixed seed, so failures reproduce)
        var random = new Random(20261123);
        for (var i = 0; i < 3000; i++)
        {
            var (text, result) = PatternGenerator.NextValid(random, false);
            Assert.True(result.IsValid, $"generated pattern #{i} should be valid: {text}\n{string.Join("\n", result.Errors)}");

            // When printed canonically and parsed again
            var canonical = result.Pattern!.ToString();
            var again = StixPattern.Check(canonical);

            // Then the reparsed tree prints the same text (idempotent), with the same brackets in order
            Assert.True(again.IsValid, $"canonical form of #{i} does not parse: {canonical}\nfrom: {text}\n{string.Join("\n", again.Errors)}");
            Assert.Equal(canonical, again.Pattern!.ToString());
            Assert.Equal(
                result.Pattern.Brackets.Select(b => b.ToString()),
                again.Pattern.Brackets.Select(b => b.ToString()));
        }
    }

    [Fact]
    public void The_canonical_form_matches_exactly_what_the_original_matches()
    {
        var data = Fixtures.Observations("IP1", "IP1b", "DOM", "FILE", "NET", "PROC", "MAIL");
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var (text, result) = PatternGenerator.NextValid(random, true);
            var original = result.Pattern!;
            var canonical = StixPattern.Parse(original.ToString());

            Assert.True(
                PatternMatcher.Match(original, data).IsMatch == PatternMatcher.Match(canonical, data).IsMatch,
                $"#{i}: {text} vs {canonical}");
        }
    }

    /// <summary>Writes random valid patterns with random spacing, comments, aliases and redundant parentheses.</summary>
    private sealed class PatternGenerator(Random random, bool fixtureValues = false)
    {
        private static readonly string[] Paths =
        [
            "ipv4-addr:value", "domain-name:value", "file:name", "file:size", "file:hashes.'x-custom'", "network-traffic:dst_port",
            "network-traffic:dst_ref.value", "network-traffic:protocols[*]", "domain-name:resolves_to_refs[0].value",
            "process:pid", "email-message:subject", "x-korus-device:'serial number'", "file:extensions.'x-ext'.key",
        ];

        private static readonly string[] Strings = ["198.51.100.1", "evil.example.com", "O'Brien.exe", "tcp", "a\\b", "Invoice 2024", "x"];

        private readonly StringBuilder _text = new();

        /// <summary>
        /// The next generated pattern that passes the checks; patterns the generator cannot avoid by
        /// construction (the same qualifier twice on one chain) are skipped, any other error is returned.
        /// </summary>
        public static (string Text, PatternCheckResult Result) NextValid(Random random, bool fixtureValues)
        {
            while (true)
            {
                var text = new PatternGenerator(random, fixtureValues).Pattern();
                var result = StixPattern.Check(text);
                if (result.IsValid || result.Errors.Any(e => e.Code != "pattern.duplicate-qualifier"))
                {
                    return (text, result);
                }
            }
        }

        public string Pattern()
        {
            _text.Clear();
            Observation(0);
            return _text.ToString();
        }

        private void Space()
        {
            switch (random.Next(12))
            {
                case 0: _text.Append("  "); break;
                case 1: _text.Append("\t\n"); break;
                case 2: _text.Append(" /* note */ "); break;
                default: _text.Append(' '); break;
            }
        }

        private void Observation(int depth)
        {
            var choice = depth > 3 ? 0 : random.Next(6);
            switch (choice)
            {
                case 0 or 1:
                    _text.Append('[');
                    Comparison(depth);
                    _text.Append(']');
                    break;
                case 2:
                    Observation(depth + 1);
                    Space();
                    _text.Append(random.Next(3) switch { 0 => "AND", 1 => "OR", _ => "FOLLOWEDBY" });
                    Space();
                    Observation(depth + 1);
                    break;
                case 3:
                    _text.Append('(');
                    Observation(depth + 1);
                    _text.Append(')');
                    break;
                default:
                    _text.Append('(');
                    Observation(depth + 1);
                    _text.Append(')');
                    Space();
                    _text.Append(random.Next(3) switch
                    {
                        0 => $"WITHIN {random.Next(1, 600)}{(random.Next(2) == 0 ? ".5" : string.Empty)} SECONDS",
                        1 => $"REPEATS {random.Next(1, 4)} TIMES",
                        _ => "START t'2024-05-01T00:00:00Z' STOP t'2024-05-02T00:00:00.000Z'",
                    });
                    break;
            }
        }

        private void Comparison(int depth)
        {
            var choice = depth > 4 ? 0 : random.Next(7);
            switch (choice)
            {
                case 4:
                    Comparison(depth + 1);
                    Space();
                    _text.Append(random.Next(2) == 0 ? "AND" : "OR");
                    Space();
                    Comparison(depth + 1);
                    return;
                case 5:
                    _text.Append('(');
                    Comparison(depth + 1);
                    _text.Append(')');
                    return;
                case 6:
                    _text.Append(random.Next(2) == 0 ? "EXISTS " : "NOT EXISTS ").Append(Paths[random.Next(Paths.Length)]);
                    return;
            }

            var path = Paths[random.Next(Paths.Length)];
            _text.Append(path);
            if (random.Next(5) == 0)
            {
                _text.Append(" NOT");
            }

            Space();
            var numeric = path.EndsWith("size", StringComparison.Ordinal) || path.EndsWith("port", StringComparison.Ordinal) || path.EndsWith("pid", StringComparison.Ordinal);
            switch (random.Next(fixtureValues ? 8 : 10))
            {
                case 0: _text.Append("IN (").Append(Constant(numeric)).Append(", ").Append(Constant(numeric)).Append(')'); break;
                case 1: _text.Append("LIKE '%").Append(random.Next(2) == 0 ? "example" : "1").Append("_%'"); break;
                case 2: _text.Append("MATCHES '^[a-z0-9]+\\\\.'"); break;
                case 3: _text.Append(random.Next(3) switch { 0 => "<", 1 => ">=", _ => "<=" }).Append(' ').Append(Constant(numeric)); break;
                case 4: _text.Append(random.Next(2) == 0 ? "<>" : "!=").Append(' ').Append(Constant(numeric)); break;
                case 8: _text.Append("ISSUBSET '198.51.100.0/24'"); break;
                case 9: _text.Append("= ").Append(random.Next(2) == 0 ? "true" : "h'00ff'"); break;
                default: _text.Append(random.Next(2) == 0 ? "==" : "=").Append(' ').Append(Constant(numeric)); break;
            }
        }

        private string Constant(bool numeric)
        {
            if (numeric)
            {
                return random.Next(4) switch
                {
                    0 => "25536",
                    1 => "+443",
                    2 => "4242.0",
                    _ => random.Next(-1000, 70000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
            }

            return Korus.Patterning.Syntax.PatternConstant.Quote(Strings[random.Next(Strings.Length)]);
        }
    }
}
