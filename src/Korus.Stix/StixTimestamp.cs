using System.Globalization;
using System.Text;

namespace Korus.Stix;

/// <summary>
/// A STIX timestamp (RFC 3339, UTC, <c>Z</c>) as an instant with the precision it was written in, so
/// it compares as an instant and formats back to the same text. Digits beyond nanoseconds are kept
/// in the digit count but not in the instant.
/// </summary>
public readonly struct StixTimestamp : IEquatable<StixTimestamp>, IComparable<StixTimestamp>
{
    private const long UnixEpochTicks = 621355968000000000L;
    private const int UnixEpochDayNumber = 719162;

    private StixTimestamp(long unixSeconds, int nanoseconds, int fractionDigits)
    {
        UnixSeconds = unixSeconds;
        Nanoseconds = nanoseconds;
        FractionDigits = fractionDigits;
    }

    /// <summary>Whole seconds since 1970-01-01T00:00:00Z.</summary>
    public long UnixSeconds { get; }

    /// <summary>Nanoseconds within the second (0–999,999,999).</summary>
    public int Nanoseconds { get; }

    /// <summary>How many fraction digits the text had (0 when there was no fraction).</summary>
    public int FractionDigits { get; }

    /// <summary>The instant as a <see cref="DateTimeOffset"/> (sub-100 ns digits are truncated).</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        new(UnixEpochTicks + (UnixSeconds * TimeSpan.TicksPerSecond) + (Nanoseconds / 100), TimeSpan.Zero);

    /// <summary>Makes a timestamp from an instant with the given number of fraction digits (0–7).</summary>
    public static StixTimestamp FromDateTimeOffset(DateTimeOffset value, int fractionDigits = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fractionDigits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fractionDigits, 7);
        var ticks = value.UtcTicks - UnixEpochTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        var nanos = (int)(rest * 100);
        var unit = Pow10(9 - fractionDigits);
        return new StixTimestamp(seconds, nanos / unit * unit, fractionDigits);
    }

    /// <summary>Parses the text of a STIX timestamp.</summary>
    /// <exception cref="FormatException">The text is not a STIX timestamp.</exception>
    public static StixTimestamp Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(Encoding.UTF8.GetBytes(text), out var value)
            ? value
            : throw new FormatException($"'{text}' is not a STIX timestamp (YYYY-MM-DDTHH:mm:ss[.s+]Z, a real UTC date).");
    }

    /// <summary>Parses UTF-8 timestamp text; false unless it matches the STIX format and is a real date.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out StixTimestamp value)
    {
        value = default;
        // YYYY-MM-DDTHH:mm:ssZ is 20 bytes; a fraction adds '.' and at least one digit.
        if (text.Length < 20 || text[^1] != (byte)'Z'
            || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T'
            || text[13] != (byte)':' || text[16] != (byte)':')
        {
            return false;
        }

        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute)
            || !Digits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60)
        {
            return false;
        }

        var nanos = 0;
        var digits = 0;
        if (text.Length > 20)
        {
            if (text[19] != (byte)'.' || text.Length == 21)
            {
                return false;
            }

            var fraction = text[20..^1];
            for (var i = 0; i < fraction.Length; i++)
            {
                var d = fraction[i] - (byte)'0';
                if ((uint)d > 9)
                {
                    return false;
                }

                if (i < 9)
                {
                    nanos = (nanos * 10) + d;
                }
            }

            digits = fraction.Length;
            if (digits < 9)
            {
                nanos *= Pow10(9 - digits);
            }
        }

        var days = new DateOnly(year, month, day).DayNumber - UnixEpochDayNumber;
        // A leap second (:60) is kept as the first instant of the next minute.
        var unixSeconds = (days * 86400L) + (hour * 3600L) + (minute * 60L) + second;
        value = new StixTimestamp(unixSeconds, nanos, digits);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> span, out int value)
    {
        value = 0;
        foreach (var b in span)
        {
            var d = b - (byte)'0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    private static int Pow10(int n)
    {
        var r = 1;
        for (var i = 0; i < n; i++)
        {
            r *= 10;
        }

        return r;
    }

    /// <summary>Formats as RFC 3339 with the precision the timestamp was parsed or made with.</summary>
    public override string ToString()
    {
        var dt = DateTimeOffset.FromUnixTimeSeconds(UnixSeconds).UtcDateTime;
        var text = dt.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        if (FractionDigits == 0)
        {
            return text + "Z";
        }

        var fraction = Nanoseconds.ToString("D9", CultureInfo.InvariantCulture);
        fraction = FractionDigits <= 9 ? fraction[..FractionDigits] : fraction + new string('0', FractionDigits - 9);
        return text + "." + fraction + "Z";
    }

    /// <inheritdoc />
    public int CompareTo(StixTimestamp other)
    {
        var c = UnixSeconds.CompareTo(other.UnixSeconds);
        return c != 0 ? c : Nanoseconds.CompareTo(other.Nanoseconds);
    }

    /// <summary>Instant equality: <c>2020-01-01T00:00:00Z</c> equals <c>2020-01-01T00:00:00.000Z</c>.</summary>
    public bool Equals(StixTimestamp other) => UnixSeconds == other.UnixSeconds && Nanoseconds == other.Nanoseconds;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StixTimestamp other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(UnixSeconds, Nanoseconds);

    /// <summary>Instant equality.</summary>
    public static bool operator ==(StixTimestamp left, StixTimestamp right) => left.Equals(right);

    /// <summary>Instant inequality.</summary>
    public static bool operator !=(StixTimestamp left, StixTimestamp right) => !left.Equals(right);

    /// <summary>Earlier than.</summary>
    public static bool operator <(StixTimestamp left, StixTimestamp right) => left.CompareTo(right) < 0;

    /// <summary>Later than.</summary>
    public static bool operator >(StixTimestamp left, StixTimestamp right) => left.CompareTo(right) > 0;

    /// <summary>Earlier than or the same instant.</summary>
    public static bool operator <=(StixTimestamp left, StixTimestamp right) => left.CompareTo(right) <= 0;

    /// <summary>Later than or the same instant.</summary>
    public static bool operator >=(StixTimestamp left, StixTimestamp right) => left.CompareTo(right) >= 0;
}
