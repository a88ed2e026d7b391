namespace Korus.Severity;

/// <summary>
/// A floor rule: when every condition holds (each factor at least as severe as its option), the level
/// is at least <see cref="MinLevel"/>. "At least" conditions keep a policy monotone.
/// </summary>
/// <param name="Id">The rule's name, reported when it fires.</param>
/// <param name="Conditions">Each factor and the least severe option (its position) that satisfies it.</param>
/// <param name="MinLevel">The lowest level an assessment that meets the conditions may get.</param>
/// <param name="Reason">Why the rule exists, in words.</param>
public sealed record CscfFloorRule(string Id, IReadOnlyList<(CscfFactor Factor, int AtLeast)> Conditions, int MinLevel, string Reason)
{
    /// <summary>True when every condition holds for <paramref name="assessment"/>.</summary>
    public bool Holds(CscfAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var options = assessment.OptionIndexes;
        foreach (var (factor, atLeast) in Conditions)
        {
            if (options[(int)factor] < atLeast)
            {
                return false;
            }
        }

        return true;
    }
}
