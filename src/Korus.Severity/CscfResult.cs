using System.Text.Json;

namespace Korus.Severity;

/// <summary>
/// What the CSCF made of one assessment under one policy: the 0–100 score (rounded to two decimals,
/// the value the bands are applied to), the level and its name, the floor rules that fired, and the
/// policy's content hash. The same assessment and policy always give the same result.
/// </summary>
public sealed class CscfResult
{
    private static readonly CscfFiredRule[] NoRules = [];
    private IReadOnlyList<CscfContribution>? _contributions;

    internal CscfResult(CscfPolicy policy, CscfAssessment assessment, double score, int bandLevel, int level, CscfFiredRule[]? fired)
    {
        Policy = policy;
        Assessment = assessment;
        Score = score;
        BandLevel = bandLevel;
        Level = level;
        FiredRules = fired ?? NoRules;
    }

    /// <summary>The policy that made the result.</summary>
    public CscfPolicy Policy { get; }

    /// <summary>The assessment scored.</summary>
    public CscfAssessment Assessment { get; }

    /// <summary>The weighted score, 0–100, rounded half away from zero to two decimals.</summary>
    public double Score { get; }

    /// <summary>The level the score's band gives, before floor rules.</summary>
    public int BandLevel { get; }

    /// <summary>The CSCF level, 1–5.</summary>
    public int Level { get; }

    /// <summary>The level's name in the policy.</summary>
    public string LevelName => Policy.LevelName(Level);

    /// <summary>The floor rules whose conditions held, in policy order.</summary>
    public IReadOnlyList<CscfFiredRule> FiredRules { get; }

    /// <summary>The NCISS-style score: the weighted mean over NCISS's eight categories (all factors but bilateral_scope); null when the policy has no priority thresholds.</summary>
    public double? NcissScore { get; init; }

    /// <summary>The NCISS-style priority 0 (baseline) to 5 (emergency) of <see cref="NcissScore"/>, for exchange with US federal schemas; null when the policy has no priority thresholds.</summary>
    public int? NcissPriority { get; init; }

    /// <summary>The policy's content hash.</summary>
    public string PolicyHash => Policy.Hash;

    /// <summary>Every factor's contribution, in factor order (their points add up to the score before rounding).</summary>
    public IReadOnlyList<CscfContribution> Contributions => _contributions ??= Policy.Contributions(Assessment);

    /// <summary>
    /// Writes the result's members (score, level, level_name, band_level, contributions, fired_rules,
    /// policy_hash) into the open JSON object. Inside a STIX object (<paramref name="stix"/>) an empty
    /// fired_rules is left out, because STIX forbids empty lists.
    /// </summary>
    public void WriteMembers(Utf8JsonWriter json, bool stix = false)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteNumber("score", Score);
        json.WriteNumber("level", Level);
        json.WriteString("level_name", LevelName);
        json.WriteNumber("band_level", BandLevel);
        if (NcissPriority is { } priority)
        {
            json.WriteNumber("nciss_score", NcissScore!.Value);
            json.WriteNumber("nciss_priority", priority);
            json.WriteString("nciss_priority_name", CscfPolicy.PriorityNames[priority]);
        }

        json.WriteStartArray("contributions");
        foreach (var c in Contributions)
        {
            json.WriteStartObject();
            json.WriteString("factor", CscfVocabulary.Name(c.Factor));
            json.WriteString("option", c.Option);
            json.WriteNumber("value", c.Value);
            json.WriteNumber("weight", c.Weight);
            json.WriteNumber("points", Math.Round(c.Points, 2, MidpointRounding.AwayFromZero));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (!stix || FiredRules.Count > 0)
        {
            json.WriteStartArray("fired_rules");
            foreach (var rule in FiredRules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteNumber("min_level", rule.MinLevel);
                json.WriteBoolean("raised", rule.Raised);
                json.WriteString("reason", rule.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteString("policy", Policy.Name);
        json.WriteString("policy_hash", PolicyHash);
    }
}
