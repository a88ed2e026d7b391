using Microsoft.Extensions.Logging;

namespace Korus.Server;

/// <summary>Log events of the node host (ids 1000–1099).</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Information, "Korus node listening on {Addresses}, database {DatabasePath}")]
    public static partial void Listening(ILogger logger, string addresses, string databasePath);

    [LoggerMessage(1002, LogLevel.Error, "Unhandled error serving {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);
}
