using System.Text.Json;
using Korus.Stix.Json;

namespace Korus.Stix.Model;

/// <summary>An entry of <c>external_references</c>.</summary>
/// <param name="SourceName">source_name (required by STIX).</param>
/// <param name="Description">description.</param>
/// <param name="Url">url.</param>
/// <param name="ExternalId">external_id (for example an ATT&amp;CK technique id such as T1195.002, or a CVE id).</param>
/// <param name="Hashes">hashes of the referenced content.</param>
public sealed record ExternalReference(string? SourceName, string? Description, string? Url, string? ExternalId, IReadOnlyDictionary<string, string> Hashes)
{
    internal static ExternalReference FromJson(JsonElement element, string path, string id)
    {
        RequireObject(element, path, id);
        return new ExternalReference(
            OptionalString(element, "source_name", path, id),
            OptionalString(element, "description", path, id),
            OptionalString(element, "url", path, id),
            OptionalString(element, "external_id", path, id),
            StixObject.StringDictionary(element, "hashes", JsonPath.Property(path, "hashes"), id));
    }

    internal static void RequireObject(JsonElement element, string path, string id)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new StixFormatException(new Finding(FindingCodes.PropertyType, FindingSeverity.Error, id, path, $"Expected an object, found {StixObject.Describe(element)}."));
        }
    }

    internal static string? OptionalString(JsonElement element, string name, string path, string id)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new StixFormatException(new Finding(FindingCodes.PropertyType, FindingSeverity.Error, id, JsonPath.Property(path, name), $"'{name}' must be a string, found {StixObject.Describe(value)}."));
    }

    internal static IReadOnlyList<string> OptionalStringList(JsonElement element, string name, string path, string id)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new StixFormatException(new Finding(FindingCodes.PropertyType, FindingSeverity.Error, id, JsonPath.Property(path, name), $"'{name}' must be a list of strings, found {StixObject.Describe(value)}."));
        }

        var list = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw new StixFormatException(new Finding(FindingCodes.PropertyType, FindingSeverity.Error, id, JsonPath.Index(JsonPath.Property(path, name), list.Count), $"Expected a string, found {StixObject.Describe(item)}.")));
        }

        return list;
    }
}

/// <summary>An entry of <c>granular_markings</c>: a marking or a language applied to the properties the selectors name.</summary>
/// <param name="Selectors">The selectors (for example <c>description</c>, <c>external_references.[0].url</c>).</param>
/// <param name="MarkingRef">marking_ref, when the entry applies a marking-definition.</param>
/// <param name="Lang">lang, when the entry gives the language of the selected content.</param>
public sealed record GranularMarking(IReadOnlyList<string> Selectors, string? MarkingRef, string? Lang)
{
    internal static GranularMarking FromJson(JsonElement element, string path, string id)
    {
        ExternalReference.RequireObject(element, path, id);
        return new GranularMarking(
            ExternalReference.OptionalStringList(element, "selectors", path, id),
            ExternalReference.OptionalString(element, "marking_ref", path, id),
            ExternalReference.OptionalString(element, "lang", path, id));
    }
}

/// <summary>An entry of <c>kill_chain_phases</c>.</summary>
/// <param name="KillChainName">kill_chain_name (for example mitre-attack).</param>
/// <param name="PhaseName">phase_name (for example initial-access).</param>
public sealed record KillChainPhase(string? KillChainName, string? PhaseName)
{
    internal static KillChainPhase FromJson(JsonElement element, string path, string id)
    {
        ExternalReference.RequireObject(element, path, id);
        return new KillChainPhase(
            ExternalReference.OptionalString(element, "kill_chain_name", path, id),
            ExternalReference.OptionalString(element, "phase_name", path, id));
    }
}
