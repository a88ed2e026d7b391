using BenchmarkDotNet.Attributes;
using Korus.Sharing;
using Korus.Stix.Model;
using Korus.Synthetic;

namespace Korus.Benchmarks;

/// <summary>
/// Sharing figure of issue 6: policy evaluation on one core (target ≥ 200,000 objects/s) over the
/// synthetic mix of SDOs, SROs and SCOs (TLP-marked and unmarked, relationships, reports, sightings),
/// in batches of 500 as a sync worker sends them; the reported mean is per object.
/// </summary>
[MemoryDiagnoser]
public class SharingBenchmarks
{
    private const int Count = 100_000;
    private List<ReadOnlyMemory<byte>[]> _batches = null!;
    private SharingEvaluator _default = null!;
    private SharingEvaluator _amber = null!;

    /// <summary>100,000 generated objects in batches of 500.</summary>
    [GlobalSetup]
    public void Setup()
    {
        using var bundle = new MemoryStream();
        new BundleGenerator().WriteBundle(bundle, 80_000_000);
        var objects = StixDocument.Parse(bundle.ToArray()).Objects.Take(Count).Select(o => (ReadOnlyMemory<byte>)o.Json.ToArray()).ToList();
        if (objects.Count < Count)
        {
            throw new InvalidOperationException($"the generator made only {objects.Count} objects");
        }

        _batches = [.. objects.Chunk(500)];
        _default = new SharingEvaluator(SharingPolicy.Default, "kr");
        _amber = new SharingEvaluator(SharingPolicy.Parse("default_marking: amber\namber_partners: [kr]\npartner_country: KR\npii: redact\n"u8.ToArray(), "amber.yaml"), "kr");
    }

    /// <summary>The default policy (unmarked objects withheld as AMBER).</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public int EvaluateDefaultPolicy() => Run(_default);

    /// <summary>A policy that names the partner for AMBER, so most objects go on to the personal-data and closure checks.</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public int EvaluateAmberPartnerPolicy() => Run(_amber);

    private int Run(SharingEvaluator evaluator)
    {
        var shared = 0;
        foreach (var batch in _batches)
        {
            foreach (var decision in evaluator.Evaluate(batch))
            {
                shared += decision.Outcome == SharingOutcome.Withheld ? 0 : 1;
            }
        }

        return shared;
    }
}
