using Korus.Stix.Validation;
using Xunit;
using static Korus.Stix.FindingSeverity;

namespace Korus.Stix.Tests.Validation;

/// <summary>
/// The cyber-observable rules: per-type constraints, reference targets, hashes, predefined extensions and
/// identifiers (deterministic UUIDv5, or UUIDv4 where no property contributes).
/// Rows: type, set, remove → code, severity, path, other codes.
/// </summary>
public sealed class ObservableRuleTests
{
    public static TheoryData<string, string, string, string, FindingSeverity, string, string> AddressRows => new()
    {
        // mac-addr: lowercase, colon-separated, zero-padded MAC-48
        { "mac-addr", """{"value":"D2:FB:49:24:37:18"}""", "", FindingCodes.MacAddr, Error, "$.value", "" },
        { "mac-addr", """{"value":"d2-fb-49-24-37-18"}""", "", FindingCodes.MacAddr, Error, "$.value", "" },
        { "mac-addr", """{"value":"d2:fb:49:24:37:8"}""", "", FindingCodes.MacAddr, Error, "$.value", "" },
        { "mac-addr", """{"value":"d2fb.4924.3718"}""", "", FindingCodes.MacAddr, Error, "$.value", "" },
        { "mac-addr", """{"value":"d2:fb:49:24:37:18:00"}""", "", FindingCodes.MacAddr, Error, "$.value", "" },
        // addresses or CIDR blocks of the right family
        { "ipv4-addr", """{"value":"999.1.1.1"}""", "", FindingCodes.PropertyType, Error, "$.value", "" },
        { "ipv4-addr", """{"value":"198.51.100"}""", "", FindingCodes.PropertyType, Error, "$.value", "" },
        { "ipv4-addr", """{"value":"198.51.100.0/33"}""", "", FindingCodes.PropertyType, Error, "$.value", "" },
        { "ipv4-addr", """{"value":"2001:db8::1"}""", "", FindingCodes.PropertyType, Error, "$.value", "" },
        { "ipv6-addr", """{"value":"198.51.100.3"}""", "", FindingCodes.PropertyType, Error, "$.value", "" },
        { "ipv6-addr", """{"value":"2001:db8::/129"}""", "", FindingCodes.PropertyType, Error, "$.value", "" },
        { "ipv4-addr", "", "value", FindingCodes.RequiredProperty, Error, "$.value", "" },
        { "domain-name", "", "value", FindingCodes.RequiredProperty, Error, "$.value", "" },
        { "url", "", "value", FindingCodes.RequiredProperty, Error, "$.value", "" },
        { "email-addr", "", "value", FindingCodes.RequiredProperty, Error, "$.value", "" },
        { "mutex", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "software", "", "name", FindingCodes.RequiredProperty, Error, "$.name", "" },
        { "directory", "", "path", FindingCodes.RequiredProperty, Error, "$.path", "" },
        { "autonomous-system", "", "number", FindingCodes.RequiredProperty, Error, "$.number", "" },
        { "autonomous-system", """{"number":-1}""", "", FindingCodes.Range, Error, "$.number", "" },
        { "autonomous-system", """{"number":"15139"}""", "", FindingCodes.PropertyType, Error, "$.number", "" },
        { "software", """{"languages":"en"}""", "", FindingCodes.PropertyType, Error, "$.languages", "" },
        { "mutex", """{"defanged":"yes"}""", "", FindingCodes.PropertyType, Error, "$.defanged", "" },
        // reference targets
        { "ipv4-addr", """{"resolves_to_refs":["domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7"]}""", "", FindingCodes.ScoRefTypes, Error, "$.resolves_to_refs[0]", "" },
        { "ipv6-addr", """{"belongs_to_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"]}""", "", FindingCodes.ScoRefTypes, Error, "$.belongs_to_refs[0]", "" },
        { "domain-name", """{"resolves_to_refs":["mac-addr--757b1725-9903-54f5-a855-1240691d7659"]}""", "", FindingCodes.ScoRefTypes, Error, "$.resolves_to_refs[0]", "" },
        { "email-addr", """{"belongs_to_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"}""", "", FindingCodes.ScoRefTypes, Error, "$.belongs_to_ref", "" },
        { "directory", """{"contains_refs":["file--949eb97a-da1e-5292-8959-03c4249dc9f3","ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"]}""", "", FindingCodes.ScoRefTypes, Error, "$.contains_refs[1]", "" },
        { "process", """{"parent_ref":"file--949eb97a-da1e-5292-8959-03c4249dc9f3"}""", "", FindingCodes.ScoRefTypes, Error, "$.parent_ref", "" },
        { "process", """{"image_ref":"process--4c3970e2-f20e-4492-bdac-413539c829e7"}""", "", FindingCodes.ScoRefTypes, Error, "$.image_ref", "" },
        { "process", """{"creator_user_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"}""", "", FindingCodes.ScoRefTypes, Error, "$.creator_user_ref", "" },
        { "process", """{"opened_connection_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"]}""", "", FindingCodes.ScoRefTypes, Error, "$.opened_connection_refs[0]", "" },
        { "windows-registry-key", """{"creator_user_ref":"email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934"}""", "", FindingCodes.ScoRefTypes, Error, "$.creator_user_ref", "" },
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> NetworkTrafficRows => new()
    {
        { "network-traffic", "", "protocols", FindingCodes.RequiredProperty, Error, "$.protocols", "" },
        { "network-traffic", "", "src_ref", FindingCodes.NetworkTraffic, Error, "$", "" },
        { "network-traffic", """{"dst_port":65536}""", "", FindingCodes.NetworkTraffic, Error, "$.dst_port", "" },
        { "network-traffic", """{"src_port":-1}""", "", FindingCodes.NetworkTraffic, Error, "$.src_port", "" },
        { "network-traffic", """{"start":"2024-01-02T00:00:00Z","end":"2024-01-01T00:00:00Z"}""", "", FindingCodes.NetworkTraffic, Error, "$.end", "" },
        { "network-traffic", """{"is_active":true,"start":"2024-01-01T00:00:00Z","end":"2024-01-02T00:00:00Z"}""", "", FindingCodes.NetworkTraffic, Error, "$.end", "" },
        { "network-traffic", """{"protocols":"tcp"}""", "", FindingCodes.PropertyType, Error, "$.protocols", "" },
        { "network-traffic", """{"src_ref":"file--949eb97a-da1e-5292-8959-03c4249dc9f3"}""", "", FindingCodes.ScoRefTypes, Error, "$.src_ref", "" },
        { "network-traffic", """{"dst_ref":"url--47c3cf9a-5027-5bf0-997a-017c7edc7c55"}""", "", FindingCodes.ScoRefTypes, Error, "$.dst_ref", "" },
        { "network-traffic", """{"src_payload_ref":"file--949eb97a-da1e-5292-8959-03c4249dc9f3"}""", "", FindingCodes.ScoRefTypes, Error, "$.src_payload_ref", "" },
        { "network-traffic", """{"encapsulates_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"]}""", "", FindingCodes.ScoRefTypes, Error, "$.encapsulates_refs[0]", "" },
        { "network-traffic", """{"src_byte_count":-5}""", "", FindingCodes.Range, Error, "$.src_byte_count", "" },
        // predefined extensions
        { "network-traffic", """{"extensions":{"http-request-ext":{"request_method":"get"}}}""", "", FindingCodes.RequiredProperty, Error, "$.extensions.http-request-ext.request_value", "" },
        { "network-traffic", """{"extensions":{"icmp-ext":{"icmp_type_hex":"08"}}}""", "", FindingCodes.RequiredProperty, Error, "$.extensions.icmp-ext.icmp_code_hex", "" },
        { "network-traffic", """{"extensions":{"socket-ext":{"is_listening":true}}}""", "", FindingCodes.RequiredProperty, Error, "$.extensions.socket-ext.address_family", "" },
        { "network-traffic", """{"extensions":{"http-request-ext":{"request_method":"get","request_value":"/","message_body_data_ref":"file--949eb97a-da1e-5292-8959-03c4249dc9f3"}}}""", "", FindingCodes.ScoRefTypes, Error, "$.extensions.http-request-ext.message_body_data_ref", "" },
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> FileAndContentRows => new()
    {
        // file: hashes or name; size >= 0
        { "file", """{"size":10}""", "hashes,name", FindingCodes.File, Error, "$", "" },
        { "file", """{"size":-1}""", "", FindingCodes.Range, Error, "$.size", "" },
        { "file", """{"parent_directory_ref":"file--949eb97a-da1e-5292-8959-03c4249dc9f3"}""", "", FindingCodes.ScoRefTypes, Error, "$.parent_directory_ref", "" },
        { "file", """{"content_ref":"file--949eb97a-da1e-5292-8959-03c4249dc9f3"}""", "", FindingCodes.ScoRefTypes, Error, "$.content_ref", "" },
        { "file", """{"contains_refs":["indicator--8519a9b8-859a-422b-a091-725567948417"]}""", "", FindingCodes.ScoRefTypes, Error, "$.contains_refs[0]", "" },
        { "file", """{"extensions":{"archive-ext":{"comment":"zip"}}}""", "", FindingCodes.RequiredProperty, Error, "$.extensions.archive-ext.contains_refs", "" },
        { "file", """{"extensions":{"archive-ext":{"contains_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"]}}}""", "", FindingCodes.ScoRefTypes, Error, "$.extensions.archive-ext.contains_refs[0]", "" },
        { "file", """{"extensions":{"windows-pebinary-ext":{"imphash":"x"}}}""", "", FindingCodes.RequiredProperty, Error, "$.extensions.windows-pebinary-ext.pe_type", "" },
        { "file", """{"extensions":{"http-request-ext":{"request_method":"get","request_value":"/"}}}""", "", FindingCodes.Extensions, Error, "$.extensions.http-request-ext", "" },
        // hashes: known algorithms have hex values of a fixed length
        { "file", """{"hashes":{"MD5":"d41d8cd98f00b204e9800998ecf8427"}}""", "", FindingCodes.Hashes, Error, "$.hashes.MD5", "" },
        { "file", """{"hashes":{"MD5":"z41d8cd98f00b204e9800998ecf8427e"}}""", "", FindingCodes.Hashes, Error, "$.hashes.MD5", "" },
        { "file", """{"hashes":{"SHA-1":"da39a3ee5e6b4b0d3255bfef95601890afd8070"}}""", "", FindingCodes.Hashes, Error, "$.hashes.SHA-1", "" },
        { "file", """{"hashes":{"SHA-256":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681d"}}""", "", FindingCodes.Hashes, Error, "$.hashes.SHA-256", "" },
        { "file", """{"hashes":{"SHA-512":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db"}}""", "", FindingCodes.Hashes, Error, "$.hashes.SHA-512", "" },
        { "file", """{"hashes":{"SHA3-256":"cafe"}}""", "", FindingCodes.Hashes, Error, "$.hashes.SHA3-256", "" },
        { "file", """{"hashes":{"SHA3-512":"cafe"}}""", "", FindingCodes.Hashes, Error, "$.hashes.SHA3-512", "" },
        { "file", """{"hashes":{"SHA-256":42}}""", "", FindingCodes.Hashes, Error, "$.hashes.SHA-256", "" },
        { "file", """{"hashes":["fe90"]}""", "", FindingCodes.Hashes, Error, "$.hashes", "" },
        { "file", """{"hashes":{}}""", "", FindingCodes.Empty, Error, "$.hashes", "" },
        { "x509-certificate", """{"hashes":{"SHA-1":"nothex"}}""", "", FindingCodes.Hashes, Error, "$.hashes.SHA-1", "" },
        // an algorithm outside hash-algorithm-ov is a warning (the id is recomputed for the new hashes)
        { "file", """{"id":"file--20408487-e949-54d7-a8bb-d1642599a67e","hashes":{"sha256":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db"}}""", "", FindingCodes.Hashes, Warning, "$.hashes.sha256", "" },
        // artifact
        { "artifact", """{"url":"https://example.com/a.bin","hashes":{"SHA-256":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db"}}""", "", FindingCodes.Artifact, Error, "$.url", "" },
        { "artifact", """{"url":"https://example.com/a.bin"}""", "payload_bin", FindingCodes.Artifact, Error, "$.hashes", "" },
        { "artifact", """{"decryption_key":"secret"}""", "", FindingCodes.Artifact, Error, "$.decryption_key", "" },
        // email-message: body and body_multipart follow is_multipart
        { "email-message", "", "is_multipart", FindingCodes.RequiredProperty, Error, "$.is_multipart", "" },
        { "email-message", """{"is_multipart":true}""", "", FindingCodes.EmailMessage, Error, "$.body", "" },
        { "email-message", """{"body_multipart":[{"body":"part"}]}""", "body", FindingCodes.EmailMessage, Error, "$.body_multipart", "" },
        { "email-message", """{"is_multipart":true,"body_multipart":[{"content_type":"text/plain"}]}""", "body", FindingCodes.EmailMessage, Error, "$.body_multipart[0]", "" },
        { "email-message", """{"is_multipart":true,"body_multipart":[{"body":"x","body_raw_ref":"artifact--b59b75f8-e97c-5000-8974-e94a4ce78737"}]}""", "body", FindingCodes.EmailMessage, Error, "$.body_multipart[0]", "" },
        { "email-message", """{"is_multipart":true,"body_multipart":[{"body_raw_ref":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"}]}""", "body", FindingCodes.ScoRefTypes, Error, "$.body_multipart[0].body_raw_ref", "" },
        { "email-message", """{"from_ref":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4"}""", "", FindingCodes.ScoRefTypes, Error, "$.from_ref", "" },
        { "email-message", """{"to_refs":["email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934","user-account--f94d689e-707d-58c3-b803-c720bb6ed096"]}""", "", FindingCodes.ScoRefTypes, Error, "$.to_refs[1]", "" },
        { "email-message", """{"raw_email_ref":"file--949eb97a-da1e-5292-8959-03c4249dc9f3"}""", "", FindingCodes.ScoRefTypes, Error, "$.raw_email_ref", "" },
        { "email-message", """{"date":"Mon, 1 Jan 2024 00:00:00 +0000"}""", "", FindingCodes.Timestamp, Error, "$.date", "" },
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> IdentifierRows => new()
    {
        // process, user-account, windows-registry-key, x509-certificate need a property besides type and id
        { "process", "", "pid", FindingCodes.ScoAtLeastOne, Error, "$", "" },
        { "process", """{"defanged":true,"object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"]}""", "pid", FindingCodes.ScoAtLeastOne, Error, "$", "" },
        { "user-account", "", "user_id,account_login,account_type", FindingCodes.ScoAtLeastOne, Error, "$", "" },
        { "windows-registry-key", "", "key", FindingCodes.ScoAtLeastOne, Error, "$", "" },
        { "x509-certificate", "", "serial_number", FindingCodes.ScoAtLeastOne, Error, "$", "" },
        // process ids, and SCOs with no contributing property, are UUIDv4
        { "process", """{"id":"process--4c3970e2-f20e-5492-bdac-413539c829e7"}""", "", FindingCodes.ScoUuidV4, Error, "$.id", "" },
        { "user-account", """{"id":"user-account--4c3970e2-f20e-5492-bdac-413539c829e7","display_name":"J. Doe"}""", "user_id,account_login,account_type", FindingCodes.ScoUuidV4, Error, "$.id", "" },
        { "artifact", """{"id":"artifact--4c3970e2-f20e-1492-bdac-413539c829e7"}""", "payload_bin", FindingCodes.ScoUuidV4, Error, "$.id", "" },
        // an SCO id that is not the deterministic UUIDv5 is a warning
        { "mutex", """{"id":"mutex--4c3970e2-f20e-4492-bdac-413539c829e7"}""", "", FindingCodes.ScoDeterministicId, Warning, "$.id", "" },
        { "mutex", """{"name":"Global\\korus"}""", "", FindingCodes.ScoDeterministicId, Warning, "$.id", "" },
        { "ipv4-addr", """{"id":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c5"}""", "", FindingCodes.ScoDeterministicId, Warning, "$.id", "" },
        { "file", """{"name":"bar.dll"}""", "", FindingCodes.ScoDeterministicId, Warning, "$.id", "" },
        { "network-traffic", """{"dst_port":8443}""", "", FindingCodes.ScoDeterministicId, Warning, "$.id", "" },
        { "windows-registry-key", """{"values":[{"name":"Run","data":"x","data_type":"REG_SZ"}]}""", "", FindingCodes.ScoDeterministicId, Warning, "$.id", "" },
    };

    public static TheoryData<string, string, string> ValidRows => new()
    {
        { "ipv4-addr", """{"id":"ipv4-addr--1ea47840-aa39-5aa8-b4a2-cd203eb6662a","value":"198.51.100.0/24","resolves_to_refs":["mac-addr--757b1725-9903-54f5-a855-1240691d7659"],"belongs_to_refs":["autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff"]}""", "" },
        { "domain-name", """{"resolves_to_refs":["ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7"]}""", "" },
        { "email-addr", """{"display_name":"John","belongs_to_ref":"user-account--f94d689e-707d-58c3-b803-c720bb6ed096"}""", "" },
        { "mutex", """{"id":"mutex--f999de5e-ada1-53d1-a9bb-1b7223deb601","name":"Global\\korus","defanged":false}""", "" },
        { "file", """{"id":"file--41582d78-96c3-56dc-875e-e5227324267b","size":0}""", "hashes" },
        { "file", """{"id":"file--447e0f4f-6fe4-545a-95a5-08097835e317","hashes":{"MD5":"d41d8cd98f00b204e9800998ecf8427e","SHA-256":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db","SSDEEP":"3:a+JraNvsgzsVqSwHq9:tJuOgzsko","TLSH":"T1A0F2D1"}}""", "" },
        { "file", """{"id":"file--a2ea5426-2844-5bb9-88a8-f952318e72ba","extensions":{"windows-pebinary-ext":{"pe_type":"exe","machine_hex":"014c"}}}""", "" },
        { "file", """{"id":"file--5e5f764e-c451-527a-a364-ce9bfa900b8d","parent_directory_ref":"directory--0a58d0c1-59e6-5afd-8252-dcd3f13e5622","content_ref":"artifact--b59b75f8-e97c-5000-8974-e94a4ce78737"}""", "" },
        { "artifact", """{"encryption_algorithm":"mime-type-indicated","decryption_key":"infected"}""", "" },
        { "artifact", """{"id":"artifact--b91bcf06-0d11-5a89-9c3a-8d4279aefe56","url":"https://example.com/a.bin","hashes":{"SHA-256":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db"}}""", "payload_bin" },
        { "email-message", """{"id":"email-message--841c3416-a5d1-534b-b4e8-4cbf677ca688","is_multipart":true,"subject":"Multipart","body_multipart":[{"content_type":"text/plain","body":"hi"},{"body_raw_ref":"artifact--b59b75f8-e97c-5000-8974-e94a4ce78737"}]}""", "body" },
        { "email-message", """{"to_refs":["email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934"],"date":"2024-01-01T00:00:00Z","raw_email_ref":"artifact--b59b75f8-e97c-5000-8974-e94a4ce78737"}""", "" },
        { "network-traffic", """{"id":"network-traffic--becf4aa1-38c2-5509-afde-fda229460dbf","dst_port":80,"protocols":["ipv4","tcp","http"],"extensions":{"http-request-ext":{"request_method":"get","request_value":"/download.html"}}}""", "" },
        { "network-traffic", """{"id":"network-traffic--964f6262-1511-5257-95b0-51353e80b3b0","start":"2024-01-01T00:00:00Z","is_active":true,"src_port":0,"dst_ref":"mac-addr--757b1725-9903-54f5-a855-1240691d7659"}""", "" },
        { "process", """{"command_line":"cmd.exe /c whoami","image_ref":"file--949eb97a-da1e-5292-8959-03c4249dc9f3","extensions":{"windows-process-ext":{"integrity_level":"high"}}}""", "" },
        { "user-account", """{"id":"user-account--4c3970e2-f20e-4492-bdac-413539c829e7","display_name":"J. Doe"}""", "user_id,account_login,account_type" },
        { "windows-registry-key", """{"modified_time":"2024-01-01T00:00:00Z","number_of_subkeys":0}""", "" },
    };

    [Theory]
    [MemberData(nameof(AddressRows))]
    [MemberData(nameof(NetworkTrafficRows))]
    [MemberData(nameof(FileAndContentRows))]
    [MemberData(nameof(IdentifierRows))]
    public void Invalid_observable_gives_the_rule_finding(string type, string set, string remove, string code, FindingSeverity severity, string path, string also)
    {
        ValidationAssert.Finding(ObjectEdit.Apply(MinimalObjects.Get(type), set, remove), code, severity, path, also);
    }

    [Theory]
    [MemberData(nameof(ValidRows))]
    public void Valid_observable_variant_gives_no_finding(string type, string set, string remove)
    {
        ValidationAssert.Clean(ObjectEdit.Apply(MinimalObjects.Get(type), set, remove));
    }

    [Fact]
    public void An_odd_length_hex_value_in_a_predefined_extension_is_an_error()
    {
        var json = ObjectEdit.Apply(MinimalObjects.Get("network-traffic"), """{"extensions":{"icmp-ext":{"icmp_type_hex":"8","icmp_code_hex":"00"}}}""");

        var (valid, findings) = ValidationAssert.Run(json);

        // The value is checked both as a catalogued hex property and by the generic _hex suffix rule.
        Assert.False(valid);
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal((FindingCodes.Suffix, Error, "$.extensions.icmp-ext.icmp_type_hex"), (f.Code, f.Severity, f.Path)));
    }

    [Fact]
    public void The_deterministic_id_warning_names_the_expected_id()
    {
        var json = ObjectEdit.Apply(MinimalObjects.Get("mutex"), """{"id":"mutex--4c3970e2-f20e-4492-bdac-413539c829e7"}""");

        var finding = ValidationAssert.Finding(json, FindingCodes.ScoDeterministicId, Warning, "$.id");

        Assert.Contains("mutex--f93fe911-e545-5239-b9b0-597840d0c871", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deterministic_id_check_can_be_turned_off()
    {
        var json = ObjectEdit.Apply(MinimalObjects.Get("mutex"), """{"id":"mutex--4c3970e2-f20e-4492-bdac-413539c829e7"}""");

        ValidationAssert.Clean(json, new StixValidatorOptions { CheckDeterministicIds = false });
    }

    [Fact]
    public void An_observable_with_errors_is_not_also_flagged_for_its_id()
    {
        // Given a mutex with a random id and a bad property
        var json = ObjectEdit.Apply(MinimalObjects.Get("mutex"), """{"id":"mutex--4c3970e2-f20e-4492-bdac-413539c829e7","defanged":"no"}""");

        // Then only the error is reported
        ValidationAssert.Finding(json, FindingCodes.PropertyType, Error, "$.defanged");
    }

    [Fact]
    public void A_hash_algorithm_name_shorter_than_three_characters_is_an_error()
    {
        var json = ObjectEdit.Apply(MinimalObjects.Get("file"), """{"hashes":{"md":"d41d8cd98f00b204e9800998ecf8427e"}}""");

        var (valid, findings) = ValidationAssert.Run(json);

        Assert.False(valid);
        Assert.All(findings, f => Assert.Equal((FindingCodes.Hashes, "$.hashes.md"), (f.Code, f.Path)));
        Assert.Contains(findings, f => f.IsError && f.Message.Contains("3–250", StringComparison.Ordinal));
    }
}
