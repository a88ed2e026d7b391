using System.Globalization;
using Korus.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Korus.Taxii.Server;

/// <summary>Maps the TAXII 2.1 endpoints onto an ASP.NET Core application.</summary>
public static partial class TaxiiEndpoints
{
    /// <summary>
    /// Maps discovery at <c>/taxii2/</c> and one API root at <c>/{options.ApiRoot}/</c>, plus a TAXII
    /// 404 for every other path. Needs an <see cref="IKorusStore"/>, the <paramref name="options"/> and
    /// <see cref="NextTokens"/> in the services.
    /// </summary>
    public static IEndpointRouteBuilder MapTaxii(this IEndpointRouteBuilder app, TaxiiServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        var root = "/" + options.ApiRoot;
        app.MapGet("/taxii2/", GetDiscoveryAsync);
        app.MapGet(root + "/", GetApiRootAsync);
        app.MapGet(root + "/status/{statusId}/", GetStatusAsync);
        app.MapGet(root + "/collections/", GetCollectionsAsync);
        app.MapGet(root + "/collections/{collectionId}/", GetCollectionAsync);
        app.MapGet(root + "/collections/{collectionId}/objects/", GetObjectsAsync);
        app.MapPost(root + "/collections/{collectionId}/objects/", PostObjectsAsync);
        app.MapGet(root + "/collections/{collectionId}/objects/{objectId}/", GetObjectAsync);
        app.MapDelete(root + "/collections/{collectionId}/objects/{objectId}/", DeleteObjectAsync);
        app.MapGet(root + "/collections/{collectionId}/objects/{objectId}/versions/", GetVersionsAsync);
        app.MapGet(root + "/collections/{collectionId}/manifest/", GetManifestAsync);
        app.MapFallback(context => TaxiiResponses.ErrorAsync(context, StatusCodes.Status404NotFound, "Not found", $"There is no TAXII resource at {context.Request.Path}."));
        return app;
    }

    private static TaxiiCaller Caller(HttpContext context) => context.Features.Get<TaxiiCaller>() ?? TaxiiCaller.Anonymous;

    private static TaxiiServerOptions Options(HttpContext context) => context.RequestServices.GetRequiredService<TaxiiServerOptions>();

    private static IKorusStore Store(HttpContext context) => context.RequestServices.GetRequiredService<IKorusStore>();

    /// <summary>The checks every endpoint makes first: the Accept header (406), then credentials where nothing public is asked for (401).</summary>
    private static async Task<bool> PassesAsync(HttpContext context, bool publicContentPossible)
    {
        if (!TaxiiMediaTypes.AcceptsTaxii21(context.Request.Headers.Accept.ToString()))
        {
            await TaxiiResponses.ErrorAsync(context, StatusCodes.Status406NotAcceptable, "Not acceptable", $"The Accept header must admit {TaxiiMediaTypes.Taxii21} (or application/taxii+json).");
            return false;
        }

        if (!Caller(context).IsAuthenticated && !publicContentPossible)
        {
            await TaxiiResponses.UnauthorizedAsync(context);
            return false;
        }

        return true;
    }

    private static async Task<bool> AnyPublicAsync(HttpContext context)
    {
        if (Caller(context).IsAuthenticated)
        {
            return true;
        }

        foreach (var collection in await Store(context).ListCollectionsAsync(context.RequestAborted))
        {
            if (collection.PublicRead)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task GetDiscoveryAsync(HttpContext context)
    {
        if (!await PassesAsync(context, await AnyPublicAsync(context)))
        {
            return;
        }

        var options = Options(context);
        var root = "/" + options.ApiRoot + "/";
        await TaxiiResponses.WriteAsync(context, StatusCodes.Status200OK, new TaxiiDiscovery(options.Title, options.Description, options.Contact, root, [root]), TaxiiJson.Context.TaxiiDiscovery);
    }

    private static async Task GetApiRootAsync(HttpContext context)
    {
        if (!await PassesAsync(context, await AnyPublicAsync(context)))
        {
            return;
        }

        var options = Options(context);
        await TaxiiResponses.WriteAsync(context, StatusCodes.Status200OK, new TaxiiApiRoot(options.Title, options.Description, [TaxiiMediaTypes.Taxii21], options.MaxContentLength), TaxiiJson.Context.TaxiiApiRoot);
    }

    private static async Task GetStatusAsync(HttpContext context, string statusId)
    {
        if (!await PassesAsync(context, publicContentPossible: false))
        {
            return;
        }

        var store = Store(context);
        var status = await store.GetStatusAsync(statusId, context.RequestAborted);
        var collection = status is null ? null : await store.FindCollectionAsync(status.CollectionId, context.RequestAborted);
        if (status is null || collection is null || !Caller(context).CanSee(collection))
        {
            await TaxiiResponses.ErrorAsync(context, StatusCodes.Status404NotFound, "Status not found", $"There is no status '{statusId}' that you may see.");
            return;
        }

        await TaxiiResponses.WriteAsync(context, StatusCodes.Status200OK, TaxiiResponses.ToResource(status), TaxiiJson.Context.TaxiiStatus);
    }

    private static async Task GetCollectionsAsync(HttpContext context)
    {
        if (!await PassesAsync(context, await AnyPublicAsync(context)))
        {
            return;
        }

        var caller = Caller(context);
        var visible = new List<TaxiiCollection>();
        foreach (var collection in await Store(context).ListCollectionsAsync(context.RequestAborted))
        {
            if (caller.CanSee(collection))
            {
                visible.Add(ToResource(collection, caller));
            }
        }

        await TaxiiResponses.WriteAsync(context, StatusCodes.Status200OK, new TaxiiCollections(visible.Count == 0 ? null : visible), TaxiiJson.Context.TaxiiCollections);
    }

    private static async Task GetCollectionAsync(HttpContext context, string collectionId)
    {
        if (await ResolveAsync(context, collectionId, Need.See) is not { } collection)
        {
            return;
        }

        await TaxiiResponses.WriteAsync(context, StatusCodes.Status200OK, ToResource(collection, Caller(context)), TaxiiJson.Context.TaxiiCollection);
    }

    private static TaxiiCollection ToResource(CollectionRecord collection, TaxiiCaller caller) =>
        new(collection.Id, collection.Title, collection.Description, collection.Alias, caller.CanRead(collection), caller.CanWrite(collection), collection.MediaTypes);

    private enum Need
    {
        See,
        Read,
        Write,
        Delete,
    }

    /// <summary>
    /// Finds the collection of a request and checks the caller's rights, answering the error itself:
    /// 406 (Accept), 401 (anonymous, not public), 404 (unknown or invisible), 403 (visible, not permitted).
    /// </summary>
    private static async Task<CollectionRecord?> ResolveAsync(HttpContext context, string collectionId, Need need)
    {
        if (!await PassesAsync(context, publicContentPossible: true))
        {
            return null;
        }

        var caller = Caller(context);
        var collection = await Store(context).FindCollectionAsync(collectionId, context.RequestAborted);
        if (collection is null || !caller.CanSee(collection))
        {
            if (!caller.IsAuthenticated)
            {
                await TaxiiResponses.UnauthorizedAsync(context);
                return null;
            }

            await TaxiiResponses.ErrorAsync(context, StatusCodes.Status404NotFound, "Collection not found", $"There is no collection '{collectionId}' that you may see.");
            return null;
        }

        var (allowed, status) = need switch
        {
            Need.Read => (caller.CanRead(collection), StatusCodes.Status403Forbidden),
            Need.Write => (caller.CanWrite(collection), caller.IsAuthenticated ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized),
            Need.Delete => (caller.CanRead(collection) && caller.CanWrite(collection), caller.IsAuthenticated ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized),
            _ => (true, 0),
        };

        if (!allowed)
        {
            if (status == StatusCodes.Status401Unauthorized)
            {
                await TaxiiResponses.UnauthorizedAsync(context);
            }
            else
            {
                var what = need == Need.Read ? "read" : need == Need.Write ? "write to" : "delete from";
                await TaxiiResponses.ErrorAsync(context, status, "Forbidden", $"You may not {what} collection '{collection.Id}'.");
            }

            return null;
        }

        return collection;
    }

    private static string Micros(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Korus.Taxii.Server");
}
