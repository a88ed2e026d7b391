namespace Korus.Stix.Tests.Validation;

/// <summary>
/// One minimal valid object for every STIX 2.1 type: each has its required properties and nothing that
/// draws a warning. SCO ids are the deterministic UUIDv5 ids, computed independently with Python's
/// uuid.uuid5 over the canonical JSON of the ID-contributing properties.
/// </summary>
internal static class MinimalObjects
{
    public const string IdentityId = "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff";
    public const string IndicatorId = "indicator--8519a9b8-859a-422b-a091-725567948417";
    public const string MalwareId = "malware--fd319fec-efbc-4680-9bd1-a94f56ff72b6";
    public const string LocationId = "location--1c1839bc-a460-4911-8249-cb5f0285fec6";
    public const string ObservedDataId = "observed-data--0dc3665b-b4d5-4937-98c2-fc85d1a8b688";
    public const string RelationshipId = "relationship--4edde340-3c1f-4d19-8802-8b3f9d0e0eb9";
    public const string StatementMarkingId = "marking-definition--bc442ec8-022a-4d7e-9e24-cafb385aa9b9";
    public const string ExtensionDefinitionId = "extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4";
    public const string Ipv4Id = "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4";
    public const string FileId = "file--949eb97a-da1e-5292-8959-03c4249dc9f3";
    public const string ArtifactId = "artifact--b59b75f8-e97c-5000-8974-e94a4ce78737";
    public const string EmailAddrId = "email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934";
    public const string MacAddrId = "mac-addr--757b1725-9903-54f5-a855-1240691d7659";
    public const string DirectoryId = "directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622";
    public const string AutonomousSystemId = "autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff";
    public const string UserAccountId = "user-account--f94d689e-707d-58c3-b803-c720bb6ed096";

    public const string TlpWhiteId = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
    public const string TlpGreenId = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    public const string TlpAmberId = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";
    public const string TlpRedId = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";

    /// <summary>Domain objects (the 18 of STIX 2.1 plus the incident stub).</summary>
    public static readonly IReadOnlyDictionary<string, string> Domain = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["attack-pattern"] = """
            {"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--d5f49a76-897a-4202-87fc-8c00cf59d090",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Spearphishing Attachment"}
            """,
        ["campaign"] = """
            {"type":"campaign","spec_version":"2.1","id":"campaign--23adaa7d-5ef7-4f19-a793-2bb3f77a16e4",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Operation Dream Job"}
            """,
        ["course-of-action"] = """
            {"type":"course-of-action","spec_version":"2.1","id":"course-of-action--41dc9340-a01e-4a53-8ca2-fbc0fc2a5e21",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Block macro execution"}
            """,
        ["grouping"] = """
            {"type":"grouping","spec_version":"2.1","id":"grouping--82f8ac36-89c1-4dec-8d46-17ae49baa3e0",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Suspicious logins",
             "context":"suspicious-activity","object_refs":["indicator--8519a9b8-859a-422b-a091-725567948417"]}
            """,
        ["identity"] = """
            {"type":"identity","spec_version":"2.1","id":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Korus CERT"}
            """,
        ["incident"] = """
            {"type":"incident","spec_version":"2.1","id":"incident--e6fe2c66-b5fc-44b4-9d7c-a6a1628c182f",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Mail server compromise"}
            """,
        ["indicator"] = """
            {"type":"indicator","spec_version":"2.1","id":"indicator--8519a9b8-859a-422b-a091-725567948417",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",
             "pattern":"[ipv4-addr:value = '198.51.100.3']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}
            """,
        ["infrastructure"] = """
            {"type":"infrastructure","spec_version":"2.1","id":"infrastructure--e48a95ed-7bd4-481c-8c1d-4da842e11f75",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"C2 relay"}
            """,
        ["intrusion-set"] = """
            {"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--7b17b676-04bb-44f6-a818-7da50a342bd2",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Lazarus Group"}
            """,
        ["location"] = """
            {"type":"location","spec_version":"2.1","id":"location--1c1839bc-a460-4911-8249-cb5f0285fec6",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","country":"KR"}
            """,
        ["malware"] = """
            {"type":"malware","spec_version":"2.1","id":"malware--fd319fec-efbc-4680-9bd1-a94f56ff72b6",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","is_family":false}
            """,
        ["malware-analysis"] = """
            {"type":"malware-analysis","spec_version":"2.1","id":"malware-analysis--0d8c49e9-7e97-45bd-980d-ca95055a7b8a",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","product":"anonymized","result":"malicious"}
            """,
        ["note"] = """
            {"type":"note","spec_version":"2.1","id":"note--adc04e56-f87b-4fb7-9ad3-9cec9a06ef6f",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",
             "content":"Seen again this week.","object_refs":["indicator--8519a9b8-859a-422b-a091-725567948417"]}
            """,
        ["observed-data"] = """
            {"type":"observed-data","spec_version":"2.1","id":"observed-data--0dc3665b-b4d5-4937-98c2-fc85d1a8b688",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",
             "first_observed":"2024-01-01T00:00:00Z","last_observed":"2024-01-01T01:00:00Z","number_observed":1,
             "object_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"]}
            """,
        ["opinion"] = """
            {"type":"opinion","spec_version":"2.1","id":"opinion--3c243993-ea15-489c-b7c4-f2ef60fbc818",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",
             "opinion":"agree","object_refs":["indicator--8519a9b8-859a-422b-a091-725567948417"]}
            """,
        ["report"] = """
            {"type":"report","spec_version":"2.1","id":"report--89368de0-3f54-448f-98e8-e0114208452b",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Weekly digest",
             "published":"2024-01-02T00:00:00Z","object_refs":["indicator--8519a9b8-859a-422b-a091-725567948417"]}
            """,
        ["threat-actor"] = """
            {"type":"threat-actor","spec_version":"2.1","id":"threat-actor--38a63507-0626-4448-aeb7-f41a4376a3e5",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Evil Org"}
            """,
        ["tool"] = """
            {"type":"tool","spec_version":"2.1","id":"tool--48216bec-d818-4ddd-a81b-289cbc3a7a80",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"Mimikatz"}
            """,
        ["vulnerability"] = """
            {"type":"vulnerability","spec_version":"2.1","id":"vulnerability--030b3cc5-9cae-46b9-8e49-c749e3be60b3",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"CVE-2021-44228"}
            """,
    };

    /// <summary>The two relationship objects.</summary>
    public static readonly IReadOnlyDictionary<string, string> Relationship = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["relationship"] = """
            {"type":"relationship","spec_version":"2.1","id":"relationship--4edde340-3c1f-4d19-8802-8b3f9d0e0eb9",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","relationship_type":"indicates",
             "source_ref":"indicator--8519a9b8-859a-422b-a091-725567948417","target_ref":"malware--fd319fec-efbc-4680-9bd1-a94f56ff72b6"}
            """,
        ["sighting"] = """
            {"type":"sighting","spec_version":"2.1","id":"sighting--6e004e2c-df1e-4f2f-a338-ce56616f79d3",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",
             "sighting_of_ref":"indicator--8519a9b8-859a-422b-a091-725567948417"}
            """,
    };

    /// <summary>The three meta objects.</summary>
    public static readonly IReadOnlyDictionary<string, string> Meta = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["language-content"] = """
            {"type":"language-content","spec_version":"2.1","id":"language-content--0e2729ac-06de-4266-a862-38dc677ba1f9",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",
             "object_ref":"campaign--23adaa7d-5ef7-4f19-a793-2bb3f77a16e4","object_modified":"2024-01-01T00:00:00.000Z",
             "contents":{"ko":{"name":"드림 잡 작전"}}}
            """,
        ["marking-definition"] = """
            {"type":"marking-definition","spec_version":"2.1","id":"marking-definition--bc442ec8-022a-4d7e-9e24-cafb385aa9b9",
             "created":"2024-01-01T00:00:00.000Z","definition_type":"statement","definition":{"statement":"Copyright 2024 Korus"}}
            """,
        ["extension-definition"] = """
            {"type":"extension-definition","spec_version":"2.1","id":"extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff",
             "name":"Korus rank","schema":"https://example.com/korus-rank.json","version":"1.0.0","extension_types":["property-extension"]}
            """,
    };

    /// <summary>The 18 cyber-observable objects, with deterministic ids (process: UUIDv4).</summary>
    public static readonly IReadOnlyDictionary<string, string> Observable = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["artifact"] = """
            {"type":"artifact","spec_version":"2.1","id":"artifact--b59b75f8-e97c-5000-8974-e94a4ce78737","mime_type":"text/plain","payload_bin":"aGVsbG8gd29ybGQ="}
            """,
        ["autonomous-system"] = """
            {"type":"autonomous-system","spec_version":"2.1","id":"autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff","number":15139}
            """,
        ["directory"] = """
            {"type":"directory","spec_version":"2.1","id":"directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622","path":"C:\\Windows\\System32"}
            """,
        ["domain-name"] = """
            {"type":"domain-name","spec_version":"2.1","id":"domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7","value":"example.com"}
            """,
        ["email-addr"] = """
            {"type":"email-addr","spec_version":"2.1","id":"email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934","value":"john@example.com"}
            """,
        ["email-message"] = """
            {"type":"email-message","spec_version":"2.1","id":"email-message--43c8ff95-e715-53d9-aaf6-06848277b7a0",
             "is_multipart":false,"subject":"Quarterly report","body":"See attached."}
            """,
        ["file"] = """
            {"type":"file","spec_version":"2.1","id":"file--949eb97a-da1e-5292-8959-03c4249dc9f3",
             "hashes":{"SHA-256":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db"},"name":"foo.dll"}
            """,
        ["ipv4-addr"] = """
            {"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","value":"198.51.100.3"}
            """,
        ["ipv6-addr"] = """
            {"type":"ipv6-addr","spec_version":"2.1","id":"ipv6-addr--85a85a8c-ee99-5722-946d-3c3a3270fc6f","value":"2001:0db8:85a3:0000:0000:8a2e:0370:7334"}
            """,
        ["mac-addr"] = """
            {"type":"mac-addr","spec_version":"2.1","id":"mac-addr--757b1725-9903-54f5-a855-1240691d7659","value":"d2:fb:49:24:37:18"}
            """,
        ["mutex"] = """
            {"type":"mutex","spec_version":"2.1","id":"mutex--f93fe911-e545-5239-b9b0-597840d0c871","name":"__CLEANSWEEP__"}
            """,
        ["network-traffic"] = """
            {"type":"network-traffic","spec_version":"2.1","id":"network-traffic--21fb682d-8acd-5691-b4d4-101141ec8c81",
             "src_ref":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","dst_port":443,"protocols":["ipv4","tcp"]}
            """,
        ["process"] = """
            {"type":"process","spec_version":"2.1","id":"process--4c3970e2-f20e-4492-bdac-413539c829e7","pid":1234}
            """,
        ["software"] = """
            {"type":"software","spec_version":"2.1","id":"software--710b0b41-d4d0-5d6c-a400-fc9254554ffc",
             "name":"Word","cpe":"cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*","vendor":"Microsoft","version":"2002"}
            """,
        ["url"] = """
            {"type":"url","spec_version":"2.1","id":"url--47c3cf9a-5027-5bf0-997a-017c7edc7c55","value":"https://example.com/research/index.html"}
            """,
        ["user-account"] = """
            {"type":"user-account","spec_version":"2.1","id":"user-account--f94d689e-707d-58c3-b803-c720bb6ed096",
             "user_id":"1001","account_login":"jdoe","account_type":"unix"}
            """,
        ["windows-registry-key"] = """
            {"type":"windows-registry-key","spec_version":"2.1","id":"windows-registry-key--1884b770-b679-522a-a9c7-45fadaaec7bb",
             "key":"HKEY_LOCAL_MACHINE\\System\\Foo\\Bar"}
            """,
        ["x509-certificate"] = """
            {"type":"x509-certificate","spec_version":"2.1","id":"x509-certificate--bf86f034-2390-54d7-8426-d08433db3fbe",
             "serial_number":"36:f7:d4:32:f4:ab:70:ea:d3:ce:98:6e:ea:99:93:49:32:0a:b7:06"}
            """,
    };

    /// <summary>The four TLP 1.0 marking definitions exactly as STIX 2.1 defines them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tlp1 = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["white"] = Tlp(TlpWhiteId, "white"),
        ["green"] = Tlp(TlpGreenId, "green"),
        ["amber"] = Tlp(TlpAmberId, "amber"),
        ["red"] = Tlp(TlpRedId, "red"),
    };

    /// <summary>Every minimal object by type.</summary>
    public static readonly IReadOnlyDictionary<string, string> All =
        Domain.Concat(Relationship).Concat(Meta).Concat(Observable).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public static string Get(string type) => All[type];

    private static string Tlp(string id, string level) => $$$"""
        {"type":"marking-definition","spec_version":"2.1","id":"{{{id}}}","created":"2017-01-20T00:00:00.000Z",
         "name":"TLP:{{{level.ToUpperInvariant()}}}","definition_type":"tlp","definition":{"tlp":"{{{level}}}"}}
        """;
}
