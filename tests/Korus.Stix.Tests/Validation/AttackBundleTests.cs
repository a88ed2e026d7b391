using Korus.Stix.Json;
using Korus.Stix.Validation;
using Korus.Testing;
using Xunit;

namespace Korus.Stix.Tests.Validation;

/// <summary>
/// MITRE ATT&amp;CK as published (../shared/data/attack): the STIX 2.1 bundles validate with zero errors;
/// the STIX 2.0 bundle does so only on the explicit 2.0 import path. Skipped when the data is absent.
/// </summary>
public sealed class AttackBundleTests
{
    public static TheoryData<string, long> Stix21Bundles => new()
    {
        { "attack/enterprise-attack-18.1.json", 24_772 },
        { "attack/mobile-attack-18.1.json", 2_536 },
        { "attack/mobile-attack-17.1.json", 2_148 },
        { "attack/ics-attack-18.1.json", 1_826 },
    };

    private static (StixValidationRun Run, List<Finding> Findings) Validate(string file, StixValidatorOptions? options = null)
    {
        var path = SharedData.RequireFile(file);
        var findings = new List<Finding>();
        using var stream = File.OpenRead(path);
        var run = new StixValidator(options).ValidateStream(stream, (_, f) => findings.AddRange(f));
        return (run, findings);
    }

    [Theory]
    [MemberData(nameof(Stix21Bundles))]
    public void STIX_2_1_ATTACK_bundle_validates_with_zero_errors(string file, long objects)
    {
        var (run, findings) = Validate(file);

        Assert.True(run.Errors == 0, ValidationAssert.Describe(findings.Where(f => f.IsError).Take(20)));
        Assert.Equal(StixContainerKind.Bundle, run.Container);
        Assert.Equal(objects, run.Objects);
        Assert.Equal(0, run.InvalidObjects);
        Assert.False(run.Aborted);
        Assert.Empty(run.InputFindings);
        Assert.Equal(run.Warnings, findings.Count);

        // ATT&CK's own relationship types (detects, subtechnique-of, revoked-by) and its custom x_mitre_
        // properties draw warnings; nothing about the STIX-defined content does.
        Assert.All(findings, f => Assert.True(
            f.Code == FindingCodes.RelationshipType || f.Path.Contains(".x_mitre_", StringComparison.Ordinal),
            f.ToString()));
        Assert.All(findings.Where(f => f.Code == FindingCodes.RelationshipType), f => Assert.EndsWith(".relationship_type", f.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void STIX_2_0_ATTACK_bundle_validates_with_zero_errors_on_the_2_0_import_path()
    {
        var (run, findings) = Validate("attack/enterprise-attack-18.1-stix20.json", new StixValidatorOptions { AllowStix20 = true });

        Assert.True(run.Errors == 0, ValidationAssert.Describe(findings.Where(f => f.IsError).Concat(run.InputFindings).Take(20)));
        Assert.Equal(24_771, run.Objects);
        Assert.Equal(0, run.InvalidObjects);
        Assert.Empty(run.InputFindings);
        Assert.All(findings, f => Assert.Equal(FindingSeverity.Warning, f.Severity));
    }

    [Fact]
    public void STIX_2_0_ATTACK_bundle_is_rejected_as_STIX_2_1()
    {
        var (run, findings) = Validate("attack/enterprise-attack-18.1-stix20.json");

        // Every object lacks spec_version, so every object is invalid as STIX 2.1
        Assert.Equal(24_771, run.Objects);
        Assert.Equal(run.Objects, run.InvalidObjects);
        Assert.Equal(run.Objects, findings.Count(f => f.Code == FindingCodes.SpecVersion && f.IsError));
        Assert.All(findings.Where(f => f.Code == FindingCodes.SpecVersion), f => Assert.EndsWith(".spec_version", f.Path, StringComparison.Ordinal));

        // 2.0 malware has no is_family, which 2.1 requires
        var malware = findings.Where(f => f.Code == FindingCodes.RequiredProperty).ToList();
        Assert.NotEmpty(malware);
        Assert.All(malware, f => Assert.Equal(("malware", "is_family"), (StixId.TypeOf(f.ObjectId!), f.Path[(f.Path.LastIndexOf('.') + 1)..])));

        // and the bundle's own spec_version "2.0" marks it as a 2.0 bundle
        var bundle = Assert.Single(run.InputFindings);
        Assert.Equal((FindingCodes.Bundle, FindingSeverity.Error, "$.spec_version"), (bundle.Code, bundle.Severity, bundle.Path));
        Assert.Contains("2.0", bundle.Message, StringComparison.Ordinal);
        Assert.Equal(run.Objects + malware.Count + 1, run.Errors);
    }
}
