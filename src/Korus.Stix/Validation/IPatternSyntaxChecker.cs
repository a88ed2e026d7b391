namespace Korus.Stix.Validation;

/// <summary>
/// The seam through which the patterning engine checks an indicator's STIX pattern. The validator calls
/// it for every indicator whose pattern_type is <c>stix</c>; without one, patterns are not parsed.
/// </summary>
public interface IPatternSyntaxChecker
{
    /// <summary>Checks a STIX pattern; returns null when it is valid, else the reason with its position.</summary>
    string? Check(string pattern);
}
