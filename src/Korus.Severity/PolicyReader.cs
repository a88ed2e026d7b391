using System.Text.Json;
using Korus.Stix;

namespace Korus.Severity;

/// <summary>
/// Walks a policy's JSON, adding a finding that names the path for every missing, unknown or
/// mistyped member; shared by the CSCF and escalation policy readers so both report alike.
/// </summary>
internal sealed class PolicyReader(List<Finding> findings, string missingCode, string unknownCode, string typeCode, string valueCode)
{
    public List<Finding> Findings { get; } = findings;

    public int ErrorCount => Findings.Count(f => f.IsError);

    public void Error(string code, string path, string message) => Findings.Add(new Finding(code, FindingSeverity.Error, null, path, message));

    public void Warning(string code, string path, string message) => Findings.Add(new Finding(code, FindingSeverity.Warning, null, path, message));

    public void BadValue(string path, string message) => Error(valueCode, path, message);

    public bool IsObject(JsonElement element, string path, string what)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(typeCode, path, $"{what} must be a JSON object; found {CscfAssessment.Describe(element)}.");
        return false;
    }

    /// <summary>Reports every member of <paramref name="element"/> not in <paramref name="allowed"/>.</summary>
    public void RejectUnknown(JsonElement element, string path, string what, IReadOnlyList<string> allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                Error(unknownCode, $"{path}.{property.Name}", $"'{property.Name}' is not a member of {what}; expected {CscfVocabulary.ListWords(allowed)}.");
            }
        }
    }

    public JsonElement? Required(JsonElement element, string name, string path, string what)
    {
        if (element.TryGetProperty(name, out var value))
        {
            return value;
        }

        Error(missingCode, $"{path}.{name}", $"{what} needs '{name}'; nothing is assumed in its place.");
        return null;
    }

    public string? OptionalString(JsonElement element, string name, string path)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Error(typeCode, $"{path}.{name}", $"expected a string; found {CscfAssessment.Describe(value)}.");
        return null;
    }

    public double? Number(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        Error(typeCode, path, $"expected a number; found {CscfAssessment.Describe(value)}.");
        return null;
    }

    public int? Integer(JsonElement value, string path, int min, int max)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            if (number >= min && number <= max)
            {
                return number;
            }

            BadValue(path, $"{number} is outside {min}..{max}.");
            return null;
        }

        Error(typeCode, path, $"expected an integer {min}..{max}; found {CscfAssessment.Describe(value)}.");
        return null;
    }

    public bool? Boolean(JsonElement value, string path)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Error(typeCode, path, $"expected true or false; found {CscfAssessment.Describe(value)}.");
        return null;
    }

    public string? String(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Error(typeCode, path, $"expected a string; found {CscfAssessment.Describe(value)}.");
        return null;
    }

    public List<string>? Strings(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(typeCode, path, $"expected an array of strings; found {CscfAssessment.Describe(value)}.");
            return null;
        }

        var result = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (String(item, $"{path}[{i}]") is { } text)
            {
                result.Add(text);
            }

            i++;
        }

        return result;
    }

    /// <summary>A factor name and an option of it, as in floor rule conditions; null after reporting what is wrong.</summary>
    public (CscfFactor Factor, int Index)? FactorOption(string factorName, JsonElement option, string path, string unknownOptionCode)
    {
        if (!CscfVocabulary.TryGetFactor(factorName, out var factor))
        {
            Error(unknownCode, path, $"'{factorName}' is not a CSCF factor; expected {CscfVocabulary.ListWords([.. CscfVocabulary.Factors.Select(CscfVocabulary.Name)])}.");
            return null;
        }

        if (String(option, path) is not { } name)
        {
            return null;
        }

        var index = CscfVocabulary.OptionIndex(factor, name);
        if (index < 0)
        {
            Error(unknownOptionCode, path, $"'{name}' is not an option of {factorName}; expected {CscfVocabulary.DescribeOptions(factor)}.");
            return null;
        }

        return (factor, index);
    }
}
