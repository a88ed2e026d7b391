using System.Text;
using Korus.Stix.Validation;
using Xunit;
using static Korus.Stix.FindingSeverity;

namespace Korus.Stix.Tests.Validation;

/// <summary>
/// The common rules of the STIX 2.1 validation checklist. Each row derives an object from a minimal valid
/// one (set properties, remove properties) and names the one finding it must give.
/// Rows: type, set, remove → code, severity, path, other codes.
/// </summary>
public sealed class ValidatorRuleTests
{
    public static TheoryData<string, string, string, string, FindingSeverity, string, string> IdentityRows => new()
    {
        // type
        { "indicator", "", "type", FindingCodes.RequiredProperty, Error, "$.type", "" },
        { "indicator", """{"type":42}""", "", FindingCodes.Type, Error, "$.type", FindingCodes.PropertyType },
        // a bad type name also makes the id malformed, and is no known type
        { "indicator", """{"type":"Indicator","id":"Indicator--8519a9b8-859a-422b-a091-725567948417"}""", "", FindingCodes.Type, Error, "$.type", FindingCodes.Id + "," + FindingCodes.CustomPrefix },
        { "indicator", """{"type":"ab","id":"ab--8519a9b8-859a-422b-a091-725567948417"}""", "", FindingCodes.Type, Error, "$.type", FindingCodes.Id + "," + FindingCodes.CustomPrefix },
        { "indicator", """{"type":"x--double","id":"x--double--8519a9b8-859a-422b-a091-725567948417"}""", "", FindingCodes.Type, Error, "$.type", FindingCodes.Id },
        // id: syntax, prefix = type, UUID version/variant
        { "indicator", "", "id", FindingCodes.RequiredProperty, Error, "$.id", "" },
        { "indicator", """{"id":42}""", "", FindingCodes.Id, Error, "$.id", FindingCodes.PropertyType },
        { "indicator", """{"id":"indicator--not-a-uuid"}""", "", FindingCodes.Id, Error, "$.id", "" },
        { "indicator", """{"id":"indicator--8519a9b8-859a-422b-c091-725567948417"}""", "", FindingCodes.Id, Error, "$.id", "" },
        { "indicator", """{"id":"indicator--8519a9b8-859a-622b-a091-725567948417"}""", "", FindingCodes.Id, Error, "$.id", "" },
        { "indicator", """{"id":"indicator-8519a9b8-859a-422b-a091-725567948417"}""", "", FindingCodes.Id, Error, "$.id", "" },
        { "indicator", """{"id":"malware--8519a9b8-859a-422b-a091-725567948417"}""", "", FindingCodes.Id, Error, "$.id", "" },
        { "mutex", """{"id":"indicator--f93fe911-e545-5239-b9b0-597840d0c871"}""", "", FindingCodes.Id, Error, "$.id", "" },
        // an id written with JSON escapes is checked as the text it decodes to
        { "indicator", """{"id":"malware\u002d\u002d8519a9b8-859a-422b-a091-725567948417"}""", "", FindingCodes.Id, Error, "$.id", "" },
        { "mutex", """{"id":"mutex\u002d\u002d4c3970e2-f20e-4492-bdac-413539c829e7"}""", "", FindingCodes.ScoDeterministicId, Warning, "$.id", "" },
        // an SDO id should be UUIDv4, never a UUIDv5 (the SCO namespace's version)
        { "indicator", """{"id":"indicator--8519a9b8-859a-522b-a091-725567948417"}""", "", FindingCodes.UuidNamespace, Warning, "$.id", "" },
        // spec_version
        { "indicator", "", "spec_version", FindingCodes.SpecVersion, Error, "$.spec_version", "" },
        { "indicator", """{"spec_version":"2.0"}""", "", FindingCodes.SpecVersion, Error, "$.spec_version", "" },
        { "indicator", """{"spec_version":2.1}""", "", FindingCodes.SpecVersion, Error, "$.spec_version", FindingCodes.PropertyType },
        { "mutex", """{"spec_version":"2.0"}""", "", FindingCodes.SpecVersion, Error, "$.spec_version", "" },
        { "mutex", """{"spec_version":"3.0"}""", "", FindingCodes.SpecVersion, Error, "$.spec_version", "" },
        // duplicate keys cannot be written with a JSON object patch: see Duplicate_keys_are_reported
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> TimestampRows => new()
    {
        { "indicator", "", "created", FindingCodes.RequiredProperty, Error, "$.created", "" },
        { "indicator", "", "modified", FindingCodes.RequiredProperty, Error, "$.modified", "" },
        { "marking-definition", "", "created", FindingCodes.RequiredProperty, Error, "$.created", "" },
        // syntax: RFC 3339 UTC with uppercase T and Z, a real date
        { "indicator", """{"valid_from":"2024-02-30T00:00:00Z"}""", "", FindingCodes.Timestamp, Error, "$.valid_from", "" },
        { "indicator", """{"valid_from":"2023-02-29T00:00:00Z"}""", "", FindingCodes.Timestamp, Error, "$.valid_from", "" },
        { "indicator", """{"valid_from":"2024-13-01T00:00:00Z"}""", "", FindingCodes.Timestamp, Error, "$.valid_from", "" },
        { "indicator", """{"valid_from":"2024-01-01T24:00:00Z"}""", "", FindingCodes.Timestamp, Error, "$.valid_from", "" },
        { "indicator", """{"valid_from":"2024-01-01 00:00:00Z"}""", "", FindingCodes.Timestamp, Error, "$.valid_from", "" },
        { "indicator", """{"valid_from":"2024-01-01t00:00:00z"}""", "", FindingCodes.Timestamp, Error, "$.valid_from", "" },
        { "indicator", """{"valid_from":"2024-01-01T00:00:00+00:00"}""", "", FindingCodes.Timestamp, Error, "$.valid_from", "" },
        { "indicator", """{"valid_from":"2024-01-01T00:00:00"}""", "", FindingCodes.Timestamp, Error, "$.valid_from", "" },
        { "indicator", """{"valid_from":"2024-01-01T00:00:00.Z"}""", "", FindingCodes.Timestamp, Error, "$.valid_from", "" },
        { "indicator", """{"valid_from":"2024-01-01"}""", "", FindingCodes.Timestamp, Error, "$.valid_from", "" },
        { "indicator", """{"valid_from":1704067200}""", "", FindingCodes.Timestamp, Error, "$.valid_from", "" },
        { "indicator", """{"created":"2024-01-01T00:00:00.000+09:00"}""", "", FindingCodes.Timestamp, Error, "$.created", "" },
        { "report", """{"published":"yesterday"}""", "", FindingCodes.Timestamp, Error, "$.published", "" },
        // created and modified need at least millisecond precision
        { "indicator", """{"created":"2024-01-01T00:00:00Z"}""", "", FindingCodes.TimestampPrecision, Error, "$.created", "" },
        { "indicator", """{"modified":"2024-01-01T00:00:00.1Z"}""", "", FindingCodes.TimestampPrecision, Error, "$.modified", "" },
        { "indicator", """{"modified":"2024-01-01T00:00:00.12Z"}""", "", FindingCodes.TimestampPrecision, Error, "$.modified", "" },
        { "marking-definition", """{"created":"2024-01-01T00:00:00Z"}""", "", FindingCodes.TimestampPrecision, Error, "$.created", "" },
        // modified >= created, compared as instants
        { "indicator", """{"modified":"2023-12-31T23:59:59.999Z"}""", "", FindingCodes.ModifiedBeforeCreated, Error, "$.modified", "" },
        { "indicator", """{"created":"2024-01-01T00:00:00.0000001Z"}""", "", FindingCodes.ModifiedBeforeCreated, Error, "$.modified", "" },
        { "relationship", """{"modified":"2023-01-01T00:00:00.000Z"}""", "", FindingCodes.ModifiedBeforeCreated, Error, "$.modified", "" },
    };

    public static TheoryData<string, string> TimestampValidRows => new()
    {
        { "indicator", """{"valid_from":"2024-02-29T00:00:00Z"}""" },
        { "indicator", """{"valid_from":"2016-12-31T23:59:60Z"}""" },
        { "indicator", """{"valid_from":"2024-01-01T00:00:00.5Z"}""" },
        { "indicator", """{"created":"2024-01-01T00:00:00.123456789Z","modified":"2024-01-01T00:00:00.123456789Z"}""" },
        { "indicator", """{"created":"2024-01-01T00:00:00.100Z","modified":"2024-01-01T00:00:00.1000Z"}""" },
        { "indicator", """{"modified":"2025-06-30T12:00:00.000Z"}""" },
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> CommonPropertyRows => new()
    {
        // confidence: integer 0-100
        { "indicator", """{"confidence":101}""", "", FindingCodes.Confidence, Error, "$.confidence", "" },
        { "indicator", """{"confidence":-1}""", "", FindingCodes.Confidence, Error, "$.confidence", "" },
        { "indicator", """{"confidence":50.5}""", "", FindingCodes.Confidence, Error, "$.confidence", "" },
        { "indicator", """{"confidence":"50"}""", "", FindingCodes.Confidence, Error, "$.confidence", "" },
        { "sighting", """{"confidence":1000}""", "", FindingCodes.Confidence, Error, "$.confidence", "" },
        // lang: RFC 5646
        { "indicator", """{"lang":"english!"}""", "", FindingCodes.Lang, Error, "$.lang", "" },
        { "indicator", """{"lang":"e"}""", "", FindingCodes.Lang, Error, "$.lang", "" },
        { "indicator", """{"lang":"en-"}""", "", FindingCodes.Lang, Error, "$.lang", "" },
        { "indicator", """{"lang":"en_US"}""", "", FindingCodes.Lang, Error, "$.lang", "" },
        { "indicator", """{"lang":7}""", "", FindingCodes.Lang, Error, "$.lang", "" },
        // created_by_ref: an identity id
        { "indicator", """{"created_by_ref":"malware--fd319fec-efbc-4680-9bd1-a94f56ff72b6"}""", "", FindingCodes.CreatedByRef, Error, "$.created_by_ref", "" },
        { "indicator", """{"created_by_ref":"identity"}""", "", FindingCodes.CreatedByRef, Error, "$.created_by_ref", "" },
        { "indicator", """{"created_by_ref":["identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"]}""", "", FindingCodes.CreatedByRef, Error, "$.created_by_ref", "" },
        { "marking-definition", """{"created_by_ref":"location--1c1839bc-a460-4911-8249-cb5f0285fec6"}""", "", FindingCodes.CreatedByRef, Error, "$.created_by_ref", "" },
        { "extension-definition", """{"created_by_ref":"tool--48216bec-d818-4ddd-a81b-289cbc3a7a80"}""", "", FindingCodes.CreatedByRef, Error, "$.created_by_ref", "" },
        // object_marking_refs: marking-definition ids only
        { "indicator", """{"object_marking_refs":["identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"]}""", "", FindingCodes.MarkingRef, Error, "$.object_marking_refs[0]", "" },
        { "indicator", """{"object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","marking"]}""", "", FindingCodes.MarkingRef, Error, "$.object_marking_refs[1]", "" },
        { "indicator", """{"object_marking_refs":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}""", "", FindingCodes.MarkingRef, Error, "$.object_marking_refs", "" },
        { "mutex", """{"object_marking_refs":["tool--48216bec-d818-4ddd-a81b-289cbc3a7a80"]}""", "", FindingCodes.MarkingRef, Error, "$.object_marking_refs[0]", "" },
        { "marking-definition", """{"object_marking_refs":["marking-definition--bc442ec8-022a-4d7e-9e24-cafb385aa9b9"]}""", "", FindingCodes.MarkingRef, Error, "$.object_marking_refs", "" },
        // property types
        { "indicator", """{"name":5}""", "", FindingCodes.PropertyType, Error, "$.name", "" },
        { "indicator", """{"revoked":"false"}""", "", FindingCodes.PropertyType, Error, "$.revoked", "" },
        { "indicator", """{"labels":"malicious"}""", "", FindingCodes.PropertyType, Error, "$.labels", "" },
        { "indicator", """{"labels":["a",1]}""", "", FindingCodes.PropertyType, Error, "$.labels[1]", "" },
        { "observed-data", """{"number_observed":9007199254740992}""", "", FindingCodes.Range, Error, "$.number_observed", "" },
        // defanged is for observables only
        { "indicator", """{"defanged":true}""", "", FindingCodes.Defanged, Error, "$.defanged", "" },
    };

    public static TheoryData<string, string> CommonPropertyValidRows => new()
    {
        { "indicator", """{"confidence":0}""" },
        { "indicator", """{"confidence":100}""" },
        { "indicator", """{"lang":"en"}""" },
        { "indicator", """{"lang":"en-US"}""" },
        { "indicator", """{"lang":"zh-Hant-TW"}""" },
        { "indicator", """{"created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff","revoked":false,"labels":["malicious","apt"]}""" },
        { "indicator", """{"object_marking_refs":["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","marking-definition--bc442ec8-022a-4d7e-9e24-cafb385aa9b9"]}""" },
        { "mutex", """{"object_marking_refs":["marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"],"defanged":true}""" },
        { "marking-definition", """{"created_by_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff","object_marking_refs":["marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"]}""" },
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> GranularMarkingRows => new()
    {
        // selectors must resolve in the object
        { "indicator", """{"granular_markings":[{"selectors":["description"],"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0].selectors[0]", "" },
        { "indicator", """{"labels":["a","b"],"granular_markings":[{"selectors":["labels.[2]"],"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0].selectors[0]", "" },
        { "indicator", """{"granular_markings":[{"selectors":["pattern.[0]"],"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0].selectors[0]", "" },
        { "indicator", """{"external_references":[{"source_name":"x","url":"https://example.com"}],"granular_markings":[{"selectors":["external_references.url"],"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0].selectors[0]", "" },
        { "indicator", """{"labels":["a"],"granular_markings":[{"selectors":["labels.[x]"],"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0].selectors[0]", "" },
        { "indicator", """{"granular_markings":[{"selectors":["pattern."],"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0].selectors[0]", "" },
        { "indicator", """{"granular_markings":[{"selectors":["pattern",3],"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0].selectors[1]", "" },
        // exactly one of marking_ref and lang
        { "indicator", """{"granular_markings":[{"selectors":["pattern"],"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","lang":"en"}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0]", "" },
        { "indicator", """{"granular_markings":[{"selectors":["pattern"]}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0]", "" },
        { "indicator", """{"granular_markings":[{"selectors":["pattern"],"marking_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0].marking_ref", "" },
        { "indicator", """{"granular_markings":[{"selectors":["pattern"],"lang":"not a tag"}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0].lang", "" },
        { "indicator", """{"granular_markings":[{"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0].selectors", "" },
        // selectors [] is both an empty list and a marking without selectors
        { "indicator", """{"granular_markings":[{"selectors":[],"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0].selectors", FindingCodes.Empty },
        { "indicator", """{"granular_markings":{"selectors":["pattern"],"lang":"en"}}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings", "" },
        { "indicator", """{"granular_markings":["pattern"]}""", "",
            FindingCodes.GranularMarking, Error, "$.granular_markings[0]", "" },
    };

    public static TheoryData<string, string> GranularMarkingValidRows => new()
    {
        { "indicator", """{"description":"d","labels":["a","b"],"granular_markings":[{"selectors":["description","labels.[1]","labels"],"marking_ref":"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"}]}""" },
        { "indicator", """{"name":"n","granular_markings":[{"selectors":["name"],"lang":"ko"}]}""" },
        { "indicator", """{"external_references":[{"source_name":"x","url":"https://example.com"}],"granular_markings":[{"selectors":["external_references.[0].url"],"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}]}""" },
        { "mutex", """{"granular_markings":[{"selectors":["name"],"marking_ref":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"}]}""" },
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> ExternalReferenceRows => new()
    {
        { "attack-pattern", """{"external_references":[{"description":"no source"}]}""", "", FindingCodes.ExternalReference, Error, "$.external_references[0].source_name", "" },
        { "attack-pattern", """{"external_references":[{"source_name":7,"url":"https://example.com"}]}""", "", FindingCodes.ExternalReference, Error, "$.external_references[0].source_name", "" },
        { "attack-pattern", """{"external_references":[{"source_name":"mitre-attack","url":"https://example.com"},{"source_name":"only a name"}]}""", "", FindingCodes.ExternalReference, Error, "$.external_references[1]", "" },
        { "attack-pattern", """{"external_references":[{"source_name":"x","url":42}]}""", "", FindingCodes.ExternalReference, Error, "$.external_references[0].url", "" },
        { "attack-pattern", """{"external_references":{"source_name":"x","url":"https://example.com"}}""", "", FindingCodes.ExternalReference, Error, "$.external_references", "" },
        { "attack-pattern", """{"external_references":["https://example.com"]}""", "", FindingCodes.ExternalReference, Error, "$.external_references[0]", "" },
        // capec and cve ids have a required form (warnings)
        { "attack-pattern", """{"external_references":[{"source_name":"capec","external_id":"163"}]}""", "", FindingCodes.CapecCve, Warning, "$.external_references[0].external_id", "" },
        { "attack-pattern", """{"external_references":[{"source_name":"capec","external_id":"CAPEC-"}]}""", "", FindingCodes.CapecCve, Warning, "$.external_references[0].external_id", "" },
        { "attack-pattern", """{"external_references":[{"source_name":"capec","external_id":"CAPEC-16a"}]}""", "", FindingCodes.CapecCve, Warning, "$.external_references[0].external_id", "" },
        { "vulnerability", """{"external_references":[{"source_name":"cve","external_id":"2021-44228"}]}""", "", FindingCodes.CapecCve, Warning, "$.external_references[0].external_id", "" },
        { "vulnerability", """{"external_references":[{"source_name":"cve","external_id":"CVE-21-44228"}]}""", "", FindingCodes.CapecCve, Warning, "$.external_references[0].external_id", "" },
        { "vulnerability", """{"external_references":[{"source_name":"cve","external_id":"CVE-2021-442"}]}""", "", FindingCodes.CapecCve, Warning, "$.external_references[0].external_id", "" },
        // a capec or cve reference without external_id
        { "attack-pattern", """{"external_references":[{"source_name":"capec","url":"https://capec.mitre.org/data/definitions/163.html"}]}""", "", FindingCodes.CapecCve, Warning, "$.external_references[0].external_id", "" },
        { "vulnerability", """{"external_references":[{"source_name":"cve","description":"Log4Shell"}]}""", "", FindingCodes.CapecCve, Warning, "$.external_references[0].external_id", "" },
        // hashes of the url's content
        { "attack-pattern", """{"external_references":[{"source_name":"x","url":"https://example.com","hashes":{"SHA-256":"aa"}}]}""", "", FindingCodes.Hashes, Error, "$.external_references[0].hashes.SHA-256", "" },
        { "attack-pattern", """{"external_references":[{"source_name":"x","url":"https://example.com","hashes":{"sha256":"aa"}}]}""", "", FindingCodes.Hashes, Warning, "$.external_references[0].hashes.sha256", "" },
        { "attack-pattern", """{"external_references":[{"source_name":"x","url":"https://example.com","hashes":{}}]}""", "", FindingCodes.Empty, Error, "$.external_references[0].hashes", "" },
    };

    public static TheoryData<string, string> ExternalReferenceValidRows => new()
    {
        { "attack-pattern", """{"external_references":[{"source_name":"capec","external_id":"CAPEC-163","url":"https://capec.mitre.org/data/definitions/163.html"}]}""" },
        { "attack-pattern", """{"external_references":[{"source_name":"mitre-attack","external_id":"T1566.001"},{"source_name":"blog","description":"write-up"}]}""" },
        { "vulnerability", """{"external_references":[{"source_name":"cve","external_id":"CVE-2021-44228"}]}""" },
        { "vulnerability", """{"external_references":[{"source_name":"cve","external_id":"CVE-2014-0160"},{"source_name":"cve","external_id":"CVE-2023-1234567"}]}""" },
        { "attack-pattern", """{"external_references":[{"source_name":"x","url":"https://example.com","hashes":{"SHA-256":"6db12788c37247f2316052e142f42f4b259d6561751e5f401a1ae2a6df9c674b"}}]}""" },
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> NamingRows => new()
    {
        // property names: 3-250 of a-z0-9_, starting with a letter
        { "indicator", """{"x_":"v"}""", "", FindingCodes.PropertyName, Error, "$.x_", "" },
        { "indicator", """{"x_Custom":"v"}""", "", FindingCodes.PropertyName, Error, "$.x_Custom", "" },
        { "indicator", """{"x_custom-name":"v"}""", "", FindingCodes.PropertyName, Error, "$.x_custom-name", "" },
        { "indicator", "{\"x_" + new string('a', 249) + "\":\"v\"}", "", FindingCodes.PropertyName, Error, "$.x_" + new string('a', 249), "" },
        { "indicator", """{"_private":"v"}""", "", FindingCodes.PropertyName, Error, "$._private", FindingCodes.CustomPrefix },
        // custom properties without x_ (deprecated 2.0-style customisation)
        { "indicator", """{"custom_score":5}""", "", FindingCodes.CustomPrefix, Warning, "$.custom_score", "" },
        { "mutex", """{"custom_score":5}""", "", FindingCodes.CustomPrefix, Warning, "$.custom_score", "" },
        // custom object types
        { "indicator", """{"type":"my-thing","id":"my-thing--8519a9b8-859a-422b-a091-725567948417"}""", "pattern,pattern_type,valid_from", FindingCodes.CustomPrefix, Warning, "$.type", "" },
        { "indicator", """{"type":"x-my-thing","id":"x-my-thing--8519a9b8-859a-422b-a091-725567948417","extensions":{"extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4":{"extension_type":"new-sdo"}}}""", "created,pattern,pattern_type,valid_from",
            FindingCodes.RequiredProperty, Error, "$.created", "" },
        // reserved names
        { "indicator", """{"severity":"high"}""", "", FindingCodes.Reserved, Error, "$.severity", FindingCodes.CustomPrefix },
        { "identity", """{"username":"jdoe"}""", "", FindingCodes.Reserved, Error, "$.username", FindingCodes.CustomPrefix },
        { "identity", """{"phone_number":"+82 2 123 4567"}""", "", FindingCodes.Reserved, Error, "$.phone_number", FindingCodes.CustomPrefix },
        { "identity", """{"phone_numbers":"+82 2 123 4567"}""", "", FindingCodes.Reserved, Error, "$.phone_numbers", FindingCodes.CustomPrefix },
        { "course-of-action", """{"action":"block"}""", "", FindingCodes.Reserved, Error, "$.action", FindingCodes.CustomPrefix },
        { "mutex", """{"severity":"high"}""", "", FindingCodes.Reserved, Error, "$.severity", FindingCodes.CustomPrefix },
    };

    public static TheoryData<string, string> NamingValidRows => new()
    {
        { "indicator", """{"x_custom":"v","x_korus_score":{"value":3,"reasons":["a"]}}""" },
        { "indicator", "{\"x_" + new string('a', 248) + "\":\"v\"}" },
        { "indicator", """{"x_9":true}""" },
        // a 2.0-style custom type and a custom type defined by an extension-definition
        { "indicator", """{"type":"x-korus-case","id":"x-korus-case--8519a9b8-859a-422b-a091-725567948417","name":"Case 7","x_status":"open"}""" },
        // (its own properties need no x_ prefix: the extension's schema defines them)
        { "indicator", """{"type":"korus-case","id":"korus-case--8519a9b8-859a-422b-a091-725567948417","name":"Case 7","status":"open","extensions":{"extension-definition--bcc33444-731a-4328-85f0-6e831e15ece4":{"extension_type":"new-sdo"}}}""" },
    };

    public static TheoryData<string, string, string, string, FindingSeverity, string, string> EmptyAndSuffixRows => new()
    {
        // no empty list or dictionary, no null, at any depth
        { "indicator", """{"labels":[]}""", "", FindingCodes.Empty, Error, "$.labels", "" },
        { "indicator", """{"description":null}""", "", FindingCodes.Empty, Error, "$.description", "" },
        { "indicator", """{"extensions":{}}""", "", FindingCodes.Empty, Error, "$.extensions", "" },
        { "indicator", """{"kill_chain_phases":[{"kill_chain_name":"lockheed-martin-cyber-kill-chain","phase_name":null}]}""", "", FindingCodes.Empty, Error, "$.kill_chain_phases[0].phase_name", FindingCodes.KillChainPhase },
        { "grouping", """{"object_refs":[]}""", "", FindingCodes.Empty, Error, "$.object_refs", "" },
        // inside custom properties the same rules give warnings
        { "indicator", """{"x_custom":null}""", "", FindingCodes.Empty, Warning, "$.x_custom", "" },
        { "indicator", """{"x_custom":[]}""", "", FindingCodes.Empty, Warning, "$.x_custom", "" },
        { "indicator", """{"x_custom":{}}""", "", FindingCodes.Empty, Warning, "$.x_custom", "" },
        { "indicator", """{"x_custom":{"inner":{"list":[]}}}""", "", FindingCodes.Empty, Warning, "$.x_custom.inner.list", "" },
        // dictionary keys
        { "indicator", """{"x_custom":{"bad key":1}}""", "", FindingCodes.PropertyName, Warning, "$.x_custom.bad key", "" },
        // _ref, _refs, _hex, _bin
        { "indicator", """{"x_thing_ref":"not-an-id"}""", "", FindingCodes.Suffix, Warning, "$.x_thing_ref", "" },
        { "indicator", """{"x_thing_ref":5}""", "", FindingCodes.Suffix, Warning, "$.x_thing_ref", "" },
        { "indicator", """{"x_thing_refs":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"}""", "", FindingCodes.Suffix, Warning, "$.x_thing_refs", "" },
        { "indicator", """{"x_thing_refs":["identity--f431f809-377b-45e0-aa1c-6a4751cae5ff","nope"]}""", "", FindingCodes.Suffix, Warning, "$.x_thing_refs[1]", "" },
        { "indicator", """{"x_data_hex":"abc"}""", "", FindingCodes.Suffix, Warning, "$.x_data_hex", "" },
        { "indicator", """{"x_data_hex":"zz"}""", "", FindingCodes.Suffix, Warning, "$.x_data_hex", "" },
        { "indicator", """{"x_data_bin":"not base64!"}""", "", FindingCodes.Suffix, Warning, "$.x_data_bin", "" },
        { "file", """{"magic_number_hex":"abc"}""", "", FindingCodes.Suffix, Error, "$.magic_number_hex", "" },
        { "artifact", """{"payload_bin":"not base64!"}""", "", FindingCodes.Suffix, Error, "$.payload_bin", "" },
        { "malware", """{"sample_refs":["file"]}""", "", FindingCodes.Suffix, Error, "$.sample_refs[0]", "" },
        { "malware", """{"sample_refs":["identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"]}""", "", FindingCodes.PropertyType, Error, "$.sample_refs[0]", "" },
    };

    public static TheoryData<string, string> EmptyAndSuffixValidRows => new()
    {
        // STIX forbids empty lists and dictionaries, not empty strings
        { "indicator", """{"description":"","name":""}""" },
        { "indicator", """{"x_thing_ref":"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff","x_thing_refs":["tool--48216bec-d818-4ddd-a81b-289cbc3a7a80"],"x_data_hex":"00ff","x_data_bin":"aGk="}""" },
        { "indicator", """{"x_custom":{"Mixed-Case_key":1}}""" },
    };

    [Theory]
    [MemberData(nameof(IdentityRows))]
    [MemberData(nameof(TimestampRows))]
    [MemberData(nameof(CommonPropertyRows))]
    [MemberData(nameof(GranularMarkingRows))]
    [MemberData(nameof(ExternalReferenceRows))]
    [MemberData(nameof(NamingRows))]
    [MemberData(nameof(EmptyAndSuffixRows))]
    public void Invalid_object_gives_the_rule_finding(string type, string set, string remove, string code, FindingSeverity severity, string path, string also)
    {
        ValidationAssert.Finding(ObjectEdit.Apply(MinimalObjects.Get(type), set, remove), code, severity, path, also);
    }

    [Theory]
    [MemberData(nameof(TimestampValidRows))]
    [MemberData(nameof(CommonPropertyValidRows))]
    [MemberData(nameof(GranularMarkingValidRows))]
    [MemberData(nameof(ExternalReferenceValidRows))]
    [MemberData(nameof(NamingValidRows))]
    [MemberData(nameof(EmptyAndSuffixValidRows))]
    public void Valid_variant_gives_no_finding(string type, string set)
    {
        ValidationAssert.Clean(ObjectEdit.Apply(MinimalObjects.Get(type), set));
    }

    [Fact]
    public void Duplicate_keys_are_reported()
    {
        var json = """
            {"type":"indicator","spec_version":"2.1","id":"indicator--8519a9b8-859a-422b-a091-725567948417",
             "created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"first","name":"second",
             "pattern":"[ipv4-addr:value = '198.51.100.3']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"}
            """;

        var finding = ValidationAssert.Finding(json, FindingCodes.Json, Error, "$.name");

        Assert.Contains("more than once", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x_prop_3", "x_prop_3")]
    [InlineData("x_prop_69", "x_prop_69")]
    [InlineData("x_prop_\\u0033", "x_prop_3")]
    public void Duplicate_keys_are_reported_wherever_they_stand_and_however_they_are_written(string second, string name)
    {
        // Eighty custom properties, then one of them again (written plainly or with a JSON escape).
        var custom = string.Concat(Enumerable.Range(0, 80).Select(i => $",\"x_prop_{i}\":{i}"));
        var json = MinimalObjects.Get("indicator").TrimEnd().TrimEnd('}') + custom + $",\"{second}\":1}}";

        var (valid, findings) = ValidationAssert.Run(json);

        Assert.False(valid);
        var finding = Assert.Single(findings, f => f.Code == FindingCodes.Json);
        Assert.EndsWith("." + name, finding.Path, StringComparison.Ordinal);
        Assert.Contains("more than once", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"indicator\",")]
    [InlineData("not json")]
    [InlineData("{\"type\":\"indicator\",}")]
    public void Input_that_is_not_JSON_gives_a_json_finding(string json)
    {
        var (valid, findings) = ValidationAssert.Run(json);

        Assert.False(valid);
        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.Json, finding.Code);
        Assert.Equal(Error, finding.Severity);
        Assert.Null(finding.ObjectId);
        Assert.Equal("$", finding.Path);
        Assert.StartsWith("Invalid JSON", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_inside_a_string_give_a_json_finding_naming_the_byte()
    {
        // JsonDocument would accept these bytes and fail only when the string is read; the validator refuses them.
        var prefix = Encoding.UTF8.GetBytes("{\"type\":\"url\",\n\"value\":\"http://x/");
        var json = prefix.Concat(new byte[] { 0xC0, 0xAF }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
        var findings = new List<Finding>();

        var valid = new StixValidator().Validate(json, "$", findings, line: 1, column: 1);

        Assert.False(valid);
        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.Json, finding.Code);
        Assert.Equal(Error, finding.Severity);
        Assert.Equal($"Invalid JSON: The text is not valid UTF-8: 0xC0 at byte {prefix.Length} of the object does not start or continue a character.", finding.Message);
        Assert.Equal(2, finding.Line);
        Assert.Equal(prefix.Length - 15 + 1, finding.Column);
    }

    [Theory]
    [InlineData("[1,2]", "an array")]
    [InlineData("\"indicator\"", "a string")]
    [InlineData("null", "null")]
    public void A_value_that_is_not_an_object_gives_a_json_finding(string json, string described)
    {
        var (valid, findings) = ValidationAssert.Run(json);

        Assert.False(valid);
        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.Json, finding.Code);
        Assert.Equal("$", finding.Path);
        Assert.Contains(described, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_finding_of_an_object_is_reported_not_just_the_first()
    {
        // Given an indicator that breaks three rules
        var json = ObjectEdit.Apply(MinimalObjects.Get("indicator"), """{"confidence":200,"lang":"??","valid_until":"2020-01-01T00:00:00Z"}""");

        // When it is validated
        var (valid, findings) = ValidationAssert.Run(json);

        // Then all three are reported, in property order
        Assert.False(valid);
        Assert.Equal(
            [(FindingCodes.Confidence, "$.confidence"), (FindingCodes.Lang, "$.lang"), (FindingCodes.IndicatorValidUntil, "$.valid_until")],
            findings.Select(f => (f.Code, f.Path)).OrderBy(p => p.Path, StringComparer.Ordinal).ToArray());
        Assert.All(findings, f => Assert.Equal(MinimalObjects.IndicatorId, f.ObjectId));
    }

    [Fact]
    public void Warnings_alone_leave_the_object_valid()
    {
        var json = ObjectEdit.Apply(MinimalObjects.Get("indicator"), """{"indicator_types":["made-up"],"custom_field":1}""");

        var (valid, findings) = ValidationAssert.Run(json);

        Assert.True(valid);
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(Warning, f.Severity));
    }

    [Fact]
    public void Findings_carry_the_line_and_column_they_are_given()
    {
        var findings = new List<Finding>();
        var json = ObjectEdit.Apply(MinimalObjects.Get("indicator"), """{"confidence":-5}""");

        new StixValidator().Validate(Encoding.UTF8.GetBytes(json), "$[7]", findings, line: 12, column: 3);

        var finding = Assert.Single(findings);
        Assert.Equal("$[7].confidence", finding.Path);
        Assert.Equal(12, finding.Line);
        Assert.Equal(3, finding.Column);
    }
}
