namespace Korus.Severity;

/// <summary>One factor's part in a score: its option, the option's value, the factor's weight and <c>weight · value / Σ weights</c>.</summary>
/// <param name="Factor">The factor.</param>
/// <param name="Option">The chosen option's wire name.</param>
/// <param name="Value">The option's value in the policy (0–100).</param>
/// <param name="Weight">The factor's weight in the policy.</param>
/// <param name="Points">The points the factor adds to the 0–100 score.</param>
public sealed record CscfContribution(CscfFactor Factor, string Option, double Value, double Weight, double Points);
