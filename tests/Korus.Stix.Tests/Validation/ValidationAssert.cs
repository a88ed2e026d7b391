using System.Text;
using Korus.Stix.Validation;
using Xunit;

namespace Korus.Stix.Tests.Validation;

/// <summary>Validates one object and checks its findings exactly: rule code, severity, object id, JSON path and reason.</summary>
internal static class ValidationAssert
{
    /// <summary>Validates <paramref name="json"/> at path <c>$</c>; returns the validator's verdict and its findings.</summary>
    public static (bool Valid, List<Finding> Findings) Run(string json, StixValidatorOptions? options = null, string path = "$")
    {
        var findings = new List<Finding>();
        var valid = new StixValidator(options).Validate(Encoding.UTF8.GetBytes(json), path, findings);
        return (valid, findings);
    }

    /// <summary>The object validates with no errors and no warnings.</summary>
    public static void Clean(string json, StixValidatorOptions? options = null)
    {
        var (valid, findings) = Run(json, options);
        Assert.True(findings.Count == 0, $"Expected no findings for {json}\nbut got:\n{Describe(findings)}");
        Assert.True(valid);
    }

    /// <summary>
    /// The object gives exactly one finding with <paramref name="code"/>, with the severity, path and the
    /// object's own id, and a reason; <paramref name="also"/> lists (comma-separated) the codes of any other
    /// findings the input necessarily draws, each exactly once. The verdict is false exactly when some
    /// finding is an error.
    /// </summary>
    public static Finding Finding(string json, string code, FindingSeverity severity, string path, string also = "", StixValidatorOptions? options = null)
    {
        var (valid, findings) = Run(json, options);
        var matching = findings.Where(f => f.Code == code).ToList();
        Assert.True(matching.Count == 1, $"Expected one {code} finding for {json}\nbut got:\n{Describe(findings)}");
        var finding = matching[0];
        Assert.Equal(severity, finding.Severity);
        Assert.Equal(path, finding.Path);
        Assert.Equal(ObjectEdit.IdOf(json), finding.ObjectId);
        Assert.False(string.IsNullOrWhiteSpace(finding.Message));

        var others = findings.Where(f => f.Code != code).Select(f => f.Code).Order(StringComparer.Ordinal).ToList();
        var expectedOthers = also.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToList();
        Assert.True(expectedOthers.SequenceEqual(others), $"Expected other findings [{string.Join(", ", expectedOthers)}] for {json}\nbut got:\n{Describe(findings)}");
        Assert.Equal(!findings.Any(f => f.IsError), valid);
        return finding;
    }

    public static string Describe(IEnumerable<Finding> findings)
    {
        var text = string.Join("\n", findings.Select(f => "  " + f));
        return text.Length == 0 ? "  (none)" : text;
    }
}
