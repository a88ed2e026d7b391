using Korus.Stix;

namespace Korus.Policies;

/// <summary>A policy file was refused at load; <see cref="Findings"/> names every problem.</summary>
public sealed class PolicyException : Exception
{
    /// <summary>Creates the exception from the findings that refused the policy.</summary>
    public PolicyException(string source, IReadOnlyList<Finding> findings)
        : base($"{source}: the policy is refused:{Environment.NewLine}{string.Join(Environment.NewLine, findings.Where(f => f.IsError).Select(f => "  " + f))}")
    {
        Source = source;
        Findings = findings;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public PolicyException()
        : this("policy", [])
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public PolicyException(string message)
        : base(message)
    {
        Findings = [];
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    public PolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Findings = [];
    }

    /// <summary>Every problem found (errors and warnings).</summary>
    public IReadOnlyList<Finding> Findings { get; }
}
