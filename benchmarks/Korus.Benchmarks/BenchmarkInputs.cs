using Korus.Synthetic;

namespace Korus.Benchmarks;

/// <summary>Inputs shared by the benchmarks: a generated bundle and, when ../shared is present, the ATT&amp;CK ICS bundle.</summary>
internal static class BenchmarkInputs
{
    /// <summary>A generated bundle of mixed SDOs, SROs and SCOs of about <paramref name="bytes"/> bytes (fixed seed).</summary>
    public static byte[] Generated(long bytes)
    {
        using var stream = new MemoryStream();
        new BundleGenerator(seed: 2026).WriteBundle(stream, bytes);
        return stream.ToArray();
    }

    /// <summary>The ICS ATT&amp;CK bundle (3.5 MB) from ../shared/data, or a generated bundle of the same size when absent.</summary>
    public static byte[] IcsOrGenerated()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "attack", "ics-attack-18.1.json");
            if (File.Exists(candidate))
            {
                return File.ReadAllBytes(candidate);
            }

            if (File.Exists(Path.Combine(dir.FullName, "Korus.slnx")))
            {
                var sibling = Path.Combine(dir.FullName, "..", "shared", "data", "attack", "ics-attack-18.1.json");
                if (File.Exists(sibling))
                {
                    return File.ReadAllBytes(sibling);
                }
            }
        }

        Console.Error.WriteLine("ics-attack-18.1.json not found beside the repository; using a generated 3.5 MB bundle instead.");
        return Generated(3_500_000);
    }
}
