using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Korus.Taxii;
using Korus.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using static Korus.Testing.NodeFixture;

namespace Korus.IntegrationTests;

/// <summary>The TAXII client against a real Korus node, and against a minimal server that pages only by added_after.</summary>
public sealed class TaxiiClientTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TaxiiClient Client(TaxiiCredentials? credentials = null) => new(node.Http, credentials ?? TaxiiCredentials.Basic("admin", node.AdminPassword));

    private static IEnumerable<ReadOnlyMemory<byte>> Utf8(IEnumerable<string> objects) => objects.Select(o => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(o));

    [Fact]
    public async Task Discovery_resolves_to_the_default_api_root_and_lists_collections()
    {
        var id = await node.NewCollectionAsync();
        var client = Client(TaxiiCredentials.Basic($"reader-{id}", Password));
        var root = await client.ResolveApiRootAsync(node.Node.DiscoveryUrl, Ct);
        Assert.Equal(new Uri(node.BaseAddress, "/api/"), root);
        Assert.Equal(root, await client.ResolveApiRootAsync(new Uri(node.BaseAddress, "/api"), Ct));
        var collection = Assert.Single(await client.GetCollectionsAsync(root, Ct));
        Assert.Equal((id, true, false), (collection.Id, collection.CanRead, collection.CanWrite));
        Assert.Equal(TaxiiMediaTypes.Taxii21, Assert.Single((await client.GetApiRootAsync(root, Ct)).Versions));
    }

    [Fact]
    public async Task A_push_splits_into_envelopes_under_max_content_length_and_reports_every_failure()
    {
        var id = await node.NewCollectionAsync();
        var client = Client();
        var root = await client.ResolveApiRootAsync(node.Node.DiscoveryUrl, Ct);
        var objects = Enumerable.Range(1, 300).Select(i => Indicator(i)).ToList();
        objects.Insert(10, Indicator(999).Replace("\"pattern_type\": \"stix\", ", "", StringComparison.Ordinal));
        objects.Add(Indicator(1000, extra: ", \"description\": \"" + new string('x', (int)node.MaxContentLength) + "\""));
        var reported = new List<long>();

        var result = await client.PushAsync(root, id, Utf8(objects), node.MaxContentLength, new SynchronousProgress(reported.Add), Ct);

        Assert.True(result.Statuses.Count > 1, "expected several envelopes");
        Assert.Equal(300, result.Succeeded);
        Assert.Equal([IndicatorId(999), IndicatorId(1000)], result.Failures.Select(f => f.Id));
        Assert.Contains("max_content_length", result.Failures[1].Message, StringComparison.Ordinal);
        Assert.Equal(301, reported[^1]);
        Assert.Equal(300, await node.Node.Store.CountObjectVersionsAsync(id, Ct));
    }

    [Fact]
    public async Task Pulling_follows_next_to_the_end_and_returns_every_object_once_in_order()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, [.. Enumerable.Range(1, 50).Select(i => Indicator(i))]);
        var pages = 0;
        var names = new List<string>();
        await foreach (var page in Client().GetObjectPagesAsync(new Uri(node.BaseAddress, "/api/"), id, null, 7, Ct))
        {
            pages++;
            names.AddRange(page.Objects.Select(o => JsonDocument.Parse(o).RootElement.GetProperty("name").GetString()!));
        }

        Assert.Equal(8, pages);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => "n" + i), names);
    }

    [Fact]
    public async Task Pulling_from_added_after_starts_after_that_instant()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1), Indicator(2), Indicator(3));
        var manifest = await JsonAsync(await node.GetAsync($"/api/collections/{id}/manifest/"));
        var first = manifest.GetProperty("objects")[0].GetProperty("date_added").GetString();
        var count = 0;
        await foreach (var page in Client().GetObjectPagesAsync(new Uri(node.BaseAddress, "/api/"), id, first, null, Ct))
        {
            count += page.Objects.Count;
        }

        Assert.Equal(2, count);
    }

    [Fact]
    public async Task Wrong_credentials_raise_the_servers_error()
    {
        var ex = await Assert.ThrowsAsync<TaxiiClientException>(() => Client(TaxiiCredentials.Basic("admin", "wrong")).GetCollectionsAsync(new Uri(node.BaseAddress, "/api/"), Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, ex.Status);
        Assert.Equal("Unauthorized", ex.Error?.Title);
        Assert.DoesNotContain("wrong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_says_so()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var ex = await Assert.ThrowsAsync<TaxiiClientException>(() => Client().GetCollectionsAsync(new Uri($"http://127.0.0.1:{port}/api/"), Ct));
        Assert.Null(ex.Status);
        Assert.Contains("Cannot reach", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_without_next_is_paged_by_added_after()
    {
        // A minimal TAXII server in the style of servers that page only by added_after (no next).
        var dates = Enumerable.Range(1, 5).Select(i => $"2026-11-23T00:00:0{i}.000000Z").ToList();
        var requests = new List<string>();
        await using var app = await OtherServerAsync(requests, async context =>
        {
            var after = context.Request.Query["added_after"].ToString();
            var rest = dates.Where(d => after.Length == 0 || string.CompareOrdinal(d, after) > 0).ToList();
            var page = rest.Take(2).ToList();
            context.Response.ContentType = TaxiiMediaTypes.Taxii21;
            if (page.Count > 0)
            {
                context.Response.Headers["X-TAXII-Date-Added-First"] = page[0];
                context.Response.Headers["X-TAXII-Date-Added-Last"] = page[^1];
            }

            var objects = string.Join(",", page.Select(d => Indicator(dates.IndexOf(d) + 1)));
            await context.Response.WriteAsync($"{{\"more\": {(rest.Count > 2 ? "true" : "false")}, \"objects\": [{objects}]}}");
        });
        var address = new Uri(app.Urls.First());

        var ids = new List<string>();
        await foreach (var page in new TaxiiClient(node.Http, null).GetObjectPagesAsync(new Uri(address, "/root/"), "c1", null, null, Ct))
        {
            ids.AddRange(page.Objects.Select(o => JsonDocument.Parse(o).RootElement.GetProperty("id").GetString()!));
        }

        Assert.Equal(Enumerable.Range(1, 5).Select(IndicatorId), ids);
        Assert.Equal(["", "?added_after=2026-11-23T00%3A00%3A02.000000Z", "?added_after=2026-11-23T00%3A00%3A04.000000Z"], requests);
    }

    [Fact]
    public async Task A_server_that_puts_next_after_the_objects_is_still_followed_to_the_end()
    {
        // Korus writes more/next first so the client can ask for the next page early; other servers may not.
        var requests = new List<string>();
        await using var app = await OtherServerAsync(requests, async context =>
        {
            var page = context.Request.Query["next"].ToString() is { Length: > 0 } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
            context.Response.ContentType = TaxiiMediaTypes.Taxii21;
            var objects = string.Join(",", new[] { 2 * page + 1, 2 * page + 2 }.Select(i => Indicator(i)));
            var tail = page < 2 ? $", \"more\": true, \"next\": \"{page + 1}\"" : ", \"more\": false";
            await context.Response.WriteAsync($"{{\"objects\": [{objects}]{tail}}}");
        });

        var ids = new List<string>();
        await foreach (var page in new TaxiiClient(node.Http, null).GetObjectPagesAsync(new Uri(new Uri(app.Urls.First()), "/root/"), "c1", null, null, Ct))
        {
            ids.AddRange(page.Objects.Select(o => JsonDocument.Parse(o).RootElement.GetProperty("id").GetString()!));
        }

        Assert.Equal(Enumerable.Range(1, 6).Select(IndicatorId), ids);
        Assert.Equal(["", "?next=1", "?next=2"], requests);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_page_escaping_a_lone_surrogate_is_the_servers_error_not_a_crash(bool inNext)
    {
        // A 'next' token or an object name escaping a lone surrogate: JsonDocument and the reader accept
        // it and fail when it is read; the client reports the server's envelope as not valid JSON.
        await using var app = await OtherServerAsync([], async context =>
        {
            context.Response.ContentType = TaxiiMediaTypes.Taxii21;
            await context.Response.WriteAsync(inNext
                ? $"{{\"more\": true, \"next\": \"\\ud800\", \"objects\": [{Indicator(1)}]}}"
                : $"{{\"more\": false, \"objects\": [{{\"\\udfff\": 1}}]}}");
        });

        var error = await Assert.ThrowsAsync<TaxiiClientException>(async () =>
        {
            await foreach (var page in new TaxiiClient(node.Http, null).GetObjectPagesAsync(new Uri(new Uri(app.Urls.First()), "/root/"), "c1", null, null, Ct))
            {
                Assert.Fail("no page is usable");
            }
        });
        Assert.Contains("The server's envelope is not valid JSON: The text escapes a lone surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chunked_pages_larger_than_the_pages_before_them_arrive_whole()
    {
        // No Content-Length (written in pieces): the client sizes each page's buffer from the pages before
        // and must grow it when a page is larger, here 300, then 1,500, then 40 objects.
        var sizes = new[] { 300, 1500, 40 };
        var requests = new List<string>();
        await using var app = await OtherServerAsync(requests, async context =>
        {
            var page = context.Request.Query["next"].ToString() is { Length: > 0 } token ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
            var first = sizes.Take(page).Sum();
            context.Response.ContentType = TaxiiMediaTypes.Taxii21;
            await context.Response.WriteAsync(page < sizes.Length - 1 ? $"{{\"more\": true, \"next\": \"{page + 1}\", \"objects\": [" : "{\"more\": false, \"objects\": [");
            for (var i = 0; i < sizes[page]; i++)
            {
                await context.Response.WriteAsync((i == 0 ? "" : ",") + Indicator(first + i + 1, extra: $", \"description\": \"{new string('x', 400)}\""));
                if (i % 100 == 0)
                {
                    await context.Response.Body.FlushAsync();
                }
            }

            await context.Response.WriteAsync("]}");
        });

        var ids = new List<string>();
        await foreach (var page in new TaxiiClient(node.Http, null).GetObjectPagesAsync(new Uri(new Uri(app.Urls.First()), "/root/"), "c1", null, null, Ct))
        {
            ids.AddRange(page.Objects.Select(o => JsonDocument.Parse(o).RootElement.GetProperty("id").GetString()!));
        }

        Assert.Equal(Enumerable.Range(1, sizes.Sum()).Select(IndicatorId), ids);
        Assert.Equal(["", "?next=1", "?next=2"], requests);
    }

    [Fact]
    public async Task A_reader_that_stops_after_one_page_leaves_the_client_and_server_usable()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, [.. Enumerable.Range(1, 30).Select(i => Indicator(i))]);
        var client = Client();
        var root = new Uri(node.BaseAddress, "/api/");
        await foreach (var page in client.GetObjectPagesAsync(root, id, null, 5, Ct))
        {
            Assert.Equal(5, page.Objects.Count);
            break; // the next page was already asked for; stopping must cancel it quietly
        }

        var all = 0;
        await foreach (var page in client.GetObjectPagesAsync(root, id, null, 5, Ct))
        {
            all += page.Objects.Count;
        }

        Assert.Equal(30, all);
    }

    /// <summary>A minimal TAXII objects endpoint at /root/collections/c1/objects/ on 127.0.0.1, recording each query string.</summary>
    private static async Task<WebApplication> OtherServerAsync(List<string> requests, Func<HttpContext, Task> objects)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/root/collections/c1/objects/", (HttpContext context) =>
        {
            requests.Add(context.Request.QueryString.Value ?? "");
            return objects(context);
        });
        await app.StartAsync(Ct);
        return app;
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
