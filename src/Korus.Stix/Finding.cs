namespace Korus.Stix;

/// <summary>How serious a <see cref="Finding"/> is.</summary>
public enum FindingSeverity
{
    /// <summary>The content is allowed but questionable (an open-vocabulary value, a non-deterministic SCO id).</summary>
    Warning = 0,

    /// <summary>The content breaks a MUST of STIX 2.1; the object is invalid.</summary>
    Error = 1,
}

/// <summary>
/// One problem found in STIX input: a stable rule code, the object it concerns, the JSON path of the
/// offending value, and a plain-language reason. Findings are values, never exceptions.
/// </summary>
/// <param name="Code">Stable dotted rule code such as <c>stix.required-property</c>.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="ObjectId">The id of the object concerned, when it has one.</param>
/// <param name="Path">JSON path of the offending value, such as <c>$.objects[3].valid_until</c>.</param>
/// <param name="Message">What was found and what was expected.</param>
public sealed record Finding(string Code, FindingSeverity Severity, string? ObjectId, string Path, string Message)
{
    /// <summary>1-based line of the input where the finding (or its object) starts, when known.</summary>
    public long? Line { get; init; }

    /// <summary>1-based column (in bytes) of the input where the finding (or its object) starts, when known.</summary>
    public long? Column { get; init; }

    /// <summary>True for <see cref="FindingSeverity.Error"/>.</summary>
    public bool IsError => Severity == FindingSeverity.Error;

    /// <inheritdoc />
    public override string ToString() =>
        $"{(IsError ? "error" : "warning")} {Code}: {Path}{(ObjectId is null ? "" : $" ({ObjectId})")}: {Message}";
}
