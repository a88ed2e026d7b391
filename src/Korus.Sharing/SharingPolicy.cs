using System.Text.Json;
using Korus.Policies;
using Korus.Stix;
using Korus.Stix.Model;

namespace Korus.Sharing;

/// <summary>What a node does with personal data it would send.</summary>
public enum PiiHandling
{
    /// <summary>Personal data in free text is replaced by <c>[REDACTED:kind]</c>; personal SCOs are withheld.</summary>
    Redact = 0,

    /// <summary>An object with personal data anywhere is withheld.</summary>
    Withhold = 1,

    /// <summary>Personal data is sent as it is (for partners entitled to it).</summary>
    Allow = 2,
}

/// <summary>
/// A sharing policy for one partner (JSON or YAML, checked at load, named by its content hash):
/// the marking unmarked objects get, the partners AMBER may go to, the partner's country for
/// releasability, and how personal data is handled.
/// </summary>
public sealed class SharingPolicy
{
    private static readonly string[] Members = ["name", "version", "description", "default_marking", "amber_partners", "partner_country", "pii", "pii_kinds"];

    /// <summary>The kinds of personal data Korus finds.</summary>
    public static IReadOnlyList<string> PiiKindNames { get; } = ["email", "user-account", "phone", "us-ssn", "kr-rrn"];

    private SharingPolicy(string name, string hash, TlpLevel defaultMarking, IReadOnlySet<string> amberPartners, string? partnerCountry, PiiHandling pii, PiiKinds kinds)
    {
        Name = name;
        Hash = hash;
        DefaultMarking = defaultMarking;
        AmberPartners = amberPartners;
        PartnerCountry = partnerCountry;
        Pii = pii;
        Kinds = kinds;
    }

    /// <summary>The policy's name.</summary>
    public string Name { get; }

    /// <summary>"sha256:…" over the policy's canonical JSON.</summary>
    public string Hash { get; }

    /// <summary>The TLP level of objects that carry no TLP marking.</summary>
    public TlpLevel DefaultMarking { get; }

    /// <summary>The partners TLP:AMBER may be shared with.</summary>
    public IReadOnlySet<string> AmberPartners { get; }

    /// <summary>The partner's country (ISO 3166-1 alpha-2) for releasability; null when the policy does not say (releasability-marked objects are then withheld).</summary>
    public string? PartnerCountry { get; }

    /// <summary>How personal data is handled.</summary>
    public PiiHandling Pii { get; }

    /// <summary>Which kinds of personal data are looked for.</summary>
    public PiiKinds Kinds { get; }

    /// <summary>The shipped default (Policies/sharing-default.json).</summary>
    public static SharingPolicy Default { get; } = Parse(PolicyDocument.Embedded(typeof(SharingPolicy).Assembly, "Korus.Sharing.Policies.sharing-default.json"), "sharing-default.json");

    /// <summary>Loads and checks the policy in <paramref name="path"/>.</summary>
    /// <exception cref="PolicyException">The policy is refused; the findings name every problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SharingPolicy Load(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Checks and builds a policy from JSON or YAML text.</summary>
    /// <exception cref="PolicyException">The policy is refused.</exception>
    public static SharingPolicy Parse(ReadOnlyMemory<byte> content, string source) => PolicyDocument.Require(content, source, Read);

    /// <summary>Checks and builds a policy; null when refused, with every problem in <paramref name="findings"/>.</summary>
    public static SharingPolicy? Read(ReadOnlyMemory<byte> content, string source, List<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        using var document = PolicyDocument.Parse(content, source, SharingCodes.PolicySyntax, findings);
        if (document is null)
        {
            return null;
        }

        var root = document.RootElement;
        var reader = new PolicyReader(findings, SharingCodes.PolicyMissing, SharingCodes.PolicyUnknown, SharingCodes.PolicyType, SharingCodes.PolicyValue);
        var before = reader.ErrorCount;
        if (!reader.IsObject(root, "$", "a sharing policy"))
        {
            return null;
        }

        reader.RejectUnknown(root, "$", "a sharing policy", Members);
        var name = reader.OptionalString(root, "name", "$") ?? "unnamed";
        var marking = TlpLevel.Amber;
        if (reader.Required(root, "default_marking", "$", "a sharing policy") is { } m && reader.ReadString(m, "$.default_marking") is { } word && !TlpMarkings.TryParseWord(word, out marking))
        {
            reader.BadValue("$.default_marking", $"'{word}' is not a TLP marking; expected clear, green, amber, amber+strict or red (white is TLP 1.0's clear).");
        }

        var amber = new HashSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("amber_partners", out var a) && reader.ReadStrings(a, "$.amber_partners") is { } partners)
        {
            amber.UnionWith(partners);
        }

        var country = reader.OptionalString(root, "partner_country", "$");
        if (country is not null && PolicyReader.CheckCountry(country) is { } problem)
        {
            reader.BadValue("$.partner_country", problem);
            country = null;
        }

        var pii = PiiHandling.Redact;
        if (reader.Required(root, "pii", "$", "a sharing policy") is { } p && reader.ReadString(p, "$.pii") is { } handling)
        {
            switch (handling)
            {
                case "redact":
                    pii = PiiHandling.Redact;
                    break;
                case "withhold":
                    pii = PiiHandling.Withhold;
                    break;
                case "allow":
                    pii = PiiHandling.Allow;
                    break;
                default:
                    reader.BadValue("$.pii", $"'{handling}' is not a way to handle personal data; expected redact, withhold or allow.");
                    break;
            }
        }

        var kinds = PiiKinds.All;
        if (root.TryGetProperty("pii_kinds", out var k) && reader.ReadStrings(k, "$.pii_kinds") is { } kindNames)
        {
            kinds = PiiKinds.None;
            for (var i = 0; i < kindNames.Count; i++)
            {
                var index = ((IList<string>)PiiKindNames).IndexOf(kindNames[i]);
                if (index < 0)
                {
                    reader.BadValue($"$.pii_kinds[{i}]", $"'{kindNames[i]}' is not a kind of personal data Korus finds; expected {PolicyReader.ListWords(PiiKindNames)}.");
                }
                else
                {
                    kinds |= (PiiKinds)(1 << index);
                }
            }
        }

        return reader.ErrorCount > before ? null : new SharingPolicy(name, PolicyDocument.Hash(root), marking, amber, country, pii, kinds);
    }
}

/// <summary>Kinds of personal data, as flags.</summary>
[Flags]
public enum PiiKinds
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>E-mail addresses (text and email-addr / email-message objects).</summary>
    Email = 1,

    /// <summary>User accounts (user-account objects) and people (individual identities).</summary>
    UserAccount = 2,

    /// <summary>Phone numbers.</summary>
    Phone = 4,

    /// <summary>US social security numbers.</summary>
    UsSsn = 8,

    /// <summary>Korean resident registration numbers.</summary>
    KrRrn = 16,

    /// <summary>Every kind.</summary>
    All = Email | UserAccount | Phone | UsSsn | KrRrn,
}
