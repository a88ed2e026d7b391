using System.Text.Json;
using Korus.Policies;
using Korus.Stix;
using Korus.Stix.Model;

namespace Korus.Severity.Incidents;

/// <summary>What an analyst files: a name, an assessment and, optionally, a description, the determination, a TLP marking and related objects.</summary>
public sealed record IncidentDraft
{
    private static readonly string[] Members = ["name", "description", "determination", "tlp", "related_refs", "assessment"];

    /// <summary>Determination values of the incident core extension.</summary>
    public static IReadOnlyList<string> Determinations { get; } = ["blocked", "confirmed", "failed", "false-positive", "low-value", "suspected", "tbd"];

    /// <summary>The incident's name.</summary>
    public required string Name { get; init; }

    /// <summary>What happened, in words.</summary>
    public string? Description { get; init; }

    /// <summary>The incident core determination (suspected when not given).</summary>
    public string Determination { get; init; } = "suspected";

    /// <summary>The incident's TLP (AMBER when not given: bilateral need-to-know).</summary>
    public TlpLevel Tlp { get; init; } = TlpLevel.Amber;

    /// <summary>Objects in the <c>national</c> collection the incident involves (indicators, malware…), shared with notices as the escalation policy says.</summary>
    public IReadOnlyList<string> RelatedRefs { get; init; } = [];

    /// <summary>The first assessment.</summary>
    public required CscfAssessment Assessment { get; init; }

    /// <summary>Reads a draft; null with a finding naming the field for each problem.</summary>
    public static IncidentDraft? Read(JsonElement element, List<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var reader = new PolicyReader(findings, "incident.missing", "incident.unknown-field", "incident.wrong-type", "incident.bad-value");
        var before = reader.ErrorCount;
        if (!reader.IsObject(element, "$", "an incident"))
        {
            return null;
        }

        reader.RejectUnknown(element, "$", "an incident", Members);
        var name = reader.Required(element, "name", "$", "an incident") is { } n ? reader.ReadString(n, "$.name") : null;
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            reader.BadValue("$.name", "the name is empty.");
        }

        var description = reader.OptionalString(element, "description", "$");
        var determination = reader.OptionalString(element, "determination", "$") ?? "suspected";
        if (!Determinations.Contains(determination))
        {
            reader.BadValue("$.determination", $"'{determination}' is not a determination; expected {Korus.Policies.PolicyReader.ListWords(Determinations)}.");
        }

        var tlp = TlpLevel.Amber;
        if (reader.OptionalString(element, "tlp", "$") is { } word && !TlpMarkings.TryParseWord(word, out tlp))
        {
            reader.BadValue("$.tlp", $"'{word}' is not a TLP level; expected clear, green, amber, amber+strict or red.");
        }

        var related = new List<string>();
        if (element.TryGetProperty("related_refs", out var refs) && reader.ReadStrings(refs, "$.related_refs") is { } ids)
        {
            for (var i = 0; i < ids.Count; i++)
            {
                if (!StixId.IsValid(ids[i]))
                {
                    reader.BadValue($"$.related_refs[{i}]", $"'{ids[i]}' is not a STIX id (type--UUID).");
                }
                else
                {
                    related.Add(ids[i]);
                }
            }
        }

        CscfAssessment? assessment = null;
        if (reader.Required(element, "assessment", "$", "an incident") is { } a)
        {
            assessment = CscfAssessment.Read(a, "$.assessment", findings);
        }

        return reader.ErrorCount > before || name is null || assessment is null
            ? null
            : new IncidentDraft { Name = name, Description = description, Determination = determination, Tlp = tlp, RelatedRefs = related, Assessment = assessment };
    }
}
