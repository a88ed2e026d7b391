using Korus.Cli.Terminal;

namespace Korus.Cli;

/// <summary>Where a command reads and writes: the process's standard streams, or test doubles.</summary>
internal sealed class CliConsole
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Standard error as it is, for the progress bar's own carriage returns (<see cref="Error"/> makes them visible on a terminal).</summary>
    public TextWriter ProgressWriter
    {
        get => _progressWriter ?? Error;
        init => _progressWriter = value;
    }

    private readonly TextWriter? _progressWriter;

    public required Func<Stream> OpenStandardInput { get; init; }

    /// <summary>True when standard error is a terminal, so progress can be drawn on it.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>Width of the terminal, for tables and progress bars.</summary>
    public int Width { get; init; } = 100;

    public static CliConsole System()
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        var stderr = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false)) { AutoFlush = true };
        var terminal = !Console.IsErrorRedirected;

        // On a terminal, what input quoted in a message could use to steer it is shown, not obeyed.
        return new CliConsole
        {
            Out = Console.IsOutputRedirected ? stdout : new TerminalSafeWriter(stdout),
            Error = terminal ? new TerminalSafeWriter(stderr) : stderr,
            ProgressWriter = stderr,
            OpenStandardInput = Console.OpenStandardInput,
            ErrorIsTerminal = terminal,
            Width = terminal ? SafeWidth() : 100,
        };
    }

    private static int SafeWidth()
    {
        try
        {
            return Math.Max(40, Console.WindowWidth);
        }
        catch (IOException)
        {
            return 100;
        }
    }
}
