using System.Globalization;
using System.Text;
using Korus.Patterning;
using Korus.Patterning.Matching;
using Korus.Stix;
using Xunit;
using static Korus.Hunting.Tests.HuntHarness;

namespace Korus.Hunting.Tests;

/// <summary>
/// The indexed fast path must decide exactly what the reference matcher decides on the same event
/// written out as STIX: random ECS events against random single-bracket patterns.
/// </summary>
public sealed class IndexEquivalenceTests
{
    private static readonly string[] Ips = ["10.0.0.5", "10.1.2.3", "198.51.100.23", "198.51.100.200", "2001:db8::1", "2001:db8:ffff::9"];
    private static readonly string[] Domains = ["cdn-update.example.net", "benign.example.org", "evil.example.com"];
    private static readonly string[] Names = ["postinstall.js", "node.exe", "invoice.pdf.exe"];
    private static readonly int[] Ports = [53, 80, 443, 8443];

    [Fact]
    public void The_fast_path_agrees_with_the_reference_matcher_on_random_events()
    {
        var random = new Random(4242);
        var patterns = Enumerable.Range(0, 400).Select(_ => RandomPattern(random)).Distinct(StringComparer.Ordinal).ToList();
        var indicators = patterns.Select((p, i) => Indicator(p, id: $"indicator--00000000-0000-4000-8000-{i:000000000000}")).ToArray();
        var engine = Engine(indicators);
        Assert.Equal(patterns.Count, engine.IndicatorCount);
        var compiled = patterns.Select(p => StixPattern.Parse(p)).ToList();
        var disagreements = new List<string>();

        for (var e = 0; e < 300; e++)
        {
            var line = RandomEvent(random, e);
            var session = Session(engine, TelemetryMapping.Ecs);
            session.ProcessLine(Encoding.UTF8.GetBytes(line), 1);
            var fast = session.SightedIndicatorIds.ToHashSet(StringComparer.Ordinal);

            var parsed = new TelemetryEvent();
            Assert.True(parsed.TryRead(Encoding.UTF8.GetBytes(line), 1, TelemetryMapping.Ecs, out _));
            var observation = EventMaterializer.Materialize(parsed, TelemetryMapping.Ecs, "x", Now, Now).Observation;
            for (var p = 0; p < compiled.Count; p++)
            {
                var reference = PatternMatcher.Match(compiled[p], [observation]).IsMatch;
                var id = $"indicator--00000000-0000-4000-8000-{p:000000000000}";
                if (reference != fast.Contains(id))
                {
                    disagreements.Add($"{patterns[p]} on {line}: reference {reference}, fast {!reference}");
                }
            }
        }

        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(10)));
    }

    private static string RandomEvent(Random random, int n)
    {
        var fields = new List<string> { $"\"@timestamp\":\"2026-11-20T10:{n % 60:00}:00Z\"" };
        if (random.Next(2) == 0)
        {
            fields.Add($"\"source\":{{\"ip\":\"{Pick(random, Ips)}\",\"port\":{random.Next(1024, 65535)}}}");
        }

        if (random.Next(2) == 0)
        {
            fields.Add($"\"destination\":{{\"ip\":\"{Pick(random, Ips)}\",\"port\":{Pick(random, Ports)}}}");
        }

        if (random.Next(3) == 0)
        {
            fields.Add($"\"network\":{{\"transport\":\"{(random.Next(2) == 0 ? "tcp" : "udp")}\"}}");
        }

        if (random.Next(3) == 0)
        {
            fields.Add($"\"dns\":{{\"question\":{{\"name\":\"{Pick(random, Domains)}\"}},\"resolved_ip\":[\"{Pick(random, Ips)}\",\"{Pick(random, Ips)}\"]}}");
        }

        if (random.Next(3) == 0)
        {
            fields.Add($"\"file\":{{\"name\":\"{Pick(random, Names)}\",\"size\":{random.Next(0, 3) * 1000}}}");
        }

        if (random.Next(3) == 0)
        {
            fields.Add($"\"process\":{{\"pid\":{random.Next(1, 5)},\"name\":\"{Pick(random, Names)}\"}},\"user\":{{\"name\":\"dev0{random.Next(1, 3)}\"}}");
        }

        return "{" + string.Join(",", fields) + "}";
    }

    private static string RandomPattern(Random random)
    {
        string Comparison()
        {
            switch (random.Next(16))
            {
                case 0: return $"ipv4-addr:value = '{Pick(random, Ips)}'";
                case 1: return $"ipv6-addr:value = '{Pick(random, Ips)}'";
                case 2: return $"network-traffic:dst_ref.value = '{Pick(random, Ips)}'";
                case 3: return $"network-traffic:src_ref.value ISSUBSET '{(random.Next(2) == 0 ? "10.0.0.0/8" : "2001:db8::/32")}'";
                case 4: return $"network-traffic:dst_port IN ({Pick(random, Ports)}, {Pick(random, Ports)})";
                case 5: return $"network-traffic:protocols[*] = '{(random.Next(2) == 0 ? "tcp" : "udp")}'";
                case 6: return $"domain-name:value {(random.Next(2) == 0 ? "=" : "!=")} '{Pick(random, Domains)}'";
                case 7: return $"domain-name:resolves_to_refs[*].value = '{Pick(random, Ips)}'";
                case 8: return $"domain-name:value LIKE '%.example.{(random.Next(2) == 0 ? "net" : "org")}'";
                case 9: return $"file:name = '{Pick(random, Names)}'";
                case 10: return $"file:size {(random.Next(2) == 0 ? ">" : "<=")} 1000";
                case 11: return $"process:image_ref.name = '{Pick(random, Names)}'";
                case 12: return $"process:pid NOT IN (1, 2)";
                case 13: return $"user-account:account_login MATCHES '0{random.Next(1, 3)}$'";
                case 14: return $"{(random.Next(2) == 0 ? "EXISTS" : "NOT EXISTS")} file:size";
                default: return $"ipv4-addr:value ISSUBSET '198.51.100.{(random.Next(2) == 0 ? "0/24" : "128/25")}'";
            }
        }

        var body = Comparison();
        var more = random.Next(3);
        for (var i = 0; i < more; i++)
        {
            body = $"{body} {(random.Next(2) == 0 ? "AND" : "OR")} {Comparison()}";
        }

        return "[" + body + "]";
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
