namespace Korus.Storage;

/// <summary>
/// Where the sync with one partner stands, kept so a restart resumes without gaps or duplicates: the
/// partner's date_added of the last object pulled (a TAXII timestamp), the local date_added of the last
/// national object pushed, and counters. Times are microseconds since the Unix epoch.
/// </summary>
public sealed record PartnerSyncState
{
    /// <summary>The partner's name.</summary>
    public required string Partner { get; init; }

    /// <summary>The added_after to pull from next (null: from the beginning).</summary>
    public string? PullCursor { get; init; }

    /// <summary>The local date_added of the last national object judged for pushing (0: none yet).</summary>
    public long PushCursor { get; init; }

    /// <summary>When a sync round last finished without error.</summary>
    public long? LastSuccess { get; init; }

    /// <summary>The last error, when the last round failed.</summary>
    public string? LastError { get; init; }

    /// <summary>Objects stored from the partner.</summary>
    public long ObjectsIn { get; init; }

    /// <summary>Objects (or redacted copies) sent to the partner.</summary>
    public long ObjectsOut { get; init; }

    /// <summary>Objects the policy withheld from the partner.</summary>
    public long ObjectsWithheld { get; init; }

    /// <summary>Failed rounds.</summary>
    public long Errors { get; init; }
}
