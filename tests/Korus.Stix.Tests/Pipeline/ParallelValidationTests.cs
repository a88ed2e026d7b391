using System.Text;
using Korus.Stix.Validation;
using Korus.Synthetic;
using Korus.Testing;
using Xunit;

namespace Korus.Stix.Tests.Pipeline;

/// <summary>The parallel stream pipeline gives exactly the sequential results, in input order.</summary>
public sealed class ParallelValidationTests
{
    [Fact]
    public void Parallel_and_sequential_runs_report_the_same_findings_in_order()
    {
        var input = MixedInputWithErrors(objects: 6000);
        var sequential = Run(input, parallelism: 1);
        var parallel = Run(input, parallelism: 4);

        Assert.Equal(sequential.Objects, parallel.Objects);
        Assert.Equal(6000, sequential.Objects.Count);
        Assert.Equal(sequential.Findings, parallel.Findings);
        Assert.True(sequential.Findings.Count >= 600);
        Assert.Equal(Enumerable.Range(0, 6000), parallel.Objects);
        Assert.Equal(sequential.Run.Errors, parallel.Run.Errors);
        Assert.Equal(sequential.Run.InvalidObjects, parallel.Run.InvalidObjects);
        Assert.Equal(600, parallel.Run.InvalidObjects);
    }

    [Fact]
    public void Generated_bundle_is_valid_whatever_the_parallelism()
    {
        using var stream = new MemoryStream();
        new BundleGenerator(seed: 7).WriteBundle(stream, 3_000_000);
        var bytes = stream.ToArray();
        foreach (var parallelism in new[] { 1, 2, 3 })
        {
            var run = new StixValidator(new StixValidatorOptions { Parallelism = parallelism }).ValidateStream(new MemoryStream(bytes));
            Assert.True(run.IsValid, $"parallelism {parallelism}: {run.Errors} errors");
            Assert.Equal(0, run.Warnings);
            Assert.True(run.Objects > 5000);
            Assert.Equal(bytes.Length, run.Bytes);
        }
    }

    [Fact]
    public void Attack_ics_gives_the_same_findings_in_parallel()
    {
        var path = SharedData.RequireFile("attack/ics-attack-18.1.json");
        var bytes = File.ReadAllBytes(path);
        var sequential = Run(bytes, parallelism: 1);
        var parallel = Run(bytes, parallelism: 2);
        Assert.Equal(sequential.Findings, parallel.Findings);
        Assert.Equal(0, parallel.Run.Errors);
    }

    [Fact]
    public void A_syntax_error_midway_keeps_every_result_before_it()
    {
        var good = MixedInputWithErrors(objects: 3000);
        var cut = Encoding.UTF8.GetString(good)[..^200] + "}{";
        var parallel = Run(Encoding.UTF8.GetBytes(cut), parallelism: 3);
        var sequential = Run(Encoding.UTF8.GetBytes(cut), parallelism: 1);
        Assert.True(parallel.Run.Aborted);
        Assert.Equal(sequential.Objects, parallel.Objects);
        Assert.Equal(sequential.Findings, parallel.Findings);
        Assert.Contains(parallel.Run.InputFindings, f => f.Code == FindingCodes.Json);
    }

    private static byte[] MixedInputWithErrors(int objects)
    {
        var builder = new StringBuilder("""{"type":"bundle","id":"bundle--0f1e2d3c-4b5a-4697-a8b9-cadbecfd0e1f","objects":[""");
        for (var i = 0; i < objects; i++)
        {
            if (i > 0)
            {
                builder.Append(",\n");
            }

            var id = new Guid(i, 0, 0, [0x40, 0, 0, 0, 0, 0, 0, (byte)(i % 251)]).ToString("D");
            id = id[..14] + "4" + id[15..19] + "8" + id[20..];
            var confidence = i % 10 == 3 ? 150 : 50;
            builder.Append($$"""{"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--{{id}}","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"t{{i}}","confidence":{{confidence}}}""");
        }

        builder.Append("]}");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static (StixValidationRun Run, List<int> Objects, List<Finding> Findings) Run(byte[] input, int parallelism)
    {
        var objects = new List<int>();
        var findings = new List<Finding>();
        var validator = new StixValidator(new StixValidatorOptions { Parallelism = parallelism });
        var run = validator.ValidateStream(new MemoryStream(input), (slice, found) =>
        {
            objects.Add(slice.Index);
            findings.AddRange(found);
        });
        return (run, objects, findings);
    }
}
