using Xunit;
using static Korus.Stix.FindingSeverity;

namespace Korus.Stix.Tests.Validation;

/// <summary>A bundle given to Validate as one object: only its own properties are checked.</summary>
public sealed class BundleObjectTests
{
    private const string Bundle = """{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[{"type":"identity"}]}""";

    [Fact]
    public void A_2_1_bundle_is_valid()
    {
        ValidationAssert.Clean(Bundle);
    }

    public static TheoryData<string, string, string, FindingSeverity, string, string> Rows => new()
    {
        { """{"spec_version":"2.1"}""", "", FindingCodes.Bundle, Error, "$.spec_version", "" },
        { "", "id", FindingCodes.Bundle, Error, "$.id", "" },
        { """{"id":"bundle--5d0092c5"}""", "", FindingCodes.Bundle, Error, "$.id", FindingCodes.Id },
        { """{"id":"report--5d0092c5-5f74-4287-9642-33f4c354e56d"}""", "", FindingCodes.Bundle, Error, "$.id", FindingCodes.Id },
        { """{"objects":{"type":"identity"}}""", "", FindingCodes.Bundle, Error, "$.objects", "" },
        { "", "objects", FindingCodes.Bundle, Warning, "$.objects", "" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_bundle_breaking_a_rule_gives_a_bundle_finding(string set, string remove, string code, FindingSeverity severity, string path, string also)
    {
        ValidationAssert.Finding(ObjectEdit.Apply(Bundle, set, remove), code, severity, path, also);
    }
}
