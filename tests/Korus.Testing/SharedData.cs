using Xunit;

namespace Korus.Testing;

/// <summary>
/// Locates ../shared/data beside the repository root (the folder holding Korus.slnx).
/// Tests that need it call <see cref="RequireFile"/>, which skips the test with a message
/// when the shared data is absent, so the suite passes on a clone without ../shared.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The repository root (folder with Korus.slnx), or null when not found.</summary>
    public static string? RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The ../shared/data folder, or null when it is absent.</summary>
    public static string? DataDirectory => Root.Value;

    /// <summary>Returns the full path of a file under ../shared/data, or skips the test when absent.</summary>
    public static string RequireFile(string relativePath)
    {
        var root = Root.Value;
        if (root is null)
        {
            Assert.Skip($"../shared/data is absent beside the repository; skipping test that needs {relativePath}.");
            return string.Empty;
        }

        var full = Path.Combine(root, relativePath);
        if (!File.Exists(full))
        {
            Assert.Skip($"{full} is absent; skipping.");
            return string.Empty;
        }

        return full;
    }

    /// <summary>Returns the full path of a file in the repository (for example samples/lazarus-npm.json).</summary>
    public static string RepositoryFile(string relativePath)
    {
        var root = RepositoryRoot ?? throw new InvalidOperationException("Cannot find Korus.slnx above " + AppContext.BaseDirectory);
        return Path.Combine(root, relativePath);
    }

    private static string? FindRepositoryRoot()
    {
        var built = typeof(SharedData).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .OfType<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "KorusRepositoryRoot")?.Value;
        if (built is not null && File.Exists(Path.Combine(built, "Korus.slnx")))
        {
            return Path.TrimEndingDirectorySeparator(built);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Korus.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("KORUS_SHARED_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return env;
        }

        if (RepositoryRoot is null)
        {
            return null;
        }

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
        return Directory.Exists(candidate) ? candidate : null;
    }
}
