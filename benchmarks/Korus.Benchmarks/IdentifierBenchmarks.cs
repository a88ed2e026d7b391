using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Korus.Stix.Identifiers;

namespace Korus.Benchmarks;

/// <summary>Deterministic SCO id computation (RFC 8785 canonical JSON + UUIDv5) for typical SCOs.</summary>
[MemoryDiagnoser]
public class IdentifierBenchmarks
{
    private JsonElement _ipv4;
    private JsonElement _file;

    /// <summary>Parses the SCOs once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ipv4 = JsonDocument.Parse("""{"type":"ipv4-addr","spec_version":"2.1","value":"198.51.100.23"}""").RootElement;
        _file = JsonDocument.Parse("""{"type":"file","spec_version":"2.1","name":"postinstall.js","hashes":{"SHA-256":"5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8","MD5":"0cc175b9c0f1b6a831c399e269772661"}}""").RootElement;
    }

    /// <summary>Id of an ipv4-addr.</summary>
    [Benchmark]
    public string? Ipv4Id() => DeterministicScoId.TryCompute(_ipv4, out var id) ? id : null;

    /// <summary>Id of a file with two hashes.</summary>
    [Benchmark]
    public string? FileId() => DeterministicScoId.TryCompute(_file, out var id) ? id : null;
}
