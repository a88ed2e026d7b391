using System.Text;
using Korus.Severity;
using Korus.Stix;

namespace Korus.Severity.Tests;

public sealed class CscfAssessmentTests
{
    private static List<Finding> Problems(string json)
    {
        var findings = new List<Finding>();
        Assert.Null(CscfAssessment.Read(Encoding.UTF8.GetBytes(json), findings));
        Assert.NotEmpty(findings);
        return findings;
    }

    [Fact]
    public void A_complete_assessment_is_read_with_its_optional_fields()
    {
        var findings = new List<Finding>();
        var assessment = CscfAssessment.Read(Encoding.UTF8.GetBytes(Assessments.Json("actor", "\"state-apt\"", ", \"actor_country\": \"KP\", \"actor_ref\": \"intrusion-set--a1b2c3d4-0000-4000-8000-000000000001\", \"notes\": \"Lazarus\"")), findings);
        Assert.Empty(findings);
        Assert.NotNull(assessment);
        Assert.Equal("state-apt", assessment.Option(CscfFactor.Actor));
        Assert.Equal("KP", assessment.ActorCountry);
        Assert.Equal("intrusion-set--a1b2c3d4-0000-4000-8000-000000000001", assessment.ActorRef);
        Assert.Equal("Lazarus", assessment.Notes);
    }

    [Fact]
    public void An_unknown_option_is_refused_naming_the_field_and_the_options()
    {
        var finding = Assert.Single(Problems(Assessments.Json("location", "\"safety-system\"")));
        Assert.Equal(SeverityCodes.UnknownOption, finding.Code);
        Assert.Equal("$.location", finding.Path);
        Assert.Contains("'safety-system' is not an option of location", finding.Message, StringComparison.Ordinal);
        Assert.Contains("safety-systems", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_factor_is_refused_and_never_defaulted()
    {
        var finding = Assert.Single(Problems(Assessments.Json("recoverability", null)));
        Assert.Equal(SeverityCodes.MissingFactor, finding.Code);
        Assert.Equal("$.recoverability", finding.Path);
    }

    [Fact]
    public void An_unknown_factor_name_is_refused()
    {
        var finding = Assert.Single(Problems(Assessments.Json(extra: ", \"functional_impacts\": \"none\"")));
        Assert.Equal(SeverityCodes.UnknownField, finding.Code);
        Assert.Equal("$.functional_impacts", finding.Path);
    }

    [Theory]
    [InlineData("actor", "3", SeverityCodes.WrongType, "$.actor")]
    [InlineData("actor", "null", SeverityCodes.WrongType, "$.actor")]
    [InlineData("actor", "[\"criminal\"]", SeverityCodes.WrongType, "$.actor")]
    public void A_factor_of_the_wrong_type_is_refused(string factor, string value, string code, string path)
    {
        var finding = Assert.Single(Problems(Assessments.Json(factor, value)));
        Assert.Equal(code, finding.Code);
        Assert.Equal(path, finding.Path);
    }

    [Theory]
    [InlineData(", \"actor_country\": \"kp\"", "$.actor_country")]
    [InlineData(", \"actor_country\": \"PRK\"", "$.actor_country")]
    [InlineData(", \"actor_ref\": \"threat-actor--a1b2c3d4-0000-4000-8000-000000000001\"", "$.actor_ref")]
    [InlineData(", \"actor_ref\": \"intrusion-set--nope\"", "$.actor_ref")]
    public void Malformed_actor_fields_are_refused(string extra, string path)
    {
        var finding = Assert.Single(Problems(Assessments.Json(extra: extra)));
        Assert.Equal(SeverityCodes.BadValue, finding.Code);
        Assert.Equal(path, finding.Path);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var findings = Problems("{\"actor\": \"alien\", \"colour\": \"red\"}");
        Assert.Contains(findings, f => f.Path == "$.actor" && f.Code == SeverityCodes.UnknownOption);
        Assert.Contains(findings, f => f.Path == "$.colour" && f.Code == SeverityCodes.UnknownField);
        Assert.Equal(8, findings.Count(f => f.Code == SeverityCodes.MissingFactor));
    }

    [Fact]
    public void Invalid_json_and_non_objects_are_refused()
    {
        var json = Assert.Single(Problems("{\"actor\": "));
        Assert.Equal(SeverityCodes.Json, json.Code);
        Assert.Equal(SeverityCodes.WrongType, Assert.Single(Problems("[]")).Code);
    }

    [Fact]
    public void An_assessment_written_as_json_reads_back_the_same()
    {
        var original = Assessments.Of("significant-critical", "none", "extended", "effect", "safety-systems", "state-apt", "medium", "regional", "one-nation");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            original.WriteTo(json);
        }

        var findings = new List<Finding>();
        var again = CscfAssessment.Read(buffer.WrittenMemory, findings);
        Assert.NotNull(again);
        foreach (var factor in CscfVocabulary.Factors)
        {
            Assert.Equal(original[factor], again[factor]);
        }
    }
}
