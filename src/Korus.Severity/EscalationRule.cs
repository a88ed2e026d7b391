namespace Korus.Severity;

/// <summary>What the escalation policy says for one level (and, where overridden, one partner).</summary>
/// <param name="Notify">Whether the partner must be notified.</param>
/// <param name="Deadline">How soon after the decision the notice is due (null when no notice is needed).</param>
/// <param name="Mode">The response mode unless <paramref name="JointWhen"/> holds.</param>
/// <param name="JointWhen">When it holds, the mode is joint.</param>
/// <param name="Share">STIX types related to the incident that travel with the notice automatically.</param>
/// <param name="Source">Where in the policy the rule is (<c>levels.4</c>, <c>partners.kr.levels.4</c>).</param>
public sealed record EscalationRule(bool Notify, TimeSpan? Deadline, ResponseMode Mode, JointCondition? JointWhen, IReadOnlyList<string> Share, string Source);

/// <summary>
/// When a response is joint: the actor is one of <see cref="Actors"/> (and, when
/// <see cref="ActorCountries"/> is not empty, of one of those countries), or the bilateral scope is
/// one of <see cref="Scopes"/>.
/// </summary>
/// <param name="Actors">Actor options (positions) that make the response joint.</param>
/// <param name="ActorCountries">The countries whose state actors count; empty means any.</param>
/// <param name="Scopes">bilateral_scope options (positions) that make the response joint.</param>
public sealed record JointCondition(IReadOnlyList<int> Actors, IReadOnlyList<string> ActorCountries, IReadOnlyList<int> Scopes)
{
    /// <summary>Why the condition holds for <paramref name="assessment"/>, or null when it does not.</summary>
    public string? Explain(CscfAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var actor = assessment[CscfFactor.Actor];
        if (Actors.Contains(actor))
        {
            if (ActorCountries.Count == 0)
            {
                return $"the actor is {assessment.Option(CscfFactor.Actor)}";
            }

            if (assessment.ActorCountry is { } country && ActorCountries.Contains(country))
            {
                return $"the actor is {assessment.Option(CscfFactor.Actor)} of {country}, a country the policy names";
            }
        }

        var scope = assessment[CscfFactor.BilateralScope];
        return Scopes.Contains(scope) ? $"the bilateral scope is {assessment.Option(CscfFactor.BilateralScope)}" : null;
    }
}
