using System.Text.Json;
using Korus.Stix;
using Korus.Stix.Json;

namespace Korus.Severity;

/// <summary>Reading assessments from JSON, with a finding naming the field for every problem.</summary>
public sealed partial class CscfAssessment
{
    /// <summary>Optional fields an assessment may carry besides the factors.</summary>
    public static IReadOnlyList<string> OptionalFields { get; } = ["actor_country", "actor_ref", "notes"];

    /// <summary>
    /// Reads the assessment at <paramref name="path"/>; null when it has any problem, each added to
    /// <paramref name="findings"/> (unknown fields, missing factors, unknown options, wrong types).
    /// </summary>
    public static CscfAssessment? Read(JsonElement element, string path, List<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(findings);
        var before = findings.Count;
        if (element.ValueKind != JsonValueKind.Object)
        {
            findings.Add(Error(SeverityCodes.WrongType, path, $"an assessment is a JSON object; found {Korus.Policies.PolicyReader.Describe(element)}."));
            return null;
        }

        var options = new byte[CscfVocabulary.FactorCount];
        var seen = new bool[CscfVocabulary.FactorCount];
        string? country = null, actorRef = null, notes = null;
        foreach (var property in element.EnumerateObject())
        {
            var at = $"{path}.{property.Name}";
            if (CscfVocabulary.TryGetFactor(property.Name, out var factor))
            {
                seen[(int)factor] = true;
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    findings.Add(Error(SeverityCodes.WrongType, at, $"expected one of {CscfVocabulary.DescribeOptions(factor)} as a string; found {Korus.Policies.PolicyReader.Describe(property.Value)}."));
                    continue;
                }

                var option = property.Value.GetString()!;
                var index = CscfVocabulary.OptionIndex(factor, option);
                if (index < 0)
                {
                    findings.Add(Error(SeverityCodes.UnknownOption, at, $"'{option}' is not an option of {property.Name}; expected {CscfVocabulary.DescribeOptions(factor)}."));
                    continue;
                }

                options[(int)factor] = (byte)index;
                continue;
            }

            switch (property.Name)
            {
                case "actor_country":
                    country = ReadString(property.Value, at, findings, Korus.Policies.PolicyReader.CheckCountry);
                    break;
                case "actor_ref":
                    actorRef = ReadString(property.Value, at, findings, CheckActorRef);
                    break;
                case "notes":
                    notes = ReadString(property.Value, at, findings, null);
                    break;
                default:
                    findings.Add(Error(SeverityCodes.UnknownField, at, $"'{property.Name}' is not a CSCF factor or assessment field; factors are {Korus.Policies.PolicyReader.ListWords([.. CscfVocabulary.Factors.Select(CscfVocabulary.Name)])}; optional fields are {Korus.Policies.PolicyReader.ListWords(OptionalFields)}."));
                    break;
            }
        }

        foreach (var factor in CscfVocabulary.Factors)
        {
            if (!seen[(int)factor])
            {
                findings.Add(Error(SeverityCodes.MissingFactor, $"{path}.{CscfVocabulary.Name(factor)}", $"the factor is required (one of {CscfVocabulary.DescribeOptions(factor)}); no value is assumed."));
            }
        }

        return findings.Count == before ? new CscfAssessment(options, country, actorRef, notes) : null;
    }

    /// <summary>Reads one assessment from UTF-8 JSON; null with findings when the JSON or the assessment is bad.</summary>
    public static CscfAssessment? Read(ReadOnlyMemory<byte> utf8Json, List<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        try
        {
            using var document = StrictJson.Parse(utf8Json);
            return Read(document.RootElement, "$", findings);
        }
        catch (JsonException e)
        {
            findings.Add(Error(SeverityCodes.Json, "$", $"not valid JSON: {e.Message}") with { Line = e.LineNumber + 1, Column = e.BytePositionInLine + 1 });
            return null;
        }
    }

    private static string? ReadString(JsonElement value, string path, List<Finding> findings, Func<string, string?>? check)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            findings.Add(Error(SeverityCodes.WrongType, path, $"expected a string; found {Korus.Policies.PolicyReader.Describe(value)}."));
            return null;
        }

        var text = value.GetString()!;
        if (check?.Invoke(text) is { } problem)
        {
            findings.Add(Error(SeverityCodes.BadValue, path, problem));
            return null;
        }

        return text;
    }

    internal static Finding Error(string code, string path, string message) => new(code, FindingSeverity.Error, null, path, message);

}
