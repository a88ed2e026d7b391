using System.Collections.Frozen;

namespace Korus.Stix.Validation;

/// <summary>The STIX 2.1 open vocabularies (suggested values; others give a warning) and closed enumerations.</summary>
internal static class Vocabularies
{
    private static FrozenSet<string> Set(params string[] values) => values.ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> AccountType = Set("facebook", "ldap", "nis", "openid", "radius", "skype", "tacacs", "twitter", "unix", "windows-local", "windows-domain");
    public static readonly FrozenSet<string> AttackMotivation = Set("accidental", "coercion", "dominance", "ideology", "notoriety", "organizational-gain", "personal-gain", "personal-satisfaction", "revenge", "unpredictable");
    public static readonly FrozenSet<string> AttackResourceLevel = Set("individual", "club", "contest", "team", "organization", "government");
    public static readonly FrozenSet<string> GroupingContext = Set("suspicious-activity", "malware-analysis", "unspecified");
    public static readonly FrozenSet<string> HashAlgorithm = Set("MD5", "SHA-1", "SHA-256", "SHA-512", "SHA3-256", "SHA3-512", "SSDEEP", "TLSH");
    public static readonly FrozenSet<string> IdentityClass = Set("individual", "group", "system", "organization", "class", "unknown");
    public static readonly FrozenSet<string> ImplementationLanguage = Set("applescript", "bash", "c", "c++", "c#", "go", "java", "javascript", "lua", "objective-c", "perl", "php", "powershell", "python", "ruby", "scala", "swift", "typescript", "visual-basic", "x86-32", "x86-64");
    public static readonly FrozenSet<string> IndicatorType = Set("anomalous-activity", "anonymization", "benign", "compromised", "malicious-activity", "attribution", "unknown");
    public static readonly FrozenSet<string> IndustrySector = Set("agriculture", "aerospace", "automotive", "chemical", "commercial", "communications", "construction", "defense", "education", "energy", "entertainment", "financial-services", "government", "emergency-services", "government-local", "government-national", "government-public-services", "government-regional", "healthcare", "hospitality-leisure", "infrastructure", "dams", "nuclear", "water", "insurance", "legal", "manufacturing", "mining", "non-profit", "pharmaceuticals", "retail", "technology", "telecommunications", "transportation", "utilities");
    public static readonly FrozenSet<string> InfrastructureType = Set("amplification", "anonymization", "botnet", "command-and-control", "control-system", "exfiltration", "firewall", "hosting-malware", "hosting-target-lists", "phishing", "reconnaissance", "routers-switches", "staging", "workstation", "unknown");
    public static readonly FrozenSet<string> MalwareCapabilities = Set("accesses-remote-machines", "anti-debugging", "anti-disassembly", "anti-emulation", "anti-memory-forensics", "anti-sandbox", "anti-vm", "captures-input-peripherals", "captures-output-peripherals", "captures-system-state-data", "cleans-traces-of-infection", "commits-fraud", "communicates-with-c2", "compromises-data-availability", "compromises-data-integrity", "compromises-system-availability", "controls-local-machine", "degrades-security-software", "degrades-system-updates", "determines-c2-server", "emails-spam", "escalates-privileges", "evades-av", "exfiltrates-data", "fingerprints-host", "hides-artifacts", "hides-executing-code", "infects-files", "infects-remote-machines", "installs-other-components", "persists-after-system-reboot", "prevents-artifact-access", "prevents-artifact-deletion", "probes-network-environment", "self-modifies", "steals-authentication-credentials", "violates-system-operational-integrity");
    public static readonly FrozenSet<string> MalwareResult = Set("malicious", "suspicious", "benign", "unknown");
    public static readonly FrozenSet<string> MalwareType = Set("adware", "backdoor", "bot", "bootkit", "ddos", "downloader", "dropper", "exploit-kit", "keylogger", "ransomware", "remote-access-trojan", "resource-exploitation", "rogue-security-software", "rootkit", "screen-capture", "spyware", "trojan", "unknown", "virus", "webshell", "wiper", "worm");
    public static readonly FrozenSet<string> PatternType = Set("stix", "pcre", "sigma", "snort", "suricata", "yara");
    public static readonly FrozenSet<string> ProcessorArchitecture = Set("alpha", "arm", "ia-64", "mips", "powerpc", "sparc", "x86", "x86-64");
    public static readonly FrozenSet<string> Region = Set("africa", "eastern-africa", "middle-africa", "northern-africa", "southern-africa", "western-africa", "americas", "latin-america-caribbean", "south-america", "caribbean", "central-america", "northern-america", "asia", "central-asia", "eastern-asia", "southern-asia", "south-eastern-asia", "western-asia", "europe", "eastern-europe", "northern-europe", "southern-europe", "western-europe", "oceania", "antarctica", "australia-new-zealand", "melanesia", "micronesia", "polynesia");
    public static readonly FrozenSet<string> ReportType = Set("attack-pattern", "campaign", "identity", "indicator", "intrusion-set", "malware", "observed-data", "threat-actor", "threat-report", "tool", "vulnerability");
    public static readonly FrozenSet<string> ThreatActorType = Set("activist", "competitor", "crime-syndicate", "criminal", "hacker", "insider-accidental", "insider-disgruntled", "nation-state", "private-sector", "sensationalist", "spy", "terrorist", "unknown");
    public static readonly FrozenSet<string> ThreatActorRole = Set("agent", "director", "independent", "infrastructure-architect", "infrastructure-operator", "malware-author", "sponsor");
    public static readonly FrozenSet<string> ThreatActorSophistication = Set("none", "minimal", "intermediate", "advanced", "expert", "innovator", "strategic");
    public static readonly FrozenSet<string> ToolType = Set("denial-of-service", "exploitation", "information-gathering", "network-capture", "credential-exploitation", "remote-access", "vulnerability-scanning", "unknown");

    public static readonly FrozenSet<string> OpinionEnum = Set("strongly-disagree", "disagree", "neutral", "agree", "strongly-agree");
    public static readonly FrozenSet<string> ExtensionTypeEnum = Set("new-sdo", "new-sco", "new-sro", "property-extension", "toplevel-property-extension");
    public static readonly FrozenSet<string> EncryptionAlgorithmEnum = Set("AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated");
    public static readonly FrozenSet<string> WindowsRegistryDatatypeEnum = Set("REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD", "REG_DWORD_BIG_ENDIAN", "REG_DWORD_LITTLE_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST", "REG_FULL_RESOURCE_DESCRIPTION", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD", "REG_INVALID_TYPE");
    public static readonly FrozenSet<string> WindowsPeBinaryTypeEnum = Set("dll", "exe", "sys");
    public static readonly FrozenSet<string> NetworkSocketAddressFamilyEnum = Set("AF_UNSPEC", "AF_INET", "AF_IPX", "AF_APPLETALK", "AF_NETBIOS", "AF_INET6", "AF_IRDA", "AF_BTH");
    public static readonly FrozenSet<string> NetworkSocketTypeEnum = Set("SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET");
    public static readonly FrozenSet<string> WindowsIntegrityLevelEnum = Set("low", "medium", "high", "system");
    public static readonly FrozenSet<string> WindowsServiceStartTypeEnum = Set("SERVICE_AUTO_START", "SERVICE_BOOT_START", "SERVICE_DEMAND_START", "SERVICE_DISABLED", "SERVICE_SYSTEM_ALERT");
    public static readonly FrozenSet<string> WindowsServiceTypeEnum = Set("SERVICE_KERNEL_DRIVER", "SERVICE_FILE_SYSTEM_DRIVER", "SERVICE_WIN32_OWN_PROCESS", "SERVICE_WIN32_SHARE_PROCESS");
    public static readonly FrozenSet<string> WindowsServiceStatusEnum = Set("SERVICE_CONTINUE_PENDING", "SERVICE_PAUSE_PENDING", "SERVICE_PAUSED", "SERVICE_RUNNING", "SERVICE_START_PENDING", "SERVICE_STOP_PENDING", "SERVICE_STOPPED");

    /// <summary>Relationship types the specification defines, for the warning on others.</summary>
    public static readonly FrozenSet<string> RelationshipTypes = Set(
        "derived-from", "duplicate-of", "related-to", "uses", "indicates", "based-on", "attributed-to", "targets", "mitigates",
        "remediates", "investigates", "located-at", "originates-from", "compromises", "hosts", "owns", "impersonates",
        "authored-by", "delivers", "drops", "downloads", "beacons-to", "exfiltrates-to", "communicates-with", "controls",
        "exploits", "variant-of", "has", "consists-of", "resolves-to", "belongs-to", "characterizes", "av-analysis-of",
        "static-analysis-of", "dynamic-analysis-of");
}
