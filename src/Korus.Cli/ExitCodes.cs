namespace Korus.Cli;

/// <summary>The process exit codes every command uses.</summary>
internal static class ExitCodes
{
    /// <summary>Success: everything was valid (warnings allowed).</summary>
    public const int Ok = 0;

    /// <summary>The input was read but is invalid (or, for predicates like <c>pattern match</c>, false).</summary>
    public const int Invalid = 1;

    /// <summary>A usage error, or input that could not be read at all.</summary>
    public const int Usage = 2;
}
