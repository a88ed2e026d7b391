using System.Text.Json;
using Korus.Stix;

namespace Korus.Policies;

/// <summary>
/// Walks a policy's JSON, adding a finding that names the path for every missing, unknown or
/// mistyped member; shared by every policy reader (CSCF, escalation, sharing) so all report alike.
/// </summary>
public sealed class PolicyReader(List<Finding> findings, string missingCode, string unknownCode, string typeCode, string valueCode)
{
    /// <summary>Where the findings go.</summary>
    public List<Finding> Findings { get; } = findings;

    /// <summary>Errors found so far.</summary>
    public int ErrorCount => Findings.Count(f => f.IsError);

    /// <summary>Adds an error.</summary>
    public void Error(string code, string path, string message) => Findings.Add(new Finding(code, FindingSeverity.Error, null, path, message));

    /// <summary>Adds a warning.</summary>
    public void Warning(string code, string path, string message) => Findings.Add(new Finding(code, FindingSeverity.Warning, null, path, message));

    /// <summary>Adds an error with the reader's bad-value code.</summary>
    public void BadValue(string path, string message) => Error(valueCode, path, message);

    /// <summary>True when <paramref name="element"/> is an object; else an error.</summary>
    public bool IsObject(JsonElement element, string path, string what)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            return true;
        }

        Error(typeCode, path, $"{what} must be a JSON object; found {Describe(element)}.");
        return false;
    }

    /// <summary>Reports every member of <paramref name="element"/> not in <paramref name="allowed"/>.</summary>
    public void RejectUnknown(JsonElement element, string path, string what, IReadOnlyList<string> allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name))
            {
                Error(unknownCode, $"{path}.{property.Name}", $"'{property.Name}' is not a member of {what}; expected {ListWords(allowed)}.");
            }
        }
    }

    /// <summary>The member <paramref name="name"/>, or null after an error saying it is missing.</summary>
    public JsonElement? Required(JsonElement element, string name, string path, string what)
    {
        if (element.TryGetProperty(name, out var value))
        {
            return value;
        }

        Error(missingCode, $"{path}.{name}", $"{what} needs '{name}'; nothing is assumed in its place.");
        return null;
    }

    /// <summary>The string member <paramref name="name"/> when present (an error when it is not a string).</summary>
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

        Error(typeCode, $"{path}.{name}", $"expected a string; found {Describe(value)}.");
        return null;
    }

    /// <summary>A finite number, or null after an error.</summary>
    public double? ReadNumber(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        Error(typeCode, path, $"expected a number; found {Describe(value)}.");
        return null;
    }

    /// <summary>An integer within bounds, or null after an error.</summary>
    public int? ReadInteger(JsonElement value, string path, int min, int max)
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

        Error(typeCode, path, $"expected an integer {min}..{max}; found {Describe(value)}.");
        return null;
    }

    /// <summary>true or false, or null after an error.</summary>
    public bool? ReadBoolean(JsonElement value, string path)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        Error(typeCode, path, $"expected true or false; found {Describe(value)}.");
        return null;
    }

    /// <summary>A string, or null after an error.</summary>
    public string? ReadString(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        Error(typeCode, path, $"expected a string; found {Describe(value)}.");
        return null;
    }

    /// <summary>An array of strings (each wrong item an error), or null after an error.</summary>
    public List<string>? ReadStrings(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(typeCode, path, $"expected an array of strings; found {Describe(value)}.");
            return null;
        }

        var result = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (ReadString(item, $"{path}[{i}]") is { } text)
            {
                result.Add(text);
            }

            i++;
        }

        return result;
    }

    /// <summary>Null when <paramref name="value"/> is an ISO 3166-1 alpha-2 country code (two capital letters), else why not.</summary>
    public static string? CheckCountry(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == 2 && char.IsAsciiLetterUpper(value[0]) && char.IsAsciiLetterUpper(value[1])
            ? null
            : $"'{value}' is not an ISO 3166-1 alpha-2 country code (two capital letters, such as KP, KR or US).";
    }

    /// <summary>"a, b or c": words as a message lists them.</summary>
    public static string ListWords(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        return words.Count switch
        {
            0 => "",
            1 => words[0],
            _ => string.Join(", ", words.Take(words.Count - 1)) + " or " + words[^1],
        };
    }

    /// <summary>A JSON value as a message names it: "an object", "the string \"x\"", "the number 3".</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        _ => "null",
    };
}
