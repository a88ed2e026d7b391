using System.Text;
using Korus.Stix.Json;
using Korus.Stix.Validation;
using Xunit;

namespace Korus.Stix.Tests.Validation;

public sealed class StreamValidationTests
{
    /// <summary>Seven elements: two valid, three with errors (one, two and one), two with one warning each.</summary>
    private static string MixedBundle() => $$"""
        {"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[
          {{MinimalObjects.Get("identity")}},
          {{ObjectEdit.Apply(MinimalObjects.Get("indicator"), """{"valid_until":"2023-01-01T00:00:00Z"}""")}},
          {{ObjectEdit.Apply(MinimalObjects.Get("malware"), """{"confidence":200}""", "is_family")}},
          {{ObjectEdit.Apply(MinimalObjects.Get("grouping"), "", "name")}},
          {{ObjectEdit.Apply(MinimalObjects.Get("mutex"), """{"id":"mutex--4c3970e2-f20e-4492-bdac-413539c829e7"}""")}},
          42,
          {{MinimalObjects.Get("relationship")}}
        ]}
        """;

    private static (StixValidationRun Run, List<(int Index, string Path, List<Finding> Findings)> Objects) Validate(string input, StixValidatorOptions? options = null)
    {
        var objects = new List<(int, string, List<Finding>)>();
        var run = new StixValidator(options).ValidateStream(
            new MemoryStream(Encoding.UTF8.GetBytes(input)),
            (slice, findings) => objects.Add((slice.Index, slice.Path, findings.ToList())));
        return (run, objects);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(3)]
    public void A_bundle_of_valid_and_invalid_objects_gives_the_right_counts(int parallelism)
    {
        // When a bundle mixing valid and invalid objects is validated as a stream
        var (run, objects) = Validate(MixedBundle(), new StixValidatorOptions { Parallelism = parallelism });

        // Then every element is counted, and each invalid one once
        Assert.Equal(StixContainerKind.Bundle, run.Container);
        Assert.Equal(7, run.Objects);
        Assert.Equal(3, run.InvalidObjects);
        Assert.Equal(4, run.Errors);
        Assert.Equal(2, run.Warnings);
        Assert.False(run.IsValid);
        Assert.False(run.Aborted);
        Assert.Empty(run.InputFindings);
        Assert.Equal(Encoding.UTF8.GetByteCount(MixedBundle()), run.Bytes);

        // And each object's findings arrive in input order, with paths inside the bundle
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], objects.Select(o => o.Index));
        Assert.Equal("$.objects[2]", objects[2].Path);
        Assert.Empty(objects[0].Findings);
        Assert.Empty(objects[6].Findings);
        Assert.Equal([(FindingCodes.IndicatorValidUntil, "$.objects[1].valid_until", MinimalObjects.IndicatorId)], Summary(objects[1].Findings));
        Assert.Equal(
            [(FindingCodes.Confidence, "$.objects[2].confidence", MinimalObjects.MalwareId), (FindingCodes.RequiredProperty, "$.objects[2].is_family", MinimalObjects.MalwareId)],
            Summary(objects[2].Findings).Order());
        Assert.Equal([(FindingCodes.Grouping, "$.objects[3].name", "grouping--82f8ac36-89c1-4dec-8d46-17ae49baa3e0")], Summary(objects[3].Findings));
        Assert.Equal([(FindingCodes.ScoDeterministicId, "$.objects[4].id", "mutex--4c3970e2-f20e-4492-bdac-413539c829e7")], Summary(objects[4].Findings));
        var notAnObject = Assert.Single(objects[5].Findings);
        Assert.Equal((FindingCodes.Json, FindingSeverity.Error, "$.objects[5]"), (notAnObject.Code, notAnObject.Severity, notAnObject.Path));
        Assert.All(objects.SelectMany(o => o.Findings), f => Assert.NotNull(f.Line));
    }

    [Fact]
    public void Findings_point_at_the_line_of_their_object()
    {
        var (_, objects) = Validate(MixedBundle(), new StixValidatorOptions { Parallelism = 1 });

        // After the bundle's line and the identity's two lines: the indicator on line 4, the grouping on 6
        Assert.Equal(4, Assert.Single(objects[1].Findings).Line);
        Assert.Equal(6, Assert.Single(objects[3].Findings).Line);
    }

    [Fact]
    public void An_array_of_objects_is_validated_element_by_element()
    {
        var input = $$"""[{{MinimalObjects.Get("tool")}},{{ObjectEdit.Apply(MinimalObjects.Get("sighting"), """{"count":-1}""")}}]""";

        var (run, objects) = Validate(input);

        Assert.Equal(StixContainerKind.Array, run.Container);
        Assert.Equal((2L, 1L, 1L, 0L), (run.Objects, run.InvalidObjects, run.Errors, run.Warnings));
        Assert.Equal([(FindingCodes.SightingCount, "$[1].count", "sighting--6e004e2c-df1e-4f2f-a338-ce56616f79d3")], Summary(objects[1].Findings));
    }

    [Fact]
    public void A_single_object_is_validated_at_the_root()
    {
        var input = ObjectEdit.Apply(MinimalObjects.Get("indicator"), """{"lang":"??"}""");

        var (run, objects) = Validate(input);

        Assert.Equal(StixContainerKind.SingleObject, run.Container);
        Assert.Equal((1L, 1L, 1L, 0L), (run.Objects, run.InvalidObjects, run.Errors, run.Warnings));
        Assert.Equal([(FindingCodes.Lang, "$.lang", MinimalObjects.IndicatorId)], Summary(Assert.Single(objects).Findings));
    }

    [Fact]
    public void A_2_1_bundle_with_spec_version_is_an_input_finding_counted_as_an_error()
    {
        var input = $$"""{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","spec_version":"2.1","objects":[{{MinimalObjects.Get("identity")}}]}""";

        var (run, objects) = Validate(input);

        Assert.Equal((1L, 0L, 1L, 0L), (run.Objects, run.InvalidObjects, run.Errors, run.Warnings));
        Assert.Empty(Assert.Single(objects).Findings);
        var finding = Assert.Single(run.InputFindings);
        Assert.Equal((FindingCodes.Bundle, FindingSeverity.Error, "$.spec_version", "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d"), (finding.Code, finding.Severity, finding.Path, finding.ObjectId));
    }

    [Fact]
    public void Input_that_breaks_off_is_reported_after_the_objects_before_it()
    {
        var input = $$"""{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[{{MinimalObjects.Get("identity")}},{"type":""";

        var (run, objects) = Validate(input);

        Assert.True(run.Aborted);
        Assert.Equal(0, run.InvalidObjects);
        Assert.Empty(Assert.Single(objects).Findings);
        var finding = Assert.Single(run.InputFindings);
        Assert.Equal(FindingCodes.Json, finding.Code);
        Assert.Equal(1, run.Errors);
    }

    [Fact]
    public void Many_objects_across_several_batches_are_counted_exactly()
    {
        // Given about 1 MB of objects (several validation batches), every tenth with a bad confidence
        var builder = new StringBuilder("""{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[""");
        for (var i = 0; i < 4000; i++)
        {
            var id = $"indicator--{Guid.CreateVersion7():D}".Replace("-7", "-4", StringComparison.Ordinal);
            var set = i % 10 == 3 ? $$"""{"id":"{{id}}","confidence":101}""" : $$"""{"id":"{{id}}","x_index":{{i}}}""";
            builder.Append(i == 0 ? "" : ",").Append(ObjectEdit.Apply(MinimalObjects.Get("indicator"), set));
        }

        builder.Append("]}");

        // When validated with several threads
        var (run, objects) = Validate(builder.ToString(), new StixValidatorOptions { Parallelism = 4 });

        // Then counts and order are exact
        Assert.Equal((4000L, 400L, 400L, 0L), (run.Objects, run.InvalidObjects, run.Errors, run.Warnings));
        Assert.Equal(Enumerable.Range(0, 4000), objects.Select(o => o.Index));
        Assert.All(objects.Where(o => o.Index % 10 == 3), o => Assert.Equal($"$.objects[{o.Index}].confidence", Assert.Single(o.Findings).Path));
    }

    private static List<(string Code, string Path, string? ObjectId)> Summary(IEnumerable<Finding> findings) =>
        findings.Select(f => (f.Code, f.Path, f.ObjectId)).ToList();
}
