using Korus.Patterning.Syntax;
using Xunit;

namespace Korus.Patterning.Tests;

/// <summary>The validity table V1–V24 of ../shared/docs/specs/stix-patterning.md §5, and more of the grammar.</summary>
public sealed class PatternValidityTests
{
    private const string Sha256 = "aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f";

    [Theory]
    [InlineData("V1", "[ipv4-addr:value = '198.51.100.1']")]
    [InlineData("V20", "[ipv4-addr:value == '1.2.3.4' OR ipv4-addr:value <> '5.6.7.8']")]
    [InlineData("V21", "[network-traffic:dst_port IN ()]")]
    [InlineData("V23", "[ipv4-addr:value /* note */ = '1.2.3.4'] // end")]
    [InlineData("V24", "([a:b = 1] AND [c:d = 2]) REPEATS 2 TIMES WITHIN 300 SECONDS")]
    [InlineData("hash", "[file:hashes.'SHA-256' = '" + Sha256 + "']")]
    [InlineData("ssdeep", "[file:hashes.SSDEEP = '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C']")]
    [InlineData("extension", "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]")]
    [InlineData("quoted type key", "[x-usb-device:'usbdrive'.serial_number = 'A1']")]
    [InlineData("plus sign", "[a:b = +5] WITHIN +5 SECONDS")]
    [InlineData("leading point", "[a:b > .5] WITHIN .5 SECONDS")]
    [InlineData("negative", "[a:b > -5 AND a:c < -0.5]")]
    [InlineData("not exists", "[NOT EXISTS file:mime_type]")]
    [InlineData("negated ops", "[a:b NOT IN (1, 2) AND a:c NOT LIKE 'x%' AND a:d NOT MATCHES '^x' AND a:e NOT ISSUBSET '10.0.0.0/8']")]
    [InlineData("unicode space", "[a:b\u00A0=\u30001]\u2028AND [c:d = 2]")]
    [InlineData("newline in string", "[a:b = 'line one\nline two']")]
    [InlineData("leap second", "[a:b = t'2016-12-31T23:59:60Z']")]
    [InlineData("fraction", "[a:b = t'2024-05-01T10:00:00.123456789Z']")]
    [InlineData("hex upper", "[artifact:payload_bin = h'6F6B']")]
    [InlineData("empty hex", "[artifact:payload_bin = h'']")]
    [InlineData("start stop", "[a:b = 1] START t'2024-05-01T00:00:00Z' STOP t'2024-05-02T00:00:00Z'")]
    [InlineData("chain", "[a:b = 1] REPEATS 2 TIMES WITHIN 60 SECONDS START t'2024-05-01T00:00:00Z' STOP t'2024-05-02T00:00:00Z'")]
    [InlineData("line comment", "// only a comment line\n[a:b = 1]")]
    [InlineData("index", "[a:b[0].c[-1].d[*] = 1]")]
    public void Valid_patterns_are_accepted(string name, string pattern)
    {
        var result = StixPattern.Check(pattern);

        Assert.True(result.IsValid, $"{name}: {string.Join("; ", result.Errors)}");
    }

    [Theory]
    [InlineData("V2", "ipv4-addr:value = '198.51.100.1'", 0, "expected '[' or '(', found 'ipv4-addr'")]
    [InlineData("V3", "[ipv4-addr:value = 198.51.100.1]", 19, "a dotted address or version must be quoted")]
    [InlineData("V4", "[file:hashes.SHA-256 = 'aec0']", 13, "'SHA-256' contains '-': quote it as 'SHA-256'")]
    [InlineData("V5", "[file:name = 'O'Brien.exe']", 16, "expected ']', AND or OR, found 'Brien'")]
    [InlineData("V6", "[directory:path = 'C:\\Windows']", 21, "'\\W' is not an escape")]
    [InlineData("V7", "[a:b = 1] and [c:d = 2]", 10, "keywords are upper-case: write AND")]
    [InlineData("V8", "[a:b = 1] WITHIN 5 MINUTES", 19, "expected SECONDS, found 'MINUTES'")]
    [InlineData("V9", "[a:b = 1] WITHIN -5 SECONDS", 17, "expected a positive number of seconds, found '-5'")]
    [InlineData("V13", "[a:b = t'2024-13-01T00:00:00Z']", 7, "the month must be 01–12")]
    [InlineData("V14", "[a:b = t'2024-05-01T10:00:00']", 7, "it must end with an upper-case 'Z'")]
    [InlineData("V16", "[artifact:payload_bin = b'====']", 24, "padded base64")]
    [InlineData("V17", "[artifact:payload_bin = h'abc']", 24, "needs pairs of digits, found 3")]
    [InlineData("V18", "[email-message:is_multipart = FALSE]", 30, "booleans are lower-case: false")]
    [InlineData("V19", "[a:b = 1] START t'2024-05-01T00:00:00Z'", 39, "expected STOP, found end of pattern")]
    [InlineData("unterminated", "[a:b = 'abc]", 7, "no closing quote")]
    [InlineData("unclosed bracket", "[a:b = 1", 8, "expected ']', AND or OR, found end of pattern")]
    [InlineData("empty", "", 0, "expected '[' or '(', found end of pattern")]
    [InlineData("empty brackets", "[]", 1, "expected an object path")]
    [InlineData("no property", "[a: = 1]", 4, "expected a property name")]
    [InlineData("keyword property", "[a:IN = 1]", 3, "IN is a keyword: quote it as 'IN'")]
    [InlineData("bool ordering", "[a:b < true]", 7, "booleans cannot be ordered")]
    [InlineData("like number", "[a:b LIKE 5]", 10, "a string constant for 'LIKE'")]
    [InlineData("in without set", "[a:b IN 5]", 8, "'(' starting the IN set")]
    [InlineData("leading zero", "[a:b = 007]", 7, "leading zeros")]
    [InlineData("exponent", "[a:b = 1e5]", 8, "expected ']', AND or OR")]
    [InlineData("trailing point", "[a:b = 5.]", 8, "expected ']', AND or OR, found '.'")]
    [InlineData("NOT before path", "[NOT a:b = 1]", 5, "expected EXISTS")]
    [InlineData("capitalised boolean", "[a:b = True]", 7, "booleans are lower-case: true")]
    [InlineData("repeats float", "[a:b = 1] REPEATS 2.5 TIMES", 18, "a positive whole number")]
    [InlineData("bang", "[a:b ! 1]", 5, "'!' must be followed by '='")]
    [InlineData("unclosed comment", "[a:b = 1] /* open", 10, "not closed")]
    [InlineData("big integer", "[a:b = 99999999999999999999]", 7, "outside the 64-bit integer range")]
    [InlineData("bad index", "[a:b[x] = 1]", 5, "a list index")]
    [InlineData("trailing text", "[a:b = 1] [c:d = 2]", 10, "expected AND, OR, FOLLOWEDBY")]
    [InlineData("no Z lower t", "[a:b = t'2024-05-01t10:00:00Z']", 7, "upper-case 'T'")]
    public void Syntax_errors_name_the_position_and_what_was_expected(string name, string pattern, int offset, string reason)
    {
        var tree = StixPattern.ParseSyntax(pattern, out var error);

        Assert.Null(tree);
        Assert.NotNull(error);
        Assert.True(offset == error.Offset, $"{name}: offset {error.Offset}, {error}");
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("pattern.", error.Code, StringComparison.Ordinal);
        Assert.False(StixPattern.Check(pattern).IsValid);
    }

    [Theory]
    [InlineData("V10", "[a:b = 1] WITHIN 0 SECONDS", "pattern.within-range", 10)]
    [InlineData("V10b", "[a:b = 1] WITHIN 0.0 SECONDS", "pattern.within-range", 10)]
    [InlineData("V11", "[a:b = 1] REPEATS 0 TIMES", "pattern.repeats-range", 10)]
    [InlineData("V12", "[a:b = 1] WITHIN 5 SECONDS WITHIN 6 SECONDS", "pattern.duplicate-qualifier", 27)]
    [InlineData("V12 parenthesised", "([a:b = 1]) WITHIN 5 SECONDS WITHIN 6 SECONDS", "pattern.duplicate-qualifier", 29)]
    [InlineData("V12 repeats", "[a:b = 1] REPEATS 2 TIMES WITHIN 5 SECONDS REPEATS 3 TIMES", "pattern.duplicate-qualifier", 43)]
    [InlineData("V15", "[a:b = t'2024-02-30T00:00:00Z']", "pattern.invalid-timestamp", 7)]
    [InlineData("V15 in window", "[a:b = 1] START t'2023-02-29T00:00:00Z' STOP t'2024-05-01T00:00:00Z'", "pattern.invalid-timestamp", 16)]
    [InlineData("V22", "[file:hashes.'SHA-256' = 'f00']", "pattern.hash-format", 25)]
    [InlineData("MD5 format", "[file:hashes.MD5 IN ('79054025255fb1a26e4bc422aef54eb4', 'xyz')]", "pattern.hash-format", 57)]
    [InlineData("SSDEEP format", "[file:hashes.SSDEEP = 'not an ssdeep!']", "pattern.hash-format", 22)]
    [InlineData("regex", "[a:b MATCHES '(unclosed']", "pattern.invalid-regex", 13)]
    [InlineData("network", "[ipv4-addr:value ISSUBSET '198.51.100.0/33']", "pattern.invalid-network", 26)]
    [InlineData("network text", "[ipv4-addr:value ISSUBSET 'example.com']", "pattern.invalid-network", 26)]
    [InlineData("repeats limit", "[a:b = 1] REPEATS 1001 TIMES", "pattern.repeats-limit", 10)]
    public void Patterns_that_parse_but_break_a_rule_are_invalid(string name, string pattern, string code, int offset)
    {
        Assert.NotNull(StixPattern.ParseSyntax(pattern, out _));

        var result = StixPattern.Check(pattern);

        Assert.False(result.IsValid, name);
        var error = Assert.Single(result.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal(offset, error.Offset);
        Assert.False(error.IsWarning);
    }

    [Theory]
    [InlineData("[a:b = 1] START t'2024-05-02T00:00:00Z' STOP t'2024-05-01T00:00:00Z'", "pattern.empty-window")]
    [InlineData("[a:b IN (1, 'two')]", "pattern.mixed-set")]
    [InlineData("[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'x.example']", "pattern.mixed-object-types")]
    [InlineData("[ipv4-addr:vaule = '1.2.3.4']", "pattern.unknown-property")]
    [InlineData("[indicator:name = 'x']", "pattern.not-observable")]
    [InlineData("[Bad_Type:b = 1]", "pattern.object-type-name")]
    [InlineData("[file:name ISSUBSET '10.0.0.0/8']", "pattern.network-path")]
    public void Suspect_but_legal_patterns_are_valid_with_a_warning(string pattern, string code)
    {
        var result = StixPattern.Check(pattern);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Contains(result.Warnings, w => w.Code == code && w.IsWarning);
    }

    [Fact]
    public void A_custom_property_with_the_x_prefix_and_a_custom_object_draw_no_warning()
    {
        var result = StixPattern.Check("[ipv4-addr:x_asn = 64500 OR x-korus-device:serial = 'ABC123']");

        Assert.True(result.IsValid);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Errors_on_later_lines_give_line_and_column()
    {
        var result = StixPattern.Check("[a:b = 1]\n  AND\n  [c:d = 2] WITHIN 0 SECONDS");

        var error = Assert.Single(result.Errors);
        Assert.Equal((3, 13), (error.Line, error.Column));
        Assert.Equal("3:13: pattern.within-range: WITHIN needs a number of seconds greater than 0, found 0", error.ToString());
    }

    [Fact]
    public void Parse_throws_a_pattern_exception_carrying_the_error()
    {
        var e = Assert.Throws<PatternException>(() => StixPattern.Parse("[a:b = 1"));

        Assert.Equal(8, e.Error.Offset);
        Assert.Equal("end of pattern", e.Error.Found);
        Assert.Equal(["']'", "AND", "OR"], e.Error.Expected);
    }

    [Theory]
    [InlineData("[a:b = 1]", 1)]
    [InlineData("[a:b = 1] AND [c:d = 2] OR [e:f = 3]", 2)]
    [InlineData("[a:b = 1] FOLLOWEDBY [c:d = 2]", 3)]
    [InlineData("[a:b = 1] WITHIN 5 SECONDS", 3)]
    [InlineData("[a:b = 1] AND ([c:d = 2] REPEATS 2 TIMES)", 3)]
    public void The_conformance_level_is_reported(string pattern, int level)
    {
        Assert.Equal(level, StixPattern.Parse(pattern).ConformanceLevel);
    }

    [Fact]
    public void Limits_refuse_long_deep_and_wide_patterns()
    {
        var limits = new PatternLimits { MaxLength = 30, MaxDepth = 3, MaxSetSize = 2 };

        Assert.Equal("pattern.too-long", StixPattern.Check("[a:b = 'this text is longer than thirty']", limits).Errors[0].Code);
        Assert.True(StixPattern.Check("((([a:b = 1])))", limits with { MaxLength = 100 }).Errors[0].Code == "pattern.too-deep");
        Assert.True(StixPattern.Check("(([a:b = 1]))", limits with { MaxLength = 100 }).IsValid);
        Assert.Equal("pattern.set-too-large", StixPattern.Check("[a:b IN (1, 2, 3)]", limits).Errors[0].Code);
        Assert.True(StixPattern.Check("[a:b IN (1, 2)]", limits).IsValid);
    }

    [Fact]
    public void Deep_nesting_within_the_default_limit_does_not_overflow_the_stack()
    {
        var pattern = new string('(', 63) + "[a:b = 1]" + new string(')', 63);
        Assert.True(StixPattern.Check(pattern).IsValid);
        var tooDeep = new string('(', 10_000) + "[a:b = 1]" + new string(')', 10_000);
        Assert.Equal("pattern.too-deep", StixPattern.Check(tooDeep).Errors[0].Code);
    }

    [Fact]
    public void Constants_are_decoded()
    {
        var pattern = StixPattern.Parse("[a:b = 'O\\'Brien \\\\ x' OR a:c = h'6F6b' OR a:d = b'aGVsbG8=' OR a:e = -12 OR a:f = .25]");
        var constants = new List<PatternConstant>();
        void Collect(ComparisonExpression e)
        {
            if (e is ComparisonBinary b)
            {
                Collect(b.Left);
                Collect(b.Right);
            }
            else if (e is Comparison c)
            {
                constants.Add(c.Constant!);
            }
        }

        Collect(pattern.Brackets[0].Body);
        Assert.Equal("O'Brien \\ x", constants[0].Text);
        Assert.Equal("6f6b", constants[1].Text);
        Assert.Equal("ok"u8.ToArray(), constants[1].Bytes);
        Assert.Equal("hello"u8.ToArray(), constants[2].Bytes);
        Assert.Equal((ConstantKind.Integer, -12L), (constants[3].Kind, constants[3].Integer));
        Assert.Equal((ConstantKind.Float, "0.25"), (constants[4].Kind, constants[4].Text));
    }
}
