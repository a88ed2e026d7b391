using BenchmarkDotNet.Attributes;
using Korus.Stix;
using Korus.Stix.Json;
using Korus.Stix.Model;
using Korus.Stix.Validation;

namespace Korus.Benchmarks;

/// <summary>
/// Streaming validation and reading throughput over in-memory inputs (no disk): the ICS ATT&amp;CK bundle
/// and a generated 64 MB bundle of mixed objects. Divide the input size by the mean time for MB/s.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private byte[] _ics = [];
    private byte[] _mixed = [];
    private readonly StixValidator _validator = new();
    private readonly StixValidator _withPatterns = new(new StixValidatorOptions { PatternChecker = Korus.Patterning.PatternSyntaxChecker.Default });
    private readonly List<Finding> _findings = [];
    private ReadOnlyMemory<byte>[] _objects = [];

    /// <summary>Builds the inputs once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ics = BenchmarkInputs.IcsOrGenerated();
        _mixed = BenchmarkInputs.Generated(64_000_000);
        using (var reader = new StixStreamReader(new MemoryStream(_mixed, 0, 4_000_000, writable: false)))
        {
            var objects = new List<ReadOnlyMemory<byte>>();
            while (reader.TryRead(out var slice) && objects.Count < 10_000)
            {
                objects.Add(slice.Json.ToArray());
            }

            _objects = [.. objects];
        }

        Console.WriteLine($"// inputs: ics {_ics.Length} bytes, mixed {_mixed.Length} bytes");
    }

    /// <summary>Validates the ICS bundle (every object, all rules).</summary>
    [Benchmark]
    public long ValidateIcs() => _validator.ValidateStream(new MemoryStream(_ics, writable: false)).Objects;

    /// <summary>Validates the generated 64 MB mixed bundle.</summary>
    [Benchmark]
    public long ValidateMixed64MB() => _validator.ValidateStream(new MemoryStream(_mixed, writable: false)).Objects;

    /// <summary>Validates 10,000 objects of the mixed bundle one by one on this thread, patterns checked as korus validate does: the validator's own cost per object.</summary>
    [Benchmark(OperationsPerInvoke = 10_000)]
    public int ValidateEachObject()
    {
        var valid = 0;
        foreach (var json in _objects)
        {
            _findings.Clear();
            valid += _withPatterns.Validate(json, "$", _findings) ? 1 : 0;
        }

        return valid;
    }

    /// <summary>Only splits the 64 MB bundle into objects (the reader's share of validation).</summary>
    [Benchmark]
    public long ReadMixed64MB()
    {
        using var reader = new StixStreamReader(new MemoryStream(_mixed, writable: false));
        long count = 0;
        while (reader.TryRead(out _))
        {
            count++;
        }

        return count;
    }

    /// <summary>Loads the ICS bundle into the object model.</summary>
    [Benchmark]
    public int LoadIcsModel() => StixDocument.Parse(_ics).Objects.Count;
}
