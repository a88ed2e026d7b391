using System.Text.Json;

namespace Korus.Stix.Model;

/// <summary>An indicator: a detection pattern with its validity window.</summary>
public sealed class Indicator : StixObject
{
    internal Indicator(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>pattern</c>.</summary>
    public string? Pattern => GetString("pattern");

    /// <summary><c>pattern_type</c> (stix, sigma, snort, suricata, yara, pcre, …).</summary>
    public string? PatternType => GetString("pattern_type");

    /// <summary><c>pattern_version</c>.</summary>
    public string? PatternVersion => GetString("pattern_version");

    /// <summary><c>valid_from</c>.</summary>
    public StixTimestamp? ValidFrom => GetTimestamp("valid_from");

    /// <summary><c>valid_until</c>.</summary>
    public StixTimestamp? ValidUntil => GetTimestamp("valid_until");

    /// <summary><c>indicator_types</c>.</summary>
    public IReadOnlyList<string> IndicatorTypes => GetStringList("indicator_types");

    /// <summary><c>kill_chain_phases</c>.</summary>
    public IReadOnlyList<KillChainPhase> KillChainPhases => GetList("kill_chain_phases", KillChainPhase.FromJson);

    /// <summary>True when the indicator is in force at <paramref name="instant"/>: not revoked, valid_from ≤ instant &lt; valid_until.</summary>
    public bool IsInForceAt(StixTimestamp instant) =>
        !Revoked && (ValidFrom is not { } from || from <= instant) && (ValidUntil is not { } until || instant < until);
}

/// <summary>A relationship between two objects.</summary>
public sealed class Relationship : StixObject
{
    internal Relationship(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>relationship_type</c> (uses, indicates, attributed-to, …).</summary>
    public string? RelationshipType => GetString("relationship_type");

    /// <summary><c>source_ref</c>.</summary>
    public string? SourceRef => GetString("source_ref");

    /// <summary><c>target_ref</c>.</summary>
    public string? TargetRef => GetString("target_ref");

    /// <summary><c>start_time</c>.</summary>
    public StixTimestamp? StartTime => GetTimestamp("start_time");

    /// <summary><c>stop_time</c>.</summary>
    public StixTimestamp? StopTime => GetTimestamp("stop_time");
}

/// <summary>A sighting: something (an indicator, malware, …) was seen, where, how often and when.</summary>
public sealed class Sighting : StixObject
{
    internal Sighting(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>sighting_of_ref</c>.</summary>
    public string? SightingOfRef => GetString("sighting_of_ref");

    /// <summary><c>observed_data_refs</c>.</summary>
    public IReadOnlyList<string> ObservedDataRefs => GetStringList("observed_data_refs");

    /// <summary><c>where_sighted_refs</c>.</summary>
    public IReadOnlyList<string> WhereSightedRefs => GetStringList("where_sighted_refs");

    /// <summary><c>count</c>.</summary>
    public long? Count => GetInteger("count");

    /// <summary><c>first_seen</c>.</summary>
    public StixTimestamp? FirstSeen => GetTimestamp("first_seen");

    /// <summary><c>last_seen</c>.</summary>
    public StixTimestamp? LastSeen => GetTimestamp("last_seen");

    /// <summary><c>summary</c>; false when absent.</summary>
    public bool Summary => GetBoolean("summary") ?? false;
}

/// <summary>A report: a published collection of threat intelligence about the objects it refers to.</summary>
public sealed class Report : StixObject
{
    internal Report(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>object_refs</c>.</summary>
    public IReadOnlyList<string> ObjectRefs => GetStringList("object_refs");

    /// <summary><c>report_types</c>.</summary>
    public IReadOnlyList<string> ReportTypes => GetStringList("report_types");

    /// <summary><c>published</c>.</summary>
    public StixTimestamp? Published => GetTimestamp("published");
}

/// <summary>A grouping: objects an analyst put together in a shared context.</summary>
public sealed class Grouping : StixObject
{
    internal Grouping(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>object_refs</c>.</summary>
    public IReadOnlyList<string> ObjectRefs => GetStringList("object_refs");

    /// <summary><c>context</c> (suspicious-activity, malware-analysis, unspecified, …).</summary>
    public string? Context => GetString("context");
}

/// <summary>A note: analyst text about the objects it refers to.</summary>
public sealed class Note : StixObject
{
    internal Note(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>object_refs</c>.</summary>
    public IReadOnlyList<string> ObjectRefs => GetStringList("object_refs");

    /// <summary><c>abstract</c>.</summary>
    public string? Abstract => GetString("abstract");

    /// <summary><c>content</c>.</summary>
    public string? Content => GetString("content");

    /// <summary><c>authors</c>.</summary>
    public IReadOnlyList<string> Authors => GetStringList("authors");
}

/// <summary>An opinion: an assessment of how correct the objects it refers to are.</summary>
public sealed class Opinion : StixObject
{
    internal Opinion(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>object_refs</c>.</summary>
    public IReadOnlyList<string> ObjectRefs => GetStringList("object_refs");

    /// <summary><c>opinion</c> (strongly-disagree … strongly-agree).</summary>
    public string? Value => GetString("opinion");

    /// <summary><c>explanation</c>.</summary>
    public string? Explanation => GetString("explanation");

    /// <summary><c>authors</c>.</summary>
    public IReadOnlyList<string> Authors => GetStringList("authors");
}

/// <summary>A marking definition: a statement, a TLP level, or an extension-defined marking (TLP 2.0, releasability).</summary>
public sealed class MarkingDefinition : StixObject
{
    internal MarkingDefinition(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>definition_type</c> (statement or tlp) for TLP 1.0 and statement markings.</summary>
    public string? DefinitionType => GetString("definition_type");

    /// <summary><c>definition</c>, when present.</summary>
    public JsonElement? Definition => TryGetProperty("definition", out var value) ? value : null;

    /// <summary>The statement text of a statement marking.</summary>
    public string? Statement =>
        DefinitionType == "statement" && Definition is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty("statement", out var s) && s.ValueKind == JsonValueKind.String
            ? s.GetString()
            : null;

    /// <summary>
    /// The TLP level this marking stands for: by well-known id, by a TLP 1.0 definition, or by the TLP 2.0
    /// extension's <c>tlp_2_0</c> property; null when it is not a TLP marking.
    /// </summary>
    public TlpLevel? Tlp
    {
        get
        {
            if (TlpMarkings.LevelOf(Id) is { } known)
            {
                return known;
            }

            if (DefinitionType == "tlp" && Definition is { ValueKind: JsonValueKind.Object } d
                && d.TryGetProperty("tlp", out var word) && word.ValueKind == JsonValueKind.String)
            {
                return LevelOfWord(word.GetString(), TlpMarkings.Tlp1);
            }

            if (Extensions.TryGetValue(TlpMarkings.Tlp2ExtensionId, out var extension) && extension.ValueKind == JsonValueKind.Object
                && extension.TryGetProperty("tlp_2_0", out var level) && level.ValueKind == JsonValueKind.String)
            {
                return LevelOfWord(level.GetString(), TlpMarkings.Tlp2);
            }

            return null;
        }
    }

    private static TlpLevel? LevelOfWord(string? word, IReadOnlyList<(string Id, string Word, TlpLevel Level)> set)
    {
        foreach (var entry in set)
        {
            if (string.Equals(entry.Word, word, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Level;
            }
        }

        return null;
    }
}

/// <summary>An incident. STIX 2.1 gives it only a name, a description and kill-chain phases; Korus keeps its assessment in extensions.</summary>
public sealed class Incident : StixObject
{
    internal Incident(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>kill_chain_phases</c>.</summary>
    public IReadOnlyList<KillChainPhase> KillChainPhases => GetList("kill_chain_phases", KillChainPhase.FromJson);
}

/// <summary>An identity: an individual, organisation, group or system (a national centre, a sector, a victim).</summary>
public sealed class Identity : StixObject
{
    internal Identity(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>identity_class</c>.</summary>
    public string? IdentityClass => GetString("identity_class");

    /// <summary><c>sectors</c>.</summary>
    public IReadOnlyList<string> Sectors => GetStringList("sectors");

    /// <summary><c>contact_information</c>.</summary>
    public string? ContactInformation => GetString("contact_information");
}

/// <summary>Observed data: SCOs seen together, how many times and over what period.</summary>
public sealed class ObservedData : StixObject
{
    internal ObservedData(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>first_observed</c>.</summary>
    public StixTimestamp? FirstObserved => GetTimestamp("first_observed");

    /// <summary><c>last_observed</c>.</summary>
    public StixTimestamp? LastObserved => GetTimestamp("last_observed");

    /// <summary><c>number_observed</c>.</summary>
    public long? NumberObserved => GetInteger("number_observed");

    /// <summary><c>object_refs</c> (STIX 2.1 form: the SCOs are separate objects).</summary>
    public IReadOnlyList<string> ObjectRefs => GetStringList("object_refs");

    /// <summary>
    /// The deprecated embedded <c>objects</c> dictionary (key → SCO JSON); empty in the 2.1 form. Embedded
    /// SCOs have no ids; their references are the dictionary keys.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> EmbeddedObjects => GetObjectMembers("objects");
}
