using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Korus.Storage;
using Microsoft.AspNetCore.Http;

namespace Korus.Taxii.Server;

/// <summary>Writes TAXII responses: every one, errors included, with the TAXII 2.1 content type.</summary>
public static class TaxiiResponses
{
    /// <summary>The realm named in WWW-Authenticate challenges.</summary>
    public const string Realm = "korus";

    /// <summary>Writes <paramref name="value"/> as the response body with <paramref name="status"/>.</summary>
    public static async Task WriteAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = TaxiiMediaTypes.Taxii21;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, typeInfo, context.RequestAborted);
    }

    /// <summary>Writes a TAXII error resource; <c>http_status</c> always equals the status sent.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string title, string description)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(context, status, new TaxiiError(title, description, null, null, status.ToString(CultureInfo.InvariantCulture), null, null), TaxiiJson.Context.TaxiiError);
    }

    /// <summary>401 with Basic and Bearer challenges; says nothing about whether a user exists.</summary>
    public static Task UnauthorizedAsync(HttpContext context, string description = "Credentials are required: HTTP Basic (user and password) or an API key as a Bearer token.")
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.WWWAuthenticate = new Microsoft.Extensions.Primitives.StringValues([$"Basic realm=\"{Realm}\", charset=\"UTF-8\"", $"Bearer realm=\"{Realm}\""]);
        return ErrorAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", description);
    }

    /// <summary>The TAXII resource of a stored status.</summary>
    public static TaxiiStatus ToResource(StatusRecord status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new TaxiiStatus(
            status.Id,
            status.Status,
            StoreClock.Format(status.RequestTimestamp),
            status.TotalCount,
            status.Successes.Count,
            Details(status.Successes),
            status.Failures.Count,
            Details(status.Failures),
            status.Pendings.Count,
            Details(status.Pendings));

        static List<TaxiiStatusDetails>? Details(IReadOnlyList<StatusDetail> details) =>
            details.Count == 0 ? null : [.. details.Select(d => new TaxiiStatusDetails(d.Id, d.Version, d.Message))];
    }

    /// <summary>Sets X-TAXII-Date-Added-First/Last from a page (nothing when the page is empty).</summary>
    public static void SetDateAddedHeaders(HttpContext context, IReadOnlyList<StoredObject> items)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count > 0)
        {
            context.Response.Headers["X-TAXII-Date-Added-First"] = StoreClock.Format(items[0].DateAdded);
            context.Response.Headers["X-TAXII-Date-Added-Last"] = StoreClock.Format(items[^1].DateAdded);
        }
    }

    /// <summary>Writes an envelope of stored objects, their JSON copied as stored; <c>{}</c> when there is nothing to say.</summary>
    public static async Task WriteEnvelopeAsync(HttpContext context, ObjectPage page, string? next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(page);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = TaxiiMediaTypes.Taxii21;
        SetDateAddedHeaders(context, page.Items);
        var pipe = context.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(pipe, new JsonWriterOptions { SkipValidation = true });
        writer.WriteStartObject();
        if (page.More || page.Items.Count > 0)
        {
            writer.WriteBoolean("more"u8, page.More);
        }

        if (next is not null)
        {
            writer.WriteString("next"u8, next);
        }

        if (page.Items.Count > 0)
        {
            writer.WriteStartArray("objects"u8);
            foreach (var item in page.Items)
            {
                writer.WriteRawValue(item.Json.Span, skipInputValidation: true);
                if (writer.BytesPending > 128 * 1024)
                {
                    await writer.FlushAsync(context.RequestAborted);
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
