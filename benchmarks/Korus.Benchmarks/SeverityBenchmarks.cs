using BenchmarkDotNet.Attributes;
using Korus.Severity;

namespace Korus.Benchmarks;

/// <summary>
/// Severity figure of issue 5: assessing 1,000,000 assessments under the default CSCF policy on one
/// core (target under 1 s), with and without the escalation decision; each invocation is the whole
/// million, so the reported mean is the time for 1,000,000.
/// </summary>
[MemoryDiagnoser]
public class SeverityBenchmarks
{
    private const int Count = 1_000_000;
    private CscfAssessment[] _assessments = null!;
    private readonly DateTimeOffset _now = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A million assessments with options drawn from a fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261123);
        var indexes = new int[CscfVocabulary.FactorCount];
        _assessments = new CscfAssessment[Count];
        for (var i = 0; i < Count; i++)
        {
            foreach (var factor in CscfVocabulary.Factors)
            {
                indexes[(int)factor] = random.Next(CscfVocabulary.Options(factor).Count);
            }

            _assessments[i] = CscfAssessment.FromIndexes(indexes, i % 3 == 0 ? "KP" : null);
        }
    }

    /// <summary>Score, level and fired floor rules for each of the million.</summary>
    [Benchmark]
    public long Assess_1M()
    {
        var policy = CscfPolicy.Default;
        long sum = 0;
        foreach (var assessment in _assessments)
        {
            sum += policy.Assess(assessment).Level;
        }

        return sum;
    }

    /// <summary>As <see cref="Assess_1M"/>, plus the escalation decision (mode, deadline, reasons) for each.</summary>
    [Benchmark]
    public long AssessAndDecide_1M()
    {
        var policy = CscfPolicy.Default;
        var escalation = EscalationPolicy.Default;
        long sum = 0;
        foreach (var assessment in _assessments)
        {
            sum += (int)escalation.Decide(policy.Assess(assessment), "kr", _now).Mode;
        }

        return sum;
    }
}
