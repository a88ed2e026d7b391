using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Korus.Stix;
using Korus.Stix.Json;
using Korus.Stix.Validation;
using Korus.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Korus.Taxii.Server;

/// <summary>Objects, one object, versions, manifest: reading, adding, deleting.</summary>
public static partial class TaxiiEndpoints
{
    private static async Task GetObjectsAsync(HttpContext context, string collectionId)
    {
        if (await ResolveAsync(context, collectionId, Need.Read) is not { } collection
            || await QueryAsync(context, TaxiiEndpoint.Objects, collection, null) is not (ObjectPage page, var next))
        {
            return;
        }

        await TaxiiResponses.WriteEnvelopeAsync(context, page, next);
    }

    private static async Task GetObjectAsync(HttpContext context, string collectionId, string objectId)
    {
        if (await ResolveAsync(context, collectionId, Need.Read) is not { } collection
            || await QueryAsync(context, TaxiiEndpoint.SingleObject, collection, objectId) is not (ObjectPage page, var next))
        {
            return;
        }

        await TaxiiResponses.WriteEnvelopeAsync(context, page, next);
    }

    private static async Task GetVersionsAsync(HttpContext context, string collectionId, string objectId)
    {
        if (await ResolveAsync(context, collectionId, Need.Read) is not { } collection
            || await QueryAsync(context, TaxiiEndpoint.Versions, collection, objectId) is not (ObjectPage page, var next))
        {
            return;
        }

        TaxiiResponses.SetDateAddedHeaders(context, page.Items);
        var versions = page.Items.Count == 0 ? null : page.Items.Select(i => i.Version).ToList();
        await TaxiiResponses.WriteAsync(context, StatusCodes.Status200OK, new TaxiiVersions(versions is null && !page.More ? null : page.More, next, versions), TaxiiJson.Context.TaxiiVersions);
    }

    private static async Task GetManifestAsync(HttpContext context, string collectionId)
    {
        if (await ResolveAsync(context, collectionId, Need.Read) is not { } collection
            || await QueryAsync(context, TaxiiEndpoint.Manifest, collection, null) is not (ObjectPage page, var next))
        {
            return;
        }

        TaxiiResponses.SetDateAddedHeaders(context, page.Items);
        var records = page.Items.Count == 0
            ? null
            : page.Items.Select(i => new TaxiiManifestRecord(i.Id, StoreClock.Format(i.DateAdded), i.Version, "application/stix+json;version=" + i.SpecVersion)).ToList();
        await TaxiiResponses.WriteAsync(context, StatusCodes.Status200OK, new TaxiiManifest(records is null && !page.More ? null : page.More, next, records), TaxiiJson.Context.TaxiiManifest);
    }

    /// <summary>Parses the query, honours <c>next</c>, runs it; answers 400/404 itself and returns null then.</summary>
    private static async Task<(ObjectPage Page, string? Next)?> QueryAsync(HttpContext context, TaxiiEndpoint endpoint, CollectionRecord collection, string? objectId)
    {
        if (await ParseQueryAsync(context, endpoint) is not { } parsed)
        {
            return null;
        }

        var store = Store(context);
        var query = parsed.Query;
        if (objectId is not null)
        {
            query = query with { Ids = [objectId] };
        }

        var fingerprint = collection.Id + "\n" + objectId + "\n" + parsed.Fingerprint;
        var tokens = context.RequestServices.GetRequiredService<NextTokens>();
        if (parsed.Next is not null)
        {
            if (!tokens.TryRead(parsed.Next, fingerprint, out var position, out var tokenError))
            {
                await TaxiiResponses.ErrorAsync(context, StatusCodes.Status400BadRequest, "Bad next token", tokenError!);
                return null;
            }

            query = query with { AddedAfter = Math.Max(query.AddedAfter ?? long.MinValue, position) };
        }

        var page = await store.QueryObjectsAsync(collection.Id, query, context.RequestAborted);

        // Only an empty answer needs telling apart: an object filtered out (200, empty) or no such object (404).
        if (objectId is not null && page.Items.Count == 0 && !await store.ObjectExistsAsync(collection.Id, objectId, context.RequestAborted))
        {
            await NoSuchObjectAsync(context, collection, objectId);
            return null;
        }

        var next = page.More && page.Items.Count > 0 ? tokens.Create(fingerprint, page.Items[^1].DateAdded) : null;
        return (page, next);
    }

    /// <summary>Parses the request's query for <paramref name="endpoint"/>; answers 400 naming the parameter and returns null when it is bad.</summary>
    private static async Task<TaxiiQuery?> ParseQueryAsync(HttpContext context, TaxiiEndpoint endpoint)
    {
        if (TaxiiQuery.Parse(endpoint, Parameters(context.Request.Query), Options(context).PageSize, out var error) is { } parsed)
        {
            return parsed;
        }

        await TaxiiResponses.ErrorAsync(context, StatusCodes.Status400BadRequest, "Bad query parameter", error!);
        return null;
    }

    private static Task NoSuchObjectAsync(HttpContext context, CollectionRecord collection, string objectId) =>
        TaxiiResponses.ErrorAsync(context, StatusCodes.Status404NotFound, "Object not found", $"Collection '{collection.Id}' holds no object '{objectId}'.");

    private static IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> Parameters(IQueryCollection query)
    {
        foreach (var (name, values) in query)
        {
            yield return new(name, values.Select(v => v ?? "").ToArray());
        }
    }

    private static async Task DeleteObjectAsync(HttpContext context, string collectionId, string objectId)
    {
        if (await ResolveAsync(context, collectionId, Need.Delete) is not { } collection)
        {
            return;
        }

        if (await ParseQueryAsync(context, TaxiiEndpoint.Delete) is not { } parsed)
        {
            return;
        }

        var store = Store(context);
        if (!await store.ObjectExistsAsync(collection.Id, objectId, context.RequestAborted))
        {
            await NoSuchObjectAsync(context, collection, objectId);
            return;
        }

        // Without match[version], DELETE removes every version (not only the last, which is the GET default).
        var query = parsed.Query;
        if (!context.Request.Query.ContainsKey("match[version]"))
        {
            query = query with { Versions = VersionSelector.All };
        }

        if (!context.Request.Query.ContainsKey("match[spec_version]"))
        {
            query = query with { SpecVersions = ["2.0", "2.1"] };
        }

        var deleted = await store.DeleteObjectAsync(collection.Id, objectId, query, Caller(context).Name, context.RequestAborted);
        Log.ObjectDeleted(Logger(context), collection.Id, objectId, deleted, Caller(context).Name);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = TaxiiMediaTypes.Taxii21;
    }

    private static async Task PostObjectsAsync(HttpContext context, string collectionId)
    {
        if (await ResolveAsync(context, collectionId, Need.Write) is not { } collection)
        {
            return;
        }

        var request = context.Request;
        if (!TaxiiMediaTypes.IsTaxii21ContentType(request.ContentType))
        {
            await TaxiiResponses.ErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Content-Type must be {TaxiiMediaTypes.Taxii21}; it was '{request.ContentType}'.");
            return;
        }

        var max = Options(context).MaxContentLength;
        if (request.ContentLength > max)
        {
            await TaxiiResponses.ErrorAsync(context, StatusCodes.Status413RequestEntityTooLarge, "Request too large", $"The body is {request.ContentLength} bytes; this API root's max_content_length is {max}.");
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var body = await ReadBodyAsync(context, max);
        if (body is null)
        {
            await TaxiiResponses.ErrorAsync(context, StatusCodes.Status413RequestEntityTooLarge, "Request too large", $"The body is longer than this API root's max_content_length of {max} bytes.");
            return;
        }

        try
        {
            JsonDocument document;
            try
            {
                document = StrictJson.Parse(body.Value.Memory, new JsonDocumentOptions { MaxDepth = 128, AllowDuplicateProperties = false });
            }
            catch (JsonException ex)
            {
                await TaxiiResponses.ErrorAsync(context, StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}: {ex.Message}");
                return;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || (root.TryGetProperty("objects"u8, out var list) && list.ValueKind != JsonValueKind.Array))
                {
                    await TaxiiResponses.ErrorAsync(context, StatusCodes.Status422UnprocessableEntity, "Not an envelope", "The body must be a TAXII envelope: a JSON object whose 'objects' member is an array of STIX objects.");
                    return;
                }

                if (root.TryGetProperty("type"u8, out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals("bundle"u8))
                {
                    await TaxiiResponses.ErrorAsync(context, StatusCodes.Status422UnprocessableEntity, "Not an envelope", "The body is a STIX bundle; TAXII 2.1 takes an envelope: {\"objects\": [...]}.");
                    return;
                }

                var incoming = Describe(root, body.Value.Memory, context.RequestServices.GetRequiredService<StixValidator>());
                var store = Store(context);
                var statusId = Guid.NewGuid().ToString();
                var time = context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
                StatusRecord status;
                try
                {
                    status = await store.AddObjectsAsync(collection.Id, statusId, StoreClock.NowMicros(time), incoming, Caller(context).Name, context.RequestAborted);
                }
                catch (CollectionNotFoundException)
                {
                    await TaxiiResponses.ErrorAsync(context, StatusCodes.Status404NotFound, "Collection not found", $"Collection '{collection.Id}' was removed.");
                    return;
                }

                Log.ObjectsAdded(Logger(context), collection.Id, status.Successes.Count, status.Failures.Count, Caller(context).Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                await NotifyObserversAsync(context, collection.Id, incoming, status);
                await TaxiiResponses.WriteAsync(context, StatusCodes.Status202Accepted, TaxiiResponses.ToResource(status), TaxiiJson.Context.TaxiiStatus);
            }
        }
        finally
        {
            body.Value.Dispose();
        }
    }

    private static async Task NotifyObserversAsync(HttpContext context, string collectionId, List<IncomingObject> incoming, StatusRecord status)
    {
        var observers = context.RequestServices.GetServices<ITaxiiIngestObserver>();
        if (!observers.Any() || status.Successes.Count == 0)
        {
            return;
        }

        var accepted = new HashSet<string>(status.Successes.Select(s => s.Id), StringComparer.Ordinal);
        var objects = incoming.Where(o => o.FailureMessage is null && accepted.Contains(o.Id)).Select(o => o.Json).ToList();
        foreach (var observer in observers)
        {
            try
            {
                await observer.ObjectsAddedAsync(collectionId, Caller(context).Name, objects, context.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ObserverFailed(Logger(context), ex, collectionId);
            }
        }
    }

    /// <summary>Validates each object of the envelope and describes it for the store; an invalid one is a rejected item with the validator's reasons.</summary>
    /// <remarks>Each object's JSON is a slice of <paramref name="body"/>, not a copy: the body outlives the store call.</remarks>
    private static List<IncomingObject> Describe(JsonElement envelope, ReadOnlyMemory<byte> body, StixValidator validator)
    {
        var result = new List<IncomingObject>();
        if (!envelope.TryGetProperty("objects"u8, out var objects))
        {
            return result;
        }

        var findings = new List<Finding>();
        var index = 0;
        foreach (var element in objects.EnumerateArray())
        {
            var position = string.Create(CultureInfo.InvariantCulture, $"objects[{index++}]");
            result.Add(element.ValueKind == JsonValueKind.Object
                ? IncomingStix.Describe(element, JsonSlices.RawValue(body, element), position, validator, findings)
                : IncomingObject.Rejected(position, null, $"{position} is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not a STIX object."));
        }

        return result;
    }

    /// <summary>Reads the whole body into a pooled buffer; null when it is longer than <paramref name="max"/>.</summary>
    private static async Task<PooledBody?> ReadBodyAsync(HttpContext context, long max)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var capacity = (int)Math.Min(context.Request.ContentLength ?? 64 * 1024, max) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > max)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max + 1));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > max)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new PooledBody(buffer, length);
    }

    private readonly record struct PooledBody(byte[] Buffer, int Length) : IDisposable
    {
        public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

        public void Dispose() => ArrayPool<byte>.Shared.Return(Buffer);
    }
}
