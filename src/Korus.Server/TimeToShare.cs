using System.Text.Json;
using Korus.Stix;
using Korus.Storage;

namespace Korus.Server;

/// <summary>
/// Time-to-share for one partner, measured where objects arrive: for each object version in
/// <c>from-NAME</c>, the time from its creation at the origin (its <c>modified</c>, else <c>created</c>)
/// to its arrival here (the version's date_added in this store). Provenance is the collection (the
/// partner) and date_added (the arrival); the objects keep their own <c>created_by_ref</c>.
/// </summary>
public sealed record TimeToShare(int Count, double MedianSeconds, double P95Seconds)
{
    /// <summary>At most this many of the most recent versions are measured.</summary>
    public const int Window = 100_000;

    /// <summary>The figures for <paramref name="partner"/>, or null when nothing has arrived from it.</summary>
    public static async Task<TimeToShare?> MeasureAsync(IKorusStore store, string partner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var collection = PartnerRecord.FromCollectionOf(partner);
        if (await store.FindCollectionAsync(collection, cancellationToken) is null)
        {
            return null;
        }

        var delays = new List<double>();
        long? after = null;
        while (true)
        {
            var page = await store.QueryObjectsAsync(collection, new ObjectQuery { AddedAfter = after, Limit = 5000, Versions = VersionSelector.All }, cancellationToken);
            foreach (var item in page.Items)
            {
                if (Origin(item.Json.Span) is { } origin)
                {
                    delays.Add((item.DateAdded - origin) / 1_000_000.0);
                }
            }

            if (!page.More || page.Items.Count == 0)
            {
                break;
            }

            after = page.Items[^1].DateAdded;
        }

        if (delays.Count == 0)
        {
            return null;
        }

        if (delays.Count > Window)
        {
            delays.RemoveRange(0, delays.Count - Window);
        }

        delays.Sort();
        return new TimeToShare(delays.Count, Percentile(delays, 0.5), Percentile(delays, 0.95));
    }

    private static double Percentile(List<double> sorted, double p) => Math.Round(sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)], 3);

    private static long? Origin(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        long? created = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isModified = reader.ValueTextEquals("modified"u8);
            var isCreated = reader.ValueTextEquals("created"u8);
            reader.Read();
            if ((isModified || isCreated) && reader.TokenType == JsonTokenType.String && StixTimestamp.TryParse(reader.ValueSpan, out var at))
            {
                var micros = StoreClock.ToMicros(at.ToDateTimeOffset());
                if (isModified)
                {
                    return micros;
                }

                created = micros;
            }
            else
            {
                reader.Skip();
            }
        }

        return created;
    }
}
