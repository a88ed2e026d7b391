namespace Korus.Stix.Model;

/// <summary>
/// Thrown when JSON cannot be read as a STIX object, or when a typed accessor meets a property whose
/// JSON type is not the one STIX defines. <see cref="Finding"/> names the object, the JSON path, a
/// rule code and the reason.
/// </summary>
public sealed class StixFormatException : FormatException
{
    /// <summary>Creates the exception from the finding that describes the problem.</summary>
    public StixFormatException(Finding finding)
        : base((finding ?? throw new ArgumentNullException(nameof(finding))).ToString())
    {
        Finding = finding;
    }

    /// <summary>Creates an exception with a plain message (code stix.json, path $).</summary>
    public StixFormatException()
        : this(new Finding(FindingCodes.Json, FindingSeverity.Error, null, "$", "Not a STIX object."))
    {
    }

    /// <summary>Creates an exception with a plain message (code stix.json, path $).</summary>
    public StixFormatException(string message)
        : this(new Finding(FindingCodes.Json, FindingSeverity.Error, null, "$", message))
    {
    }

    /// <summary>Creates an exception with a plain message and the exception that caused it.</summary>
    public StixFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Finding = new Finding(FindingCodes.Json, FindingSeverity.Error, null, "$", message);
    }

    /// <summary>What is wrong, where.</summary>
    public Finding Finding { get; }
}
