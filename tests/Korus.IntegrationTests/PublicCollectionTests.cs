using System.Net;
using Korus.Testing;
using static Korus.Testing.NodeFixture;

namespace Korus.IntegrationTests;

/// <summary>A collection made public is readable without credentials; on its own node, since it opens discovery to anonymous callers.</summary>
public sealed class PublicCollectionTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task A_public_collection_is_readable_without_credentials_but_not_writable()
    {
        var id = await node.NewCollectionAsync(isPublic: true);
        await node.PostAsync(id, Indicator(1));
        using var read = await node.SendAsync(HttpMethod.Get, $"/api/collections/{id}/objects/", null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        await TaxiiConformanceTests.AssertErrorAsync(await node.SendAsync(HttpMethod.Post, $"/api/collections/{id}/objects/", null, Envelope(Indicator(2))), HttpStatusCode.Unauthorized);
        var listed = await JsonAsync(await node.SendAsync(HttpMethod.Get, "/api/collections/", null));
        Assert.All(listed.GetProperty("collections").EnumerateArray(), c => Assert.False(c.GetProperty("can_write").GetBoolean()));

        // A private collection stays closed to anonymous callers.
        await TaxiiConformanceTests.AssertErrorAsync(await node.SendAsync(HttpMethod.Get, "/api/collections/national/objects/", null), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Without_a_public_collection_anonymous_discovery_is_401_and_with_one_it_is_served()
    {
        // A node of its own: the fixture's node may already hold a public collection.
        await using var own = new NodeFixture();
        await own.InitializeAsync();
        using var before = await own.SendAsync(HttpMethod.Get, "/taxii2/", null);
        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        await own.NewCollectionAsync(isPublic: true);
        using var after = await own.SendAsync(HttpMethod.Get, "/taxii2/", null);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
