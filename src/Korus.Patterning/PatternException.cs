namespace Korus.Patterning;

/// <summary>Thrown by <see cref="StixPattern.Parse(string, PatternLimits?)"/> for a pattern that is not valid.</summary>
public sealed class PatternException : FormatException
{
    /// <summary>Creates the exception for <paramref name="error"/>.</summary>
    public PatternException(PatternError error)
        : base(error?.ToString())
    {
        Error = error!;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public PatternException()
    {
        Error = null!;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public PatternException(string message)
        : base(message)
    {
        Error = null!;
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public PatternException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = null!;
    }

    /// <summary>The first error in the pattern.</summary>
    public PatternError Error { get; }
}
