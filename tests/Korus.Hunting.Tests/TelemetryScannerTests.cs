using System.Text;
using Korus.Synthetic;
using Xunit;

namespace Korus.Hunting.Tests;

/// <summary>
/// The event scanner must accept exactly the lines the JSON reader accepts and record the same values:
/// generated ECS events, hand-written edge cases, and thousands of one-byte mutations of them.
/// </summary>
public sealed class TelemetryScannerTests
{
    private static readonly string[] EdgeCases =
    [
        """{"source":{"ip":"10.0.0.1","port":53},"destination":{"ip":"198.51.100.7","port":443}}""",
        """  {"destination.ip":"198.51.100.7","destination":{"port":8443}}  """,
        """{"dns":{"question":{"name":"evil.example.com"},"answers":[{"data":"198.51.100.9"},{"data":"198.51.100.10"}]}}""",
        """{"url":{"full":"http:\/\/evil.example.com\/a\u0020b"},"user":{"name":"\u00e9lise"}}""",
        """{"file":{"hash":{"sha256":"aa"},"size":12.5e1,"name":["a.exe","b.dll"]},"process":{"pid":-0,"name":"x"}}""",
        """{"process":{"pid":12345678901234567890,"command_line":"cmd \"quoted\" \\ tab\t"}}""",
        """{"source":{"ip":null,"port":true},"destination":{"port":false},"network":{"transport":"tcp"}}""",
        """{"event":{"a":[[1,2],[3]],"b":{"c":{"d":{}}}},"@timestamp":"2026-11-20T10:00:00Z"}""",
        """{"\u0064estination":{"ip":"198.51.100.7"}}""",
        """{"email":{"from":{"address":["a@example.com"]},"to":{"address":["b@example.com","c@example.com"]}}}""",
        """{}""",
        """[]""",
        """{"a":1}x""",
        """{"a":01}""",
        """{"a":1.}""",
        """{"a":.5}""",
        """{"a":1e}""",
        """{"a":-}""",
        """{"a":"\x"}""",
        """{"a":"\u12"}""",
        """{"a":"\ud800"}""",
        """{"destination":{"ip":"\ud800"}}""",
        """{"a":tru}""",
        """{"a":nul}""",
        """{"a" 1}""",
        """{"a":1,}""",
        """{,"a":1}""",
        """{"a":[1,]}""",
        """{"a":[1 2]}""",
        """{"a":1e400}""",
        """{"process":{"pid":1e400}}""",
        """not json""",
        "",
        "   ",
        "{\"a\":\"tab\tinside\"}",
        "{\"destination\":{\"ip\":\"198.51.100.7\"}}\u00a0",
        new string('[', 70) + new string(']', 70),
        "{\"a\":" + new string('[', 70) + new string(']', 70) + "}",
        "{\"a\":" + string.Concat(Enumerable.Repeat("{\"b\":", 63)) + "1" + new string('}', 63) + "}",
        "{\"a\":" + string.Concat(Enumerable.Repeat("{\"b\":", 64)) + "1" + new string('}', 64) + "}",
    ];

    [Fact]
    public void The_scanner_agrees_with_the_json_reader_on_events_edge_cases_and_mutations()
    {
        var lines = new List<byte[]>();
        using var events = new MemoryStream();
        new HuntWorkload().Events(events, 300, hitPercent: 20);
        foreach (var line in Encoding.UTF8.GetString(events.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            lines.Add(Encoding.UTF8.GetBytes(line));
        }

        lines.AddRange(EdgeCases.Select(Encoding.UTF8.GetBytes));
        lines.Add([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]); // invalid UTF-8 in a string
        var random = new Random(20261123);
        var originals = lines.ToList();
        var stops = "{}[]\",:\\0123456789.eE-+tfnul \t"u8.ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var source = originals[random.Next(originals.Count)];
            if (source.Length == 0)
            {
                continue;
            }

            var mutated = source.ToList();
            var at = random.Next(mutated.Count);
            switch (random.Next(3))
            {
                case 0:
                    mutated.RemoveAt(at);
                    break;
                case 1:
                    mutated.Insert(at, stops[random.Next(stops.Length)]);
                    break;
                default:
                    mutated[at] = stops[random.Next(stops.Length)];
                    break;
            }

            lines.Add([.. mutated]);
        }

        var scanner = new TelemetryEvent();
        var reference = new ReferenceTelemetryEvent();
        var disagreements = new List<string>();
        var accepted = 0;
        foreach (var line in lines)
        {
            var ok = scanner.TryRead(line, 1, TelemetryMapping.Ecs, out var error);
            var refOk = reference.TryRead(line, 1, TelemetryMapping.Ecs, out var refError);
            var text = Encoding.UTF8.GetString(line);
            if (ok != refOk)
            {
                disagreements.Add($"{text}: scanner {(ok ? "accepts" : "refuses: " + error)}, reader {(refOk ? "accepts" : "refuses: " + refError)}");
                continue;
            }

            if (!ok)
            {
                Assert.False(string.IsNullOrEmpty(error));
                continue;
            }

            accepted++;
            var got = Describe(scanner);
            var want = Describe(reference);
            if (got != want)
            {
                disagreements.Add($"{text}: scanner [{got}], reader [{want}]");
            }
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements:\n" + string.Join("\n", disagreements.Take(15)));
        Assert.True(accepted > 300, $"only {accepted} lines were valid");
    }

    [Fact]
    public void A_line_nested_past_64_levels_is_refused_saying_so()
    {
        var scanner = new TelemetryEvent();
        var line = "{\"a\":" + string.Concat(Enumerable.Repeat("{\"b\":", 64)) + "1" + new string('}', 64) + "}";
        Assert.False(scanner.TryRead(Encoding.UTF8.GetBytes(line), 1, TelemetryMapping.Ecs, out var error));
        Assert.Equal("the event nests too deeply", error);
    }

    private static string Describe(TelemetryEvent e)
    {
        var parts = new List<string>();
        foreach (var v in e.Values)
        {
            parts.Add($"{v.Field.Name}[{v.Element}]={v.Kind}:{Encoding.UTF8.GetString(e.Bytes(v))}:{v.Integer}:{v.Number}");
        }

        parts.Add("ts=" + Encoding.UTF8.GetString(e.Timestamp));
        return string.Join(";", parts);
    }

    private static string Describe(ReferenceTelemetryEvent e)
    {
        var parts = new List<string>();
        foreach (var v in e.Values)
        {
            parts.Add($"{v.Field.Name}[{v.Element}]={v.Kind}:{(v.Kind == Korus.Patterning.Matching.ScalarKind.String ? Encoding.UTF8.GetString(e.Bytes(v)) : "")}:{v.Integer}:{v.Number}");
        }

        parts.Add("ts=" + Encoding.UTF8.GetString(e.Timestamp));
        return string.Join(";", parts);
    }
}
