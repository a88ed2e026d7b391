namespace Korus.Sharing;

/// <summary>What happens to one object for one partner.</summary>
public enum SharingOutcome
{
    /// <summary>Sent as it is.</summary>
    Shared = 0,

    /// <summary>Sent as a copy with parts removed or replaced; the local object is unchanged.</summary>
    Redacted = 1,

    /// <summary>Not sent.</summary>
    Withheld = 2,
}

/// <summary>The decision on one object for one partner, with the rule that made it and why.</summary>
/// <param name="ObjectId">The object's id.</param>
/// <param name="Type">The object's type.</param>
/// <param name="Outcome">Shared, redacted or withheld.</param>
/// <param name="Rule">The deciding rule's stable code (<see cref="SharingCodes"/>); for a redaction, the first of them.</param>
/// <param name="Reason">Why, in words (every redaction when there are several).</param>
public sealed record SharingDecision(string ObjectId, string Type, SharingOutcome Outcome, string Rule, string Reason)
{
    /// <summary>What to send: the object's own bytes, or the redacted copy; empty when withheld.</summary>
    public ReadOnlyMemory<byte> Copy { get; init; }

    /// <summary>The outcome's word: shared, redacted, withheld.</summary>
    public string OutcomeName => Outcome switch
    {
        SharingOutcome.Shared => "shared",
        SharingOutcome.Redacted => "redacted",
        _ => "withheld",
    };
}
