using System.Text;
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

        // The stored version is the object's modified, else created (ObjectVersion's rule): no content need be read.
        await foreach (var item in store.QueryAllAsync(collection, new ObjectQuery { Limit = 5000, Versions = VersionSelector.All, IncludeContent = false }, cancellationToken))
        {
            if (Origin(item) is { } origin)
            {
                delays.Add((item.DateAdded - origin) / 1_000_000.0);
            }
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

    // An object with neither modified nor created was given its first date_added as its version: no origin time.
    private static long? Origin(StoredObject item) =>
        item.Version != StoreClock.Format(item.DateAdded) && StixTimestamp.TryParse(Encoding.UTF8.GetBytes(item.Version), out var at)
            ? StoreClock.ToMicros(at.ToDateTimeOffset())
            : null;
}
