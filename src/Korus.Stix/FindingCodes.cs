namespace Korus.Stix;

/// <summary>
/// The stable rule codes findings carry. They follow the validation checklist in the STIX 2.1 notes;
/// scripts may depend on them, so a code is never renamed.
/// </summary>
public static class FindingCodes
{
#pragma warning disable CS1591 // The names say what each code is; docs/stix.md lists them with their rules.
    public const string Json = "stix.json";
    public const string LimitDepth = "stix.limit.depth";
    public const string LimitObjectSize = "stix.limit.object-size";
    public const string LimitStringLength = "stix.limit.string-length";
    public const string Type = "stix.type";
    public const string Id = "stix.id";
    public const string SpecVersion = "stix.spec-version";
    public const string RequiredProperty = "stix.required-property";
    public const string Timestamp = "stix.timestamp";
    public const string TimestampPrecision = "stix.timestamp-precision";
    public const string ModifiedBeforeCreated = "stix.modified-before-created";
    public const string Confidence = "stix.confidence";
    public const string Lang = "stix.lang";
    public const string CreatedByRef = "stix.created-by-ref";
    public const string MarkingRef = "stix.marking-ref";
    public const string GranularMarking = "stix.granular-marking";
    public const string ExternalReference = "stix.external-reference";
    public const string CapecCve = "stix.capec-cve";
    public const string PropertyName = "stix.property-name";
    public const string Reserved = "stix.reserved";
    public const string Empty = "stix.empty";
    public const string Suffix = "stix.suffix";
    public const string PropertyType = "stix.property-type";
    public const string KillChainPhase = "stix.kill-chain-phase";
    public const string IndicatorValidUntil = "stix.indicator.valid-until";
    public const string IndicatorPattern = "stix.indicator.pattern";
    public const string MalwareName = "stix.malware.name";
    public const string ObservedDataExclusive = "stix.observed-data.exclusive";
    public const string ObservedDataCount = "stix.observed-data.count";
    public const string ObservedDataRefs = "stix.observed-data.refs";
    public const string SightingCount = "stix.sighting.count";
    public const string SightingRefs = "stix.sighting.refs";
    public const string RelationshipRefs = "stix.relationship.refs";
    public const string RelationshipType = "stix.relationship.type";
    public const string Opinion = "stix.opinion";
    public const string Report = "stix.report";
    public const string Location = "stix.location";
    public const string LastSeen = "stix.last-seen";
    public const string MarkingDefinition = "stix.marking-definition";
    public const string ExtensionDefinition = "stix.extension-definition";
    public const string Extensions = "stix.extensions";
    public const string LanguageContent = "stix.language-content";
    public const string Defanged = "stix.defanged";
    public const string ScoRefTypes = "stix.sco.ref-types";
    public const string NetworkTraffic = "stix.network-traffic";
    public const string Artifact = "stix.artifact";
    public const string EmailMessage = "stix.email-message";
    public const string File = "stix.file";
    public const string MacAddr = "stix.mac-addr";
    public const string Hashes = "stix.hashes";
    public const string ScoAtLeastOne = "stix.sco.at-least-one";
    public const string ScoUuidV4 = "stix.sco.uuid-v4";
    public const string ScoDeterministicId = "stix.sco.deterministic-id";
    public const string UuidNamespace = "stix.uuid-namespace";
    public const string OpenVocab = "stix.open-vocab";
    public const string Enum = "stix.enum";
    public const string CustomPrefix = "stix.custom-prefix";
    public const string Bundle = "stix.bundle";
    public const string Range = "stix.range";
    public const string Grouping = "stix.grouping";
    public const string MalwareAnalysis = "stix.malware-analysis";
#pragma warning restore CS1591
}
