using System.Collections.Frozen;

namespace Korus.Stix.Validation;

/// <summary>
/// The STIX 2.1 types: every SDO, SRO, SCO and meta object with its properties, what each must hold,
/// and which are required. Cross-property rules live in <see cref="TypeRules"/>.
/// </summary>
internal static class TypeCatalog
{
    private static readonly FrozenSet<string> AddressTypes = T("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name");

    public static StixKind KindOf(ReadOnlySpan<char> type) => Lookup.TryGetValue(type, out var spec) ? spec.Kind : StixKind.Unknown;

    /// <summary>The kind of a type given as UTF-8.</summary>
    public static StixKind KindOfUtf8(ReadOnlySpan<byte> type) => TypesUtf8.TryGetValue(type, out _, out var spec) ? spec.Kind : StixKind.Unknown;

    private static FrozenSet<string> T(params string[] types) => types.ToFrozenSet(StringComparer.Ordinal);

    private static PropertySpec P(PropertyKind kind) => new() { Kind = kind };

    private static readonly PropertySpec Str = P(PropertyKind.String);
    private static readonly PropertySpec Ts = P(PropertyKind.Timestamp);
    private static readonly PropertySpec Bool = P(PropertyKind.Boolean);
    private static readonly PropertySpec StrList = P(PropertyKind.StringList);
    private static readonly PropertySpec Dict = P(PropertyKind.Dictionary);
    private static readonly PropertySpec Hashes = new() { Kind = PropertyKind.Hashes, Code = FindingCodes.Hashes };
    private static readonly PropertySpec Kcp = new() { Kind = PropertyKind.KillChainPhases, Code = FindingCodes.KillChainPhase };
    private static readonly PropertySpec NonNegative = new() { Kind = PropertyKind.Integer, Min = 0, Code = FindingCodes.Range };
    private static readonly PropertySpec AnyInt = P(PropertyKind.Integer);
    private static readonly PropertySpec AnyRefs = new() { Kind = PropertyKind.RefList, Target = RefTarget.AnyObject };

    private static PropertySpec Vocab(FrozenSet<string> values, string name) => new() { Kind = PropertyKind.OpenVocab, Values = values, VocabularyName = name, Code = FindingCodes.OpenVocab };

    private static PropertySpec VocabList(FrozenSet<string> values, string name) => new() { Kind = PropertyKind.OpenVocabList, Values = values, VocabularyName = name, Code = FindingCodes.OpenVocab };

    private static PropertySpec Enum(FrozenSet<string> values, string name) => new() { Kind = PropertyKind.Enum, Values = values, VocabularyName = name, Code = FindingCodes.Enum };

    private static PropertySpec Ref(string code, params string[] types) => new() { Kind = PropertyKind.Ref, Target = RefTarget.Types, TargetTypes = T(types), Code = code };

    private static PropertySpec Refs(string code, params string[] types) => new() { Kind = PropertyKind.RefList, Target = RefTarget.Types, TargetTypes = T(types), Code = code };

    private static PropertySpec ScoRef(params string[] types) => Ref(FindingCodes.ScoRefTypes, types);

    private static PropertySpec ScoRefs(params string[] types) => Refs(FindingCodes.ScoRefTypes, types);

    private static PropertySpec Range(double min, double max, PropertyKind kind = PropertyKind.Integer, string code = FindingCodes.Range) => new() { Kind = kind, Min = min, Max = max, Code = code };

    // These come after the property specs above: static fields initialise in textual order.
    public static readonly FrozenDictionary<string, TypeSpec> Types = Build();

    public static readonly FrozenDictionary<string, TypeSpec>.AlternateLookup<ReadOnlySpan<char>> Lookup = Types.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The types by raw UTF-8 name.</summary>
    public static readonly Utf8NameTable<TypeSpec> TypesUtf8 = new(Types);

    /// <summary>The predefined SCO extensions (<c>…-ext</c>): their properties, required ones, and the SCO type they extend.</summary>
    public static readonly FrozenDictionary<string, (string Parent, TypeSpec Spec)> PredefinedExtensions = BuildExtensions();

    /// <summary>The common properties of a custom domain-like object.</summary>
    public static readonly FrozenDictionary<string, PropertySpec> CustomDomain = Common(StixKind.Domain).ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The common properties of a custom observable.</summary>
    public static readonly FrozenDictionary<string, PropertySpec> CustomObservable = Common(StixKind.Observable).ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary><see cref="CustomDomain"/> by raw UTF-8 name.</summary>
    public static readonly Utf8NameTable<PropertySpec> CustomDomainUtf8 = new(CustomDomain);

    /// <summary><see cref="CustomObservable"/> by raw UTF-8 name.</summary>
    public static readonly Utf8NameTable<PropertySpec> CustomObservableUtf8 = new(CustomObservable);

    /// <summary>Every property name the catalog knows, to reuse as path text without allocating.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> PropertyNames =
        Types.Values.SelectMany(t => t.Properties.Keys).Concat(CustomDomain.Keys).Concat(CustomObservable.Keys)
            .ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();


    private static Dictionary<string, PropertySpec> Common(StixKind kind)
    {
        var common = new Dictionary<string, PropertySpec>(StringComparer.Ordinal)
        {
            ["type"] = Str,
            ["id"] = Str,
            ["spec_version"] = Str,
            ["object_marking_refs"] = new() { Kind = PropertyKind.RefList, Target = RefTarget.Types, TargetTypes = T("marking-definition"), Code = FindingCodes.MarkingRef },
            ["granular_markings"] = new() { Kind = PropertyKind.GranularMarkings, Code = FindingCodes.GranularMarking },
            ["extensions"] = new() { Kind = PropertyKind.Extensions, Code = FindingCodes.Extensions },
        };

        if (kind == StixKind.Observable)
        {
            common["defanged"] = Bool;
            return common;
        }

        common["created"] = Ts;
        common["modified"] = Ts;
        common["created_by_ref"] = Ref(FindingCodes.CreatedByRef, "identity");
        common["revoked"] = Bool;
        common["labels"] = StrList;
        common["confidence"] = Range(0, 100, code: FindingCodes.Confidence);
        common["lang"] = new() { Kind = PropertyKind.Lang, Code = FindingCodes.Lang };
        common["external_references"] = new() { Kind = PropertyKind.ExternalReferences, Code = FindingCodes.ExternalReference };
        return common;
    }

    private static TypeSpec Type(string name, StixKind kind, string[] required, Dictionary<string, PropertySpec> props, Action<ObjectCheck>? rules = null, Dictionary<string, PropertySpec>? common = null)
    {
        var all = common ?? Common(kind);
        foreach (var (key, value) in props)
        {
            all[key] = value;
        }

        return new TypeSpec { Name = name, Kind = kind, Properties = all.ToFrozenDictionary(StringComparer.Ordinal), Required = required, Rules = rules };
    }

    private static TypeSpec Sdo(string name, string[] required, Dictionary<string, PropertySpec> props, Action<ObjectCheck>? rules = null)
    {
        props.TryAdd("description", Str);
        return Type(name, StixKind.Domain, ["created", "modified", .. required], props, rules);
    }

    private static TypeSpec Sco(string name, string[] required, Dictionary<string, PropertySpec> props, Action<ObjectCheck>? rules = null) =>
        Type(name, StixKind.Observable, required, props, rules);

    private static FrozenDictionary<string, TypeSpec> Build()
    {
        var specs = new List<TypeSpec>
        {
            // Domain objects.
            Sdo("attack-pattern", ["name"], new() { ["name"] = Str, ["aliases"] = StrList, ["kill_chain_phases"] = Kcp }),
            Sdo("campaign", ["name"], new() { ["name"] = Str, ["aliases"] = StrList, ["first_seen"] = Ts, ["last_seen"] = Ts, ["objective"] = Str }, TypeRules.LastSeen),
            Sdo("course-of-action", ["name"], new() { ["name"] = Str }),
            Sdo("grouping", ["context", "object_refs"], new() { ["name"] = Str, ["context"] = Vocab(Vocabularies.GroupingContext, "grouping-context-ov"), ["object_refs"] = AnyRefs }, TypeRules.Grouping),
            Sdo("identity", ["name"], new() { ["name"] = Str, ["roles"] = StrList, ["identity_class"] = Vocab(Vocabularies.IdentityClass, "identity-class-ov"), ["sectors"] = VocabList(Vocabularies.IndustrySector, "industry-sector-ov"), ["contact_information"] = Str }),
            Sdo("incident", ["name"], new() { ["name"] = Str }),
            Sdo("indicator", ["pattern", "pattern_type", "valid_from"], new()
            {
                ["name"] = Str, ["indicator_types"] = VocabList(Vocabularies.IndicatorType, "indicator-type-ov"), ["pattern"] = Str,
                ["pattern_type"] = Vocab(Vocabularies.PatternType, "pattern-type-ov"), ["pattern_version"] = Str,
                ["valid_from"] = Ts, ["valid_until"] = Ts, ["kill_chain_phases"] = Kcp,
            }, TypeRules.Indicator),
            Sdo("infrastructure", ["name"], new() { ["name"] = Str, ["infrastructure_types"] = VocabList(Vocabularies.InfrastructureType, "infrastructure-type-ov"), ["aliases"] = StrList, ["kill_chain_phases"] = Kcp, ["first_seen"] = Ts, ["last_seen"] = Ts }, TypeRules.LastSeen),
            Sdo("intrusion-set", ["name"], new()
            {
                ["name"] = Str, ["aliases"] = StrList, ["first_seen"] = Ts, ["last_seen"] = Ts, ["goals"] = StrList,
                ["resource_level"] = Vocab(Vocabularies.AttackResourceLevel, "attack-resource-level-ov"),
                ["primary_motivation"] = Vocab(Vocabularies.AttackMotivation, "attack-motivation-ov"),
                ["secondary_motivations"] = VocabList(Vocabularies.AttackMotivation, "attack-motivation-ov"),
            }, TypeRules.LastSeen),
            Sdo("location", [], new()
            {
                ["name"] = Str, ["latitude"] = Range(-90, 90, PropertyKind.Float, FindingCodes.Location), ["longitude"] = Range(-180, 180, PropertyKind.Float, FindingCodes.Location),
                ["precision"] = Range(0, double.MaxValue, PropertyKind.Float, FindingCodes.Location), ["region"] = Vocab(Vocabularies.Region, "region-ov"), ["country"] = Str,
                ["administrative_area"] = Str, ["city"] = Str, ["street_address"] = Str, ["postal_code"] = Str,
            }, TypeRules.Location),
            Sdo("malware", ["is_family"], new()
            {
                ["name"] = Str, ["malware_types"] = VocabList(Vocabularies.MalwareType, "malware-type-ov"), ["is_family"] = Bool, ["aliases"] = StrList,
                ["kill_chain_phases"] = Kcp, ["first_seen"] = Ts, ["last_seen"] = Ts, ["operating_system_refs"] = Refs(FindingCodes.PropertyType, "software"),
                ["architecture_execution_envs"] = VocabList(Vocabularies.ProcessorArchitecture, "processor-architecture-ov"),
                ["implementation_languages"] = VocabList(Vocabularies.ImplementationLanguage, "implementation-language-ov"),
                ["capabilities"] = VocabList(Vocabularies.MalwareCapabilities, "malware-capabilities-ov"), ["sample_refs"] = Refs(FindingCodes.PropertyType, "file", "artifact"),
            }, TypeRules.Malware),
            Sdo("malware-analysis", ["product"], new()
            {
                ["product"] = Str, ["version"] = Str, ["host_vm_ref"] = Ref(FindingCodes.PropertyType, "software"), ["operating_system_ref"] = Ref(FindingCodes.PropertyType, "software"),
                ["installed_software_refs"] = Refs(FindingCodes.PropertyType, "software"), ["configuration_version"] = Str, ["modules"] = StrList,
                ["analysis_engine_version"] = Str, ["analysis_definition_version"] = Str, ["submitted"] = Ts, ["analysis_started"] = Ts, ["analysis_ended"] = Ts,
                ["result_name"] = Str, ["result"] = Vocab(Vocabularies.MalwareResult, "malware-result-ov"),
                ["analysis_sco_refs"] = new() { Kind = PropertyKind.RefList, Target = RefTarget.Observable }, ["sample_ref"] = Ref(FindingCodes.PropertyType, "file", "artifact", "network-traffic"),
            }, TypeRules.MalwareAnalysis),
            Sdo("note", ["content", "object_refs"], new() { ["abstract"] = Str, ["content"] = Str, ["authors"] = StrList, ["object_refs"] = AnyRefs }),
            Sdo("observed-data", ["first_observed", "last_observed", "number_observed"], new()
            {
                ["first_observed"] = Ts, ["last_observed"] = Ts, ["number_observed"] = Range(1, 999_999_999, code: FindingCodes.ObservedDataCount),
                ["objects"] = Dict, ["object_refs"] = new() { Kind = PropertyKind.RefList, Target = RefTarget.ObservableOrRelationship, Code = FindingCodes.ObservedDataRefs },
            }, TypeRules.ObservedData),
            Sdo("opinion", ["opinion", "object_refs"], new() { ["explanation"] = Str, ["authors"] = StrList, ["opinion"] = new() { Kind = PropertyKind.Enum, Values = Vocabularies.OpinionEnum, VocabularyName = "opinion-enum", Code = FindingCodes.Opinion }, ["object_refs"] = AnyRefs }),
            Sdo("report", ["name", "published", "object_refs"], new() { ["name"] = Str, ["report_types"] = VocabList(Vocabularies.ReportType, "report-type-ov"), ["published"] = Ts, ["object_refs"] = new() { Kind = PropertyKind.RefList, Code = FindingCodes.Report } }),
            Sdo("threat-actor", ["name"], new()
            {
                ["name"] = Str, ["threat_actor_types"] = VocabList(Vocabularies.ThreatActorType, "threat-actor-type-ov"), ["aliases"] = StrList, ["first_seen"] = Ts, ["last_seen"] = Ts,
                ["roles"] = VocabList(Vocabularies.ThreatActorRole, "threat-actor-role-ov"), ["goals"] = StrList,
                ["sophistication"] = Vocab(Vocabularies.ThreatActorSophistication, "threat-actor-sophistication-ov"),
                ["resource_level"] = Vocab(Vocabularies.AttackResourceLevel, "attack-resource-level-ov"),
                ["primary_motivation"] = Vocab(Vocabularies.AttackMotivation, "attack-motivation-ov"),
                ["secondary_motivations"] = VocabList(Vocabularies.AttackMotivation, "attack-motivation-ov"),
                ["personal_motivations"] = VocabList(Vocabularies.AttackMotivation, "attack-motivation-ov"),
            }, TypeRules.LastSeen),
            Sdo("tool", ["name"], new() { ["name"] = Str, ["tool_types"] = VocabList(Vocabularies.ToolType, "tool-type-ov"), ["aliases"] = StrList, ["kill_chain_phases"] = Kcp, ["tool_version"] = Str }),
            Sdo("vulnerability", ["name"], new() { ["name"] = Str }),

            // Relationship objects.
            Type("relationship", StixKind.Relationship, ["created", "modified", "relationship_type", "source_ref", "target_ref"], new()
            {
                ["relationship_type"] = Str, ["description"] = Str,
                ["source_ref"] = new() { Kind = PropertyKind.Ref, Target = RefTarget.DomainOrObservable, Code = FindingCodes.RelationshipRefs },
                ["target_ref"] = new() { Kind = PropertyKind.Ref, Target = RefTarget.DomainOrObservable, Code = FindingCodes.RelationshipRefs },
                ["start_time"] = Ts, ["stop_time"] = Ts,
            }, TypeRules.Relationship),
            Type("sighting", StixKind.Relationship, ["created", "modified", "sighting_of_ref"], new()
            {
                ["description"] = Str, ["first_seen"] = Ts, ["last_seen"] = Ts, ["count"] = Range(0, 999_999_999, code: FindingCodes.SightingCount),
                ["sighting_of_ref"] = new() { Kind = PropertyKind.Ref, Target = RefTarget.DomainObject, Code = FindingCodes.SightingRefs },
                ["observed_data_refs"] = Refs(FindingCodes.SightingRefs, "observed-data"), ["where_sighted_refs"] = Refs(FindingCodes.SightingRefs, "identity", "location"),
                ["summary"] = Bool,
            }, TypeRules.Sighting),

            // Meta objects.
            Type("marking-definition", StixKind.Meta, ["created"], new()
            {
                ["name"] = Str, ["definition_type"] = Str, ["definition"] = P(PropertyKind.Object),
                ["created"] = Ts, ["created_by_ref"] = Ref(FindingCodes.CreatedByRef, "identity"),
                ["external_references"] = new() { Kind = PropertyKind.ExternalReferences, Code = FindingCodes.ExternalReference },
            }, TypeRules.MarkingDefinition, Common(StixKind.Observable).Without("defanged")),
            Type("extension-definition", StixKind.Meta, ["created", "modified", "created_by_ref", "name", "schema", "version", "extension_types"], new()
            {
                ["name"] = Str, ["description"] = Str, ["schema"] = Str, ["version"] = Str,
                ["extension_types"] = new() { Kind = PropertyKind.EnumList, Values = Vocabularies.ExtensionTypeEnum, VocabularyName = "extension-type-enum", Code = FindingCodes.ExtensionDefinition },
                ["extension_properties"] = StrList,
            }, TypeRules.ExtensionDefinition, Common(StixKind.Domain).Without("confidence", "lang", "extensions")),
            Type("language-content", StixKind.Meta, ["created", "modified", "object_ref", "contents"], new()
            {
                ["object_ref"] = new() { Kind = PropertyKind.Ref, Target = RefTarget.NotBundleOrLanguageContent, Code = FindingCodes.LanguageContent },
                ["object_modified"] = Ts, ["contents"] = P(PropertyKind.Object),
            }, TypeRules.LanguageContent, Common(StixKind.Domain).Without("lang")),

            // Cyber-observable objects.
            Sco("artifact", [], new()
            {
                ["mime_type"] = Str, ["payload_bin"] = P(PropertyKind.Binary), ["url"] = Str, ["hashes"] = Hashes,
                ["encryption_algorithm"] = Enum(Vocabularies.EncryptionAlgorithmEnum, "encryption-algorithm-enum"), ["decryption_key"] = Str,
            }, TypeRules.Artifact),
            Sco("autonomous-system", ["number"], new() { ["number"] = NonNegative, ["name"] = Str, ["rir"] = Str }),
            Sco("directory", ["path"], new() { ["path"] = Str, ["path_enc"] = Str, ["ctime"] = Ts, ["mtime"] = Ts, ["atime"] = Ts, ["contains_refs"] = ScoRefs("file", "directory") }),
            Sco("domain-name", ["value"], new() { ["value"] = Str, ["resolves_to_refs"] = ScoRefs("ipv4-addr", "ipv6-addr", "domain-name") }),
            Sco("email-addr", ["value"], new() { ["value"] = Str, ["display_name"] = Str, ["belongs_to_ref"] = ScoRef("user-account") }),
            Sco("email-message", ["is_multipart"], new()
            {
                ["is_multipart"] = Bool, ["date"] = Ts, ["content_type"] = Str, ["from_ref"] = ScoRef("email-addr"), ["sender_ref"] = ScoRef("email-addr"),
                ["to_refs"] = ScoRefs("email-addr"), ["cc_refs"] = ScoRefs("email-addr"), ["bcc_refs"] = ScoRefs("email-addr"), ["message_id"] = Str,
                ["subject"] = Str, ["received_lines"] = StrList, ["additional_header_fields"] = Dict, ["body"] = Str,
                ["body_multipart"] = P(PropertyKind.ObjectList), ["raw_email_ref"] = ScoRef("artifact"),
            }, TypeRules.EmailMessage),
            Sco("file", [], new()
            {
                ["hashes"] = Hashes, ["size"] = NonNegative, ["name"] = Str, ["name_enc"] = Str, ["magic_number_hex"] = P(PropertyKind.Hex), ["mime_type"] = Str,
                ["ctime"] = Ts, ["mtime"] = Ts, ["atime"] = Ts, ["parent_directory_ref"] = ScoRef("directory"),
                ["contains_refs"] = new() { Kind = PropertyKind.RefList, Target = RefTarget.Observable, Code = FindingCodes.ScoRefTypes }, ["content_ref"] = ScoRef("artifact"),
            }, TypeRules.File),
            Sco("ipv4-addr", ["value"], new() { ["value"] = Str, ["resolves_to_refs"] = ScoRefs("mac-addr"), ["belongs_to_refs"] = ScoRefs("autonomous-system") }, TypeRules.Ipv4),
            Sco("ipv6-addr", ["value"], new() { ["value"] = Str, ["resolves_to_refs"] = ScoRefs("mac-addr"), ["belongs_to_refs"] = ScoRefs("autonomous-system") }, TypeRules.Ipv6),
            Sco("mac-addr", ["value"], new() { ["value"] = Str }, TypeRules.MacAddr),
            Sco("mutex", ["name"], new() { ["name"] = Str }),
            Sco("network-traffic", ["protocols"], new()
            {
                ["start"] = Ts, ["end"] = Ts, ["is_active"] = Bool,
                ["src_ref"] = new() { Kind = PropertyKind.Ref, Target = RefTarget.Types, TargetTypes = AddressTypes, Code = FindingCodes.ScoRefTypes },
                ["dst_ref"] = new() { Kind = PropertyKind.Ref, Target = RefTarget.Types, TargetTypes = AddressTypes, Code = FindingCodes.ScoRefTypes },
                ["src_port"] = Range(0, 65535, code: FindingCodes.NetworkTraffic), ["dst_port"] = Range(0, 65535, code: FindingCodes.NetworkTraffic), ["protocols"] = StrList,
                ["src_byte_count"] = NonNegative, ["dst_byte_count"] = NonNegative, ["src_packets"] = NonNegative, ["dst_packets"] = NonNegative,
                ["ipfix"] = Dict, ["src_payload_ref"] = ScoRef("artifact"), ["dst_payload_ref"] = ScoRef("artifact"),
                ["encapsulates_refs"] = ScoRefs("network-traffic"), ["encapsulated_by_ref"] = ScoRef("network-traffic"),
            }, TypeRules.NetworkTraffic),
            Sco("process", [], new()
            {
                ["is_hidden"] = Bool, ["pid"] = AnyInt, ["created_time"] = Ts, ["cwd"] = Str, ["command_line"] = Str, ["environment_variables"] = Dict,
                ["opened_connection_refs"] = ScoRefs("network-traffic"), ["creator_user_ref"] = ScoRef("user-account"), ["image_ref"] = ScoRef("file"),
                ["parent_ref"] = ScoRef("process"), ["child_refs"] = ScoRefs("process"),
            }, TypeRules.AtLeastOneProperty),
            Sco("software", ["name"], new() { ["name"] = Str, ["cpe"] = Str, ["swid"] = Str, ["languages"] = StrList, ["vendor"] = Str, ["version"] = Str }),
            Sco("url", ["value"], new() { ["value"] = Str }),
            Sco("user-account", [], new()
            {
                ["user_id"] = Str, ["credential"] = Str, ["account_login"] = Str, ["account_type"] = Vocab(Vocabularies.AccountType, "account-type-ov"), ["display_name"] = Str,
                ["is_service_account"] = Bool, ["is_privileged"] = Bool, ["can_escalate_privs"] = Bool, ["is_disabled"] = Bool,
                ["account_created"] = Ts, ["account_expires"] = Ts, ["credential_last_changed"] = Ts, ["account_first_login"] = Ts, ["account_last_login"] = Ts,
            }, TypeRules.AtLeastOneProperty),
            Sco("windows-registry-key", [], new()
            {
                ["key"] = Str, ["values"] = P(PropertyKind.ObjectList), ["modified_time"] = Ts, ["creator_user_ref"] = ScoRef("user-account"), ["number_of_subkeys"] = NonNegative,
            }, TypeRules.WindowsRegistryKey),
            Sco("x509-certificate", [], new()
            {
                ["is_self_signed"] = Bool, ["hashes"] = Hashes, ["version"] = Str, ["serial_number"] = Str, ["signature_algorithm"] = Str, ["issuer"] = Str,
                ["validity_not_before"] = Ts, ["validity_not_after"] = Ts, ["subject"] = Str, ["subject_public_key_algorithm"] = Str,
                ["subject_public_key_modulus"] = Str, ["subject_public_key_exponent"] = NonNegative, ["x509_v3_extensions"] = P(PropertyKind.Object),
            }, TypeRules.AtLeastOneProperty),
        };

        return specs.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);
    }

    private static Dictionary<string, PropertySpec> Without(this Dictionary<string, PropertySpec> props, params string[] names)
    {
        foreach (var name in names)
        {
            props.Remove(name);
        }

        return props;
    }

    private static FrozenDictionary<string, (string Parent, TypeSpec Spec)> BuildExtensions()
    {
        static (string, TypeSpec) Ext(string parent, string name, string[] required, Dictionary<string, PropertySpec> props) =>
            (parent, new TypeSpec { Name = name, Kind = StixKind.Observable, Properties = props.ToFrozenDictionary(StringComparer.Ordinal), Required = required });

        var list = new Dictionary<string, (string, TypeSpec)>(StringComparer.Ordinal)
        {
            ["archive-ext"] = Ext("file", "archive-ext", ["contains_refs"], new() { ["contains_refs"] = new() { Kind = PropertyKind.RefList, Target = RefTarget.Types, TargetTypes = T("file", "directory"), Code = FindingCodes.ScoRefTypes }, ["comment"] = Str }),
            ["ntfs-ext"] = Ext("file", "ntfs-ext", [], new() { ["sid"] = Str, ["alternate_data_streams"] = P(PropertyKind.ObjectList) }),
            ["pdf-ext"] = Ext("file", "pdf-ext", [], new() { ["version"] = Str, ["is_optimized"] = Bool, ["document_info_dict"] = Dict, ["pdfid0"] = Str, ["pdfid1"] = Str }),
            ["raster-image-ext"] = Ext("file", "raster-image-ext", [], new() { ["image_height"] = AnyInt, ["image_width"] = AnyInt, ["bits_per_pixel"] = AnyInt, ["exif_tags"] = Dict }),
            ["windows-pebinary-ext"] = Ext("file", "windows-pebinary-ext", ["pe_type"], new()
            {
                ["pe_type"] = Enum(Vocabularies.WindowsPeBinaryTypeEnum, "windows-pebinary-type-ov"), ["imphash"] = Str, ["machine_hex"] = P(PropertyKind.Hex),
                ["number_of_sections"] = NonNegative, ["time_date_stamp"] = Ts, ["pointer_to_symbol_table_hex"] = P(PropertyKind.Hex), ["number_of_symbols"] = NonNegative,
                ["size_of_optional_header"] = NonNegative, ["characteristics_hex"] = P(PropertyKind.Hex), ["file_header_hashes"] = Hashes,
                ["optional_header"] = P(PropertyKind.Object), ["sections"] = P(PropertyKind.ObjectList),
            }),
            ["http-request-ext"] = Ext("network-traffic", "http-request-ext", ["request_method", "request_value"], new()
            {
                ["request_method"] = Str, ["request_value"] = Str, ["request_version"] = Str, ["request_header"] = Dict,
                ["message_body_length"] = NonNegative, ["message_body_data_ref"] = ScoRef("artifact"),
            }),
            ["icmp-ext"] = Ext("network-traffic", "icmp-ext", ["icmp_type_hex", "icmp_code_hex"], new() { ["icmp_type_hex"] = P(PropertyKind.Hex), ["icmp_code_hex"] = P(PropertyKind.Hex) }),
            ["socket-ext"] = Ext("network-traffic", "socket-ext", ["address_family"], new()
            {
                ["address_family"] = Enum(Vocabularies.NetworkSocketAddressFamilyEnum, "network-socket-address-family-enum"), ["is_blocking"] = Bool, ["is_listening"] = Bool,
                ["options"] = Dict, ["socket_type"] = Enum(Vocabularies.NetworkSocketTypeEnum, "network-socket-type-enum"), ["socket_descriptor"] = NonNegative, ["socket_handle"] = AnyInt,
            }),
            ["tcp-ext"] = Ext("network-traffic", "tcp-ext", [], new() { ["src_flags_hex"] = P(PropertyKind.Hex), ["dst_flags_hex"] = P(PropertyKind.Hex) }),
            ["windows-process-ext"] = Ext("process", "windows-process-ext", [], new()
            {
                ["aslr_enabled"] = Bool, ["dep_enabled"] = Bool, ["priority"] = Str, ["owner_sid"] = Str, ["window_title"] = Str, ["startup_info"] = Dict,
                ["integrity_level"] = Enum(Vocabularies.WindowsIntegrityLevelEnum, "windows-integrity-level-enum"),
            }),
            ["windows-service-ext"] = Ext("process", "windows-service-ext", [], new()
            {
                ["service_name"] = Str, ["descriptions"] = StrList, ["display_name"] = Str, ["group_name"] = Str,
                ["start_type"] = Enum(Vocabularies.WindowsServiceStartTypeEnum, "windows-service-start-type-enum"), ["service_dll_refs"] = ScoRefs("file"),
                ["service_type"] = Enum(Vocabularies.WindowsServiceTypeEnum, "windows-service-type-enum"), ["service_status"] = Enum(Vocabularies.WindowsServiceStatusEnum, "windows-service-status-enum"),
            }),
            ["unix-account-ext"] = Ext("user-account", "unix-account-ext", [], new() { ["gid"] = AnyInt, ["groups"] = StrList, ["home_dir"] = Str, ["shell"] = Str }),
        };

        return list.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
