namespace Korus.Storage;

/// <summary>Instants as the store keeps them: microseconds since the Unix epoch (TAXII's precision).</summary>
public static class StoreClock
{
    /// <summary>The current instant of <paramref name="time"/> in microseconds since the Unix epoch.</summary>
    public static long NowMicros(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return ToMicros(time.GetUtcNow());
    }

    /// <summary>An instant in microseconds since the Unix epoch.</summary>
    public static long ToMicros(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>Microseconds since the Unix epoch as an instant.</summary>
    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    /// <summary>A TAXII timestamp: RFC 3339 UTC with exactly six fraction digits.</summary>
    public static string Format(long micros) =>
        FromMicros(micros).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
