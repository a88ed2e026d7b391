using Microsoft.Extensions.Logging;

namespace Korus.Taxii.Server;

/// <summary>Log events of the TAXII endpoints (ids 3000–3099): ids, counts and durations, never object contents.</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Information, "Added objects to {CollectionId}: {Succeeded} succeeded, {Failed} failed, by {User} in {ElapsedMs:F1} ms")]
    public static partial void ObjectsAdded(ILogger logger, string collectionId, int succeeded, int failed, string user, double elapsedMs);

    [LoggerMessage(3002, LogLevel.Information, "Deleted {Count} versions of {ObjectId} from {CollectionId}, by {User}")]
    public static partial void ObjectDeleted(ILogger logger, string collectionId, string objectId, int count, string user);

    [LoggerMessage(3003, LogLevel.Error, "An ingest observer failed on objects added to {CollectionId} (they are stored)")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string collectionId);
}
