using Xunit;
using static Korus.Stix.FindingSeverity;

namespace Korus.Stix.Tests.Validation;

/// <summary>
/// The per-type rules for domain, relationship and meta objects: required properties, cross-property
/// rules, reference targets, vocabularies and enumerations, markings and extensions.
/// Rows: type, set, remove → code, severity, path, other codes.
/// </summary>
public sealed class TypeRuleTests
{
    public static TheoryData<string, string, string, string, FindingSeverity, string, string> RequiredRows => new()
    {
        { "attack-pattern", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "campaign", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "course-of-action", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "grouping", "", "context", FindingCodes.RequiredProperty, Error, "$.context", "" },
        { "grouping", "", "object_refs", FindingCodes.RequiredProperty, Error, "$.object_refs", "" },
        { "identity", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "incident", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "indicator", "", "pattern", FindingCodes.RequiredProperty, Error, "$.pattern", "" },
        { "indicator", "", "pattern_type", FindingCodes.RequiredProperty, Error, "$.pattern_type", "" },
        { "indicator", "", "valid_from", FindingCodes.RequiredProperty, Error, "$.valid_from", "" },
        { "infrastructure", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "intrusion-set", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "malware", "", "is_family", FindingCodes.RequiredProperty, Error, "$.is_family", "" },
        { "malware-analysis", "", "product", FindingCodes.RequiredProperty, Error, "$.product", "" },
        { "note", "", "content", FindingCodes.RequiredProperty, Error, "$.content", "" },
        { "note", "", "object_refs", FindingCodes.RequiredProperty, Error, "$.object_refs", "" },
        { "observed-data", "", "first_observed", FindingCodes.RequiredProperty, Error, "$.first_observed", "" },
        { "observed-data", "", "last_observed", FindingCodes.RequiredProperty, Error, "$.last_observed", "" },
        { "observed-data", "", "number_observed", FindingCodes.RequiredProperty, Error, "$.number_observed", "" },
        { "opinion", "", "opinion", FindingCodes.RequiredProperty, Error, "$.opinion", "" },
        { "opinion", "", "object_refs", FindingCodes.RequiredProperty, Error, "$.object_refs", "" },
        { "report", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "report", "", "published", FindingCodes.RequiredProperty, Error, "$.published", "" },
        { "report", "", "object_refs", FindingCodes.RequiredProperty, Error, "$.object_refs", "" },
        { "threat-actor", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "tool", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "vulnerability", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "relationship", "", "relationship_type", FindingCodes.RequiredProperty, Error, "$.relationship_type", "" },
        { "relationship", "", "source_ref", FindingCodes.RequiredProperty, Error, "$.source_ref", "" },
        { "relationship", "", "target_ref", FindingCodes.RequiredProperty, Error, "$.target_ref", "" },
        { "sighting", "", "sighting_of_ref", FindingCodes.RequiredProperty, Error, "$.sighting_of_ref", "" },
        { "extension-definition", "", "created_by_ref", FindingCodes.RequiredProperty, Error, "$.created_by_ref", "" },
        { "extension-definition", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "extension-definition", "", "schema", FindingCodes.RequiredProperty, Error, "$.schema", "" },
        { "extension-definition", "", "version", FindingCodes.RequiredProperty, Error, "$.version", "" },
        { "extension-definition", "", "extension_types", FindingCodes.RequiredProperty, Error, "$.extension_types", "" },
        { "language-content", "", "object_ref", FindingCodes.RequiredProperty, Error, "$.object_ref", "" },
        { "language-content", "", "contents", FindingCodes.RequiredProperty, Error, "$.contents", "" },
        // grouping name: required by the Errata 01 table, optional in the schema: a warning
        { "grouping", "", "name", FindingCodes.Grouping, Warning, "$.name", "" },
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> DomainRuleRows => new()
    {
        // indicator: valid_until strictly after valid_from
        { "indicator", """{"valid_until":"2024-01-01T00:00:00Z"}""", "", FindingCodes.IndicatorValidUntil, Error, "$.valid_until", "" },
        { "indicator", """{"valid_until":"2023-12-31T23:59:59.999Z"}""", "", FindingCodes.IndicatorValidUntil, Error, "$.valid_until", "" },
        { "indicator", """{"valid_from":"2024-01-01T00:00:00.5Z","valid_until":"2024-01-01T00:00:00.500Z"}""", "", FindingCodes.IndicatorValidUntil, Error, "$.valid_until", "" },
        // malware: a family needs a name
        { "malware", """{"is_family":true}""", "", FindingCodes.MalwareName, Error, "$.name", "" },
        { "malware", """{"is_family":"true"}""", "", FindingCodes.PropertyType, Error, "$.is_family", "" },
        // last_seen >= first_seen
        { "campaign", """{"first_seen":"2024-02-01T00:00:00Z","last_seen":"2024-01-31T23:59:59Z"}""", "", FindingCodes.LastSeen, Error, "$.last_seen", "" },
        { "infrastructure", """{"first_seen":"2024-02-01T00:00:00Z","last_seen":"2024-01-01T00:00:00Z"}""", "", FindingCodes.LastSeen, Error, "$.last_seen", "" },
        { "intrusion-set", """{"first_seen":"2024-02-01T00:00:00Z","last_seen":"2024-01-01T00:00:00Z"}""", "", FindingCodes.LastSeen, Error, "$.last_seen", "" },
        { "malware", """{"first_seen":"2024-02-01T00:00:00Z","last_seen":"2024-01-01T00:00:00Z"}""", "", FindingCodes.LastSeen, Error, "$.last_seen", "" },
        { "threat-actor", """{"first_seen":"2024-02-01T00:00:00Z","last_seen":"2024-01-01T00:00:00Z"}""", "", FindingCodes.LastSeen, Error, "$.last_seen", "" },
        // malware-analysis
        { "malware-analysis", "", "result", FindingCodes.MalwareAnalysis, Error, "$.result", "" },
        { "malware-analysis", """{"analysis_started":"2024-01-02T00:00:00Z","analysis_ended":"2024-01-01T00:00:00Z"}""", "", FindingCodes.MalwareAnalysis, Error, "$.analysis_ended", "" },
        { "malware-analysis", """{"sample_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"}""", "", FindingCodes.PropertyType, Error, "$.sample_ref", "" },
        { "malware-analysis", """{"analysis_sco_refs":["indicator--8519a9b8-859a-422b-a091-725567948417"]}""", "", FindingCodes.PropertyType, Error, "$.analysis_sco_refs[0]", "" },
        // observed-data
        { "observed-data", """{"last_observed":"2023-12-31T23:59:59Z"}""", "", FindingCodes.ObservedDataCount, Error, "$.last_observed", "" },
        { "observed-data", """{"number_observed":0}""", "", FindingCodes.ObservedDataCount, Error, "$.number_observed", "" },
        { "observed-data", """{"number_observed":1000000000}""", "", FindingCodes.ObservedDataCount, Error, "$.number_observed", "" },
        { "observed-data", """{"number_observed":-3}""", "", FindingCodes.ObservedDataCount, Error, "$.number_observed", "" },
        { "observed-data", """{"number_observed":2.5}""", "", FindingCodes.ObservedDataCount, Error, "$.number_observed", "" },
        { "observed-data", "", "object_refs", FindingCodes.ObservedDataExclusive, Error, "$.object_refs", "" },
        { "observed-data", """{"object_refs":["relationship--4edde340-3c1f-4d19-8802-8b3f9d0e0eb9"]}""", "", FindingCodes.ObservedDataRefs, Error, "$.object_refs", "" },
        { "observed-data", """{"object_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","bundle--4edde340-3c1f-4d19-8802-8b3f9d0e0eb9"]}""", "", FindingCodes.ObservedDataRefs, Error, "$.object_refs[1]", "" },
        { "observed-data", """{"object_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"]}""", "", FindingCodes.ObservedDataRefs, Error, "$.object_refs[1]", "" },
        // opinion: closed enumeration
        { "opinion", """{"opinion":"maybe"}""", "", FindingCodes.Opinion, Error, "$.opinion", "" },
        { "opinion", """{"opinion":"Agree"}""", "", FindingCodes.Opinion, Error, "$.opinion", "" },
        // report, grouping, note, opinion object_refs
        { "report", """{"object_refs":["bundle--8519a9b8-859a-422b-a091-725567948417"]}""", "", FindingCodes.Report, Error, "$.object_refs[0]", "" },
        { "report", """{"object_refs":["not-an-id"]}""", "", FindingCodes.Report, Error, "$.object_refs[0]", "" },
        { "report", """{"object_refs":[]}""", "", FindingCodes.Empty, Error, "$.object_refs", "" },
        { "grouping", """{"object_refs":["bundle--8519a9b8-859a-422b-a091-725567948417"]}""", "", FindingCodes.PropertyType, Error, "$.object_refs[0]", "" },
        { "note", """{"object_refs":["indicator--8519a9b8-859a-422b-a091-725567948417","bad"]}""", "", FindingCodes.Suffix, Error, "$.object_refs[1]", "" },
        { "opinion", """{"object_refs":"indicator--8519a9b8-859a-422b-a091-725567948417"}""", "", FindingCodes.PropertyType, Error, "$.object_refs", "" },
        // location
        { "location", """{"latitude":37.5}""", "", FindingCodes.Location, Error, "$.longitude", "" },
        { "location", """{"longitude":127.0}""", "", FindingCodes.Location, Error, "$.latitude", "" },
        { "location", """{"latitude":90.5,"longitude":127.0}""", "", FindingCodes.Location, Error, "$.latitude", "" },
        { "location", """{"latitude":37.5,"longitude":-180.01}""", "", FindingCodes.Location, Error, "$.longitude", "" },
        { "location", """{"precision":1000.0}""", "", FindingCodes.Location, Error, "$.precision", "" },
        { "location", """{"latitude":37.5,"longitude":127.0,"precision":-1}""", "", FindingCodes.Location, Error, "$.precision", "" },
        { "location", """{"name":"Somewhere"}""", "country", FindingCodes.Location, Error, "$", "" },
        // kill_chain_phases
        { "attack-pattern", """{"kill_chain_phases":[{"kill_chain_name":"mitre-attack"}]}""", "", FindingCodes.KillChainPhase, Error, "$.kill_chain_phases[0].phase_name", "" },
        { "tool", """{"kill_chain_phases":[{"phase_name":"execution"}]}""", "", FindingCodes.KillChainPhase, Error, "$.kill_chain_phases[0].kill_chain_name", "" },
        { "indicator", """{"kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":7}]}""", "", FindingCodes.KillChainPhase, Error, "$.kill_chain_phases[0].phase_name", "" },
        { "malware", """{"kill_chain_phases":"execution"}""", "", FindingCodes.KillChainPhase, Error, "$.kill_chain_phases", "" },
        { "infrastructure", """{"kill_chain_phases":["execution"]}""", "", FindingCodes.KillChainPhase, Error, "$.kill_chain_phases[0]", "" },
        { "attack-pattern", """{"kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"Initial Access"}]}""", "", FindingCodes.KillChainPhase, Warning, "$.kill_chain_phases[0].phase_name", "" },
        { "attack-pattern", """{"kill_chain_phases":[{"kill_chain_name":"MITRE_ATTACK","phase_name":"execution"}]}""", "", FindingCodes.KillChainPhase, Warning, "$.kill_chain_phases[0].kill_chain_name", "" },
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> VocabularyRows => new()
    {
        // open vocabularies: other values are warnings
        { "indicator", """{"indicator_types":["malicious-activity","sketchy"]}""", "", FindingCodes.OpenVocab, Warning, "$.indicator_types[1]", "" },
        { "indicator", """{"pattern_type":"kql"}""", "", FindingCodes.OpenVocab, Warning, "$.pattern_type", "" },
        { "identity", """{"identity_class":"alien"}""", "", FindingCodes.OpenVocab, Warning, "$.identity_class", "" },
        { "identity", """{"sectors":["financial-services","crypto"]}""", "", FindingCodes.OpenVocab, Warning, "$.sectors[1]", "" },
        { "threat-actor", """{"threat_actor_types":["apt"]}""", "", FindingCodes.OpenVocab, Warning, "$.threat_actor_types[0]", "" },
        { "threat-actor", """{"sophistication":"elite"}""", "", FindingCodes.OpenVocab, Warning, "$.sophistication", "" },
        { "threat-actor", """{"roles":["hacker"]}""", "", FindingCodes.OpenVocab, Warning, "$.roles[0]", "" },
        { "intrusion-set", """{"primary_motivation":"money"}""", "", FindingCodes.OpenVocab, Warning, "$.primary_motivation", "" },
        { "intrusion-set", """{"resource_level":"nation"}""", "", FindingCodes.OpenVocab, Warning, "$.resource_level", "" },
        { "malware", """{"malware_types":["stealer"]}""", "", FindingCodes.OpenVocab, Warning, "$.malware_types[0]", "" },
        { "malware", """{"capabilities":["does-bad-things"]}""", "", FindingCodes.OpenVocab, Warning, "$.capabilities[0]", "" },
        { "malware", """{"implementation_languages":["rust"]}""", "", FindingCodes.OpenVocab, Warning, "$.implementation_languages[0]", "" },
        { "malware", """{"architecture_execution_envs":["riscv"]}""", "", FindingCodes.OpenVocab, Warning, "$.architecture_execution_envs[0]", "" },
        { "tool", """{"tool_types":["c2"]}""", "", FindingCodes.OpenVocab, Warning, "$.tool_types[0]", "" },
        { "infrastructure", """{"infrastructure_types":["vpn"]}""", "", FindingCodes.OpenVocab, Warning, "$.infrastructure_types[0]", "" },
        { "report", """{"report_types":["weekly"]}""", "", FindingCodes.OpenVocab, Warning, "$.report_types[0]", "" },
        { "grouping", """{"context":"incident-response"}""", "", FindingCodes.OpenVocab, Warning, "$.context", "" },
        { "location", """{"region":"middle-earth"}""", "", FindingCodes.OpenVocab, Warning, "$.region", "" },
        { "malware-analysis", """{"result":"infected"}""", "", FindingCodes.OpenVocab, Warning, "$.result", "" },
        { "user-account", """{"id":"user-account--89bb2aae-e7a0-5d1b-9f6a-8e0a5a5e2b0e","account_type":"mainframe"}""", "", FindingCodes.OpenVocab, Warning, "$.account_type", FindingCodes.ScoDeterministicId },
        // a value of the wrong JSON kind is an error, not a vocabulary warning
        { "identity", """{"identity_class":5}""", "", FindingCodes.PropertyType, Error, "$.identity_class", "" },
        { "indicator", """{"indicator_types":"malicious-activity"}""", "", FindingCodes.PropertyType, Error, "$.indicator_types", "" },
        // closed enumerations: other values are errors
        { "extension-definition", """{"extension_types":["new-thing"]}""", "", FindingCodes.ExtensionDefinition, Error, "$.extension_types[0]", "" },
        { "artifact", """{"encryption_algorithm":"rot13"}""", "", FindingCodes.Enum, Error, "$.encryption_algorithm", "" },
        { "windows-registry-key", """{"values":[{"name":"Run","data":"x","data_type":"REG_TEXT"}]}""", "", FindingCodes.Enum, Error, "$.values[0].data_type", "" },
        { "file", """{"extensions":{"windows-pebinary-ext":{"pe_type":"elf"}}}""", "", FindingCodes.Enum, Error, "$.extensions.windows-pebinary-ext.pe_type", "" },
        { "network-traffic", """{"extensions":{"socket-ext":{"address_family":"AF_FOO"}}}""", "", FindingCodes.Enum, Error, "$.extensions.socket-ext.address_family", "" },
        { "network-traffic", """{"extensions":{"socket-ext":{"address_family":"AF_INET","socket_type":"SOCK_FAST"}}}""", "", FindingCodes.Enum, Error, "$.extensions.socket-ext.socket_type", "" },
        { "process", """{"extensions":{"windows-process-ext":{"integrity_level":"ultra"}}}""", "", FindingCodes.Enum, Error, "$.extensions.windows-process-ext.integrity_level", "" },
        { "process", """{"extensions":{"windows-service-ext":{"start_type":"SERVICE_SOMETIMES"}}}""", "", FindingCodes.Enum, Error, "$.extensions.windows-service-ext.start_type", "" },
        { "process", """{"extensions":{"windows-service-ext":{"service_type":"SERVICE_USER"}}}""", "", FindingCodes.Enum, Error, "$.extensions.windows-service-ext.service_type", "" },
        { "process", """{"extensions":{"windows-service-ext":{"service_status":"SERVICE_DEAD"}}}""", "", FindingCodes.Enum, Error, "$.extensions.windows-service-ext.service_status", "" },
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> RelationshipRows => new()
    {
        // source and target: SDOs or SCOs, never an SRO, a bundle or a meta object
        { "relationship", """{"source_ref":"relationship--4edde340-3c1f-4d19-8802-8b3f9d0e0eb9"}""", "", FindingCodes.RelationshipRefs, Error, "$.source_ref", "" },
        { "relationship", """{"target_ref":"sighting--6e004e2c-df1e-4f2f-a338-ce56616f79d3"}""", "", FindingCodes.RelationshipRefs, Error, "$.target_ref", "" },
        { "relationship", """{"target_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}""", "", FindingCodes.RelationshipRefs, Error, "$.target_ref", "" },
        { "relationship", """{"target_ref":"language-content--0e2729ac-06de-4266-a862-38dc677ba1f9"}""", "", FindingCodes.RelationshipRefs, Error, "$.target_ref", "" },
        { "relationship", """{"target_ref":"extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4"}""", "", FindingCodes.RelationshipRefs, Error, "$.target_ref", "" },
        { "relationship", """{"source_ref":"bundle--4edde340-3c1f-4d19-8802-8b3f9d0e0eb9"}""", "", FindingCodes.RelationshipRefs, Error, "$.source_ref", "" },
        { "relationship", """{"source_ref":"indicator"}""", "", FindingCodes.RelationshipRefs, Error, "$.source_ref", "" },
        { "relationship", """{"start_time":"2024-01-02T00:00:00Z","stop_time":"2024-01-02T00:00:00Z"}""", "", FindingCodes.RelationshipRefs, Error, "$.stop_time", "" },
        { "relationship", """{"start_time":"2024-01-02T00:00:00Z","stop_time":"2024-01-01T00:00:00Z"}""", "", FindingCodes.RelationshipRefs, Error, "$.stop_time", "" },
        // relationship_type: a-z0-9- (a warning when the spec does not define it)
        { "relationship", """{"relationship_type":"Indicates"}""", "", FindingCodes.RelationshipType, Error, "$.relationship_type", "" },
        { "relationship", """{"relationship_type":"is_related"}""", "", FindingCodes.RelationshipType, Error, "$.relationship_type", "" },
        { "relationship", """{"relationship_type":"subtechnique-of"}""", "", FindingCodes.RelationshipType, Warning, "$.relationship_type", "" },
        { "relationship", """{"relationship_type":"duplicate-of"}""", "", FindingCodes.RelationshipRefs, Error, "$.target_ref", "" },
        // sighting
        { "sighting", """{"count":-1}""", "", FindingCodes.SightingCount, Error, "$.count", "" },
        { "sighting", """{"count":1000000000}""", "", FindingCodes.SightingCount, Error, "$.count", "" },
        { "sighting", """{"first_seen":"2024-01-02T00:00:00Z","last_seen":"2024-01-01T00:00:00Z"}""", "", FindingCodes.SightingCount, Error, "$.last_seen", "" },
        { "sighting", """{"sighting_of_ref":"relationship--4edde340-3c1f-4d19-8802-8b3f9d0e0eb9"}""", "", FindingCodes.SightingRefs, Error, "$.sighting_of_ref", "" },
        { "sighting", """{"sighting_of_ref":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"}""", "", FindingCodes.SightingRefs, Error, "$.sighting_of_ref", "" },
        { "sighting", """{"sighting_of_ref":"bundle--4edde340-3c1f-4d19-8802-8b3f9d0e0eb9"}""", "", FindingCodes.SightingRefs, Error, "$.sighting_of_ref", "" },
        { "sighting", """{"observed_data_refs":["indicator--8519a9b8-859a-422b-a091-725567948417"]}""", "", FindingCodes.SightingRefs, Error, "$.observed_data_refs[0]", "" },
        { "sighting", """{"where_sighted_refs":["identity--f431f809-377b-45e0-aa1c-6a4751cae5ff","malware--fd319fec-efbc-4680-9bd1-a94f56ff72b6"]}""", "", FindingCodes.SightingRefs, Error, "$.where_sighted_refs[1]", "" },
        { "sighting", """{"summary":"yes"}""", "", FindingCodes.PropertyType, Error, "$.summary", "" },
    };

    public static TheoryData<string, string> DomainAndRelationshipValidRows => new()
    {
        { "indicator", """{"valid_until":"2024-01-01T00:00:00.001Z","indicator_types":["malicious-activity"],"pattern_type":"yara"}""" },
        { "indicator", """{"kill_chain_phases":[{"kill_chain_name":"lockheed-martin-cyber-kill-chain","phase_name":"reconnaissance"}]}""" },
        { "malware", """{"is_family":true,"name":"Manuscrypt","malware_types":["backdoor","remote-access-trojan"],"first_seen":"2024-01-01T00:00:00Z","last_seen":"2024-01-01T00:00:00Z"}""" },
        { "malware", """{"sample_refs":["file--949eb97a-da1e-5292-8959-03c4249dc9f3","artifact--b59b75f8-e97c-5000-8974-e94a4ce78737"],"operating_system_refs":["software--710b0b41-d4d0-5d6c-a400-fc9254554ffc"]}""" },
        { "malware-analysis", """{"analysis_sco_refs":["file--949eb97a-da1e-5292-8959-03c4249dc9f3"]}""" },
        { "observed-data", """{"number_observed":999999999,"last_observed":"2024-01-01T00:00:00Z"}""" },
        { "observed-data", """{"object_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7","relationship--4edde340-3c1f-4d19-8802-8b3f9d0e0eb9"]}""" },
        { "opinion", """{"opinion":"strongly-disagree","explanation":"False positive."}""" },
        { "report", """{"object_refs":["indicator--8519a9b8-859a-422b-a091-725567948417","relationship--4edde340-3c1f-4d19-8802-8b3f9d0e0eb9","x-mitre-tactic--4ca45d45-df4d-4613-8980-bac22d278fa5"],"report_types":["threat-report"]}""" },
        { "location", """{"latitude":-90,"longitude":180,"precision":10.5,"region":"eastern-asia"}""" },
        { "identity", """{"identity_class":"organization","sectors":["government-national","legal"]}""" },
        { "threat-actor", """{"threat_actor_types":["nation-state","private-sector"],"sophistication":"strategic"}""" },
        { "relationship", """{"relationship_type":"resolves-to","source_ref":"domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7","target_ref":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"}""" },
        { "relationship", """{"relationship_type":"duplicate-of","source_ref":"malware--fd319fec-efbc-4680-9bd1-a94f56ff72b6","target_ref":"malware--8519a9b8-859a-422b-a091-725567948417"}""" },
        { "relationship", """{"start_time":"2024-01-01T00:00:00Z","stop_time":"2024-01-01T00:00:00.001Z"}""" },
        { "relationship", """{"relationship_type":"uses","target_ref":"x-mitre-tactic--4ca45d45-df4d-4613-8980-bac22d278fa5"}""" },
        { "sighting", """{"count":0,"summary":true,"observed_data_refs":["observed-data--0dc3665b-b4d5-4937-98c2-fc85d1a8b688"],"where_sighted_refs":["identity--f431f809-377b-45e0-aa1c-6a4751cae5ff","location--1c1839bc-a460-4911-8249-cb5f0285fec6"]}""" },
        { "sighting", """{"count":999999999,"first_seen":"2024-01-01T00:00:00Z","last_seen":"2024-01-01T00:00:00Z"}""" },
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> MetaRows => new()
    {
        // marking-definition
        { "marking-definition", "", "definition_type,definition", FindingCodes.MarkingDefinition, Error, "$.definition_type", "" },
        { "marking-definition", "", "definition", FindingCodes.MarkingDefinition, Error, "$.definition", "" },
        { "marking-definition", """{"definition":{"text":"Copyright"}}""", "", FindingCodes.MarkingDefinition, Error, "$.definition", "" },
        { "marking-definition", """{"definition_type":"tlp","definition":{"tlp":"green"},"name":"TLP:GREEN"}""", "", FindingCodes.MarkingDefinition, Error, "$.id", "" },
        { "marking-definition", """{"modified":"2024-01-01T00:00:00.000Z"}""", "", FindingCodes.MarkingDefinition, Error, "$.modified", FindingCodes.CustomPrefix },
        // extension-definition
        { "extension-definition", """{"extension_properties":["rank"]}""", "", FindingCodes.ExtensionDefinition, Error, "$.extension_properties", "" },
        { "extension-definition", """{"extension_types":"property-extension"}""", "", FindingCodes.ExtensionDefinition, Error, "$.extension_types", "" },
        // language-content
        { "language-content", """{"object_ref":"bundle--8519a9b8-859a-422b-a091-725567948417"}""", "", FindingCodes.LanguageContent, Error, "$.object_ref", "" },
        { "language-content", """{"object_ref":"language-content--8519a9b8-859a-422b-a091-725567948417"}""", "", FindingCodes.LanguageContent, Error, "$.object_ref", "" },
        { "language-content", """{"contents":{"ko-abcdefghi":{"name":"x"}}}""", "", FindingCodes.LanguageContent, Error, "$.contents.ko-abcdefghi", "" },
        { "language-content", """{"contents":{"k":{"name":"x"}}}""", "", FindingCodes.LanguageContent, Error, "$.contents.k", "" },
        { "language-content", """{"contents":{"ko":"x"}}""", "", FindingCodes.LanguageContent, Error, "$.contents.ko", "" },
        { "language-content", """{"object_modified":"2024-01-01"}""", "", FindingCodes.Timestamp, Error, "$.object_modified", "" },
        // extensions on any object
        { "indicator", """{"extensions":{"extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4":{"rank":5}}}""", "", FindingCodes.Extensions, Error, "$.extensions.extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4", "" },
        { "indicator", """{"extensions":{"extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4":{"extension_type":"property-ext","rank":5}}}""", "", FindingCodes.Enum, Error, "$.extensions.extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4.extension_type", "" },
        { "indicator", """{"extensions":{"extension-definition--not-a-uuid":{"extension_type":"property-extension","rank":5}}}""", "", FindingCodes.Extensions, Error, "$.extensions.extension-definition--not-a-uuid", "" },
        { "indicator", """{"extensions":{"extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4":"rank"}}""", "", FindingCodes.Extensions, Error, "$.extensions.extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4", "" },
        { "indicator", """{"extensions":["property-extension"]}""", "", FindingCodes.Extensions, Error, "$.extensions", "" },
        { "indicator", """{"extensions":{"korus-rank":{"rank":5}}}""", "", FindingCodes.Extensions, Warning, "$.extensions.korus-rank", "" },
        { "indicator", """{"extensions":{"tcp-ext":{"src_flags_hex":"02"}}}""", "", FindingCodes.Extensions, Error, "$.extensions.tcp-ext", "" },
        { "mutex", """{"id":"mutex--f93fe911-e545-5239-b9b0-597840d0c871","extensions":{"archive-ext":{"contains_refs":["file--949eb97a-da1e-5292-8959-03c4249dc9f3"]}}}""", "", FindingCodes.Extensions, Error, "$.extensions.archive-ext", "" },
        { "indicator", """{"extensions":{"extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4":{}}}""", "", FindingCodes.Extensions, Error, "$.extensions.extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4", FindingCodes.Empty },
    };

    public static TheoryData<string, string> MetaValidRows => new()
    {
        { "marking-definition", """{"name":"Distribution statement"}""" },
        // TLP 2.0 markings are extension-based: no definition_type or definition
        { "marking-definition", """{"id":"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487","created":"2022-10-01T00:00:00.000Z","name":"TLP:CLEAR","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":{"extension_type":"property-extension","tlp_2_0":"clear"}}}""" },
        { "extension-definition", """{"extension_types":["toplevel-property-extension"],"extension_properties":["rank","toxicity"]}""" },
        { "extension-definition", """{"extension_types":["new-sdo","new-sco","new-sro","property-extension","toplevel-property-extension"]}""" },
        { "language-content", """{"contents":{"ko":{"name":"드림 잡 작전"},"zh-Hans":{"name":"梦想工作行动"}}}""" },
        // a toplevel-property-extension makes unprefixed top-level properties legitimate
        { "indicator", """{"rank":5,"extensions":{"extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4":{"extension_type":"toplevel-property-extension"}}}""" },
        { "indicator", """{"extensions":{"extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4":{"extension_type":"property-extension","rank":5}}}""" },
        // a 2.0-style custom extension key is allowed
        { "indicator", """{"extensions":{"x-korus-ext":{"rank":5}}}""" },
    };

    [Theory]
    [MemberData(nameof(RequiredRows))]
    [MemberData(nameof(DomainRuleRows))]
    [MemberData(nameof(VocabularyRows))]
    [MemberData(nameof(RelationshipRows))]
    [MemberData(nameof(MetaRows))]
    public void Invalid_object_gives_the_rule_finding(string type, string set, string remove, string code, FindingSeverity severity, string path, string also)
    {
        ValidationAssert.Finding(ObjectEdit.Apply(MinimalObjects.Get(type), set, remove), code, severity, path, also);
    }

    [Theory]
    [MemberData(nameof(DomainAndRelationshipValidRows))]
    [MemberData(nameof(MetaValidRows))]
    public void Valid_variant_gives_no_finding(string type, string set)
    {
        ValidationAssert.Clean(ObjectEdit.Apply(MinimalObjects.Get(type), set));
    }

    [Fact]
    public void Observed_data_with_both_objects_and_object_refs_is_rejected_and_objects_is_deprecated()
    {
        var json = ObjectEdit.Apply(MinimalObjects.Get("observed-data"), """{"objects":{"0":{"type":"ipv4-addr","value":"198.51.100.3"}}}""");

        var (valid, findings) = ValidationAssert.Run(json);

        Assert.False(valid);
        Assert.Equal(
            [(FindingCodes.ObservedDataExclusive, Error, "$.objects"), (FindingCodes.ObservedDataExclusive, Warning, "$.objects")],
            findings.Select(f => (f.Code, f.Severity, f.Path)).OrderByDescending(f => f.Severity).ToArray());
        Assert.All(findings, f => Assert.Equal(MinimalObjects.ObservedDataId, f.ObjectId));
    }

    [Fact]
    public void Observed_data_with_only_the_deprecated_objects_is_valid_with_a_warning()
    {
        var json = ObjectEdit.Apply(MinimalObjects.Get("observed-data"), """{"objects":{"0":{"type":"ipv4-addr","value":"198.51.100.3"},"1":{"type":"domain-name","value":"example.com","resolves_to_refs":["0"]}}}""", "object_refs");

        var finding = ValidationAssert.Finding(json, FindingCodes.ObservedDataExclusive, Warning, "$.objects");

        Assert.Contains("deprecated", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Observed_data_object_refs_to_a_domain_object_is_rejected_twice_over()
    {
        // Given object_refs holding only an SDO: the ref is of the wrong kind, and no SCO is left
        var json = ObjectEdit.Apply(MinimalObjects.Get("observed-data"), """{"object_refs":["indicator--8519a9b8-859a-422b-a091-725567948417"]}""");

        var (valid, findings) = ValidationAssert.Run(json);

        Assert.False(valid);
        Assert.Equal(
            [(FindingCodes.ObservedDataRefs, "$.object_refs"), (FindingCodes.ObservedDataRefs, "$.object_refs[0]")],
            findings.Select(f => (f.Code, f.Path)).Order().ToArray());
        Assert.All(findings, f => Assert.Equal(Error, f.Severity));
    }

    [Theory]
    [InlineData("white")]
    [InlineData("green")]
    [InlineData("amber")]
    [InlineData("red")]
    public void The_four_TLP_1_0_markings_are_valid_as_defined(string level)
    {
        ValidationAssert.Clean(MinimalObjects.Tlp1[level]);
    }

    public static TheoryData<string, string, string, string> TlpDeviations => new()
    {
        { "green", """{"name":"TLP:Green"}""", "", "$" },
        { "green", """{"created":"2017-01-20T00:00:00.001Z"}""", "", "$" },
        { "amber", """{"definition":{"tlp":"red"}}""", "", "$" },
        { "red", """{"definition":{"tlp":"red","note":"x"}}""", "", "$" },
        { "white", """{"definition_type":"statement","definition":{"statement":"anyone"}}""", "", "$" },
        { "white", "", "name", "$" },
    };

    [Theory]
    [MemberData(nameof(TlpDeviations))]
    public void A_TLP_1_0_id_must_carry_exactly_the_canonical_marking(string level, string set, string remove, string path)
    {
        var finding = ValidationAssert.Finding(ObjectEdit.Apply(MinimalObjects.Tlp1[level], set, remove), FindingCodes.MarkingDefinition, Error, path);

        Assert.Contains("TLP:" + level.ToUpperInvariant(), finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_may_reference_the_TLP_1_0_ids_without_carrying_them()
    {
        var json = ObjectEdit.Apply(MinimalObjects.Get("indicator"), $$"""
            {"object_marking_refs":["{{MinimalObjects.TlpWhiteId}}","{{MinimalObjects.TlpGreenId}}","{{MinimalObjects.TlpAmberId}}","{{MinimalObjects.TlpRedId}}"]}
            """);

        ValidationAssert.Clean(json);
    }
}
