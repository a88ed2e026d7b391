using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Korus.Stix.Tests.Validation;

/// <summary>Derives test objects from the minimal ones: sets or replaces top-level properties, removes others.</summary>
internal static class ObjectEdit
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Returns <paramref name="json"/> with the properties of <paramref name="set"/> (a JSON object, or
    /// empty) set in place, and the comma-separated names in <paramref name="remove"/> removed.
    /// </summary>
    public static string Apply(string json, string set, string remove = "")
    {
        var target = JsonNode.Parse(json)!.AsObject();
        if (set.Length > 0)
        {
            foreach (var (name, value) in JsonNode.Parse(set)!.AsObject())
            {
                target[name] = value?.DeepClone();
            }
        }

        foreach (var name in remove.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Assert.True(target.Remove(name), $"The base object has no '{name}' to remove.");
        }

        return target.ToJsonString(Compact);
    }

    /// <summary>The object's id as written, or null when it has no string id.</summary>
    public static string? IdOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
    }
}
