using System.Text.Json;
using Korus.Storage;

namespace Korus.Server;

/// <summary>The JSON of a partner's sync status, the same over REST and in <c>korus partner status --format json</c>.</summary>
public static class PartnerStatusJson
{
    /// <summary>Writes one partner's status object (never its password).</summary>
    public static void Write(Utf8JsonWriter json, PartnerRecord partner, PartnerSyncState? state, TimeToShare? timeToShare, long now)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(partner);
        json.WriteStartObject();
        json.WriteString("name", partner.Name);
        json.WriteString("url", partner.Url);
        json.WriteString("pull", partner.PullCollection);
        json.WriteString("push", partner.PushCollection);
        json.WriteNumber("interval_seconds", partner.IntervalSeconds);
        if (state?.LastSuccess is { } ok)
        {
            json.WriteString("last_success", StoreClock.Format(ok));
            json.WriteNumber("lag_seconds", Math.Round((now - ok) / 1_000_000.0, 3));
        }

        json.WriteNumber("objects_in", state?.ObjectsIn ?? 0);
        json.WriteNumber("objects_out", state?.ObjectsOut ?? 0);
        json.WriteNumber("objects_withheld", state?.ObjectsWithheld ?? 0);
        json.WriteNumber("errors", state?.Errors ?? 0);
        if (state?.LastError is { } error)
        {
            json.WriteString("last_error", error);
        }

        if (timeToShare is not null)
        {
            json.WriteStartObject("time_to_share");
            json.WriteNumber("objects", timeToShare.Count);
            json.WriteNumber("median_seconds", timeToShare.MedianSeconds);
            json.WriteNumber("p95_seconds", timeToShare.P95Seconds);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
