using System.Globalization;
using System.Text;
using Korus.Stix;
using Korus.Storage;

namespace Korus.Taxii;

/// <summary>
/// A parsed TAXII query: the store query it asks for, the <c>next</c> token it carries, and a
/// fingerprint of its other parameters (a <c>next</c> token is honoured only with the same ones).
/// </summary>
/// <param name="Query">The store query (limit already capped at the server's page size).</param>
/// <param name="Next">The <c>next</c> token, if given.</param>
/// <param name="Fingerprint">The parameters other than <c>next</c> and <c>limit</c>, canonically ordered.</param>
public sealed record TaxiiQuery(ObjectQuery Query, string? Next, string Fingerprint)
{
    private static readonly string[] ListFilters = ["match[id]", "match[type]", "match[version]", "match[spec_version]"];

    /// <summary>
    /// Parses the query parameters of a request to <paramref name="endpoint"/>. Returns null and sets
    /// <paramref name="error"/> (naming the parameter and the reason; the server answers 400) for a
    /// malformed value or a repeated parameter. Parameters the endpoint does not take are ignored, as
    /// the specification allows for unknown match fields.
    /// </summary>
    public static TaxiiQuery? Parse(TaxiiEndpoint endpoint, IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> parameters, int pageSize, out string? error)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        error = null;
        var query = new ObjectQuery { Limit = pageSize, IncludeContent = endpoint is TaxiiEndpoint.Objects or TaxiiEndpoint.SingleObject };
        if (endpoint == TaxiiEndpoint.Versions)
        {
            query = query with { Versions = VersionSelector.All };
        }

        string? next = null;
        var fingerprint = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in parameters)
        {
            if (!Takes(endpoint, name))
            {
                continue;
            }

            if (values.Count != 1)
            {
                error = $"The query parameter '{name}' is given {values.Count} times; TAXII allows it once (list values are comma-separated).";
                return null;
            }

            var value = values[0];
            switch (name)
            {
                case "limit":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1)
                    {
                        error = $"limit='{value}' is not a whole number greater than 0.";
                        return null;
                    }

                    query = query with { Limit = Math.Min(limit, pageSize) };
                    continue;
                case "next":
                    if (value.Length == 0)
                    {
                        error = "next is empty; pass the token the server returned.";
                        return null;
                    }

                    next = value;
                    continue;
                case "added_after":
                    if (!TryParseTimestamp(value, out var after))
                    {
                        error = $"added_after='{value}' is not a TAXII timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff]Z).";
                        return null;
                    }

                    query = query with { AddedAfter = after };
                    break;
                default:
                    var items = value.Split(',');
                    if (Array.Exists(items, i => i.Length == 0))
                    {
                        error = $"{name}='{value}' has an empty item; list values are separated by single commas without spaces.";
                        return null;
                    }

                    if (name == "match[version]")
                    {
                        if (ParseVersions(items, out error) is not { } selector)
                        {
                            return null;
                        }

                        query = query with { Versions = selector };
                    }
                    else if (name == "match[id]")
                    {
                        query = query with { Ids = items };
                    }
                    else if (name == "match[type]")
                    {
                        query = query with { Types = items };
                    }
                    else
                    {
                        query = query with { SpecVersions = items };
                    }

                    break;
            }

            fingerprint[name] = value;
        }

        var text = new StringBuilder(endpoint.ToString());
        foreach (var (name, value) in fingerprint)
        {
            text.Append('&').Append(name).Append('=').Append(value);
        }

        return new TaxiiQuery(query, next, text.ToString());
    }

    private static bool Takes(TaxiiEndpoint endpoint, string name) => endpoint switch
    {
        TaxiiEndpoint.Objects or TaxiiEndpoint.Manifest => name is "added_after" or "limit" or "next" || Array.IndexOf(ListFilters, name) >= 0,
        TaxiiEndpoint.SingleObject => name is "added_after" or "limit" or "next" or "match[version]" or "match[spec_version]",
        TaxiiEndpoint.Versions => name is "added_after" or "limit" or "next" or "match[spec_version]",
        _ => name is "match[version]" or "match[spec_version]",
    };

    private static VersionSelector? ParseVersions(string[] items, out string? error)
    {
        error = null;
        var selector = new VersionSelector();
        var exact = new List<StixTimestamp>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!seen.Add(item))
            {
                error = $"match[version] names '{item}' twice.";
                return null;
            }

            switch (item)
            {
                case "all":
                    selector = selector with { IncludeAll = true };
                    break;
                case "first":
                    selector = selector with { IncludeFirst = true };
                    break;
                case "last":
                    selector = selector with { IncludeLast = true };
                    break;
                default:
                    if (!StixTimestamp.TryParse(Encoding.UTF8.GetBytes(item), out var timestamp))
                    {
                        error = $"match[version] item '{item}' is not 'first', 'last', 'all' or a STIX timestamp.";
                        return null;
                    }

                    if (exact.Contains(timestamp))
                    {
                        error = $"match[version] names the instant '{item}' twice.";
                        return null;
                    }

                    exact.Add(timestamp);
                    break;
            }
        }

        if (selector.IncludeAll && items.Length > 1)
        {
            error = "match[version]=all cannot be combined with other values.";
            return null;
        }

        return selector with { Exact = exact };
    }

    /// <summary>Parses a TAXII timestamp leniently (any fraction, or none) into microseconds since the Unix epoch, rounding down.</summary>
    public static bool TryParseTimestamp(string text, out long micros)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!StixTimestamp.TryParse(Encoding.UTF8.GetBytes(text), out var value))
        {
            micros = 0;
            return false;
        }

        micros = (value.UnixSeconds * 1_000_000L) + (value.Nanoseconds / 1000);
        return true;
    }
}
