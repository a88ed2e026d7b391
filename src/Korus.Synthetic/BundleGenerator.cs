using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Korus.Stix.Identifiers;

namespace Korus.Synthetic;

/// <summary>
/// Writes a valid STIX 2.1 bundle of mixed objects (indicators, malware, attack patterns, identities,
/// observed-data with its SCOs, relationships, sightings, reports) to a stream. The same seed gives the
/// same bytes. Memory stays constant whatever the size.
/// </summary>
public sealed class BundleGenerator
{
    private const string Identity = "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01";
    private const string TlpGreen = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";

    private readonly Random _random;
    private readonly Guid[] _recentIndicators = new Guid[64];
    private readonly Guid[] _recentMalware = new Guid[64];
    private int _indicators;
    private int _malware;
    private long _sequence;

    /// <summary>Creates a generator; the same <paramref name="seed"/> produces the same output.</summary>
    public BundleGenerator(int seed = 2026)
    {
        _random = new Random(seed);
    }

    /// <summary>Writes a bundle of at least <paramref name="targetBytes"/> bytes; returns the number of objects.</summary>
    public long WriteBundle(Stream output, long targetBytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        var counting = new CountingBufferWriter(output);
        using var writer = new Utf8JsonWriter(counting, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        writer.WriteString("type"u8, "bundle"u8);
        writer.WriteString("id"u8, "bundle--" + NewGuid().ToString("D"));
        writer.WriteStartArray("objects"u8);
        long objects = 0;
        while (counting.Written + writer.BytesPending < targetBytes)
        {
            objects += WriteGroup(writer);
            if (writer.BytesPending > 1 << 16)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        counting.Complete();
        return objects;
    }

    /// <summary>One valid STIX 2.1 indicator (a fresh id each call), as UTF-8 JSON.</summary>
    public byte[] NextIndicator()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(768);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            Indicator(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes one group of related objects; returns how many.</summary>
    private int WriteGroup(Utf8JsonWriter w)
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 30 => Indicator(w),
            < 55 => ObservedData(w),
            < 70 => RelationshipObject(w),
            < 80 => Sighting(w),
            < 88 => Malware(w),
            < 94 => AttackPattern(w),
            _ => Report(w),
        };
    }

    private int Indicator(Utf8JsonWriter w)
    {
        var id = NewGuid();
        _recentIndicators[_indicators++ % _recentIndicators.Length] = id;
        var ip = RandomIp();
        Common(w, "indicator", id);
        w.WriteString("name"u8, "Malicious IP " + ip);
        w.WriteString("description"u8, "Command-and-control address observed in a joint investigation; block and hunt.");
        w.WriteStartArray("indicator_types"u8);
        w.WriteStringValue("malicious-activity"u8);
        w.WriteEndArray();
        w.WriteString("pattern"u8, _random.Next(3) == 0
            ? $"[file:hashes.'SHA-256' = '{RandomHex(64)}']"
            : $"[ipv4-addr:value = '{ip}'] OR [domain-name:value = 'c2-{_random.Next(1_000_000)}.example.net']");
        w.WriteString("pattern_type"u8, "stix"u8);
        w.WriteString("valid_from"u8, Timestamp(0));
        w.WriteString("valid_until"u8, Timestamp(86_400 * 90));
        w.WriteStartArray("kill_chain_phases"u8);
        w.WriteStartObject();
        w.WriteString("kill_chain_name"u8, "mitre-attack"u8);
        w.WriteString("phase_name"u8, "command-and-control"u8);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteNumber("confidence"u8, _random.Next(101));
        w.WriteEndObject();
        return 1;
    }

    private int ObservedData(Utf8JsonWriter w)
    {
        var ip = RandomIp();
        var ipId = ScoId("ipv4-addr", "{\"value\":\"" + ip + "\"}");
        var domain = "host-" + _random.Next(1_000_000).ToString(CultureInfo.InvariantCulture) + ".example.org";
        var domainId = ScoId("domain-name", "{\"value\":\"" + domain + "\"}");
        var hash = RandomHex(64);
        var fileName = "payload" + _random.Next(10_000).ToString(CultureInfo.InvariantCulture) + ".dll";
        var fileId = ScoId("file", "{\"hashes\":{\"SHA-256\":\"" + hash + "\"},\"name\":\"" + fileName + "\"}");
        var port = _random.Next(1, 65536);

        w.WriteStartObject();
        w.WriteString("type"u8, "ipv4-addr"u8);
        w.WriteString("spec_version"u8, "2.1"u8);
        w.WriteString("id"u8, ipId);
        w.WriteString("value"u8, ip);
        w.WriteEndObject();

        w.WriteStartObject();
        w.WriteString("type"u8, "domain-name"u8);
        w.WriteString("spec_version"u8, "2.1"u8);
        w.WriteString("id"u8, domainId);
        w.WriteString("value"u8, domain);
        w.WriteStartArray("resolves_to_refs"u8);
        w.WriteStringValue(ipId);
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject();
        w.WriteString("type"u8, "file"u8);
        w.WriteString("spec_version"u8, "2.1"u8);
        w.WriteString("id"u8, fileId);
        w.WriteStartObject("hashes"u8);
        w.WriteString("SHA-256"u8, hash);
        w.WriteEndObject();
        w.WriteString("name"u8, fileName);
        w.WriteNumber("size"u8, _random.Next(1, 10_000_000));
        w.WriteEndObject();

        var trafficId = ScoId("network-traffic", "{\"dst_port\":" + port.ToString(CultureInfo.InvariantCulture) + ",\"dst_ref\":\"" + ipId + "\",\"protocols\":[\"ipv4\",\"tcp\"]}");
        w.WriteStartObject();
        w.WriteString("type"u8, "network-traffic"u8);
        w.WriteString("spec_version"u8, "2.1"u8);
        w.WriteString("id"u8, trafficId);
        w.WriteString("dst_ref"u8, ipId);
        w.WriteNumber("dst_port"u8, port);
        w.WriteStartArray("protocols"u8);
        w.WriteStringValue("ipv4"u8);
        w.WriteStringValue("tcp"u8);
        w.WriteEndArray();
        w.WriteEndObject();

        Common(w, "observed-data", NewGuid());
        w.WriteString("first_observed"u8, Timestamp(0));
        w.WriteString("last_observed"u8, Timestamp(3600));
        w.WriteNumber("number_observed"u8, _random.Next(1, 1000));
        w.WriteStartArray("object_refs"u8);
        w.WriteStringValue(ipId);
        w.WriteStringValue(domainId);
        w.WriteStringValue(fileId);
        w.WriteStringValue(trafficId);
        w.WriteEndArray();
        w.WriteEndObject();
        return 5;
    }

    private int RelationshipObject(Utf8JsonWriter w)
    {
        Common(w, "relationship", NewGuid());
        w.WriteString("relationship_type"u8, "indicates"u8);
        w.WriteString("source_ref"u8, "indicator--" + Recent(_recentIndicators, _indicators).ToString("D"));
        w.WriteString("target_ref"u8, "malware--" + Recent(_recentMalware, _malware).ToString("D"));
        w.WriteString("description"u8, "The indicator detects the malware's command-and-control traffic.");
        w.WriteEndObject();
        return 1;
    }

    private int Sighting(Utf8JsonWriter w)
    {
        Common(w, "sighting", NewGuid());
        w.WriteString("sighting_of_ref"u8, "indicator--" + Recent(_recentIndicators, _indicators).ToString("D"));
        w.WriteString("first_seen"u8, Timestamp(0));
        w.WriteString("last_seen"u8, Timestamp(600));
        w.WriteNumber("count"u8, _random.Next(1, 50));
        w.WriteStartArray("where_sighted_refs"u8);
        w.WriteStringValue(Identity);
        w.WriteEndArray();
        w.WriteEndObject();
        return 1;
    }

    private int Malware(Utf8JsonWriter w)
    {
        var id = NewGuid();
        _recentMalware[_malware++ % _recentMalware.Length] = id;
        Common(w, "malware", id);
        w.WriteString("name"u8, "Family-" + _random.Next(100_000).ToString(CultureInfo.InvariantCulture));
        w.WriteBoolean("is_family"u8, true);
        w.WriteStartArray("malware_types"u8);
        w.WriteStringValue("remote-access-trojan"u8);
        w.WriteEndArray();
        w.WriteString("description"u8, "A remote-access trojan delivered through a trojanised developer package.");
        w.WriteString("first_seen"u8, Timestamp(-86_400 * 30));
        w.WriteString("last_seen"u8, Timestamp(0));
        w.WriteEndObject();
        return 1;
    }

    private int AttackPattern(Utf8JsonWriter w)
    {
        Common(w, "attack-pattern", NewGuid());
        var technique = "T" + _random.Next(1000, 1700).ToString(CultureInfo.InvariantCulture);
        w.WriteString("name"u8, "Technique " + technique);
        w.WriteStartArray("external_references"u8);
        w.WriteStartObject();
        w.WriteString("source_name"u8, "mitre-attack"u8);
        w.WriteString("external_id"u8, technique);
        w.WriteString("url"u8, "https://attack.mitre.org/techniques/" + technique);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        return 1;
    }

    private int Report(Utf8JsonWriter w)
    {
        Common(w, "report", NewGuid());
        w.WriteString("name"u8, "Joint advisory " + _random.Next(10_000).ToString(CultureInfo.InvariantCulture));
        w.WriteString("published"u8, Timestamp(0));
        w.WriteStartArray("report_types"u8);
        w.WriteStringValue("threat-report"u8);
        w.WriteEndArray();
        w.WriteStartArray("object_refs"u8);
        w.WriteStringValue("indicator--" + Recent(_recentIndicators, _indicators).ToString("D"));
        w.WriteStringValue("malware--" + Recent(_recentMalware, _malware).ToString("D"));
        w.WriteEndArray();
        w.WriteEndObject();
        return 1;
    }

    /// <summary>Starts an SDO/SRO with the common properties; the caller ends the object.</summary>
    private void Common(Utf8JsonWriter w, string type, Guid id)
    {
        var created = Timestamp(-3600);
        w.WriteStartObject();
        w.WriteString("type"u8, type);
        w.WriteString("spec_version"u8, "2.1"u8);
        w.WriteString("id"u8, type + "--" + id.ToString("D"));
        w.WriteString("created_by_ref"u8, Identity);
        w.WriteString("created"u8, created);
        w.WriteString("modified"u8, created);
        w.WriteStartArray("object_marking_refs"u8);
        w.WriteStringValue(TlpGreen);
        w.WriteEndArray();
    }

    private Guid Recent(Guid[] ring, int count) => count == 0 ? NewGuid() : ring[_random.Next(Math.Min(count, ring.Length))];

    /// <summary>A random version-4 UUID drawn from the seeded generator, so output is reproducible.</summary>
    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    private string Timestamp(long offsetSeconds)
    {
        // A fixed base keeps output reproducible; the sequence spreads objects over time.
        var seconds = 1_767_225_600L + (_sequence++ % 31_536_000) + offsetSeconds;
        var text = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        return text + "." + _random.Next(1000).ToString("D3", CultureInfo.InvariantCulture) + "Z";
    }

    private string RandomIp() => string.Create(CultureInfo.InvariantCulture, $"{_random.Next(1, 224)}.{_random.Next(256)}.{_random.Next(256)}.{_random.Next(1, 255)}");

    private string RandomHex(int digits)
    {
        Span<byte> bytes = stackalloc byte[digits / 2];
        _random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static string ScoId(string type, string canonicalJson) => DeterministicScoId.Compute(type, Encoding.UTF8.GetBytes(canonicalJson));

    /// <summary>An <see cref="IBufferWriter{T}"/> over a stream that counts what it has written.</summary>
    private sealed class CountingBufferWriter(Stream output) : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(1 << 17);

        public long Written { get; private set; }

        public void Advance(int count)
        {
            _buffer.Advance(count);
            if (_buffer.WrittenCount >= 1 << 16)
            {
                Drain();
            }
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => _buffer.GetMemory(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => _buffer.GetSpan(sizeHint);

        public void Complete()
        {
            Drain();
            output.Flush();
        }

        private void Drain()
        {
            output.Write(_buffer.WrittenSpan);
            Written += _buffer.WrittenCount;
            _buffer.ResetWrittenCount();
        }
    }
}
