namespace Korus.Storage;

/// <summary>
/// A node's store. Every backend keeps these guarantees, checked by the contract suite:
/// objects are kept byte for byte; each stored version gets a date_added unique and strictly
/// increasing within its collection, taken inside the write's transaction; one write request is one
/// transaction, durable when the call returns, and its status is saved in the same transaction;
/// an identical re-post stores nothing new; nothing is changed by a failed write.
/// </summary>
public interface IKorusStore : IAsyncDisposable
{
    /// <summary>Creates the schema when missing and upgrades an older one. Safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>True once the node has been set up (an administrator exists).</summary>
    Task<bool> IsInitializedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A named secret of this node (32 bytes), created on first use and kept. A backend keeps its secrets
    /// apart from the data (the SQLite store: a key file beside the database), so a copy of the data alone
    /// reveals nothing they protect.
    /// </summary>
    /// <exception cref="InvalidOperationException">The secrets are missing or belong to other data; the message says what to do.</exception>
    Task<byte[]> GetNodeSecretAsync(string name, CancellationToken cancellationToken);

    /// <summary>A named setting of this node (such as the organisation it speaks for); null when never set.</summary>
    Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken);

    /// <summary>Sets a named setting of this node, replacing any earlier value; the change is audited.</summary>
    Task SetSettingAsync(string name, string value, string actor, CancellationToken cancellationToken);

    /// <summary>Creates a collection; false when the id or alias is already taken.</summary>
    /// <exception cref="ArgumentException">The id, alias or title is not acceptable (see <see cref="StoreNames"/>).</exception>
    Task<bool> CreateCollectionAsync(CollectionDraft collection, string actor, CancellationToken cancellationToken);

    /// <summary>Every collection, ordered by id.</summary>
    Task<IReadOnlyList<CollectionRecord>> ListCollectionsAsync(CancellationToken cancellationToken);

    /// <summary>The collection with this id, or else this alias; null when there is none.</summary>
    Task<CollectionRecord?> FindCollectionAsync(string idOrAlias, CancellationToken cancellationToken);

    /// <summary>Removes a collection with all its object versions and statuses; false when there was none.</summary>
    Task<bool> RemoveCollectionAsync(string id, string actor, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the objects of one write request in one transaction and returns (and keeps) its status:
    /// new versions are stored; identical re-posts succeed without a new version; a different object
    /// under an existing id and version, or one already <see cref="IncomingObject.FailureMessage">rejected</see>,
    /// fails with its reason.
    /// </summary>
    /// <exception cref="CollectionNotFoundException">The collection does not exist.</exception>
    Task<StatusRecord> AddObjectsAsync(string collectionId, string statusId, long requestTimestamp, IReadOnlyList<IncomingObject> objects, string actor, CancellationToken cancellationToken);

    /// <summary>A page of a collection's object versions matching <paramref name="query"/>.</summary>
    Task<ObjectPage> QueryObjectsAsync(string collectionId, ObjectQuery query, CancellationToken cancellationToken);

    /// <summary>True when the collection holds at least one version of <paramref name="objectId"/>.</summary>
    Task<bool> ObjectExistsAsync(string collectionId, string objectId, CancellationToken cancellationToken);

    /// <summary>Number of stored object versions in a collection.</summary>
    Task<long> CountObjectVersionsAsync(string collectionId, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the versions of <paramref name="objectId"/> that <paramref name="query"/>'s version and
    /// spec_version selection picks (its other filters are ignored); returns how many were deleted.
    /// </summary>
    Task<int> DeleteObjectAsync(string collectionId, string objectId, ObjectQuery query, string actor, CancellationToken cancellationToken);

    /// <summary>A status saved by <see cref="AddObjectsAsync"/>, or null.</summary>
    Task<StatusRecord?> GetStatusAsync(string statusId, CancellationToken cancellationToken);

    /// <summary>Adds a user, or replaces one with the same name when <paramref name="replace"/> is true; false when the name is taken.</summary>
    /// <exception cref="ArgumentException">The name or a right names something unacceptable.</exception>
    Task<bool> SaveUserAsync(UserRecord user, bool replace, string actor, CancellationToken cancellationToken);

    /// <summary>The user with this name, or null.</summary>
    Task<UserRecord?> FindUserAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every user, ordered by name.</summary>
    Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken);

    /// <summary>Removes a user and the user's API keys; false when there was none.</summary>
    Task<bool> RemoveUserAsync(string name, string actor, CancellationToken cancellationToken);

    /// <summary>Adds an API key for an existing user.</summary>
    /// <exception cref="ArgumentException">The user does not exist.</exception>
    Task AddApiKeyAsync(ApiKeyRecord key, string actor, CancellationToken cancellationToken);

    /// <summary>The API key with this id, or null.</summary>
    Task<ApiKeyRecord?> FindApiKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Audit entries after <paramref name="afterSequence"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(long afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>Adds a partner, or replaces one with the same name when <paramref name="replace"/> is true; false when the name is taken.</summary>
    /// <exception cref="ArgumentException">The name is not acceptable (see <see cref="PartnerRecord.CheckName"/>).</exception>
    Task<bool> SavePartnerAsync(PartnerRecord partner, bool replace, string actor, CancellationToken cancellationToken);

    /// <summary>The partner with this name, or null.</summary>
    Task<PartnerRecord?> FindPartnerAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every partner, ordered by name.</summary>
    Task<IReadOnlyList<PartnerRecord>> ListPartnersAsync(CancellationToken cancellationToken);

    /// <summary>Removes a partner (its collections stay); false when there was none.</summary>
    Task<bool> RemovePartnerAsync(string name, string actor, CancellationToken cancellationToken);

    /// <summary>
    /// Stores objects in their collections and records escalation notices, all in one transaction, so a
    /// decision is never kept without its notices nor a notice without what it refers to. A notice whose
    /// id is already recorded is left as it is. Returns one status per collection written.
    /// </summary>
    /// <exception cref="CollectionNotFoundException">A collection does not exist (nothing is written).</exception>
    Task<IReadOnlyList<StatusRecord>> SaveEscalationAsync(IReadOnlyList<(string CollectionId, IncomingObject Object)> objects, IReadOnlyList<EscalationRecord> notices, string actor, CancellationToken cancellationToken);

    /// <summary>The notice with this id and direction, or null.</summary>
    Task<EscalationRecord?> FindEscalationAsync(string id, EscalationDirection direction, CancellationToken cancellationToken);

    /// <summary>Notices matching <paramref name="query"/>, oldest decision first.</summary>
    Task<IReadOnlyList<EscalationRecord>> ListEscalationsAsync(EscalationQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Records a delivery attempt: on success (<paramref name="failure"/> null) the payload is marked
    /// delivered at <paramref name="at"/>; on failure the error and the next attempt time are kept.
    /// </summary>
    Task RecordDeliveryAsync(string id, EscalationDirection direction, long at, string? failure, long? nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a notice acknowledged (once: false when it is unknown or already acknowledged). For an
    /// inbound notice, <paramref name="payload"/> is the acknowledgement to deliver to the partner.
    /// </summary>
    Task<bool> AcknowledgeEscalationAsync(string id, EscalationDirection direction, long at, string by, string? noteId, ReadOnlyMemory<byte> payload, string actor, CancellationToken cancellationToken);

    /// <summary>Where the sync with a partner stands, or null before its first round.</summary>
    Task<PartnerSyncState?> GetPartnerSyncAsync(string partner, CancellationToken cancellationToken);

    /// <summary>Saves where the sync with a partner stands (replacing what was saved).</summary>
    Task SavePartnerSyncAsync(PartnerSyncState state, CancellationToken cancellationToken);

    /// <summary>Adds sharing decisions to the audit (one transaction).</summary>
    Task RecordSharingDecisionsAsync(IReadOnlyList<SharingAuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>The audited sharing decisions for a partner (and, when given, one object), newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<SharingAuditEntry>> ListSharingDecisionsAsync(string partner, string? objectId, int limit, CancellationToken cancellationToken);
}
