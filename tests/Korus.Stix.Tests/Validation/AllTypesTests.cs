using System.Text;
using System.Text.Json;
using Korus.Stix.Identifiers;
using Korus.Stix.Validation;
using Xunit;

namespace Korus.Stix.Tests.Validation;

public sealed class AllTypesTests
{
    public static TheoryData<string> DomainTypes => new(MinimalObjects.Domain.Keys);

    public static TheoryData<string> RelationshipTypes => new(MinimalObjects.Relationship.Keys);

    public static TheoryData<string> MetaTypes => new(MinimalObjects.Meta.Keys);

    public static TheoryData<string> ObservableTypes => new(MinimalObjects.Observable.Keys);

    [Fact]
    public void The_catalog_covers_every_STIX_2_1_type()
    {
        // Given the type lists of STIX 2.1 (18 SDOs plus the incident stub, 2 SROs, 3 meta objects, 18 SCOs)
        string[] domain = ["attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident", "indicator", "infrastructure",
            "intrusion-set", "location", "malware", "malware-analysis", "note", "observed-data", "opinion", "report", "threat-actor", "tool", "vulnerability"];
        string[] observable = ["artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message", "file", "ipv4-addr",
            "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process", "software", "url", "user-account", "windows-registry-key", "x509-certificate"];

        // Then the minimal objects name each exactly once
        Assert.Equal(domain.Order(StringComparer.Ordinal), MinimalObjects.Domain.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["relationship", "sighting"], MinimalObjects.Relationship.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["extension-definition", "language-content", "marking-definition"], MinimalObjects.Meta.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(observable.Order(StringComparer.Ordinal), MinimalObjects.Observable.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DomainTypes))]
    [MemberData(nameof(RelationshipTypes))]
    [MemberData(nameof(MetaTypes))]
    [MemberData(nameof(ObservableTypes))]
    public void Minimal_object_of_each_type_is_valid_without_warnings(string type)
    {
        ValidationAssert.Clean(MinimalObjects.Get(type));
    }

    [Theory]
    [MemberData(nameof(ObservableTypes))]
    public void Observable_ids_are_the_deterministic_ones_the_library_computes(string type)
    {
        // Given an SCO whose id was computed independently (Python uuid5 over canonical JSON)
        using var document = JsonDocument.Parse(MinimalObjects.Get(type));
        var written = document.RootElement.GetProperty("id").GetString()!;

        // When Korus computes the id
        var computed = DeterministicScoId.TryCompute(document.RootElement, out var id);

        // Then the two agree, except for process, which always uses UUIDv4
        if (type == "process")
        {
            Assert.False(computed);
            Assert.Equal('4', written[written.IndexOf("--", StringComparison.Ordinal) + 2 + 14]);
        }
        else
        {
            Assert.True(computed);
            Assert.Equal(written, id);
        }
    }

    [Theory]
    [MemberData(nameof(DomainTypes))]
    [MemberData(nameof(RelationshipTypes))]
    public void Domain_and_relationship_objects_require_created_and_modified(string type)
    {
        var json = MinimalObjects.Get(type);
        ValidationAssert.Finding(ObjectEdit.Apply(json, "", "created"), FindingCodes.RequiredProperty, FindingSeverity.Error, "$.created");
        ValidationAssert.Finding(ObjectEdit.Apply(json, "", "modified"), FindingCodes.RequiredProperty, FindingSeverity.Error, "$.modified");
    }

    [Theory]
    [MemberData(nameof(DomainTypes))]
    [MemberData(nameof(RelationshipTypes))]
    [MemberData(nameof(MetaTypes))]
    public void Domain_relationship_and_meta_objects_require_spec_version_2_1(string type)
    {
        var json = MinimalObjects.Get(type);
        ValidationAssert.Finding(ObjectEdit.Apply(json, "", "spec_version"), FindingCodes.SpecVersion, FindingSeverity.Error, "$.spec_version");
        ValidationAssert.Finding(ObjectEdit.Apply(json, """{"spec_version":"2.2"}"""), FindingCodes.SpecVersion, FindingSeverity.Error, "$.spec_version");
    }

    [Theory]
    [MemberData(nameof(ObservableTypes))]
    public void Observables_may_omit_spec_version(string type)
    {
        ValidationAssert.Clean(ObjectEdit.Apply(MinimalObjects.Get(type), "", "spec_version"));
    }

    [Theory]
    [MemberData(nameof(DomainTypes))]
    [MemberData(nameof(RelationshipTypes))]
    [MemberData(nameof(MetaTypes))]
    [MemberData(nameof(ObservableTypes))]
    public void Findings_carry_the_container_path_they_are_given(string type)
    {
        // Given an object with a property of the wrong kind, validated as the fourth object of a bundle
        var json = ObjectEdit.Apply(MinimalObjects.Get(type), """{"object_marking_refs":["identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"]}""");
        var findings = new List<Finding>();

        // When it is validated
        var valid = new StixValidator().Validate(Encoding.UTF8.GetBytes(json), "$.objects[3]", findings);

        // Then the finding's path starts at that element
        Assert.False(valid);
        var finding = Assert.Single(findings);
        Assert.Equal(FindingCodes.MarkingRef, finding.Code);
        Assert.Equal("$.objects[3].object_marking_refs[0]", finding.Path);
        Assert.Equal(ObjectEdit.IdOf(json), finding.ObjectId);
    }
}
