using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Korus.Stix.Json;

namespace Korus.Taxii;

/// <summary>
/// A TAXII 2.1 client on <see cref="HttpClient"/> alone, for any standard server: discovery, API
/// roots, collections, reading every page of a collection (following <c>next</c>, else
/// <c>added_after</c> = the last page's X-TAXII-Date-Added-Last), and adding objects in envelopes
/// that fit the server's <c>max_content_length</c>, waiting for each status.
/// </summary>
public sealed class TaxiiClient
{
    private const int MaxStatusPolls = 600;
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly TimeProvider _time;

    /// <summary>Creates a client; <paramref name="credentials"/> may be null for public collections.</summary>
    public TaxiiClient(HttpClient http, TaxiiCredentials? credentials, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _authorization = credentials?.ToHeader();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// The API root a URL names: a discovery URL (path ending in <c>/taxii2/</c>) is resolved to its
    /// default API root (else its first); any other URL is taken as an API root.
    /// </summary>
    /// <exception cref="TaxiiClientException">The server refused or the discovery names no API root.</exception>
    public async Task<Uri> ResolveApiRootAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        url = WithSlash(url);
        if (!url.AbsolutePath.EndsWith("/taxii2/", StringComparison.Ordinal))
        {
            return url;
        }

        var discovery = await GetAsync(url, TaxiiJson.Context.TaxiiDiscovery, cancellationToken);
        var root = discovery.Default ?? (discovery.ApiRoots is { Count: > 0 } roots ? roots[0] : null)
            ?? throw new TaxiiClientException(url, HttpStatusCode.OK, $"The discovery at {url} names no API root.", null);
        return WithSlash(new Uri(url, root));
    }

    /// <summary>The discovery resource.</summary>
    public Task<TaxiiDiscovery> GetDiscoveryAsync(Uri discoveryUrl, CancellationToken cancellationToken) =>
        GetAsync(WithSlash(discoveryUrl), TaxiiJson.Context.TaxiiDiscovery, cancellationToken);

    /// <summary>An API root resource.</summary>
    public Task<TaxiiApiRoot> GetApiRootAsync(Uri apiRoot, CancellationToken cancellationToken) =>
        GetAsync(WithSlash(apiRoot), TaxiiJson.Context.TaxiiApiRoot, cancellationToken);

    /// <summary>The collections of an API root the caller may see.</summary>
    public async Task<IReadOnlyList<TaxiiCollection>> GetCollectionsAsync(Uri apiRoot, CancellationToken cancellationToken)
    {
        var collections = await GetAsync(new Uri(WithSlash(apiRoot), "collections/"), TaxiiJson.Context.TaxiiCollections, cancellationToken);
        return collections.Collections ?? [];
    }

    /// <summary>A status resource.</summary>
    public Task<TaxiiStatus> GetStatusAsync(Uri apiRoot, string statusId, CancellationToken cancellationToken) =>
        GetAsync(new Uri(WithSlash(apiRoot), $"status/{Uri.EscapeDataString(statusId)}/"), TaxiiJson.Context.TaxiiStatus, cancellationToken);

    /// <summary>
    /// Every page of a collection's objects from <paramref name="addedAfter"/> on (or the start), in
    /// order: by the server's <c>next</c> when it gives one, else by <c>added_after</c>.
    /// </summary>
    public async IAsyncEnumerable<TaxiiObjectsPage> GetObjectPagesAsync(Uri apiRoot, string collectionId, string? addedAfter, int? limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collectionId);
        var objectsUrl = new Uri(WithSlash(apiRoot), $"collections/{Uri.EscapeDataString(collectionId)}/objects/");
        string? next = null;
        var after = addedAfter;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var url = PageUrl(objectsUrl, limit, next, after);
        var early = NewContinuation();
        var size = new PageSize();
        var fetch = FetchPageAsync(url, early, size, stop.Token);
        try
        {
            while (true)
            {
                // A server that writes "more" and "next" before "objects" (Korus does) lets the next request go
                // out while this page is still arriving; otherwise the next request waits for the whole page.
                var (moreSoon, nextSoon) = await early.Task;
                Task<TaxiiObjectsPage>? prefetch = null;
                TaskCompletionSource<(bool, string?)>? prefetchEarly = null;
                Uri? prefetchUrl = null;
                if (moreSoon && nextSoon is not null)
                {
                    next = nextSoon;
                    prefetchEarly = NewContinuation();
                    prefetchUrl = PageUrl(objectsUrl, limit, next, after);
                    prefetch = FetchPageAsync(prefetchUrl, prefetchEarly, size, stop.Token);
                }

                TaxiiObjectsPage page;
                try
                {
                    page = await fetch;
                }
                catch when (prefetch is not null)
                {
                    await stop.CancelAsync();
                    await prefetch.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    throw;
                }

                if (prefetch is not null)
                {
                    (url, fetch, early) = (prefetchUrl!, prefetch, prefetchEarly!);
                }

                yield return page;
                if (!page.More)
                {
                    yield break; // a prefetch still running (a server whose lead said more) is cancelled below
                }

                if (prefetch is not null)
                {
                    continue;
                }

                if (page.Next is not null)
                {
                    // With next, the rest of the query stays as it was (TAXII requires the same parameters).
                    next = page.Next;
                }
                else if (page.DateAddedLast is not null)
                {
                    after = page.DateAddedLast;
                }
                else
                {
                    throw new TaxiiClientException(url, null, "The server said more objects follow but gave neither next nor X-TAXII-Date-Added-Last to continue from.", null);
                }

                url = PageUrl(objectsUrl, limit, next, after);
                early = NewContinuation();
                fetch = FetchPageAsync(url, early, size, stop.Token);
            }
        }
        finally
        {
            if (!fetch.IsCompleted)
            {
                // The reader stopped early: do not leave a request running behind it.
                await stop.CancelAsync();
                await fetch.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private static TaskCompletionSource<(bool More, string? Next)> NewContinuation() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static Uri PageUrl(Uri objectsUrl, int? limit, string? next, string? after)
    {
        var query = new List<string>();
        if (limit is { } l)
        {
            query.Add("limit=" + l.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (next is not null)
        {
            query.Add("next=" + Uri.EscapeDataString(next));
        }

        if (after is not null)
        {
            query.Add("added_after=" + Uri.EscapeDataString(after));
        }

        return new UriBuilder(objectsUrl) { Query = string.Join('&', query) }.Uri;
    }

    /// <summary>
    /// Gets one page. <paramref name="early"/> is given (more, next) as soon as the envelope's leading members
    /// show them, before the objects have arrived; or (false, null) when they come later or not at all.
    /// </summary>
    private async Task<TaxiiObjectsPage> FetchPageAsync(Uri url, TaskCompletionSource<(bool More, string? Next)> early, PageSize size, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(HttpMethod.Get, url, null, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);

            // The objects handed out are slices of this buffer, so each page gets its own. A chunked body has
            // no length: start from the size of the pages before (they are alike), so a page of megabytes is
            // not read through a series of doublings, each a fresh large array the system must zero.
            var buffer = GC.AllocateUninitializedArray<byte>(response.Content.Headers.ContentLength is { } known and > 0 and < int.MaxValue
                ? (int)known + 1
                : Math.Max(64 * 1024, size.Expected));
            var length = 0;
            var scan = new LeadScan();
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = GC.AllocateUninitializedArray<byte>(checked(buffer.Length * 2));
                    buffer.AsSpan().CopyTo(larger);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (!early.Task.IsCompleted && scan.TryFinish(buffer.AsSpan(0, length)) is { } lead)
                {
                    early.TrySetResult(lead);
                }
            }

            size.Seen(length);
            return ParsePage(url, buffer.AsMemory(0, length), response);
        }
        finally
        {
            early.TrySetResult((false, null));
        }
    }

    /// <summary>The size of the last page read in one paging run (a prefetch may update it at the same time).</summary>
    private sealed class PageSize
    {
        private int _last;

        /// <summary>A first buffer size that holds a page like the last one with room to spare.</summary>
        public int Expected => (int)Math.Min(int.MaxValue - 1, Volatile.Read(ref _last) * 9L / 8 + 1);

        public void Seen(int bytes) => Volatile.Write(ref _last, bytes);
    }

    /// <summary>Reads the leading members of an envelope from however much of it has arrived.</summary>
    private struct LeadScan
    {
        private bool _more;
        private string? _next;

        /// <summary>(more, next) once a member other than those two starts (or the envelope ends); null while undecided.</summary>
        public (bool More, string? Next)? TryFinish(ReadOnlySpan<byte> prefix)
        {
            var reader = new Utf8JsonReader(prefix, isFinalBlock: false, state: default);
            try
            {
                if (!reader.Read())
                {
                    return null;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return (false, null);
                }

                while (reader.Read())
                {
                    if (reader.TokenType != JsonTokenType.PropertyName)
                    {
                        return (_more, _next);
                    }

                    var isMore = reader.ValueTextEquals("more"u8);
                    var isNext = reader.ValueTextEquals("next"u8);
                    if (!isMore && !isNext)
                    {
                        return (_more, _next);
                    }

                    if (!reader.Read())
                    {
                        return null;
                    }

                    if (isMore)
                    {
                        _more = reader.TokenType == JsonTokenType.True;
                    }
                    else if (reader.TokenType == JsonTokenType.String)
                    {
                        _next = reader.GetString();
                    }
                }

                return null;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // Not JSON, or a 'next' that escapes a lone surrogate (GetString throws): the full parse reports it.
                return (false, null);
            }
        }
    }

    /// <summary>Posts one envelope (UTF-8 JSON) and returns the status, waiting while it is pending.</summary>
    public async Task<TaxiiStatus> AddObjectsAsync(Uri apiRoot, string collectionId, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collectionId);
        var url = new Uri(WithSlash(apiRoot), $"collections/{Uri.EscapeDataString(collectionId)}/objects/");
        using var content = new ReadOnlyMemoryContent(envelope);
        content.Headers.TryAddWithoutValidation("Content-Type", TaxiiMediaTypes.Taxii21);
        using var response = await SendAsync(HttpMethod.Post, url, content, cancellationToken);
        var status = await ReadAsync(url, response, TaxiiJson.Context.TaxiiStatus, cancellationToken);
        var delay = TimeSpan.FromMilliseconds(100);
        for (var poll = 0; status.Status == "pending" && poll < MaxStatusPolls; poll++)
        {
            await Task.Delay(delay, _time, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            status = await GetStatusAsync(apiRoot, status.Id, cancellationToken);
        }

        return status;
    }

    /// <summary>
    /// Pushes objects (each one's UTF-8 JSON) in envelopes no larger than <paramref name="maxContentLength"/>,
    /// one at a time, collecting every status. An object too large for any envelope is reported as a
    /// failure without being sent.
    /// </summary>
    public async Task<TaxiiPushResult> PushAsync(Uri apiRoot, string collectionId, IEnumerable<ReadOnlyMemory<byte>> objects, long maxContentLength, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var result = new TaxiiPushResult();
        var envelope = new MemoryStream();
        var count = 0;
        var sent = 0L;
        const int overhead = 14; // {"objects":[ … ]}

        async Task FlushAsync()
        {
            if (count == 0)
            {
                return;
            }

            envelope.Write("]}"u8);
            var status = await AddObjectsAsync(apiRoot, collectionId, envelope.GetBuffer().AsMemory(0, (int)envelope.Length), cancellationToken);
            result.Add(status);
            sent += count;
            progress?.Report(sent);
            envelope.SetLength(0);
            count = 0;
        }

        foreach (var json in objects)
        {
            if (json.Length + overhead > maxContentLength)
            {
                result.AddLocalFailure(IdOf(json.Span), $"The object is {json.Length:N0} bytes; the server's max_content_length is {maxContentLength:N0}, so it cannot be sent.");
                continue;
            }

            if (count > 0 && envelope.Length + 1 + json.Length + 2 > maxContentLength)
            {
                await FlushAsync();
            }

            envelope.Write(count == 0 ? "{\"objects\":["u8 : ","u8);
            envelope.Write(json.Span);
            count++;
        }

        await FlushAsync();
        return result;
    }

    private static string IdOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = StrictJson.ParseValue(ref reader);
            return document.RootElement.TryGetProperty("id"u8, out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "(no id)";
        }
        catch (JsonException)
        {
            return "(not JSON)";
        }
    }

    private static TaxiiObjectsPage ParsePage(Uri url, ReadOnlyMemory<byte> body, HttpResponseMessage response)
    {
        try
        {
            using var document = StrictJson.Parse(body);
            var root = document.RootElement;
            var objects = new List<ReadOnlyMemory<byte>>();
            if (root.TryGetProperty("objects"u8, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                objects.Capacity = list.GetArrayLength();
                foreach (var item in list.EnumerateArray())
                {
                    objects.Add(JsonSlices.RawValue(body, item)); // slices of the page's own buffer: no copy per object
                }
            }

            var more = root.TryGetProperty("more"u8, out var m) && m.ValueKind == JsonValueKind.True;
            var next = root.TryGetProperty("next"u8, out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            return new TaxiiObjectsPage(objects, more, next, Header(response, "X-TAXII-Date-Added-First"), Header(response, "X-TAXII-Date-Added-Last"));
        }
        catch (JsonException ex)
        {
            throw new TaxiiClientException(url, response.StatusCode, $"The server's envelope is not valid JSON: {ex.Message}", null);
        }

        static string? Header(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
    }

    private async Task<T> GetAsync<T>(Uri url, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, url, null, cancellationToken);
        return await ReadAsync(url, response, typeInfo, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(Uri url, HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo) ?? throw new JsonException("The body is null.");
        }
        catch (JsonException ex)
        {
            throw new TaxiiClientException(url, response.StatusCode, $"The server's answer is not the expected TAXII resource: {ex.Message}", null);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, HttpContent? content, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.TryAddWithoutValidation("Accept", TaxiiMediaTypes.Taxii21);
        request.Headers.UserAgent.ParseAdd("korus/0.1");
        request.Headers.Authorization = _authorization;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new TaxiiClientException(url, null, $"Cannot reach {url.GetLeftPart(UriPartial.Authority)}: {ex.Message}", null, ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            TaxiiError? error = null;
            try
            {
                error = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(cancellationToken), TaxiiJson.Context.TaxiiError);
            }
            catch (JsonException)
            {
                // Not a TAXII error body; the status code still says what happened.
            }

            var reason = error is null ? response.ReasonPhrase : error.Title + (error.Description is null ? "" : ": " + error.Description);
            throw new TaxiiClientException(url, response.StatusCode, $"{method} {url} answered {(int)response.StatusCode} ({reason}).", error);
        }
    }

    private static Uri WithSlash(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.AbsolutePath.EndsWith('/') ? url : new UriBuilder(url) { Path = url.AbsolutePath + "/" }.Uri;
    }
}

/// <summary>Credentials a <see cref="TaxiiClient"/> presents: HTTP Basic or a bearer API key.</summary>
public sealed record TaxiiCredentials
{
    private TaxiiCredentials(string scheme, string parameter)
    {
        Scheme = scheme;
        Parameter = parameter;
    }

    /// <summary>The authentication scheme.</summary>
    public string Scheme { get; }

    /// <summary>The scheme's parameter (never logged).</summary>
    public string Parameter { get; }

    /// <summary>HTTP Basic with a user and password.</summary>
    public static TaxiiCredentials Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    /// <summary>A bearer token (a Korus API key).</summary>
    public static TaxiiCredentials Bearer(string token) => new("Bearer", token);

    /// <summary>The Authorization header value.</summary>
    public AuthenticationHeaderValue ToHeader() => new(Scheme, Parameter);

    /// <inheritdoc />
    public override string ToString() => Scheme + " (hidden)";
}

/// <summary>One page of objects read from a collection: each object's exact JSON, and how to continue.</summary>
public sealed record TaxiiObjectsPage(IReadOnlyList<ReadOnlyMemory<byte>> Objects, bool More, string? Next, string? DateAddedFirst, string? DateAddedLast);

/// <summary>What a push achieved: every status, and every object that failed (on the server or before sending).</summary>
public sealed class TaxiiPushResult
{
    private readonly List<TaxiiStatus> _statuses = [];
    private readonly List<TaxiiStatusDetails> _failures = [];

    /// <summary>The statuses, one per envelope.</summary>
    public IReadOnlyList<TaxiiStatus> Statuses => _statuses;

    /// <summary>Objects that were not stored, with the reason.</summary>
    public IReadOnlyList<TaxiiStatusDetails> Failures => _failures;

    /// <summary>Objects stored (or already stored).</summary>
    public long Succeeded { get; private set; }

    /// <summary>Objects still pending when the client stopped waiting.</summary>
    public long Pending { get; private set; }

    internal void Add(TaxiiStatus status)
    {
        _statuses.Add(status);
        Succeeded += status.SuccessCount;
        Pending += status.PendingCount;
        _failures.AddRange(status.Failures ?? []);
    }

    internal void AddLocalFailure(string id, string message) => _failures.Add(new TaxiiStatusDetails(id, "", message));
}

/// <summary>A TAXII request that failed: the server could not be reached, refused, or answered something that is not TAXII.</summary>
public sealed class TaxiiClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaxiiClientException(Uri url, HttpStatusCode? status, string message, TaxiiError? error, Exception? inner = null)
        : base(message, inner)
    {
        Url = url;
        Status = status;
        Error = error;
    }

    /// <summary>Creates the exception with a message.</summary>
    public TaxiiClientException()
        : this(new Uri("about:blank"), null, "TAXII request failed.", null)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TaxiiClientException(string message)
        : this(new Uri("about:blank"), null, message, null)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public TaxiiClientException(string message, Exception innerException)
        : this(new Uri("about:blank"), null, message, null, innerException)
    {
    }

    /// <summary>The URL requested.</summary>
    public Uri Url { get; }

    /// <summary>The HTTP status, when the server answered.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The server's TAXII error resource, when it sent one.</summary>
    public TaxiiError? Error { get; }
}
