namespace Korus.Severity;

/// <summary>The nine CSCF assessment factors: NCISS's eight categories plus the alliance's bilateral scope.</summary>
public enum CscfFactor
{
    /// <summary>functional_impact: how far the victim's services are impaired.</summary>
    FunctionalImpact = 0,

    /// <summary>information_impact: what happened to the victim's information.</summary>
    InformationImpact = 1,

    /// <summary>recoverability: the resources recovery needs.</summary>
    Recoverability = 2,

    /// <summary>observed_activity: the ODNI Cyber Threat Framework stage reached.</summary>
    ObservedActivity = 3,

    /// <summary>location: where in the victim's network the activity was seen.</summary>
    Location = 4,

    /// <summary>actor: who is behind it, as far as is known.</summary>
    Actor = 5,

    /// <summary>cross_sector_dependency: how much other sectors depend on the victim.</summary>
    CrossSectorDependency = 6,

    /// <summary>potential_impact: the reach of the harm if it runs its course.</summary>
    PotentialImpact = 7,

    /// <summary>bilateral_scope: whose infrastructure is involved (the alliance factor).</summary>
    BilateralScope = 8,
}
