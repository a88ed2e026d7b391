using System.Globalization;
using System.Text.Json;
using Korus.Stix;
using Korus.Stix.Identifiers;

namespace Korus.Storage;

/// <summary>
/// The rules that decide an object's version, spec_version and content identity, shared by every
/// backend (../shared/docs/specs/taxii-2.1.md §8): the version is <c>modified</c>, else <c>created</c>,
/// else the time the object was first stored; spec_version is the declared one, else "2.0" when the
/// object has created or modified (a STIX 2.0 object), else "2.1".
/// </summary>
public static class ObjectVersion
{
    private const long SecondsFromYearOneToUnixEpoch = 62135596800L;

    /// <summary>Describes a validated object for storage; an object without a string id or type is rejected with the reason.</summary>
    /// <param name="obj">The parsed object.</param>
    /// <param name="json">The object's exact bytes.</param>
    /// <param name="position">Where the object was in the request (<c>objects[3]</c>), used when it has no id.</param>
    public static IncomingObject Describe(JsonElement obj, ReadOnlyMemory<byte> json, string position)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return IncomingObject.Rejected(position, null, "Not a JSON object.");
        }

        if (!obj.TryGetProperty("id"u8, out var idElement) || idElement.ValueKind != JsonValueKind.String || idElement.GetString() is not { Length: > 0 } id)
        {
            return IncomingObject.Rejected(position, null, "The object has no string 'id'.");
        }

        if (!obj.TryGetProperty("type"u8, out var typeElement) || typeElement.ValueKind != JsonValueKind.String || typeElement.GetString() is not { Length: > 0 } type)
        {
            return IncomingObject.Rejected(id, null, "The object has no string 'type'.");
        }

        string? version = null;
        string? versionKey = null;
        var hasTimes = false;
        foreach (var name in (ReadOnlySpan<string>)["modified", "created"])
        {
            if (!obj.TryGetProperty(name, out var element))
            {
                continue;
            }

            hasTimes = true;
            if (version is not null)
            {
                continue;
            }

            if (element.ValueKind != JsonValueKind.String || !TryKey(element.GetString()!, out var key))
            {
                return IncomingObject.Rejected(id, null, $"'{name}' is not a STIX timestamp, so the object has no version.");
            }

            version = element.GetString();
            versionKey = key;
        }

        string specVersion;
        if (obj.TryGetProperty("spec_version"u8, out var spec) && spec.ValueKind == JsonValueKind.String && spec.GetString() is { Length: > 0 } declared)
        {
            specVersion = declared;
        }
        else
        {
            specVersion = hasTimes ? "2.0" : "2.1";
        }

        return new IncomingObject
        {
            Id = id,
            Type = type,
            Version = version,
            VersionKey = versionKey,
            SpecVersion = specVersion,
            Json = json,
        };
    }

    /// <summary>
    /// Whether a stored copy and an incoming copy of one object version are the same object: the same
    /// bytes, or the same canonical JSON (RFC 8785), so a re-post that differs only in layout or member
    /// order is recognised. Run only when the id and version are already stored, which is rare.
    /// </summary>
    public static bool SameContent(ReadOnlySpan<byte> stored, ReadOnlyMemory<byte> incoming)
    {
        if (stored.SequenceEqual(incoming.Span))
        {
            return true;
        }

        try
        {
            using var a = JsonDocument.Parse(stored.ToArray());
            using var b = JsonDocument.Parse(incoming);
            return JsonCanonicalizer.Canonicalize(a.RootElement).AsSpan().SequenceEqual(JsonCanonicalizer.Canonicalize(b.RootElement));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            return false; // not comparable canonically (for example a lone surrogate): only identical bytes count as the same
        }
    }

    /// <summary>Gives the sortable key of a version timestamp; false when the text is not a STIX timestamp.</summary>
    public static bool TryKey(string timestamp, out string key)
    {
        ArgumentNullException.ThrowIfNull(timestamp);
        if (!StixTimestamp.TryParse(System.Text.Encoding.UTF8.GetBytes(timestamp), out var value))
        {
            key = "";
            return false;
        }

        key = Key(value);
        return true;
    }

    /// <summary>The sortable key of an instant: fixed-width seconds since year 1 and nanoseconds, so text order is time order.</summary>
    public static string Key(StixTimestamp value) =>
        string.Create(CultureInfo.InvariantCulture, $"{value.UnixSeconds + SecondsFromYearOneToUnixEpoch:D12}.{value.Nanoseconds:D9}");

    /// <summary>The sortable key of a date_added instant in microseconds since the Unix epoch (for objects without a version).</summary>
    public static string Key(long unixMicroseconds)
    {
        var seconds = Math.DivRem(unixMicroseconds, 1_000_000L, out var micros);
        if (micros < 0)
        {
            seconds--;
            micros += 1_000_000L;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{seconds + SecondsFromYearOneToUnixEpoch:D12}.{micros * 1000:D9}");
    }
}
