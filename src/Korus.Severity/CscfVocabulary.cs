using System.Collections.Frozen;

namespace Korus.Severity;

/// <summary>
/// The CSCF factors' wire names and their options, ordered from least to most severe. The order is
/// part of the standard: policies give values to these options, and "at least" conditions in floor
/// rules and escalation rules compare positions in it.
/// </summary>
public static class CscfVocabulary
{
    /// <summary>Number of factors.</summary>
    public const int FactorCount = 9;

    /// <summary>The factors in declaration order.</summary>
    public static IReadOnlyList<CscfFactor> Factors { get; } = Enum.GetValues<CscfFactor>();

    private static readonly string[] Names =
    [
        "functional_impact", "information_impact", "recoverability", "observed_activity", "location",
        "actor", "cross_sector_dependency", "potential_impact", "bilateral_scope",
    ];

    private static readonly string[][] AllOptions =
    [
        ["none", "no-impact-to-services", "minimal-noncritical", "minimal-critical", "significant-noncritical", "denial-noncritical", "significant-critical", "denial-critical"],
        ["none", "suspected", "privacy-breach", "proprietary-breach", "destruction-noncritical", "critical-systems-breach", "core-credential-compromise", "destruction-critical"],
        ["regular", "supplemented", "extended", "not-recoverable"],
        ["prepare", "engage", "presence", "effect"],
        ["business-dmz", "business-network", "business-network-management", "critical-dmz", "critical-management", "critical-systems", "safety-systems"],
        ["unknown", "criminal", "hacktivist", "state-nexus", "state-apt"],
        ["none", "low", "medium", "high"],
        ["none", "local", "regional", "national", "multinational"],
        ["one-nation", "both-nations", "alliance-military"],
    ];

    private static readonly FrozenDictionary<string, CscfFactor> ByName =
        Factors.ToFrozenDictionary(f => Names[(int)f], StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int>[] OptionIndexes =
        [.. AllOptions.Select(options => options.Select((o, i) => (o, i)).ToFrozenDictionary(p => p.o, p => p.i, StringComparer.Ordinal))];

    /// <summary>The factor's wire name, such as <c>functional_impact</c>.</summary>
    public static string Name(CscfFactor factor) => Names[(int)factor];

    /// <summary>The factor's options, least severe first.</summary>
    public static IReadOnlyList<string> Options(CscfFactor factor) => AllOptions[(int)factor];

    /// <summary>The factor with this wire name.</summary>
    public static bool TryGetFactor(string name, out CscfFactor factor) => ByName.TryGetValue(name, out factor);

    /// <summary>The option's position (0 = least severe), or -1 when the factor has no such option.</summary>
    public static int OptionIndex(CscfFactor factor, string option) =>
        OptionIndexes[(int)factor].TryGetValue(option, out var index) ? index : -1;

    /// <summary>"a, b or c": the options as a message lists them.</summary>
    public static string DescribeOptions(CscfFactor factor) => Korus.Policies.PolicyReader.ListWords(AllOptions[(int)factor]);

}
