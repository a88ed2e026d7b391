using System.Globalization;
using System.Text;

namespace Korus.Synthetic;

/// <summary>
/// A hunting workload with a fixed seed: indicators shaped like a national IOC feed (mostly equality on
/// addresses, domains, hashes and URLs; some IN lists, CIDR ranges and address-and-port pairs; a few
/// dozen LIKE/MATCHES; a few multi-observation patterns) and ECS JSON-lines events of about 300 bytes
/// (network flows, DNS queries, process starts), a set share of which carry indicator values.
/// </summary>
public sealed class HuntWorkload
{
    private readonly Random _random;
    private readonly List<string> _ips = [];
    private readonly List<string> _domains = [];
    private readonly List<string> _hashes = [];
    private readonly List<string> _urls = [];

    /// <summary>Creates a workload; the same seed gives the same indicators and events.</summary>
    public HuntWorkload(int seed = 4)
    {
        _random = new Random(seed);
    }

    /// <summary>A JSON array of <paramref name="count"/> indicators (valid STIX 2.1).</summary>
    public byte[] Indicators(int count)
    {
        var text = new StringBuilder(count * 360).Append('[');
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var pattern = NextPattern(i, count);
            text.Append("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--")
                .Append(Uuid(i, 0x1d)).Append("\",\"created\":\"2026-01-01T00:00:00.000Z\",\"modified\":\"2026-01-01T00:00:00.000Z\",\"name\":\"IOC ")
                .Append(i.ToString(CultureInfo.InvariantCulture)).Append("\",\"indicator_types\":[\"malicious-activity\"],\"pattern\":\"")
                .Append(pattern.Replace("\\", "\\\\", StringComparison.Ordinal)).Append("\",\"pattern_type\":\"stix\",\"valid_from\":\"2026-01-01T00:00:00Z\"}");
        }

        return Encoding.UTF8.GetBytes(text.Append(']').ToString());
    }

    private string NextPattern(int i, int count)
    {
        // A few dozen non-indexable comparisons and multi-observation patterns, whatever the count.
        if (i < 25)
        {
            return $"[domain-name:value LIKE '%.{Word()}-{i}.example']";
        }

        if (i < 50)
        {
            return $"[process:command_line MATCHES '-enc [A-Za-z0-9+/]{{{40 + i}}}']";
        }

        if (i < 50 + (count / 100))
        {
            return $"[ipv4-addr:value = '{Ip()}'] FOLLOWEDBY [domain-name:value = '{Domain()}']";
        }

        var roll = _random.Next(100);
        return roll switch
        {
            < 40 => $"[ipv4-addr:value = '{Ip()}']",
            < 60 => $"[domain-name:value = '{Domain()}']",
            < 70 => $"[file:hashes.'SHA-256' = '{Hash()}']",
            < 75 => $"[file:hashes.MD5 = '{Hash()[..32]}']",
            < 85 => $"[url:value = '{Url()}']",
            < 90 => $"[network-traffic:dst_ref.value = '{Ip()}' AND network-traffic:dst_port = {_random.Next(1, 65536)}]",
            < 94 => $"[ipv4-addr:value ISSUBSET '{_random.Next(1, 224)}.{_random.Next(256)}.{_random.Next(256)}.0/24']",
            _ => $"[ipv4-addr:value IN ('{Ip()}', '{Ip()}', '{Ip()}', '{Ip()}', '{Ip()}')]",
        };
    }

    /// <summary>
    /// Writes <paramref name="count"/> ECS events, one per line; about <paramref name="hitPercent"/>% carry a
    /// value some indicator names. Returns the bytes written.
    /// </summary>
    public long Events(Stream output, int count, int hitPercent = 1)
    {
        ArgumentNullException.ThrowIfNull(output);
        var line = new StringBuilder(400);
        long written = 0;
        var start = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            line.Clear();
            var hit = _random.Next(100) < hitPercent;
            var time = start.AddMilliseconds(i * 7L).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var host = $"ws-{_random.Next(1000):000}.corp.example";
            var kind = _random.Next(100);
            if (kind < 60)
            {
                var destination = hit && _ips.Count > 0 ? _ips[_random.Next(_ips.Count)] : RandomIp();
                line.Append("{\"@timestamp\":\"").Append(time).Append("\",\"event\":{\"category\":\"network\",\"action\":\"connection_attempted\",\"outcome\":\"success\"},\"host\":{\"name\":\"")
                    .Append(host).Append("\"},\"source\":{\"ip\":\"10.").Append(_random.Next(256)).Append('.').Append(_random.Next(256)).Append('.').Append(_random.Next(1, 255))
                    .Append("\",\"port\":").Append(_random.Next(49152, 65535)).Append("},\"destination\":{\"ip\":\"").Append(destination).Append("\",\"port\":")
                    .Append(_random.Next(4) == 0 ? 80 : 443).Append("},\"network\":{\"transport\":\"tcp\",\"bytes\":").Append(_random.Next(100, 100000)).Append("}}");
            }
            else if (kind < 85)
            {
                var name = hit && _domains.Count > 0 ? _domains[_random.Next(_domains.Count)] : $"{Word()}{_random.Next(100000)}.{Word()}.example";
                line.Append("{\"@timestamp\":\"").Append(time).Append("\",\"event\":{\"category\":\"network\",\"action\":\"dns_query\"},\"host\":{\"name\":\"")
                    .Append(host).Append("\"},\"source\":{\"ip\":\"10.").Append(_random.Next(256)).Append('.').Append(_random.Next(256)).Append(".53\"},\"dns\":{\"question\":{\"name\":\"")
                    .Append(name).Append("\",\"type\":\"A\"},\"response_code\":\"NOERROR\"},\"network\":{\"transport\":\"udp\"}}");
            }
            else
            {
                var hash = hit && _hashes.Count > 0 ? _hashes[_random.Next(_hashes.Count)] : RandomHash();
                line.Append("{\"@timestamp\":\"").Append(time).Append("\",\"event\":{\"category\":\"process\",\"action\":\"start\"},\"host\":{\"name\":\"")
                    .Append(host).Append("\"},\"process\":{\"pid\":").Append(_random.Next(100, 65000)).Append(",\"name\":\"").Append(Word()).Append(".exe\",\"command_line\":\"")
                    .Append(Word()).Append(".exe --").Append(Word()).Append("\"},\"file\":{\"hash\":{\"sha256\":\"").Append(hash).Append("\"}},\"user\":{\"name\":\"u")
                    .Append(_random.Next(10000)).Append("\"}}");
            }

            line.Append('\n');
            var bytes = Encoding.UTF8.GetBytes(line.ToString());
            output.Write(bytes);
            written += bytes.Length;
        }

        return written;
    }

    private string Ip()
    {
        var ip = RandomIp();
        _ips.Add(ip);
        return ip;
    }

    private string RandomIp() => $"{_random.Next(1, 224)}.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(1, 255)}";

    private string Domain()
    {
        var domain = $"{Word()}-{_random.Next(1000000)}.{Word()}.example";
        _domains.Add(domain);
        return domain;
    }

    private string Hash()
    {
        var hash = RandomHash();
        _hashes.Add(hash);
        return hash;
    }

    private string RandomHash()
    {
        Span<byte> bytes = stackalloc byte[32];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private string Url()
    {
        var url = $"https://{Word()}-{_random.Next(100000)}.example/{Word()}/{_random.Next(1000000)}.php";
        _urls.Add(url);
        return url;
    }

    private static readonly string[] Words = ["update", "cdn", "mail", "portal", "secure", "login", "files", "static", "api", "sync", "drive", "news", "cloud", "auth", "svc"];

    private string Word() => Words[_random.Next(Words.Length)];

    private static string Uuid(int n, int tag) => $"{tag:x8}-0000-4000-8000-{n:x12}";
}
