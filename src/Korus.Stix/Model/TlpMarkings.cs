namespace Korus.Stix.Model;

/// <summary>A Traffic Light Protocol level, TLP 2.0 names; TLP 1.0 WHITE maps to <see cref="Clear"/>.</summary>
public enum TlpLevel
{
    /// <summary>TLP:CLEAR (TLP 1.0 WHITE): no limit on disclosure.</summary>
    Clear,

    /// <summary>TLP:GREEN: the recipient's community, not public channels.</summary>
    Green,

    /// <summary>TLP:AMBER: the recipient's organisation and its clients, need-to-know.</summary>
    Amber,

    /// <summary>TLP:AMBER+STRICT: the recipient's organisation only.</summary>
    AmberStrict,

    /// <summary>TLP:RED: named individual recipients only.</summary>
    Red,
}

/// <summary>
/// The well-known TLP marking-definition ids: the four TLP 1.0 markings built into STIX 2.1 and the
/// five TLP 2.0 markings of the OASIS extension. Both sets are recognised by id, so a bundle may
/// reference them without carrying the marking objects.
/// </summary>
public static class TlpMarkings
{
    /// <summary>The OASIS TLP 2.0 extension-definition id.</summary>
    public const string Tlp2ExtensionId = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

#pragma warning disable CS1591 // The names are the marking levels.
    public const string Tlp1White = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
    public const string Tlp1Green = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    public const string Tlp1Amber = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
    public const string Tlp1Red = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
    public const string Tlp2Clear = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487";
    public const string Tlp2Green = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    public const string Tlp2Amber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421";
    public const string Tlp2AmberStrict = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003";
    public const string Tlp2Red = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
#pragma warning restore CS1591

    /// <summary>The TLP 1.0 markings: id, level word as written in <c>definition.tlp</c>, and level.</summary>
    public static IReadOnlyList<(string Id, string Word, TlpLevel Level)> Tlp1 { get; } =
    [
        (Tlp1White, "white", TlpLevel.Clear),
        (Tlp1Green, "green", TlpLevel.Green),
        (Tlp1Amber, "amber", TlpLevel.Amber),
        (Tlp1Red, "red", TlpLevel.Red),
    ];

    /// <summary>The TLP 2.0 markings: id, level word as written in <c>tlp_2_0</c>, and level.</summary>
    public static IReadOnlyList<(string Id, string Word, TlpLevel Level)> Tlp2 { get; } =
    [
        (Tlp2Clear, "clear", TlpLevel.Clear),
        (Tlp2Green, "green", TlpLevel.Green),
        (Tlp2Amber, "amber", TlpLevel.Amber),
        (Tlp2AmberStrict, "amber+strict", TlpLevel.AmberStrict),
        (Tlp2Red, "red", TlpLevel.Red),
    ];

    /// <summary>The TLP level of a well-known marking id (either version), or null for any other id.</summary>
    public static TlpLevel? LevelOf(string markingId)
    {
        foreach (var (id, _, level) in Tlp1)
        {
            if (string.Equals(id, markingId, StringComparison.Ordinal))
            {
                return level;
            }
        }

        foreach (var (id, _, level) in Tlp2)
        {
            if (string.Equals(id, markingId, StringComparison.Ordinal))
            {
                return level;
            }
        }

        return null;
    }

    /// <summary>A level from its word as policies and requests write it: clear (or TLP 1.0's white), green, amber, amber+strict, red; any case.</summary>
    public static bool TryParseWord(string word, out TlpLevel level)
    {
        ArgumentNullException.ThrowIfNull(word);
        (var ok, level) = word.ToLowerInvariant() switch
        {
            "clear" or "white" => (true, TlpLevel.Clear),
            "green" => (true, TlpLevel.Green),
            "amber" => (true, TlpLevel.Amber),
            "amber+strict" => (true, TlpLevel.AmberStrict),
            "red" => (true, TlpLevel.Red),
            _ => (false, TlpLevel.Clear),
        };
        return ok;
    }

    /// <summary>The TLP 2.0 marking id for a level.</summary>
    public static string Tlp2IdOf(TlpLevel level) => level switch
    {
        TlpLevel.Clear => Tlp2Clear,
        TlpLevel.Green => Tlp2Green,
        TlpLevel.Amber => Tlp2Amber,
        TlpLevel.AmberStrict => Tlp2AmberStrict,
        TlpLevel.Red => Tlp2Red,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Not a TLP level."),
    };

    /// <summary>The display name of a level, as in marking names: <c>TLP:AMBER+STRICT</c>.</summary>
    public static string NameOf(TlpLevel level) => level switch
    {
        TlpLevel.Clear => "TLP:CLEAR",
        TlpLevel.Green => "TLP:GREEN",
        TlpLevel.Amber => "TLP:AMBER",
        TlpLevel.AmberStrict => "TLP:AMBER+STRICT",
        TlpLevel.Red => "TLP:RED",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Not a TLP level."),
    };
}
