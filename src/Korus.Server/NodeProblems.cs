using System.Text.Json;
using Korus.Stix;
using Korus.Storage;
using Korus.Taxii.Server;
using Microsoft.AspNetCore.Http;

namespace Korus.Server;

/// <summary>The node's REST edge: RFC 9457 problem details, and the caller checks every Korus endpoint makes.</summary>
internal static class NodeProblems
{
    /// <summary>Writes a problem details body; <paramref name="findings"/> become its <c>errors</c>, each with path, code and message.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string title, string detail, IReadOnlyList<Finding>? findings = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("type", "about:blank");
        writer.WriteString("title", title);
        writer.WriteNumber("status", status);
        writer.WriteString("detail", detail);
        if (findings is { Count: > 0 })
        {
            writer.WriteStartArray("errors");
            foreach (var finding in findings)
            {
                writer.WriteStartObject();
                writer.WriteString("path", finding.Path);
                writer.WriteString("code", finding.Code);
                writer.WriteString("message", finding.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// The caller when it may read (or, with <paramref name="write"/>, write) <paramref name="collectionId"/>;
    /// otherwise null after answering 401 (no credentials) or 403 (no right), naming <paramref name="what"/>.
    /// </summary>
    public static async Task<TaxiiCaller?> RequireAsync(HttpContext context, IKorusStore store, string collectionId, bool write, string what)
    {
        var caller = context.Features.Get<TaxiiCaller>() ?? TaxiiCaller.Anonymous;
        if (!caller.IsAuthenticated)
        {
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{TaxiiResponses.Realm}\"";
            await WriteAsync(context, StatusCodes.Status401Unauthorized, "Credentials are required", $"{what} needs HTTP Basic credentials or an API key.");
            return null;
        }

        var collection = await store.FindCollectionAsync(collectionId, context.RequestAborted);
        if (collection is null || !(write ? caller.CanWrite(collection) : caller.CanRead(collection)))
        {
            await WriteAsync(context, StatusCodes.Status403Forbidden, "Not allowed", $"{what} {(write ? "writes to" : "reads")} the '{collectionId}' collection; {caller.Name} may not {(write ? "write to" : "read")} it.");
            return null;
        }

        return caller;
    }

    /// <summary>The request body, or null after answering 413 when it is larger than <paramref name="max"/> bytes.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpContext context, long max, string what)
    {
        if (context.Request.ContentLength > max)
        {
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"{what} too large", $"The request is {context.Request.ContentLength} bytes; the node takes at most {max} (max_content_length); send it in smaller batches.");
            return null;
        }

        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (buffer.Length > max)
            {
                await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"{what} too large", $"The request is larger than the node's max_content_length ({max} bytes); send it in smaller batches.");
                return null;
            }

            return buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"{what} too large", $"The request is larger than the node's max_content_length ({max} bytes); send it in smaller batches.");
            return null;
        }
    }
}
