using System.Text;
using Korus.Stix.Json;
using Korus.Stix.Model;
using Korus.Testing;
using Xunit;

namespace Korus.Stix.Tests.Model;

public sealed class StixDocumentTests
{
    private const string A = """{"type":"x-a","id":"x-a--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","x_z":1,"x_a":[ 1, 2 ]}""";
    private const string B = """{"type":"x-b","id":"x-b--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","name":"caf\u00e9"}""";

    [Fact]
    public void Sample_bundle_loads_with_typed_objects()
    {
        var document = StixDocument.Load(SharedData.RepositoryFile("samples/lazarus-npm.json"));

        Assert.True(document.IsComplete);
        Assert.Equal(StixContainerKind.Bundle, document.Container);
        Assert.Equal("bundle--0f1e2d3c-4b5a-4697-a8b9-cadbecfd0e1f", document.BundleId);
        Assert.Equal(13, document.Objects.Count);
        var indicator = Assert.Single(document.Objects.OfType<Indicator>());
        Assert.Contains("cdn-update.example.net", indicator.Pattern, StringComparison.Ordinal);
        Assert.Equal(2, document.Objects.OfType<Relationship>().Count());
        var sighting = Assert.Single(document.Objects.OfType<Sighting>());
        Assert.Equal(indicator.Id, sighting.SightingOfRef);
        Assert.Equal(7, Assert.Single(document.Objects.OfType<Report>()).ObjectRefs.Count);
        Assert.Equal(TlpLevel.Green, Assert.Single(document.Objects.OfType<MarkingDefinition>()).Tlp);
        Assert.Equal("198.51.100.23", document.Objects.OfType<CyberObservable>().Single(o => o.Type == "ipv4-addr").Value);
    }

    [Fact]
    public void Every_object_keeps_its_exact_bytes_from_a_file()
    {
        var path = SharedData.RepositoryFile("samples/lazarus-npm.json");
        var text = File.ReadAllText(path);
        var document = StixDocument.Load(path);

        foreach (var obj in document.Objects)
        {
            Assert.Contains(obj.ToString(), text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(StixContainerKind.Array)]
    [InlineData(StixContainerKind.Bundle)]
    public void Write_back_preserves_objects(StixContainerKind container)
    {
        var input = container == StixContainerKind.Array
            ? $"[{A},{B}]"
            : $$"""{"type":"bundle","id":"bundle--0f1e2d3c-4b5a-4697-a8b9-cadbecfd0e1f","objects":[{{A}},{{B}}]}""";
        var document = StixDocument.Parse(input);
        Assert.Equal(container, document.Container);

        using var output = new MemoryStream();
        document.WriteTo(output);
        var written = Encoding.UTF8.GetString(output.ToArray());
        Assert.Equal(input, written);

        var again = StixDocument.Parse(output.ToArray());
        Assert.Equal(document.Objects.Select(o => o.ToString()), again.Objects.Select(o => o.ToString()));
    }

    [Fact]
    public void A_single_object_file_is_written_back_byte_for_byte()
    {
        var input = "\n  " + B + "\n";
        var document = StixDocument.Parse(input);
        Assert.Equal(StixContainerKind.SingleObject, document.Container);
        using var output = new MemoryStream();
        document.WriteTo(output);
        Assert.Equal(B, Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void Elements_that_are_not_objects_are_reported_and_the_rest_read()
    {
        var input = $"[{A},\n42,\n{{\"type\":\"x-c\"}},\n{B}]";
        var document = StixDocument.Parse(input);

        Assert.False(document.IsComplete);
        Assert.Equal(["x-a", "x-b"], document.Objects.Select(o => o.Type));
        Assert.Equal(2, document.Problems.Count);
        Assert.Equal("$[1]", document.Problems[0].Path);
        Assert.Equal(2, document.Problems[0].Line);
        Assert.Equal("$[2].id", document.Problems[1].Path);
        Assert.Equal(FindingCodes.Id, document.Problems[1].Code);
        Assert.Equal(3, document.Problems[1].Line);
    }

    [Fact]
    public void Truncated_input_keeps_the_objects_before_the_break()
    {
        var input = $$"""{"type":"bundle","id":"bundle--0f1e2d3c-4b5a-4697-a8b9-cadbecfd0e1f","objects":[{{A}},{"type":"x-b","id":""";
        var document = StixDocument.Parse(input);

        Assert.Equal(["x-a"], document.Objects.Select(o => o.Type));
        var problem = Assert.Single(document.Problems, p => p.IsError);
        Assert.Equal(FindingCodes.Json, problem.Code);
    }

    [Fact]
    public void Streaming_reads_every_object_and_reports_every_problem()
    {
        var builder = new StringBuilder("""{"type":"bundle","id":"bundle--0f1e2d3c-4b5a-4697-a8b9-cadbecfd0e1f","objects":[""");
        const int count = 20_000;
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(i % 1000 == 999 ? "\"oops\"" : $$"""{"type":"x-n","id":"x-n--{{Guid.NewGuid():D}}","x_i":{{i}}}""");
        }

        builder.Append("]}");
        var problems = new List<Finding>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(builder.ToString()));
        var seen = 0;
        long sum = 0;
        foreach (var obj in StixDocument.ReadObjects(stream, problems.Add))
        {
            seen++;
            sum += obj.GetInteger("x_i")!.Value;
        }

        Assert.Equal(count - (count / 1000), seen);
        Assert.Equal(count / 1000, problems.Count);
        Assert.All(problems, p => Assert.Equal(FindingCodes.Json, p.Code));
        Assert.Equal("$.objects[999]", problems[0].Path);
        long expected = 0;
        for (var i = 0; i < count; i++)
        {
            expected += i % 1000 == 999 ? 0 : i;
        }

        Assert.Equal(expected, sum);
    }

    [Fact]
    public void Bundle_writer_streams_objects_unchanged()
    {
        var a = StixObject.Parse(A);
        var b = StixObject.Parse(B);
        using var output = new MemoryStream();
        using (var writer = new StixBundleWriter(output))
        {
            writer.Write(a);
            writer.WriteRaw(b.Json);
            Assert.Equal(2, writer.Count);
        }

        var document = StixDocument.Parse(output.ToArray());
        Assert.Equal(StixContainerKind.Bundle, document.Container);
        Assert.StartsWith("bundle--", document.BundleId, StringComparison.Ordinal);
        Assert.True(StixId.IsValid(document.BundleId!, "bundle"));
        Assert.Equal([A, B], document.Objects.Select(o => o.ToString()));
    }

    [Fact]
    public void Attack_enterprise_loads_completely()
    {
        var path = SharedData.RequireFile("attack/enterprise-attack-18.1.json");
        var document = StixDocument.Load(path);

        Assert.True(document.IsComplete);
        Assert.True(document.Objects.Count > 20_000);
        var techniques = document.Objects.Where(o => o.Type == "attack-pattern" && !o.Revoked).ToList();
        Assert.True(techniques.Count > 600);
        var t1195 = techniques.Single(t => t.ExternalReferences.Any(r => r.SourceName == "mitre-attack" && r.ExternalId == "T1195.002"));
        Assert.Equal("Compromise Software Supply Chain", t1195.Name);
        Assert.All(document.Objects.OfType<Relationship>(), r => Assert.NotNull(r.SourceRef));

        // Every object's bytes are the file's bytes for it.
        var text = File.ReadAllText(path);
        Assert.Contains(t1195.ToString(), text, StringComparison.Ordinal);
    }
}
