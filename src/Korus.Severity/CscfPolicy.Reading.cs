using System.Text.Json;
using Korus.Policies;
using Korus.Stix;

namespace Korus.Severity;

/// <summary>Loading and checking CSCF policies.</summary>
public sealed partial class CscfPolicy
{
    private static readonly string[] RootMembers = ["name", "version", "description", "factors", "bands", "floors", "nciss_priority_from"];
    private static readonly string[] FactorMembers = ["weight", "values", "description"];
    private static readonly string[] BandMembers = ["level", "name", "from", "to"];
    private static readonly string[] FloorMembers = ["id", "when", "min_level", "reason"];

    /// <summary>Loads and checks the policy in <paramref name="path"/> (JSON, or YAML by extension or content).</summary>
    /// <exception cref="PolicyException">The policy is refused; the findings name every problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CscfPolicy Load(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Checks and builds a policy from JSON or YAML text.</summary>
    /// <exception cref="PolicyException">The policy is refused; the findings name every problem.</exception>
    public static CscfPolicy Parse(ReadOnlyMemory<byte> content, string source) =>
        PolicyDocument.Require(content, source, Read);

    /// <summary>Checks and builds a policy; null when it is refused, with every problem (and any warnings) in <paramref name="findings"/>.</summary>
    public static CscfPolicy? Read(ReadOnlyMemory<byte> content, string source, List<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(findings);
        using var document = PolicyDocument.Parse(content, source, SeverityCodes.PolicySyntax, findings);
        return document is null ? null : Read(document.RootElement, findings);
    }

    private static CscfPolicy? Read(JsonElement root, List<Finding> findings)
    {
        var reader = new PolicyReader(findings, SeverityCodes.PolicyMissing, SeverityCodes.PolicyUnknown, SeverityCodes.PolicyType, SeverityCodes.PolicyValue);
        var errorsBefore = reader.ErrorCount;
        if (!reader.IsObject(root, "$", "a CSCF policy"))
        {
            return null;
        }

        reader.RejectUnknown(root, "$", "a CSCF policy", RootMembers);
        var name = reader.OptionalString(root, "name", "$") ?? "unnamed";
        var version = reader.OptionalString(root, "version", "$");
        var weights = new double[CscfVocabulary.FactorCount];
        var values = new double[CscfVocabulary.FactorCount][];
        if (reader.Required(root, "factors", "$", "a CSCF policy") is { } factors && reader.IsObject(factors, "$.factors", "factors"))
        {
            ReadFactors(reader, factors, weights, values);
        }

        CscfBand[]? bands = null;
        if (reader.Required(root, "bands", "$", "a CSCF policy") is { } bandList)
        {
            bands = ReadBands(reader, bandList);
        }

        var floors = root.TryGetProperty("floors", out var floorList) ? ReadFloors(reader, floorList) : [];
        var priorityFrom = root.TryGetProperty("nciss_priority_from", out var priorities) ? ReadPriorities(reader, priorities) : null;
        if (reader.ErrorCount > errorsBefore || bands is null)
        {
            return null;
        }

        return new CscfPolicy(name, version, PolicyDocument.Hash(root), weights, values, bands, floors, priorityFrom);
    }

    private static double[]? ReadPriorities(PolicyReader reader, JsonElement list)
    {
        const string path = "$.nciss_priority_from";
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() != 5)
        {
            reader.Error(SeverityCodes.PolicyBands, path, $"nciss_priority_from must be an array of five scores, the lowest of priorities 1 (low) to 5 (emergency); found {Korus.Policies.PolicyReader.Describe(list)}{(list.ValueKind == JsonValueKind.Array ? $" of {list.GetArrayLength()}" : "")}.");
            return null;
        }

        var result = new double[5];
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (reader.ReadNumber(item, $"{path}[{i}]") is not { } value)
            {
                return null;
            }

            if (value <= 0 || value > 100 || (i > 0 && value <= result[i - 1]))
            {
                reader.Error(SeverityCodes.PolicyBands, $"{path}[{i}]", $"{value} must be above 0, at most 100 and above the threshold before it: the thresholds rise with the priority.");
                return null;
            }

            result[i++] = value;
        }

        return result;
    }

    private static void ReadFactors(PolicyReader reader, JsonElement factors, double[] weights, double[][] values)
    {
        var seen = new bool[CscfVocabulary.FactorCount];
        foreach (var property in factors.EnumerateObject())
        {
            var path = $"$.factors.{property.Name}";
            if (!CscfVocabulary.TryGetFactor(property.Name, out var factor))
            {
                reader.Error(SeverityCodes.PolicyUnknown, path, $"'{property.Name}' is not a CSCF factor; expected {Korus.Policies.PolicyReader.ListWords([.. CscfVocabulary.Factors.Select(CscfVocabulary.Name)])}.");
                continue;
            }

            seen[(int)factor] = true;
            if (!reader.IsObject(property.Value, path, "a factor"))
            {
                continue;
            }

            reader.RejectUnknown(property.Value, path, "a factor", FactorMembers);
            if (reader.Required(property.Value, "weight", path, "a factor") is { } weightElement && reader.ReadNumber(weightElement, $"{path}.weight") is { } weight)
            {
                if (weight <= 0)
                {
                    reader.Error(SeverityCodes.PolicyWeight, $"{path}.weight", $"the weight is {weight}; every weight must be positive (a factor that should not count is left out of the standard, not weighted 0).");
                }

                weights[(int)factor] = weight;
            }

            var options = CscfVocabulary.Options(factor);
            values[(int)factor] = new double[options.Count];
            if (reader.Required(property.Value, "values", path, "a factor") is not { } valueMap || !reader.IsObject(valueMap, $"{path}.values", "values"))
            {
                continue;
            }

            var given = new bool[options.Count];
            foreach (var option in valueMap.EnumerateObject())
            {
                var optionPath = $"{path}.values.{option.Name}";
                var index = CscfVocabulary.OptionIndex(factor, option.Name);
                if (index < 0)
                {
                    reader.Error(SeverityCodes.PolicyUnknownOption, optionPath, $"'{option.Name}' is not an option of {property.Name}; expected {CscfVocabulary.DescribeOptions(factor)}.");
                    continue;
                }

                given[index] = true;
                if (reader.ReadNumber(option.Value, optionPath) is not { } value)
                {
                    continue;
                }

                if (value is < 0 or > 100)
                {
                    reader.Error(SeverityCodes.PolicyValue, optionPath, $"the value is {value}; option values are 0 to 100.");
                }

                values[(int)factor][index] = value;
            }

            for (var i = 0; i < options.Count; i++)
            {
                if (!given[i])
                {
                    reader.Error(SeverityCodes.PolicyMissingOption, $"{path}.values.{options[i]}", $"the option '{options[i]}' has no value; every option needs one.");
                }
                else if (i > 0 && given[i - 1] && values[(int)factor][i] < values[(int)factor][i - 1])
                {
                    reader.Warning(SeverityCodes.PolicyNotMonotone, $"{path}.values.{options[i]}", $"'{options[i]}' ({values[(int)factor][i]}) is worth less than the less severe '{options[i - 1]}' ({values[(int)factor][i - 1]}): a more severe {property.Name} could lower the level.");
                }
            }
        }

        foreach (var factor in CscfVocabulary.Factors)
        {
            if (!seen[(int)factor])
            {
                reader.Error(SeverityCodes.PolicyMissing, $"$.factors.{CscfVocabulary.Name(factor)}", $"the factor {CscfVocabulary.Name(factor)} is missing; a policy weighs all nine.");
            }
        }
    }

    private static CscfBand[]? ReadBands(PolicyReader reader, JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            reader.Error(SeverityCodes.PolicyType, "$.bands", $"bands must be an array of five bands; found {Korus.Policies.PolicyReader.Describe(list)}.");
            return null;
        }

        var byLevel = new CscfBand?[5];
        var ok = true;
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"$.bands[{i++}]";
            if (!reader.IsObject(item, path, "a band"))
            {
                ok = false;
                continue;
            }

            reader.RejectUnknown(item, path, "a band", BandMembers);
            var level = reader.Required(item, "level", path, "a band") is { } l ? reader.ReadInteger(l, $"{path}.level", 1, 5) : null;
            var name = reader.Required(item, "name", path, "a band") is { } n ? reader.ReadString(n, $"{path}.name") : null;
            var from = reader.Required(item, "from", path, "a band") is { } f ? reader.ReadNumber(f, $"{path}.from") : null;
            var to = reader.Required(item, "to", path, "a band") is { } t ? reader.ReadNumber(t, $"{path}.to") : null;
            if (level is null || name is null || from is null || to is null)
            {
                ok = false;
                continue;
            }

            if (string.IsNullOrWhiteSpace(name))
            {
                reader.Error(SeverityCodes.PolicyBands, $"{path}.name", "the level name is empty.");
                ok = false;
            }

            if (from >= to)
            {
                reader.Error(SeverityCodes.PolicyBands, path, $"the band starts at {from} and ends at {to}; 'from' must be below 'to'.");
                ok = false;
            }

            if (byLevel[level.Value - 1] is not null)
            {
                reader.Error(SeverityCodes.PolicyBands, $"{path}.level", $"level {level} has two bands.");
                ok = false;
                continue;
            }

            byLevel[level.Value - 1] = new CscfBand(level.Value, name, from.Value, to.Value);
        }

        for (var level = 1; level <= 5; level++)
        {
            if (byLevel[level - 1] is null && ok)
            {
                reader.Error(SeverityCodes.PolicyBands, "$.bands", $"level {level} has no band; the bands give levels 1 to 5, one band each.");
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        var bands = byLevel.Select(b => b!).ToArray();
        if (bands[0].From != 0)
        {
            reader.Error(SeverityCodes.PolicyBandGap, "$.bands", $"level 1's band starts at {bands[0].From}; scores from 0 would have no level (the bands must cover 0 to 100).");
        }

        if (bands[^1].To != 100)
        {
            reader.Error(SeverityCodes.PolicyBandGap, "$.bands", $"level 5's band ends at {bands[^1].To}; the bands must cover 0 to 100 exactly.");
        }

        for (var k = 0; k < bands.Length - 1; k++)
        {
            var (low, high) = (bands[k], bands[k + 1]);
            if (low.To > high.From)
            {
                reader.Error(SeverityCodes.PolicyBandOverlap, "$.bands", $"the bands of level {low.Level} ({low.From} to {low.To}) and level {high.Level} ({high.From} to {high.To}) overlap: scores from {high.From} to {low.To} would have two levels.");
            }
            else if (low.To < high.From)
            {
                reader.Error(SeverityCodes.PolicyBandGap, "$.bands", $"there is a gap between level {low.Level}'s band (ending at {low.To}) and level {high.Level}'s (starting at {high.From}): scores in between would have no level.");
            }
        }

        return bands;
    }

    private static CscfFloorRule[] ReadFloors(PolicyReader reader, JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            reader.Error(SeverityCodes.PolicyType, "$.floors", $"floors must be an array of rules; found {Korus.Policies.PolicyReader.Describe(list)}.");
            return [];
        }

        var rules = new List<CscfFloorRule>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var path = $"$.floors[{i++}]";
            if (!reader.IsObject(item, path, "a floor rule"))
            {
                continue;
            }

            reader.RejectUnknown(item, path, "a floor rule", FloorMembers);
            var id = reader.Required(item, "id", path, "a floor rule") is { } idElement ? reader.ReadString(idElement, $"{path}.id") : null;
            if (id is not null && (id.Length == 0 || !ids.Add(id)))
            {
                reader.Error(SeverityCodes.PolicyFloor, $"{path}.id", id.Length == 0 ? "the rule id is empty." : $"the rule id '{id}' is used twice.");
            }

            var minLevel = reader.Required(item, "min_level", path, "a floor rule") is { } m ? reader.ReadInteger(m, $"{path}.min_level", 1, 5) : null;
            var reason = reader.OptionalString(item, "reason", path) ?? "";
            var conditions = new List<(CscfFactor, int)>();
            var conditionsOk = false;
            if (reader.Required(item, "when", path, "a floor rule") is { } when && reader.IsObject(when, $"{path}.when", "'when'"))
            {
                conditionsOk = true;
                foreach (var condition in when.EnumerateObject())
                {
                    if (FactorOption(reader, condition.Name, condition.Value, $"{path}.when.{condition.Name}") is { } pair)
                    {
                        conditions.Add(pair);
                    }
                    else
                    {
                        conditionsOk = false;
                    }
                }

                if (conditions.Count == 0 && conditionsOk)
                {
                    reader.Error(SeverityCodes.PolicyFloor, $"{path}.when", "the rule has no conditions; a floor for every assessment belongs in the bands.");
                    conditionsOk = false;
                }
            }

            if (id is not null && minLevel is not null && conditionsOk)
            {
                rules.Add(new CscfFloorRule(id, conditions, minLevel.Value, reason));
            }
        }

        return [.. rules];
    }

    /// <summary>A factor name and an option of it, as in floor rule conditions; null after reporting what is wrong.</summary>
    private static (CscfFactor Factor, int Index)? FactorOption(PolicyReader reader, string factorName, JsonElement option, string path)
    {
        if (!CscfVocabulary.TryGetFactor(factorName, out var factor))
        {
            reader.Error(SeverityCodes.PolicyUnknown, path, $"'{factorName}' is not a CSCF factor; expected {Korus.Policies.PolicyReader.ListWords([.. CscfVocabulary.Factors.Select(CscfVocabulary.Name)])}.");
            return null;
        }

        if (reader.ReadString(option, path) is not { } name)
        {
            return null;
        }

        var index = CscfVocabulary.OptionIndex(factor, name);
        if (index < 0)
        {
            reader.Error(SeverityCodes.PolicyUnknownOption, path, $"'{name}' is not an option of {factorName}; expected {CscfVocabulary.DescribeOptions(factor)}.");
            return null;
        }

        return (factor, index);
    }
}
