using System.Text;
using Korus.Stix.Json;
using Korus.Stix.Validation;
using Xunit;
using static Korus.Stix.Tests.Reading.BundleText;

namespace Korus.Stix.Tests.Reading;

/// <summary>
/// The reader with <see cref="StixReaderOptions.CheckObjectSyntax"/> off (as the validator runs it): it only
/// finds where each object ends, and the validator reports syntax errors inside objects.
/// </summary>
public sealed class ScanningReaderTests
{
    private static (List<string> Slices, bool Aborted, List<Finding> Findings) Read(string input, bool checkSyntax, int chunk = int.MaxValue)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        using var reader = new StixStreamReader(new ChunkedStream(bytes, chunk), new StixReaderOptions { CheckObjectSyntax = checkSyntax });
        var slices = new List<string>();
        while (reader.TryRead(out var slice))
        {
            slices.Add(slice.Problem is { } problem ? "problem:" + problem.Code : Encoding.UTF8.GetString(slice.Json.Span));
        }

        return (slices, reader.Aborted, reader.Findings.ToList());
    }

    [Theory]
    [InlineData("""{"a":"}"}""", 9)]
    [InlineData("""{"a":"\"}{"}""", 12)]
    [InlineData("""{"a":"\\"}, 1""", 10)]
    [InlineData("""{"a":[{"b":[]}],"c":{}}""", 23)]
    [InlineData("""[1,{"x":"]"}]""", 13)]
    [InlineData("""{"a":"\\\"}"}""", 13)]
    public void The_scanner_finds_the_end_of_an_object_whatever_its_strings_hold(string json, int length)
    {
        Assert.Equal(length, ObjectScanner.Length(Encoding.UTF8.GetBytes(json), maxDepth: 64));
    }

    [Theory]
    [InlineData("""{"a":"}""")]
    [InlineData("""{"a":"x\""")]
    [InlineData("""{"a":"x\\""")]
    [InlineData("""{"a":{"b":1}""")]
    [InlineData("""{"a":"\""")]
    public void The_scanner_asks_for_more_when_the_end_is_not_there(string json)
    {
        Assert.Equal(0, ObjectScanner.Length(Encoding.UTF8.GetBytes(json), maxDepth: 64));
    }

    [Fact]
    public void The_scanner_stops_past_the_depth_limit()
    {
        var json = Encoding.UTF8.GetBytes(new string('[', 5) + new string(']', 5));
        Assert.Equal(-1, ObjectScanner.Length(json, maxDepth: 4));
        Assert.Equal(10, ObjectScanner.Length(json, maxDepth: 5));
    }

    [Fact]
    public void Both_scanning_paths_agree_with_a_byte_by_byte_reference_on_random_input()
    {
        // Inputs long enough for several 32-byte blocks, dense in quotes, backslashes and brackets, so
        // escapes and strings cross block edges; every prefix is scanned too (the end not yet read).
        var random = new Random(20261123);
        var alphabet = "\"\\{}[]ab :,"u8.ToArray();
        for (var round = 0; round < 3000; round++)
        {
            var bytes = new byte[random.Next(1, 200)];
            bytes[0] = (byte)(random.Next(2) == 0 ? '{' : '[');
            for (var i = 1; i < bytes.Length; i++)
            {
                bytes[i] = alphabet[random.Next(alphabet.Length)];
            }

            for (var cut = 1; cut <= bytes.Length; cut += 1 + (cut / 8))
            {
                var input = bytes.AsSpan(0, cut);
                var depth = 1 + random.Next(12);
                var expected = ByteByByte(input, depth);
                Assert.Equal(expected, ObjectScanner.Length(input, depth));
                Assert.Equal(expected, ObjectScanner.Search(input, 0, 0, false, depth));
            }
        }
    }

    private static int ByteByByte(ReadOnlySpan<byte> span, int maxDepth)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < span.Length; i++)
        {
            var b = span[i];
            if (inString)
            {
                if (b == '\\')
                {
                    i++;
                }
                else if (b == '"')
                {
                    inString = false;
                }
            }
            else if (b == '"')
            {
                inString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                if (++depth > maxDepth)
                {
                    return -1;
                }
            }
            else if (b is (byte)'}' or (byte)']' && --depth == 0)
            {
                return i + 1;
            }
        }

        return 0;
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(7)]
    [InlineData(1)]
    public void Scanning_gives_the_same_objects_as_tokenising(int chunk)
    {
        var input = Head + "\n" + string.Join(",\n", Enumerable.Range(0, 300).Select(i => Identity(i, i % 3 == 0 ? ""","description":"a \"quoted\" } { [ ] \\ and \u00e9 text" """ : ""))) + "\n]}";
        var checking = Read(input, checkSyntax: true, chunk);
        var scanning = Read(input, checkSyntax: false, chunk);
        Assert.Equal(300, scanning.Slices.Count);
        Assert.Equal(checking.Slices, scanning.Slices);
        Assert.False(scanning.Aborted);
        Assert.Empty(scanning.Findings);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void A_syntax_error_between_objects_is_reported_at_the_same_place_either_way(bool multiline, bool bom)
    {
        // Elements after the first are found by scanning; the error after them still names its real line and column.
        var separator = multiline ? ",\n  " : ",";
        var objects = string.Join(separator, Enumerable.Range(0, 50).Select(i => Identity(i)));
        var input = (bom ? "\uFEFF" : "") + Head + objects + separator + Identity(50) + " " + Identity(51) + "]}";

        var checking = Read(input, checkSyntax: true);
        var scanning = Read(input, checkSyntax: false);

        Assert.True(scanning.Aborted);
        Assert.Equal(51, scanning.Slices.Count);
        var expected = Assert.Single(checking.Findings);
        var actual = Assert.Single(scanning.Findings);
        Assert.Equal((expected.Code, expected.Message, expected.Line, expected.Column), (actual.Code, actual.Message, actual.Line, actual.Column));
        Assert.Equal(multiline ? 51 : 1, actual.Line);
    }

    [Fact]
    public void A_syntax_error_inside_one_object_is_that_objects_finding_and_reading_goes_on()
    {
        // Given a bundle whose third object (on line 4, from column 3) has a missing comma on its second line
        var broken = "{\"type\":\"identity\",\n \"name\":\"x\" \"oops\":1}";
        var input = Head + "\n  " + Identity(0) + ",\n  " + Identity(1) + ",\n  " + broken + ",\n  " + Identity(3) + "\n]}";
        var findings = new List<(int Index, Finding Finding)>();

        // When it is validated as a stream
        var run = new StixValidator().ValidateStream(new MemoryStream(Encoding.UTF8.GetBytes(input)), (slice, found) => findings.AddRange(found.Select(f => (slice.Index, f))));

        // Then that object has one JSON finding at the place of the error, and the object after it is read too
        Assert.False(run.Aborted);
        Assert.Equal(4, run.Objects);
        Assert.Equal(1, run.InvalidObjects);
        var (index, finding) = Assert.Single(findings);
        Assert.Equal(2, index);
        Assert.Equal(FindingCodes.Json, finding.Code);
        Assert.Equal("$.objects[2]", finding.Path);
        Assert.StartsWith("Invalid JSON: ", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", finding.Message, StringComparison.Ordinal);
        Assert.Equal((5L, 13L), (finding.Line, finding.Column));
    }

    [Theory]
    [InlineData("""{"type":"identity","x":[1}""", false)]
    [InlineData("""{"type":"identity","x":1]""", true)]
    [InlineData("""{"type":"identity","x":{"y":]}}""", false)]
    public void Mismatched_brackets_in_a_scanned_object_are_findings_never_a_crash(string broken, bool readsOn)
    {
        // A closing bracket of the wrong kind still ends a level for the scanner; the parse then reports it.
        var input = Head + Identity(0) + "," + broken + "," + Identity(2) + "]}";
        var findings = new List<(int Index, Finding Finding)>();

        var run = new StixValidator().ValidateStream(new MemoryStream(Encoding.UTF8.GetBytes(input)), (slice, found) => findings.AddRange(found.Select(f => (slice.Index, f))));

        Assert.False(run.IsValid);
        Assert.Contains(findings, f => f.Index == 1 && f.Finding.Code == FindingCodes.Json && f.Finding.Message.StartsWith("Invalid JSON: ", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Index == 0);
        if (readsOn)
        {
            // The object ended where the brackets balanced: the next one is read and valid.
            Assert.Equal((3L, 1L, false), (run.Objects, run.InvalidObjects, run.Aborted));
        }
        else
        {
            // The levels do not balance where the object should end, so what follows is out of place:
            // reading stops with a finding about the input.
            Assert.True(run.Aborted);
            Assert.Contains(run.InputFindings, f => f.Code == FindingCodes.Json);
        }
    }

    [Fact]
    public void A_syntax_error_on_an_objects_first_line_names_its_column_in_the_input()
    {
        var input = Head + Identity(0) + "," + """{"type":"identity" "name":"x"}""" + "]}";
        var findings = new List<Finding>();
        var run = new StixValidator().ValidateStream(new MemoryStream(Encoding.UTF8.GetBytes(input)), (_, found) => findings.AddRange(found));

        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.Json, finding.Code);
        var objectStart = Head.Length + Identity(0).Length + 1;
        Assert.Equal((1L, objectStart + 20L), (finding.Line, finding.Column));
        Assert.Equal(2, run.Objects);
    }

    [Fact]
    public void Nesting_past_the_limit_after_the_first_object_still_stops_reading_with_a_depth_finding()
    {
        var deep = Identity(1, ",\"x_deep\":" + new string('[', 80) + new string(']', 80));
        var run = new StixValidator().ValidateStream(new MemoryStream(Encoding.UTF8.GetBytes(Head + Identity(0) + "," + deep + "," + Identity(2) + "]}")));
        Assert.True(run.Aborted);
        Assert.Equal(1, run.Objects);
        Assert.Contains(run.InputFindings, f => f.Code == FindingCodes.LimitDepth);
    }

    [Fact]
    public void Input_that_breaks_off_inside_a_scanned_object_is_reported_as_when_tokenising()
    {
        foreach (var cut in new[] { 30, 40, 60 })
        {
            var input = Head + Identity(0) + ",\n" + Identity(1)[..cut];
            var checking = Read(input, checkSyntax: true);
            var scanning = Read(input, checkSyntax: false);
            Assert.True(scanning.Aborted);
            var expected = Assert.Single(checking.Findings);
            var actual = Assert.Single(scanning.Findings);
            Assert.Equal((expected.Code, expected.Message, expected.Line, expected.Column), (actual.Code, actual.Message, actual.Line, actual.Column));
            Assert.Single(scanning.Slices);
        }
    }

    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }
}
