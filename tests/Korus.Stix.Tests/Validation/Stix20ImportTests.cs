using Korus.Stix.Validation;
using Xunit;
using static Korus.Stix.FindingSeverity;

namespace Korus.Stix.Tests.Validation;

/// <summary>STIX 2.0 objects are accepted only on the explicit 2.0 import path (AllowStix20).</summary>
public sealed class Stix20ImportTests
{
    private static readonly StixValidatorOptions Stix20 = new() { AllowStix20 = true };

    private const string Malware20 = """
        {"type":"malware","id":"malware--fd319fec-efbc-4680-9bd1-a94f56ff72b6","created":"2017-05-31T21:32:09.849Z",
         "modified":"2018-10-17T00:14:20.652Z","name":"Manuscrypt","labels":["malware"]}
        """;

    private const string Indicator20 = """
        {"type":"indicator","id":"indicator--8519a9b8-859a-422b-a091-725567948417","created":"2017-05-31T21:32:09.849Z",
         "modified":"2017-05-31T21:32:09.849Z","labels":["malicious-activity"],"pattern":"[file:name = 'a.exe']","valid_from":"2017-05-31T21:32:09Z"}
        """;

    [Theory]
    [InlineData(Malware20)]
    [InlineData(Indicator20)]
    public void A_2_0_object_is_valid_on_the_2_0_import_path(string json)
    {
        ValidationAssert.Clean(json, Stix20);
        ValidationAssert.Clean(ObjectEdit.Apply(json, """{"spec_version":"2.0"}"""), Stix20);
    }

    [Fact]
    public void A_2_0_malware_is_invalid_as_2_1()
    {
        var (valid, findings) = ValidationAssert.Run(Malware20);

        Assert.False(valid);
        Assert.Equal(
            [(FindingCodes.RequiredProperty, "$.is_family"), (FindingCodes.SpecVersion, "$.spec_version")],
            findings.Select(f => (f.Code, f.Path)).Order().ToArray());
    }

    [Fact]
    public void A_2_1_object_keeps_its_2_1_requirements_on_the_2_0_import_path()
    {
        var json = ObjectEdit.Apply(MinimalObjects.Get("malware"), "", "is_family");

        ValidationAssert.Finding(json, FindingCodes.RequiredProperty, Error, "$.is_family", options: Stix20);
    }

    [Fact]
    public void Other_spec_versions_stay_errors_on_the_2_0_import_path()
    {
        // (and such an object is not 2.0 content, so 2.1's is_family applies)
        ValidationAssert.Finding(ObjectEdit.Apply(Malware20, """{"spec_version":"1.2"}"""), FindingCodes.SpecVersion, Error, "$.spec_version", FindingCodes.RequiredProperty, Stix20);
    }

    [Fact]
    public void A_2_0_bundle_object_is_accepted_on_the_2_0_import_path_only()
    {
        var bundle = $$"""{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","spec_version":"2.0","objects":[{{Malware20}}]}""";

        ValidationAssert.Clean(bundle, Stix20);
        ValidationAssert.Finding(bundle, FindingCodes.Bundle, Error, "$.spec_version");
    }

    [Fact]
    public void A_2_0_bundle_stream_is_accepted_on_the_2_0_import_path_only()
    {
        var bundle = $$"""{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","spec_version":"2.0","objects":[{{Malware20}},{{Indicator20}}]}""";
        var bytes = System.Text.Encoding.UTF8.GetBytes(bundle);

        var imported = new StixValidator(Stix20).ValidateStream(new MemoryStream(bytes));
        var strict = new StixValidator().ValidateStream(new MemoryStream(bytes));

        Assert.Equal((2L, 0L, 0L, 0L), (imported.Objects, imported.InvalidObjects, imported.Errors, imported.Warnings));
        Assert.Empty(imported.InputFindings);
        Assert.Equal((2L, 2L), (strict.Objects, strict.InvalidObjects));
        Assert.Equal(FindingCodes.Bundle, Assert.Single(strict.InputFindings).Code);
        // two missing spec_versions, malware is_family, indicator pattern_type, the bundle's spec_version
        Assert.Equal(5, strict.Errors);
    }
}
