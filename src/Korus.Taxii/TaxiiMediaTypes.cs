namespace Korus.Taxii;

/// <summary>
/// The TAXII 2.1 media types and the rules for <c>Accept</c> and <c>Content-Type</c>
/// (../shared/docs/specs/taxii-2.1.md §2): a TAXII media range with no version or version 2.1 is
/// accepted, with spaces around <c>;</c>, any parameter-name case and <c>q</c> weights tolerated;
/// another version, another type, or <c>*/*</c> alone is not.
/// </summary>
public static class TaxiiMediaTypes
{
    /// <summary>The TAXII 2.1 media type every response carries.</summary>
    public const string Taxii21 = "application/taxii+json;version=2.1";

    /// <summary>The STIX 2.1 media type.</summary>
    public const string Stix21 = "application/stix+json;version=2.1";

    /// <summary>True when an <c>Accept</c> header value admits a TAXII 2.1 response.</summary>
    public static bool AcceptsTaxii21(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return false;
        }

        foreach (var range in accept.Split(','))
        {
            if (IsTaxii21(range, allowWeights: true))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a <c>Content-Type</c> header value is the TAXII 2.1 media type (with or without the version).</summary>
    public static bool IsTaxii21ContentType(string? contentType) =>
        !string.IsNullOrWhiteSpace(contentType) && IsTaxii21(contentType, allowWeights: false);

    private static bool IsTaxii21(string mediaRange, bool allowWeights)
    {
        var parts = mediaRange.Split(';');
        if (!string.Equals(parts[0].Trim(), "application/taxii+json", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var versionOk = true;
        for (var i = 1; i < parts.Length; i++)
        {
            var parameter = parts[i].Trim();
            if (parameter.Length == 0)
            {
                continue;
            }

            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                return false;
            }

            var name = parameter[..equals].Trim();
            var value = parameter[(equals + 1)..].Trim().Trim('"');
            if (string.Equals(name, "version", StringComparison.OrdinalIgnoreCase))
            {
                versionOk = string.Equals(value, "2.1", StringComparison.Ordinal);
            }
            else if (allowWeights && string.Equals(name, "q", StringComparison.OrdinalIgnoreCase))
            {
                if (!double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var q) || q <= 0)
                {
                    return false;
                }
            }
        }

        return versionOk;
    }
}
