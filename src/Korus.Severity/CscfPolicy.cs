using Korus.Policies;
using System.Reflection;

namespace Korus.Severity;

/// <summary>
/// A CSCF policy: a weight per factor, a 0–100 value per option, five score bands and floor rules.
/// The score is the weighted arithmetic mean <c>Σ w·v / Σ w</c> (NCISS's formula); the level is the
/// band the rounded score falls in, raised by every floor rule whose conditions hold. Policies are
/// data: the shipped <see cref="Default"/> or a JSON/YAML file, checked at load and named by their
/// content hash in every result.
/// </summary>
public sealed partial class CscfPolicy
{
    private readonly double[] _weights;
    private readonly double[][] _values;

    // points[f][o] = w_f · v_fo / Σw: assessing is nine table reads and a sum.
    private readonly double[][] _points;
    private readonly CscfBand[] _bands;
    private readonly CscfFloorRule[] _floors;

    // NCISS-style priority: the weighted mean over NCISS's eight categories (every factor but
    // bilateral_scope), against ascending thresholds for priorities 1–5; null when the policy has none.
    private readonly double[][] _ncissPoints;
    private readonly double[]? _priorityFrom;

    private CscfPolicy(string name, string? version, string hash, double[] weights, double[][] values, CscfBand[] bands, CscfFloorRule[] floors, double[]? priorityFrom)
    {
        _priorityFrom = priorityFrom;
        Name = name;
        Version = version;
        Hash = hash;
        _weights = weights;
        _values = values;
        _bands = bands;
        _floors = floors;
        TotalWeight = 0;
        foreach (var w in weights)
        {
            TotalWeight += w;
        }

        _points = new double[weights.Length][];
        for (var f = 0; f < weights.Length; f++)
        {
            _points[f] = new double[values[f].Length];
            for (var o = 0; o < values[f].Length; o++)
            {
                _points[f][o] = weights[f] * values[f][o] / TotalWeight;
            }
        }

        var ncissWeight = TotalWeight - weights[(int)CscfFactor.BilateralScope];
        _ncissPoints = new double[weights.Length][];
        for (var f = 0; f < weights.Length; f++)
        {
            _ncissPoints[f] = new double[values[f].Length];
            for (var o = 0; o < values[f].Length && f != (int)CscfFactor.BilateralScope; o++)
            {
                _ncissPoints[f][o] = weights[f] * values[f][o] / ncissWeight;
            }
        }
    }

    /// <summary>The NCISS priority names, 0 (Baseline) to 5 (Emergency).</summary>
    public static IReadOnlyList<string> PriorityNames { get; } = ["baseline", "low", "medium", "high", "severe", "emergency"];

    /// <summary>The lowest NCISS-style score of priorities 1 to 5, or null when the policy gives none.</summary>
    public IReadOnlyList<double>? PriorityThresholds => _priorityFrom;

    /// <summary>The policy's name.</summary>
    public string Name { get; }

    /// <summary>The policy's version label, when it has one.</summary>
    public string? Version { get; }

    /// <summary>"sha256:…" over the policy's canonical JSON.</summary>
    public string Hash { get; }

    /// <summary>Σ of the weights.</summary>
    public double TotalWeight { get; }

    /// <summary>The bands, level 1 first.</summary>
    public IReadOnlyList<CscfBand> Bands => _bands;

    /// <summary>The floor rules, in file order.</summary>
    public IReadOnlyList<CscfFloorRule> Floors => _floors;

    /// <summary>The shipped default policy (Policies/cscf-default.json; reasoning in docs/cscf.md).</summary>
    public static CscfPolicy Default => DefaultHolder.Policy;

    /// <summary>The weight of <paramref name="factor"/>.</summary>
    public double Weight(CscfFactor factor) => _weights[(int)factor];

    /// <summary>The value of <paramref name="factor"/>'s option at <paramref name="index"/>.</summary>
    public double Value(CscfFactor factor, int index) => _values[(int)factor][index];

    /// <summary>The name of <paramref name="level"/> (1–5).</summary>
    public string LevelName(int level) => _bands[level - 1].Name;

    /// <summary>Scores <paramref name="assessment"/>.</summary>
    public CscfResult Assess(CscfAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var options = assessment.OptionIndexes;
        var points = _points;
        var sum = 0.0;
        for (var f = 0; f < options.Length; f++)
        {
            sum += points[f][options[f]];
        }

        var score = Math.Round(sum, 2, MidpointRounding.AwayFromZero);
        int? priority = null;
        var ncissScore = 0.0;
        if (_priorityFrom is { } thresholds)
        {
            var nciss = _ncissPoints;
            for (var f = 0; f < options.Length; f++)
            {
                ncissScore += nciss[f][options[f]];
            }

            ncissScore = Math.Round(ncissScore, 2, MidpointRounding.AwayFromZero);
            priority = 0;
            while (priority < thresholds.Length && ncissScore >= thresholds[priority.Value])
            {
                priority++;
            }
        }

        var bandLevel = BandOf(score);
        var level = bandLevel;
        CscfFiredRule[]? fired = null;
        var count = 0;
        foreach (var floor in _floors)
        {
            if (!floor.Holds(assessment))
            {
                continue;
            }

            fired ??= new CscfFiredRule[_floors.Length];
            fired[count++] = new CscfFiredRule(floor.Id, floor.MinLevel, floor.MinLevel > bandLevel, floor.Reason);
            if (floor.MinLevel > level)
            {
                level = floor.MinLevel;
            }
        }

        if (fired is not null && count != fired.Length)
        {
            Array.Resize(ref fired, count);
        }

        return new CscfResult(this, assessment, score, bandLevel, level, fired) { NcissScore = priority is null ? null : ncissScore, NcissPriority = priority };
    }

    /// <summary>The level whose band holds <paramref name="score"/> (the top band includes its upper bound).</summary>
    public int BandOf(double score)
    {
        var bands = _bands;
        for (var i = bands.Length - 1; i > 0; i--)
        {
            if (score >= bands[i].From)
            {
                return bands[i].Level;
            }
        }

        return bands[0].Level;
    }

    internal IReadOnlyList<CscfContribution> Contributions(CscfAssessment assessment)
    {
        var result = new CscfContribution[CscfVocabulary.FactorCount];
        foreach (var factor in CscfVocabulary.Factors)
        {
            var index = assessment[factor];
            result[(int)factor] = new CscfContribution(factor, assessment.Option(factor), _values[(int)factor][index], _weights[(int)factor], _points[(int)factor][index]);
        }

        return result;
    }

    // A holder class, so the default loads after every static member of the partial class is initialised.
    private static class DefaultHolder
    {
        public static readonly CscfPolicy Policy = LoadDefault();
    }

    private static CscfPolicy LoadDefault() => Parse(PolicyDocument.Embedded(typeof(CscfPolicy).Assembly, "Korus.Severity.Policies.cscf-default.json"), "cscf-default.json");
}
