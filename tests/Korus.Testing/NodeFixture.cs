using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Korus.Server;
using Korus.Storage;

using Xunit;

namespace Korus.Testing;

/// <summary>
/// A real node on 127.0.0.1 (a port chosen at run time) over a fresh database, with users of every
/// kind of right. Each test makes its own collection, so no test sees another's objects.
/// </summary>
public sealed class NodeFixture : IAsyncLifetime
{
    public const string Password = "pa55word-for-tests";

    /// <summary>The organisation the node speaks for.</summary>
    public string IdentityName { get; init; } = "Korus node";

    /// <summary>How often the node's escalation courier runs.</summary>
    public TimeSpan CourierInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>An escalation policy file instead of the default.</summary>
    public string? EscalationPolicyPath { get; init; }

    private readonly string _directory = Directory.CreateTempSubdirectory("korus-node-").FullName;
    private KorusNode? _node;

    public KorusNode Node => _node ?? throw new InvalidOperationException("Not started.");

    public Uri BaseAddress => Node.Addresses[0];

    public string AdminPassword { get; private set; } = "";

    public HttpClient Http { get; private set; } = new();

    public long MaxContentLength { get; } = 64 * 1024;

    public async ValueTask InitializeAsync()
    {
        _node = await KorusNode.StartAsync(Options(), null, null, CancellationToken.None);
        AdminPassword = Node.FirstAdminPassword!;
        Http.BaseAddress = BaseAddress;
    }

    private KorusNodeOptions Options() => new()
    {
        DatabasePath = Path.Combine(_directory, "korus.db"),
        Urls = ["http://127.0.0.1:0"],
        KdfIterations = 1000,
        Taxii = new Taxii.Server.TaxiiServerOptions { MaxContentLength = MaxContentLength, PageSize = 100 },
        IdentityName = IdentityName,
        CourierInterval = CourierInterval,
        EscalationPolicyPath = EscalationPolicyPath,
    };

    /// <summary>Stops the node and starts it again on the same database (it gets a new port).</summary>
    public async Task RestartAsync()
    {
        await Node.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _node = await KorusNode.StartAsync(Options(), null, null, CancellationToken.None);
        Http.Dispose();
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>Creates a collection with a fresh id, and users "reader-ID", "writer-ID", "both-ID", "none-ID" with those rights on it.</summary>
    public async Task<string> NewCollectionAsync(bool isPublic = false, string? alias = null)
    {
        var id = "c" + Guid.NewGuid().ToString("N")[..12];
        Assert.True(await Node.Store.CreateCollectionAsync(new CollectionDraft(id, "Test " + id, "For one test", alias, isPublic), "test", CancellationToken.None));
        var hasher = new SecretHasher(1000);
        foreach (var (name, read, write) in new[] { ("reader", true, false), ("writer", false, true), ("both", true, true), ("none", false, false) })
        {
            var rights = read || write ? new List<CollectionRight> { new(id, read, write) } : [];
            Assert.True(await Node.Store.SaveUserAsync(new UserRecord($"{name}-{id}", hasher.Hash(Password), false, 1, rights), false, "test", CancellationToken.None));
        }

        return id;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    public AuthenticationHeaderValue Admin => Basic("admin", AdminPassword);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? auth, string? body = null, string accept = "application/taxii+json;version=2.1", string contentType = "application/taxii+json;version=2.1")
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = auth;
        if (accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return await Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> GetAsync(string path, AuthenticationHeaderValue? auth = null, string accept = "application/taxii+json;version=2.1") =>
        SendAsync(HttpMethod.Get, path, auth ?? Admin, accept: accept);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Posts an envelope of <paramref name="objects"/> (JSON texts) as admin and returns the status resource.</summary>
    public async Task<JsonElement> PostAsync(string collection, params string[] objects)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/collections/{collection}/objects/", Admin, Envelope(objects));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return await JsonAsync(response);
    }

    public static string Envelope(params string[] objects) => "{\"objects\": [" + string.Join(",", objects) + "]}";

    public static string Indicator(int n, string modified = "2026-01-01T00:00:00.000Z", string extra = "") =>
        $$"""{"type": "indicator", "spec_version": "2.1", "id": "indicator--00000000-0000-4000-8000-{{n:D12}}", "created": "2026-01-01T00:00:00.000Z", "modified": "{{modified}}", "name": "n{{n}}", "pattern": "[ipv4-addr:value = '198.51.100.{{n % 250}}']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z"{{extra}}}""";

    public static string IndicatorId(int n) => $"indicator--00000000-0000-4000-8000-{n:D12}";

    /// <summary>Adds a user with read and write rights on <paramref name="collections"/>.</summary>
    public async Task AddUserAsync(string name, params string[] collections)
    {
        var rights = collections.Select(c => new CollectionRight(c, true, true)).ToList();
        Assert.True(await Node.Store.SaveUserAsync(new UserRecord(name, new SecretHasher(1000).Hash(Password), false, 1, rights), false, "test", CancellationToken.None));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
