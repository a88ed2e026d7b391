using Microsoft.Extensions.Logging;

namespace Korus.Server;

/// <summary>Log events of the node host (ids 1000–1099).</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Korus node listening on {Addresses}, database {DatabasePath}")]
    public static partial void Listening(ILogger logger, string addresses, string databasePath);

    [LoggerMessage(1003, LogLevel.Warning, "This node now speaks for {Identity}; it spoke for {Previous} until this start (--identity)")]
    public static partial void IdentityChanged(ILogger logger, string identity, string previous);

    [LoggerMessage(1002, LogLevel.Error, "Unhandled error serving {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(1010, LogLevel.Information, "Delivered {What} {NoticeId} to partner {Partner}")]
    public static partial void Delivered(ILogger logger, string what, string noticeId, string partner);

    [LoggerMessage(1011, LogLevel.Warning, "Delivery of {NoticeId} to partner {Partner} failed (attempt {Attempt}): {Reason}")]
    public static partial void DeliveryFailed(ILogger logger, string noticeId, string partner, int attempt, string reason);

    [LoggerMessage(1012, LogLevel.Error, "The escalation courier failed; it will try again")]
    public static partial void CourierFailed(ILogger logger, Exception exception);

    [LoggerMessage(1013, LogLevel.Information, "Incident {IncidentId} assessed level {Level} by {User}; {Notices} notice(s) queued")]
    public static partial void IncidentAssessed(ILogger logger, string incidentId, int level, string user, int notices);

    [LoggerMessage(1020, LogLevel.Error, "The partner sync loop failed; it will try again")]
    public static partial void SyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(1021, LogLevel.Warning, "Sync round with partner {Partner} failed: {Reason}")]
    public static partial void SyncRoundFailed(ILogger logger, string partner, string reason);

    [LoggerMessage(1022, LogLevel.Warning, "Object {ObjectId} pulled from partner {Partner} was rejected: {Reason}")]
    public static partial void PulledObjectRejected(ILogger logger, string partner, string objectId, string reason);

    [LoggerMessage(1023, LogLevel.Warning, "Partner {Partner} refused object {ObjectId}: {Reason}")]
    public static partial void PushedObjectRefused(ILogger logger, string partner, string objectId, string reason);
}
