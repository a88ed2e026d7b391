using System.Globalization;
using System.Text.Json;
using System.Xml;
using Korus.Policies;
using Korus.Stix;
using Korus.Storage;

namespace Korus.Severity;

/// <summary>
/// The escalation policy: for each CSCF level, whether and how soon to notify a partner, what to share
/// with the notice, and the response mode, which turns joint when the actor or the bilateral scope
/// says so. Partners may override any level. Loaded from JSON or YAML and checked like the CSCF policy.
/// </summary>
public sealed class EscalationPolicy
{
    private static readonly string[] RootMembers = ["name", "version", "description", "levels", "partners"];
    private static readonly string[] RuleMembers = ["notify", "deadline", "mode", "joint_when", "share"];
    private static readonly string[] JointMembers = ["actors", "actor_countries", "bilateral_scopes"];
    private static readonly string[] PartnerMembers = ["levels"];

    private readonly EscalationRule[] _levels;
    private readonly Dictionary<string, EscalationRule?[]> _partners;

    private EscalationPolicy(string name, string hash, EscalationRule[] levels, Dictionary<string, EscalationRule?[]> partners)
    {
        Name = name;
        Hash = hash;
        _levels = levels;
        _partners = partners;
    }

    /// <summary>The policy's name.</summary>
    public string Name { get; }

    /// <summary>"sha256:…" over the policy's canonical JSON.</summary>
    public string Hash { get; }

    /// <summary>The partners the policy has rules for.</summary>
    public IReadOnlyCollection<string> Partners => _partners.Keys;

    /// <summary>The shipped default (Policies/escalation-default.json).</summary>
    public static EscalationPolicy Default { get; } = LoadDefault();

    /// <summary>The rule for <paramref name="level"/> and <paramref name="partner"/> (the partner's override, else the default).</summary>
    public EscalationRule Rule(int level, string? partner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 5);
        return partner is not null && _partners.TryGetValue(partner, out var rules) && rules[level - 1] is { } rule ? rule : _levels[level - 1];
    }

    /// <summary>Decides on <paramref name="result"/> for <paramref name="partner"/> at <paramref name="decidedAt"/>.</summary>
    public EscalationDecision Decide(CscfResult result, string? partner, DateTimeOffset decidedAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rule = Rule(result.Level, partner);
        var reasons = new List<string>(3);
        var to = partner ?? "the partner";
        reasons.Add(rule.Notify
            ? $"level {result.Level} ({result.LevelName}): notify {to} within {Describe(rule.Deadline!.Value)} ({rule.Source})"
            : $"level {result.Level} ({result.LevelName}): no notice to {to} is required ({rule.Source})");
        var mode = rule.Mode;
        if (mode != ResponseMode.Joint && rule.JointWhen?.Explain(result.Assessment) is { } why)
        {
            mode = ResponseMode.Joint;
            reasons.Add($"joint response because {why} ({rule.Source}.joint_when)");
        }
        else
        {
            reasons.Add($"{ResponseModes.Name(mode)} response at level {result.Level} ({rule.Source}.mode)");
        }

        if (result.FiredRules.Count > 0)
        {
            foreach (var fired in result.FiredRules)
            {
                if (fired.Raised)
                {
                    reasons.Add($"the level was raised from {result.BandLevel} to at least {fired.MinLevel} by rule {fired.Id}: {fired.Reason}");
                }
            }
        }

        return new EscalationDecision
        {
            Partner = partner,
            Level = result.Level,
            LevelName = result.LevelName,
            Notify = rule.Notify,
            Deadline = rule.Deadline,
            DueAt = rule.Notify ? decidedAt + rule.Deadline!.Value : null,
            Mode = mode,
            Share = rule.Share,
            Reasons = reasons,
            PolicyHash = Hash,
        };
    }

    /// <summary>Loads and checks the policy in <paramref name="path"/>.</summary>
    /// <exception cref="PolicyException">The policy is refused; the findings name every problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static EscalationPolicy Load(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Checks and builds a policy from JSON or YAML text.</summary>
    /// <exception cref="PolicyException">The policy is refused; the findings name every problem.</exception>
    public static EscalationPolicy Parse(ReadOnlyMemory<byte> content, string source) =>
        PolicyDocument.Require(content, source, Read);

    /// <summary>Checks and builds a policy; null when refused, with every problem in <paramref name="findings"/>.</summary>
    public static EscalationPolicy? Read(ReadOnlyMemory<byte> content, string source, List<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(findings);
        using var document = PolicyDocument.Parse(content, source, SeverityCodes.PolicySyntax, findings);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        var reader = new PolicyReader(findings, SeverityCodes.EscalationMissing, SeverityCodes.EscalationUnknown, SeverityCodes.EscalationType, SeverityCodes.EscalationValue);
        var before = reader.ErrorCount;
        if (!reader.IsObject(root, "$", "an escalation policy"))
        {
            return null;
        }

        reader.RejectUnknown(root, "$", "an escalation policy", RootMembers);
        var name = reader.OptionalString(root, "name", "$") ?? "unnamed";
        var levels = new EscalationRule?[5];
        if (reader.Required(root, "levels", "$", "an escalation policy") is { } levelMap)
        {
            ReadLevels(reader, levelMap, "$.levels", "levels", levels, requireAll: true);
        }

        var partners = new Dictionary<string, EscalationRule?[]>(StringComparer.Ordinal);
        if (root.TryGetProperty("partners", out var partnerMap) && reader.IsObject(partnerMap, "$.partners", "partners"))
        {
            foreach (var partner in partnerMap.EnumerateObject())
            {
                var path = $"$.partners.{partner.Name}";
                if (PartnerRecord.CheckName(partner.Name) is not null)
                {
                    reader.BadValue(path, $"'{partner.Name}' is not a partner name (lower-case letters, digits and '-', as in 'korus partner add').");
                    continue;
                }

                if (!reader.IsObject(partner.Value, path, "a partner's rules"))
                {
                    continue;
                }

                reader.RejectUnknown(partner.Value, path, "a partner's rules", PartnerMembers);
                var rules = new EscalationRule?[5];
                if (reader.Required(partner.Value, "levels", path, "a partner's rules") is { } partnerLevels)
                {
                    ReadLevels(reader, partnerLevels, $"{path}.levels", $"partners.{partner.Name}.levels", rules, requireAll: false);
                }

                partners[partner.Name] = rules;
            }
        }

        return reader.ErrorCount > before ? null : new EscalationPolicy(name, PolicyDocument.Hash(root), [.. levels.Select(l => l!)], partners);
    }

    private static void ReadLevels(PolicyReader reader, JsonElement map, string path, string source, EscalationRule?[] rules, bool requireAll)
    {
        if (!reader.IsObject(map, path, "levels"))
        {
            return;
        }

        foreach (var level in map.EnumerateObject())
        {
            var at = $"{path}.{level.Name}";
            if (level.Name is not ("1" or "2" or "3" or "4" or "5"))
            {
                reader.Error(SeverityCodes.EscalationUnknown, at, $"'{level.Name}' is not a CSCF level; levels are \"1\" to \"5\".");
                continue;
            }

            rules[level.Name[0] - '1'] = ReadRule(reader, level.Value, at, $"{source}.{level.Name}");
        }

        if (requireAll)
        {
            for (var i = 0; i < 5; i++)
            {
                if (!map.TryGetProperty(((char)('1' + i)).ToString(), out _))
                {
                    reader.Error(SeverityCodes.EscalationMissing, $"{path}.{i + 1}", $"level {i + 1} has no rule; the policy decides every level.");
                }
            }
        }
    }

    private static EscalationRule? ReadRule(PolicyReader reader, JsonElement rule, string path, string source)
    {
        if (!reader.IsObject(rule, path, "a level's rule"))
        {
            return null;
        }

        reader.RejectUnknown(rule, path, "a level's rule", RuleMembers);
        var before = reader.ErrorCount;
        var notify = reader.Required(rule, "notify", path, "a level's rule") is { } n ? reader.ReadBoolean(n, $"{path}.notify") : null;
        TimeSpan? deadline = null;
        if (rule.TryGetProperty("deadline", out var d) && reader.ReadString(d, $"{path}.deadline") is { } text)
        {
            deadline = ParseDuration(text);
            if (deadline is null)
            {
                reader.BadValue($"{path}.deadline", $"'{text}' is not a positive duration; write an ISO 8601 duration (PT15M, PT1H, P1D) or a number with s, m, h or d (15m, 24h).");
            }
        }

        if (notify == true && deadline is null && !rule.TryGetProperty("deadline", out _))
        {
            reader.Error(SeverityCodes.EscalationMissing, $"{path}.deadline", "a level that notifies needs a deadline; none is assumed.");
        }
        else if (notify == false && rule.TryGetProperty("deadline", out _))
        {
            reader.BadValue($"{path}.deadline", "a level that does not notify cannot have a deadline; set notify to true or remove the deadline.");
        }

        ResponseMode mode = default;
        if (reader.Required(rule, "mode", path, "a level's rule") is { } m && reader.ReadString(m, $"{path}.mode") is { } modeName && !ResponseModes.TryParse(modeName, out mode))
        {
            reader.BadValue($"{path}.mode", $"'{modeName}' is not a response mode; expected independent, coordinated or joint.");
        }

        JointCondition? joint = null;
        if (rule.TryGetProperty("joint_when", out var j))
        {
            joint = ReadJoint(reader, j, $"{path}.joint_when");
        }

        var share = new List<string>();
        if (rule.TryGetProperty("share", out var s) && reader.ReadStrings(s, $"{path}.share") is { } types)
        {
            for (var i = 0; i < types.Count; i++)
            {
                if (!IsStixTypeName(types[i]))
                {
                    reader.BadValue($"{path}.share[{i}]", $"'{types[i]}' is not a STIX type name (such as indicator, observed-data, sighting, malware).");
                }
                else if (!share.Contains(types[i]))
                {
                    share.Add(types[i]);
                }
            }
        }

        return reader.ErrorCount > before || notify is null ? null : new EscalationRule(notify.Value, deadline, mode, joint, share, source);
    }

    private static JointCondition? ReadJoint(PolicyReader reader, JsonElement joint, string path)
    {
        if (!reader.IsObject(joint, path, "joint_when"))
        {
            return null;
        }

        reader.RejectUnknown(joint, path, "joint_when", JointMembers);
        var actors = ReadOptions(reader, joint, "actors", CscfFactor.Actor, path);
        var scopes = ReadOptions(reader, joint, "bilateral_scopes", CscfFactor.BilateralScope, path);
        var countries = new List<string>();
        if (joint.TryGetProperty("actor_countries", out var c) && reader.ReadStrings(c, $"{path}.actor_countries") is { } codes)
        {
            for (var i = 0; i < codes.Count; i++)
            {
                if (PolicyReader.CheckCountry(codes[i]) is { } problem)
                {
                    reader.BadValue($"{path}.actor_countries[{i}]", problem);
                }
                else
                {
                    countries.Add(codes[i]);
                }
            }
        }

        if (actors.Count == 0 && scopes.Count == 0)
        {
            reader.BadValue(path, "joint_when names no actors and no bilateral_scopes, so it could never hold.");
        }

        return new JointCondition(actors, countries, scopes);
    }

    private static List<int> ReadOptions(PolicyReader reader, JsonElement joint, string member, CscfFactor factor, string path)
    {
        var result = new List<int>();
        if (!joint.TryGetProperty(member, out var list) || reader.ReadStrings(list, $"{path}.{member}") is not { } names)
        {
            return result;
        }

        for (var i = 0; i < names.Count; i++)
        {
            var index = CscfVocabulary.OptionIndex(factor, names[i]);
            if (index < 0)
            {
                reader.BadValue($"{path}.{member}[{i}]", $"'{names[i]}' is not an option of {CscfVocabulary.Name(factor)}; expected {CscfVocabulary.DescribeOptions(factor)}.");
            }
            else
            {
                result.Add(index);
            }
        }

        return result;
    }

    /// <summary>An ISO 8601 duration (PT15M) or a number with s, m, h or d (15m); null when neither or not positive.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        TimeSpan value;
        if (text.StartsWith('P'))
        {
            try
            {
                value = XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                return null;
            }
            catch (OverflowException)
            {
                return null;
            }
        }
        else if (text.Length >= 2 && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            value = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(number),
                'm' => TimeSpan.FromMinutes(number),
                'h' => TimeSpan.FromHours(number),
                'd' => TimeSpan.FromDays(number),
                _ => TimeSpan.Zero,
            };
        }
        else
        {
            return null;
        }

        return value > TimeSpan.Zero ? value : null;
    }

    /// <summary>"15 min", "1 h", "24 h", "2 d".</summary>
    public static string Describe(TimeSpan span) =>
        span.TotalDays >= 2 && span.Ticks % TimeSpan.TicksPerDay == 0 ? $"{span.TotalDays:0} d"
        : span.TotalHours >= 1 && span.Ticks % TimeSpan.TicksPerHour == 0 ? $"{span.TotalHours:0} h"
        : span.TotalMinutes >= 1 && span.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{span.TotalMinutes:0} min"
        : $"{span.TotalSeconds:0.###} s";

    private static bool IsStixTypeName(string name) =>
        name.Length is >= 3 and <= 250 && char.IsAsciiLetterLower(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && !name.Contains("--", StringComparison.Ordinal);

    private static EscalationPolicy LoadDefault() => Parse(PolicyDocument.Embedded(typeof(EscalationPolicy).Assembly, "Korus.Severity.Policies.escalation-default.json"), "escalation-default.json");
}
