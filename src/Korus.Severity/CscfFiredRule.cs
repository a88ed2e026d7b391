namespace Korus.Severity;

/// <summary>A floor rule whose conditions held, and whether it raised the level the score alone gave.</summary>
/// <param name="Id">The rule's id.</param>
/// <param name="MinLevel">The rule's floor.</param>
/// <param name="Raised">True when the score's band was below the floor.</param>
/// <param name="Reason">The rule's reason.</param>
public sealed record CscfFiredRule(string Id, int MinLevel, bool Raised, string Reason);
