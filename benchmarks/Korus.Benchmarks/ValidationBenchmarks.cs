using BenchmarkDotNet.Attributes;
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

    /// <summary>Builds the inputs once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ics = BenchmarkInputs.IcsOrGenerated();
        _mixed = BenchmarkInputs.Generated(64_000_000);
        Console.WriteLine($"// inputs: ics {_ics.Length} bytes, mixed {_mixed.Length} bytes");
    }

    /// <summary>Validates the ICS bundle (every object, all rules).</summary>
    [Benchmark]
    public long ValidateIcs() => _validator.ValidateStream(new MemoryStream(_ics, writable: false)).Objects;

    /// <summary>Validates the generated 64 MB mixed bundle.</summary>
    [Benchmark]
    public long ValidateMixed64MB() => _validator.ValidateStream(new MemoryStream(_mixed, writable: false)).Objects;

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
