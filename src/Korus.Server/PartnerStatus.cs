using System.Text.Json;
using Korus.Storage;

namespace Korus.Server;

/// <summary>Where the sync with one partner stands, as REST and <c>korus partner status</c> show it.</summary>
/// <param name="Partner">The partner.</param>
/// <param name="State">Its sync state (null before the first round).</param>
/// <param name="TimeToShare">Time-to-share of what arrived from it (null when nothing has).</param>
public sealed record PartnerStatus(PartnerRecord Partner, PartnerSyncState? State, TimeToShare? TimeToShare)
{
    /// <summary>The status of every partner, by name.</summary>
    public static async Task<IReadOnlyList<PartnerStatus>> ListAsync(IKorusStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var result = new List<PartnerStatus>();
        foreach (var partner in await store.ListPartnersAsync(cancellationToken))
        {
            result.Add(new PartnerStatus(partner, await store.GetPartnerSyncAsync(partner.Name, cancellationToken), await TimeToShare.MeasureAsync(store, partner.Name, cancellationToken)));
        }

        return result;
    }

    /// <summary>Writes the status object (never the password); the same over REST and in <c>--format json</c>.</summary>
    public void WriteTo(Utf8JsonWriter json, long now)
    {
        ArgumentNullException.ThrowIfNull(json);
        var (partner, state, timeToShare) = (Partner, State, TimeToShare);
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
