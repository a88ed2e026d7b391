using BenchmarkDotNet.Attributes;
using Korus.Hunting;
using Korus.Patterning;
using Korus.Patterning.Matching;
using Korus.Stix;
using Korus.Stix.Model;
using Korus.Synthetic;

namespace Korus.Benchmarks;

/// <summary>
/// Patterning figures of issue 4: one simple equality pattern against one observed-data (target ≤ 1 µs),
/// parsing and checking one pattern, and compiling 100,000 indicators into a hunting engine (target ≤ 2 s).
/// </summary>
[MemoryDiagnoser]
public class PatternBenchmarks
{
    private StixPattern _equality = null!;
    private StixPattern _complex = null!;
    private List<Observation> _one = null!;
    private List<StixObject> _indicators = null!;
    private StixTimestamp _now;

    /// <summary>Builds the pattern, the observation and 100,000 indicators once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _equality = StixPattern.Parse("[ipv4-addr:value = '198.51.100.23']");
        _complex = StixPattern.Parse("[network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24' AND network-traffic:dst_port IN (443, 8443)] FOLLOWEDBY [domain-name:value LIKE '%.example.net']");
        var bundle = StixDocument.Parse("""
            [{"type":"observed-data","spec_version":"2.1","id":"observed-data--9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","created":"2026-11-02T10:00:00.000Z","modified":"2026-11-02T10:00:00.000Z","first_observed":"2026-11-02T09:40:00Z","last_observed":"2026-11-02T09:55:00Z","number_observed":1,"object_refs":["ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df"]},
             {"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df","value":"198.51.100.23"}]
            """);
        _one = ObservationReader.Read(bundle.Objects, new List<Finding>());
        _indicators = [.. StixDocument.Parse(new HuntWorkload().Indicators(100_000)).Objects];
        _now = StixTimestamp.Parse("2026-11-23T00:00:00Z");
    }

    /// <summary>[ipv4-addr:value = '198.51.100.23'] against one observed-data with one address.</summary>
    [Benchmark]
    public bool SimpleEqualityMatch() => PatternMatcher.Match(_equality, _one).IsMatch;

    /// <summary>Parse and check a two-observation pattern with CIDR, IN and LIKE.</summary>
    [Benchmark]
    public StixPattern ParseAndCheck() => StixPattern.Parse("[network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24' AND network-traffic:dst_port IN (443, 8443)] FOLLOWEDBY [domain-name:value LIKE '%.example.net']");

    /// <summary>Compile 100,000 indicators (the figure: at most 2 s).</summary>
    [Benchmark]
    public int Compile100kIndicators() => HuntEngine.Compile(_indicators, _now).IndicatorCount;
}
