using System.Text;
using Korus.Testing;

namespace Korus.Cli.Tests;

/// <summary>Runs the korus command in-process with captured output and a given standard input.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args) => await RunWithInputAsync(null, args);

    public static async Task<(int ExitCode, string Out, string Error)> RunWithInputAsync(byte[]? stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole
        {
            Out = output,
            Error = error,
            OpenStandardInput = () => new MemoryStream(stdin ?? [], writable: false),
            ErrorIsTerminal = false,
        };
        var code = await KorusApp.RunAsync(args, console, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    public static string Sample(string name) => SharedData.RepositoryFile(Path.Combine("samples", name));

    public static string TempFile(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"korus-cli-test-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }
}
