using BenchmarkDotNet.Attributes;
using Korus.Hunting;
using Korus.Stix;
using Korus.Stix.Model;
using Korus.Synthetic;

namespace Korus.Benchmarks;

/// <summary>
/// Hunting throughput, in-process and single-threaded: 100,000 generated indicators compiled once,
/// then 100,000 generated ECS events (about 300 bytes each) fed through the line reader, JSON parsing
/// included. Events per second = 100,000 / mean.
/// </summary>
[MemoryDiagnoser]
public class HuntBenchmarks
{
    private HuntEngine _engine = null!;
    private byte[] _events = [];

    /// <summary>Builds the engine and the events once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var workload = new HuntWorkload();
        var indicators = StixDocument.Parse(workload.Indicators(100_000)).Objects;
        _engine = HuntEngine.Compile(indicators, StixTimestamp.Parse("2026-11-23T00:00:00Z"));
        var buffer = new MemoryStream();
        workload.Events(buffer, 100_000);
        _events = buffer.ToArray();
    }

    /// <summary>Hunts 100,000 ECS events against 100,000 indicators.</summary>
    [Benchmark(OperationsPerInvoke = 100_000)]
    public long Hunt100kEvents()
    {
        var session = new HuntSession(_engine, new HuntOptions { Source = "bench.jsonl", IdentityId = "identity--00000000-0000-4000-8000-000000000001" }, TelemetryMapping.Ecs);
        TelemetryFeeder.FeedLinesAsync(new MemoryStream(_events, writable: false), session, null, CancellationToken.None).GetAwaiter().GetResult();
        return session.Matches;
    }
}
