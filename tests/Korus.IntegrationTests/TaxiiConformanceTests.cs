using System.Net;
using System.Text.Json;
using Korus.Taxii;
using Korus.Testing;
using static Korus.Testing.NodeFixture;

namespace Korus.IntegrationTests;

/// <summary>
/// The TAXII 2.1 conformance checklist (../shared/docs/specs/taxii-2.1.md §13), one test per line
/// (numbered C01–C52), over real HTTP against a node on 127.0.0.1.
/// </summary>
public sealed class TaxiiConformanceTests(NodeFixture node) : IClassFixture<NodeFixture>
{
    private const string Taxii = "application/taxii+json;version=2.1";

    private static void AssertTaxiiContentType(HttpResponseMessage response) =>
        Assert.Equal(Taxii, response.Content.Headers.ContentType?.ToString().Replace(" ", "", StringComparison.Ordinal));

    internal static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        AssertTaxiiContentType(response);
        var error = await JsonAsync(response);
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), error.GetProperty("http_status").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("title").GetString()));
    }

    private async Task<List<JsonElement>> ObjectsAsync(string path, System.Net.Http.Headers.AuthenticationHeaderValue? auth = null)
    {
        using var response = await node.GetAsync(path, auth);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        return body.TryGetProperty("objects", out var objects) ? [.. objects.EnumerateArray()] : [];
    }

    private static string[] Names(List<JsonElement> objects) => [.. objects.Select(o => o.GetProperty("name").GetString()!)];

    [Fact]
    public async Task C01_discovery_answers_200_with_a_title()
    {
        using var response = await node.GetAsync("/taxii2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertTaxiiContentType(response);
        Assert.False(string.IsNullOrEmpty((await JsonAsync(response)).GetProperty("title").GetString()));
    }

    [Fact]
    public async Task C02_discovery_default_is_one_of_the_api_roots_and_each_is_a_single_slash_path()
    {
        var body = await JsonAsync(await node.GetAsync("/taxii2/"));
        var roots = body.GetProperty("api_roots").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(body.GetProperty("default").GetString(), roots);
        Assert.All(roots, r => Assert.True(r.StartsWith('/') && !r.StartsWith("//", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task C03_api_root_has_title_versions_and_max_content_length()
    {
        var body = await JsonAsync(await node.GetAsync("/api/"));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        Assert.Contains(Taxii, body.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(node.MaxContentLength, body.GetProperty("max_content_length").GetInt64());
    }

    [Fact]
    public async Task C04_an_unknown_api_root_is_a_taxii_404()
    {
        await AssertErrorAsync(await node.GetAsync("/no-such-root/"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await node.GetAsync("/no-such-root/collections/"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task C05_errors_carry_the_taxii_content_type_too()
    {
        var id = await node.NewCollectionAsync();
        using var notFound = await node.GetAsync("/api/collections/nope/");
        using var unauthorised = await node.GetAsync("/api/collections/", auth: null!, accept: Taxii);
        using var bad = await node.GetAsync($"/api/collections/{id}/objects/?limit=0");
        using var notAcceptable = await node.GetAsync("/api/", accept: "text/html");
        foreach (var response in new[] { notFound, bad, notAcceptable })
        {
            AssertTaxiiContentType(response);
        }
    }

    [Fact]
    public async Task C06_accept_without_version_is_served()
    {
        using var response = await node.GetAsync("/api/", accept: "application/taxii+json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("application/taxii+json;version=2.0")]
    [InlineData("text/html")]
    [InlineData("*/*")]
    [InlineData("application/json")]
    public async Task C07_C08_an_accept_without_taxii_2_1_is_406(string accept)
    {
        await AssertErrorAsync(await node.GetAsync("/api/", accept: accept), HttpStatusCode.NotAcceptable);
    }

    [Theory]
    [InlineData("application/taxii+json ; version=2.1")]
    [InlineData("application/taxii+json;Version=2.1")]
    [InlineData("text/html, application/taxii+json;version=2.1;q=0.9")]
    public async Task C09_accept_with_spaces_case_and_weights_is_served(string accept)
    {
        using var response = await node.GetAsync("/api/", accept: accept);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task C10_no_credentials_is_401_with_a_challenge()
    {
        using var response = await node.SendAsync(HttpMethod.Get, "/taxii2/", null);
        await AssertErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
    }

    [Fact]
    public async Task C11_a_wrong_password_and_an_unknown_user_get_the_same_401()
    {
        using var wrong = await node.GetAsync("/taxii2/", Basic("admin", "not-the-password"));
        using var unknown = await node.GetAsync("/taxii2/", Basic("nobody-at-all", "not-the-password"));
        await AssertErrorAsync(wrong, HttpStatusCode.Unauthorized);
        await AssertErrorAsync(unknown, HttpStatusCode.Unauthorized);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await unknown.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task C12_collections_lists_only_what_the_caller_may_see()
    {
        var id = await node.NewCollectionAsync();
        var other = await node.NewCollectionAsync();
        var body = await JsonAsync(await node.GetAsync("/api/collections/", Basic($"reader-{id}", Password)));
        var listed = body.GetProperty("collections").EnumerateArray().ToList();
        var mine = Assert.Single(listed, c => c.GetProperty("id").GetString() == id);
        Assert.DoesNotContain(listed, c => c.GetProperty("id").GetString() == other);
        Assert.True(mine.GetProperty("can_read").GetBoolean());
        Assert.False(mine.GetProperty("can_write").GetBoolean());
        Assert.False(string.IsNullOrEmpty(mine.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task C13_collections_come_in_the_same_order_twice()
    {
        await node.NewCollectionAsync();
        var first = await (await node.GetAsync("/api/collections/")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var second = await (await node.GetAsync("/api/collections/")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task C14_no_visible_collections_is_an_empty_resource()
    {
        var id = await node.NewCollectionAsync();
        using var response = await node.GetAsync("/api/collections/", Basic($"none-{id}", Password));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain(id, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task C15_an_unknown_collection_is_404()
    {
        await AssertErrorAsync(await node.GetAsync("/api/collections/no-such-collection/"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await node.GetAsync("/api/collections/no-such-collection/objects/"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task C16_a_collection_is_found_by_its_alias()
    {
        var alias = "alias-" + Guid.NewGuid().ToString("N")[..8];
        var id = await node.NewCollectionAsync(alias: alias);
        var body = await JsonAsync(await node.GetAsync($"/api/collections/{alias}/"));
        Assert.Equal((id, alias), (body.GetProperty("id").GetString(), body.GetProperty("alias").GetString()));
        await node.PostAsync(alias, Indicator(1));
        Assert.Single(await ObjectsAsync($"/api/collections/{alias}/objects/"));
    }

    [Fact]
    public async Task C17_reading_without_read_right_is_403_and_an_invisible_collection_is_404()
    {
        var id = await node.NewCollectionAsync();
        await AssertErrorAsync(await node.GetAsync($"/api/collections/{id}/objects/", Basic($"writer-{id}", Password)), HttpStatusCode.Forbidden);
        await AssertErrorAsync(await node.GetAsync($"/api/collections/{id}/manifest/", Basic($"writer-{id}", Password)), HttpStatusCode.Forbidden);
        await AssertErrorAsync(await node.GetAsync($"/api/collections/{id}/objects/", Basic($"none-{id}", Password)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task C18_posting_without_write_right_is_403_and_nothing_is_stored()
    {
        var id = await node.NewCollectionAsync();
        using var response = await node.SendAsync(HttpMethod.Post, $"/api/collections/{id}/objects/", Basic($"reader-{id}", Password), Envelope(Indicator(1)));
        await AssertErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.Empty(await ObjectsAsync($"/api/collections/{id}/objects/"));
    }

    [Fact]
    public async Task C19_delete_rights_follow_the_table()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1));
        var path = $"/api/collections/{id}/objects/{IndicatorId(1)}/";
        await AssertErrorAsync(await node.SendAsync(HttpMethod.Delete, path, Basic($"reader-{id}", Password)), HttpStatusCode.Forbidden);
        await AssertErrorAsync(await node.SendAsync(HttpMethod.Delete, path, Basic($"writer-{id}", Password)), HttpStatusCode.Forbidden);
        await AssertErrorAsync(await node.SendAsync(HttpMethod.Delete, path, Basic($"none-{id}", Password)), HttpStatusCode.NotFound);
        Assert.Single(await ObjectsAsync($"/api/collections/{id}/objects/"));
        using var ok = await node.SendAsync(HttpMethod.Delete, path, Basic($"both-{id}", Password));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task C20_posting_application_json_is_415()
    {
        var id = await node.NewCollectionAsync();
        await AssertErrorAsync(await node.SendAsync(HttpMethod.Post, $"/api/collections/{id}/objects/", node.Admin, Envelope(Indicator(1)), contentType: "application/json"), HttpStatusCode.UnsupportedMediaType);
        await AssertErrorAsync(await node.SendAsync(HttpMethod.Post, $"/api/collections/{id}/objects/", node.Admin, Envelope(Indicator(1)), contentType: "application/taxii+json;version=2.0"), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task C21_a_body_over_max_content_length_is_413_and_one_of_exactly_that_size_is_not()
    {
        var id = await node.NewCollectionAsync();
        var envelope = Envelope(Indicator(1));
        var exact = envelope.Insert(1, new string(' ', (int)node.MaxContentLength - envelope.Length));
        Assert.Equal(node.MaxContentLength, exact.Length);
        using var fits = await node.SendAsync(HttpMethod.Post, $"/api/collections/{id}/objects/", node.Admin, exact);
        Assert.Equal(HttpStatusCode.Accepted, fits.StatusCode);
        await AssertErrorAsync(await node.SendAsync(HttpMethod.Post, $"/api/collections/{id}/objects/", node.Admin, " " + exact), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task C21_a_chunked_body_over_the_limit_is_413()
    {
        var id = await node.NewCollectionAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/collections/{id}/objects/");
        request.Headers.Authorization = node.Admin;
        request.Headers.TryAddWithoutValidation("Accept", Taxii);
        var big = System.Text.Encoding.UTF8.GetBytes(Envelope(Indicator(1)).Insert(1, new string(' ', (int)node.MaxContentLength)));
        request.Content = new StreamContent(new MemoryStream(big));
        request.Content.Headers.TryAddWithoutValidation("Content-Type", Taxii);
        request.Headers.TransferEncodingChunked = true;
        using var response = await node.Http.SendAsync(request, TestContext.Current.CancellationToken);
        await AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await ObjectsAsync($"/api/collections/{id}/objects/"));
    }

    [Theory]
    [InlineData("{\"objects\": [", HttpStatusCode.BadRequest)]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    [InlineData("{\"objects\": [], \"objects\": []}", HttpStatusCode.BadRequest)]
    [InlineData("[1, 2]", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"objects\": {}}", HttpStatusCode.UnprocessableEntity)]
    [InlineData("{\"type\": \"bundle\", \"id\": \"bundle--00000000-0000-4000-8000-000000000001\", \"objects\": []}", HttpStatusCode.UnprocessableEntity)]
    public async Task C22_malformed_json_is_400_and_a_non_envelope_is_422(string body, HttpStatusCode status)
    {
        var id = await node.NewCollectionAsync();
        await AssertErrorAsync(await node.SendAsync(HttpMethod.Post, $"/api/collections/{id}/objects/", node.Admin, body), status);
    }

    [Theory]
    [InlineData("{\"objects\": [],\n \"x_note\": \"\\ud800\"}", "line 2, column 13")]
    [InlineData("{\"objects\": [{\"type\": \"x-a\", \"\\udfff\": 1}]}", "line 1, column 31")]
    [InlineData("{\"objects\": [],\n \"\\ud83d\": 1, \"\\ud83d\": 2}", "line 2, column 3")] // duplicate names, each a lone surrogate
    public async Task C22_an_envelope_escaping_a_lone_surrogate_is_400_naming_the_position(string body, string position)
    {
        // JsonDocument takes such text and fails only when the name or string is read (with duplicate
        // names refused, while parsing): the server refuses it as malformed JSON, not with a 500.
        var id = await node.NewCollectionAsync();
        using var response = await node.SendAsync(HttpMethod.Post, $"/api/collections/{id}/objects/", node.Admin, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var description = (await JsonAsync(response)).GetProperty("description").GetString();
        Assert.Contains($"lone surrogate", description, StringComparison.Ordinal);
        Assert.Contains($"at {position}:", description, StringComparison.Ordinal);
        Assert.Empty(await ObjectsAsync($"/api/collections/{id}/objects/"));
    }

    [Fact]
    public async Task C22_the_400_names_the_position()
    {
        var id = await node.NewCollectionAsync();
        using var response = await node.SendAsync(HttpMethod.Post, $"/api/collections/{id}/objects/", node.Admin, "{\"objects\": [\n  {\"a\": tru}]}");
        var description = (await JsonAsync(response)).GetProperty("description").GetString();
        Assert.Contains("line 2", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task C23_C24_C25_an_envelope_gets_a_status_counting_every_object_and_an_invalid_one_fails_alone()
    {
        var id = await node.NewCollectionAsync();
        var invalid = Indicator(2).Replace("\"pattern_type\": \"stix\", ", "", StringComparison.Ordinal);
        var status = await node.PostAsync(id, Indicator(1), invalid, "42", Indicator(3));
        Assert.Equal(4, status.GetProperty("total_count").GetInt32());
        Assert.Equal(2, status.GetProperty("success_count").GetInt32());
        Assert.Equal(2, status.GetProperty("failure_count").GetInt32());
        Assert.Equal(0, status.GetProperty("pending_count").GetInt32());
        Assert.Equal("complete", status.GetProperty("status").GetString());
        foreach (var success in status.GetProperty("successes").EnumerateArray())
        {
            Assert.Equal("2026-01-01T00:00:00.000Z", success.GetProperty("version").GetString());
        }

        var failures = status.GetProperty("failures").EnumerateArray().ToList();
        Assert.Equal(IndicatorId(2), failures[0].GetProperty("id").GetString());
        Assert.Equal("2026-01-01T00:00:00.000Z", failures[0].GetProperty("version").GetString());
        Assert.Contains("stix.required-property at $.objects[1].pattern_type", failures[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("objects[2]", failures[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["n1", "n3"], Names(await ObjectsAsync($"/api/collections/{id}/objects/")));
    }

    [Fact]
    public async Task C26_the_status_can_be_read_again_and_an_unknown_one_is_404()
    {
        var id = await node.NewCollectionAsync();
        var status = await node.PostAsync(id, Indicator(1));
        var again = await JsonAsync(await node.GetAsync($"/api/status/{status.GetProperty("id").GetString()}/"));
        Assert.Equal(status.ToString(), again.ToString());
        await AssertErrorAsync(await node.GetAsync($"/api/status/{Guid.NewGuid()}/"), HttpStatusCode.NotFound);

        // Someone without rights on the collection does not see its statuses.
        await AssertErrorAsync(await node.GetAsync($"/api/status/{status.GetProperty("id").GetString()}/", Basic($"none-{id}", Password)), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task C27_an_identical_repost_succeeds_without_a_new_manifest_record()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1));
        var before = await JsonAsync(await node.GetAsync($"/api/collections/{id}/manifest/"));
        var status = await node.PostAsync(id, Indicator(1));
        Assert.Equal(1, status.GetProperty("success_count").GetInt32());
        var after = await JsonAsync(await node.GetAsync($"/api/collections/{id}/manifest/"));
        Assert.Equal(before.ToString(), after.ToString());
    }

    [Fact]
    public async Task C28_a_new_modified_adds_a_version()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1), Indicator(1, "2026-02-01T00:00:00.000Z"));
        var versions = await JsonAsync(await node.GetAsync($"/api/collections/{id}/objects/{IndicatorId(1)}/versions/"));
        Assert.Equal(["2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z"], versions.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task C29_C30_objects_come_in_date_added_order_with_first_and_last_headers()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(3));
        await node.PostAsync(id, Indicator(1), Indicator(2));
        using var response = await node.GetAsync($"/api/collections/{id}/objects/");
        Assert.Equal(["n3", "n1", "n2"], Names([.. (await JsonAsync(response)).GetProperty("objects").EnumerateArray()]));
        var manifest = (await JsonAsync(await node.GetAsync($"/api/collections/{id}/manifest/"))).GetProperty("objects").EnumerateArray().Select(m => m.GetProperty("date_added").GetString()!).ToList();
        Assert.Equal(manifest.Order(StringComparer.Ordinal), manifest);
        var first = response.Headers.GetValues("X-TAXII-Date-Added-First").Single();
        var last = response.Headers.GetValues("X-TAXII-Date-Added-Last").Single();
        Assert.Equal((manifest[0], manifest[^1]), (first, last));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", first);
    }

    [Fact]
    public async Task C31_C32_limit_pages_and_next_returns_everything_exactly_once()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, [.. Enumerable.Range(1, 5).Select(i => Indicator(i))]);
        var page = await JsonAsync(await node.GetAsync($"/api/collections/{id}/objects/?limit=2"));
        Assert.Equal(2, page.GetProperty("objects").GetArrayLength());
        Assert.True(page.GetProperty("more").GetBoolean());

        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var url = $"/api/collections/{id}/objects/?limit=2" + (next is null ? "" : "&next=" + Uri.EscapeDataString(next));
            var body = await JsonAsync(await node.GetAsync(url));
            pages++;
            seen.AddRange(body.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("name").GetString()!));
            next = body.GetProperty("more").GetBoolean() ? body.GetProperty("next").GetString() : null;
        }
        while (next is not null);

        Assert.Equal(3, pages);
        Assert.Equal(["n1", "n2", "n3", "n4", "n5"], seen);
    }

    [Fact]
    public async Task C33_paging_by_added_after_the_last_header_returns_everything_once()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, [.. Enumerable.Range(1, 5).Select(i => Indicator(i))]);
        var seen = new List<string>();
        var url = $"/api/collections/{id}/objects/?limit=2";
        while (true)
        {
            using var response = await node.GetAsync(url);
            var body = await JsonAsync(response);
            seen.AddRange(body.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("name").GetString()!));
            if (!body.GetProperty("more").GetBoolean())
            {
                break;
            }

            url = $"/api/collections/{id}/objects/?limit=2&added_after={response.Headers.GetValues("X-TAXII-Date-Added-Last").Single()}";
        }

        Assert.Equal(["n1", "n2", "n3", "n4", "n5"], seen);
    }

    [Fact]
    public async Task C34_next_with_other_filters_or_an_unknown_token_is_400()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, [.. Enumerable.Range(1, 3).Select(i => Indicator(i))]);
        var next = (await JsonAsync(await node.GetAsync($"/api/collections/{id}/objects/?limit=1&match[type]=indicator"))).GetProperty("next").GetString()!;
        await AssertErrorAsync(await node.GetAsync($"/api/collections/{id}/objects/?limit=1&match[type]=malware&next={next}"), HttpStatusCode.BadRequest);
        await AssertErrorAsync(await node.GetAsync($"/api/collections/{id}/objects/?limit=1&next=made-up-token"), HttpStatusCode.BadRequest);
        var other = await node.NewCollectionAsync();
        await AssertErrorAsync(await node.GetAsync($"/api/collections/{other}/objects/?limit=1&match[type]=indicator&next={next}"), HttpStatusCode.BadRequest);

        // The same filters with another limit are fine.
        using var ok = await node.GetAsync($"/api/collections/{id}/objects/?limit=5&match[type]=indicator&next={next}");
        Assert.Equal(["n2", "n3"], Names([.. (await JsonAsync(ok)).GetProperty("objects").EnumerateArray()]));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=-1")]
    [InlineData("limit=abc")]
    [InlineData("limit=1&limit=2")]
    [InlineData("added_after=yesterday")]
    [InlineData("added_after=2026-13-01T00:00:00Z")]
    [InlineData("match[version]=all,first")]
    [InlineData("match[version]=first,first")]
    [InlineData("match[version]=newest")]
    [InlineData("match[id]=a,,b")]
    [InlineData("match[type]=indicator&match[type]=malware")]
    public async Task C35_C37_C42_C44_malformed_parameters_are_400_naming_the_parameter(string query)
    {
        var id = await node.NewCollectionAsync();
        using var response = await node.GetAsync($"/api/collections/{id}/objects/?{query}");
        await AssertErrorAsync(response, HttpStatusCode.BadRequest);
        var name = query[..query.IndexOf('=', StringComparison.Ordinal)];
        Assert.Contains(name, (await JsonAsync(response)).GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task C35_a_limit_above_the_server_cap_returns_at_most_the_cap()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, [.. Enumerable.Range(1, 120).Select(i => Indicator(i))]);
        var body = await JsonAsync(await node.GetAsync($"/api/collections/{id}/objects/?limit=1000"));
        Assert.Equal(100, body.GetProperty("objects").GetArrayLength());
        Assert.True(body.GetProperty("more").GetBoolean());
    }

    [Fact]
    public async Task C36_added_after_excludes_the_item_added_at_that_instant()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1), Indicator(2));
        var first = (await JsonAsync(await node.GetAsync($"/api/collections/{id}/manifest/"))).GetProperty("objects")[0].GetProperty("date_added").GetString();
        Assert.Equal(["n2"], Names(await ObjectsAsync($"/api/collections/{id}/objects/?added_after={first}")));
    }

    [Fact]
    public async Task C38_C39_match_id_and_type_filter_and_combine_as_and()
    {
        var id = await node.NewCollectionAsync();
        var malware = """{"type": "malware", "spec_version": "2.1", "id": "malware--00000000-0000-4000-8000-0000000000aa", "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "name": "AppleJeus", "is_family": true}""";
        await node.PostAsync(id, Indicator(1), Indicator(2), Indicator(3), malware);
        Assert.Equal(["n1", "n3"], Names(await ObjectsAsync($"/api/collections/{id}/objects/?match[id]={IndicatorId(1)},{IndicatorId(3)}")));
        Assert.Equal(["AppleJeus"], Names(await ObjectsAsync($"/api/collections/{id}/objects/?match[type]=malware,report")));
        Assert.Equal(4, (await ObjectsAsync($"/api/collections/{id}/objects/?match[type]=indicator,malware")).Count);
        Assert.Equal(["n2"], Names(await ObjectsAsync($"/api/collections/{id}/objects/?match[type]=indicator&match[id]={IndicatorId(2)},malware--00000000-0000-4000-8000-0000000000aa")));
    }

    [Fact]
    public async Task C40_C41_C42_version_selection()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1, "2026-01-02T00:00:00.000Z"), Indicator(1, "2026-01-01T00:00:00.000Z"), Indicator(1, "2026-01-03T00:00:00.000Z"));

        async Task<string[]> Versions(string query) =>
            [.. (await ObjectsAsync($"/api/collections/{id}/objects/{query}")).Select(o => o.GetProperty("modified").GetString()![..10])];

        Assert.Equal(["2026-01-03"], await Versions(""));
        Assert.Equal(["2026-01-01"], await Versions("?match[version]=first"));
        Assert.Equal(["2026-01-02", "2026-01-01", "2026-01-03"], await Versions("?match[version]=all"));
        Assert.Equal(["2026-01-01", "2026-01-03"], await Versions("?match[version]=first,last"));
        Assert.Equal(["2026-01-02"], await Versions("?match[version]=2026-01-02T00:00:00Z"));
        Assert.Equal(["2026-01-01", "2026-01-03"], await Versions("?match[version]=first,2026-01-03T00:00:00.000000Z"));
    }

    [Fact]
    public async Task C43_spec_version_filter()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1));
        Assert.Single(await ObjectsAsync($"/api/collections/{id}/objects/?match[spec_version]=2.1"));
        Assert.Empty(await ObjectsAsync($"/api/collections/{id}/objects/?match[spec_version]=2.0"));
        Assert.Single(await ObjectsAsync($"/api/collections/{id}/objects/?match[spec_version]=2.0,2.1"));
    }

    [Fact]
    public async Task C45_manifest_records_and_filters()
    {
        var id = await node.NewCollectionAsync();
        var malware = """{"type": "malware", "spec_version": "2.1", "id": "malware--00000000-0000-4000-8000-0000000000aa", "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "name": "AppleJeus", "is_family": true}""";
        await node.PostAsync(id, Indicator(1), malware);
        using var response = await node.GetAsync($"/api/collections/{id}/manifest/?match[type]=indicator");
        Assert.True(response.Headers.Contains("X-TAXII-Date-Added-First"));
        var record = Assert.Single((await JsonAsync(response)).GetProperty("objects").EnumerateArray());
        Assert.Equal(IndicatorId(1), record.GetProperty("id").GetString());
        Assert.Equal("2026-01-01T00:00:00.000Z", record.GetProperty("version").GetString());
        Assert.Equal("application/stix+json;version=2.1", record.GetProperty("media_type").GetString());
        Assert.Matches(@"\.\d{6}Z$", record.GetProperty("date_added").GetString());
    }

    [Fact]
    public async Task C46_get_object_returns_its_versions_and_an_unknown_id_is_404()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1), Indicator(2), Indicator(1, "2026-02-01T00:00:00.000Z"));
        var all = await ObjectsAsync($"/api/collections/{id}/objects/{IndicatorId(1)}/?match[version]=all");
        Assert.Equal(2, all.Count);
        Assert.All(all, o => Assert.Equal(IndicatorId(1), o.GetProperty("id").GetString()));
        await AssertErrorAsync(await node.GetAsync($"/api/collections/{id}/objects/{IndicatorId(9)}/"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await node.GetAsync($"/api/collections/{id}/objects/{IndicatorId(9)}/versions/"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task C47_get_object_with_filters_excluding_every_version_is_an_empty_200()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1));
        using var response = await node.GetAsync($"/api/collections/{id}/objects/{IndicatorId(1)}/?match[spec_version]=2.0");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(response.Headers.Contains("X-TAXII-Date-Added-First"));
    }

    [Fact]
    public async Task C48_versions_lists_version_strings_and_honours_spec_version()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1), Indicator(1, "2026-02-01T00:00:00.000Z"));
        using var response = await node.GetAsync($"/api/collections/{id}/objects/{IndicatorId(1)}/versions/");
        Assert.True(response.Headers.Contains("X-TAXII-Date-Added-Last"));
        Assert.Equal(2, (await JsonAsync(response)).GetProperty("versions").GetArrayLength());
        Assert.Equal("{}", await (await node.GetAsync($"/api/collections/{id}/objects/{IndicatorId(1)}/versions/?match[spec_version]=2.0")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task C49_after_delete_the_object_is_gone_from_every_endpoint()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1), Indicator(1, "2026-02-01T00:00:00.000Z"), Indicator(2));
        using var deleted = await node.SendAsync(HttpMethod.Delete, $"/api/collections/{id}/objects/{IndicatorId(1)}/", node.Admin);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        AssertTaxiiContentType(deleted);
        await AssertErrorAsync(await node.GetAsync($"/api/collections/{id}/objects/{IndicatorId(1)}/"), HttpStatusCode.NotFound);
        await AssertErrorAsync(await node.GetAsync($"/api/collections/{id}/objects/{IndicatorId(1)}/versions/"), HttpStatusCode.NotFound);
        Assert.Equal(["n2"], Names(await ObjectsAsync($"/api/collections/{id}/objects/?match[version]=all")));
        var manifest = await JsonAsync(await node.GetAsync($"/api/collections/{id}/manifest/?match[version]=all"));
        Assert.Single(manifest.GetProperty("objects").EnumerateArray());
        await AssertErrorAsync(await node.SendAsync(HttpMethod.Delete, $"/api/collections/{id}/objects/{IndicatorId(1)}/", node.Admin), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task C50_delete_with_match_version_removes_only_that_version()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1), Indicator(1, "2026-02-01T00:00:00.000Z"));
        using var deleted = await node.SendAsync(HttpMethod.Delete, $"/api/collections/{id}/objects/{IndicatorId(1)}/?match[version]=2026-02-01T00:00:00.000Z", node.Admin);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var left = await ObjectsAsync($"/api/collections/{id}/objects/{IndicatorId(1)}/?match[version]=all");
        Assert.Equal("2026-01-01T00:00:00.000Z", Assert.Single(left).GetProperty("modified").GetString());
    }

    [Fact]
    public async Task C51_objects_come_back_exactly_as_posted()
    {
        var id = await node.NewCollectionAsync();
        var json = Indicator(1, "2026-01-01T00:00:00.123456789Z", ", \"x_korus_note\": {\"z\": [1.50, 2e3, \"\\u00e9\\n\"], \"a\": null}, \"extensions\": {\"x-custom-ext\": {\"k\": true}}");
        await node.PostAsync(id, json);
        using var response = await node.GetAsync($"/api/collections/{id}/objects/");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains(json, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task C52_a_request_without_user_agent_is_served()
    {
        using var client = new HttpClient { BaseAddress = node.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/taxii2/");
        request.Headers.Authorization = node.Admin;
        request.Headers.TryAddWithoutValidation("Accept", Taxii);
        Assert.False(request.Headers.Contains("User-Agent"));
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_api_key_authenticates_as_its_user_and_a_forged_one_does_not()
    {
        var id = await node.NewCollectionAsync();
        var (record, key) = Server.ApiKeys.Create($"reader-{id}", "test", new Storage.SecretHasher(1000), 1);
        await node.Node.Store.AddApiKeyAsync(record, "test", TestContext.Current.CancellationToken);
        using var ok = await node.GetAsync($"/api/collections/{id}/objects/", new("Bearer", key));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await AssertErrorAsync(await node.GetAsync($"/api/collections/{id}/objects/", new("Bearer", key + "x")), HttpStatusCode.Unauthorized);
        await AssertErrorAsync(await node.GetAsync($"/api/collections/{id}/objects/", new("Bearer", "korus_0000_nothing")), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Concurrent_posts_of_the_same_version_store_one_copy_and_all_succeed()
    {
        var id = await node.NewCollectionAsync();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => node.PostAsync(id, Indicator(1))));
        Assert.All(statuses, s => Assert.Equal(1, s.GetProperty("success_count").GetInt32()));
        Assert.Single(await ObjectsAsync($"/api/collections/{id}/objects/?match[version]=all"));
    }

    [Fact]
    public async Task A_conflicting_copy_of_a_stored_version_fails_and_the_first_stays()
    {
        var id = await node.NewCollectionAsync();
        await node.PostAsync(id, Indicator(1));
        var status = await node.PostAsync(id, Indicator(1, extra: ", \"description\": \"changed without a new modified\""));
        Assert.Equal(1, status.GetProperty("failure_count").GetInt32());
        Assert.False((await ObjectsAsync($"/api/collections/{id}/objects/")).Single().TryGetProperty("description", out _));
    }

    [Fact]
    public async Task The_server_keeps_serving_after_bad_requests()
    {
        var id = await node.NewCollectionAsync();
        for (var i = 0; i < 5; i++)
        {
            using var bad = await node.SendAsync(HttpMethod.Post, $"/api/collections/{id}/objects/", node.Admin, "{\"objects\": [" + new string('[', 500));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        await node.PostAsync(id, Indicator(1));
        Assert.Single(await ObjectsAsync($"/api/collections/{id}/objects/"));
    }

    [Fact]
    public async Task Writes_and_deletes_are_in_the_audit_log_with_the_user()
    {
        var id = await node.NewCollectionAsync();
        using (var post = await node.SendAsync(HttpMethod.Post, $"/api/collections/{id}/objects/", Basic($"both-{id}", Password), Envelope(Indicator(1))))
        {
            Assert.Equal(HttpStatusCode.Accepted, post.StatusCode);
        }

        using (var delete = await node.SendAsync(HttpMethod.Delete, $"/api/collections/{id}/objects/{IndicatorId(1)}/", Basic($"both-{id}", Password)))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        var audit = (await node.Node.Store.ReadAuditAsync(0, 100_000, TestContext.Current.CancellationToken)).Where(e => e.CollectionId == id && e.ObjectId == IndicatorId(1)).ToList();
        Assert.Equal([(Storage.AuditActions.ObjectAdd, $"both-{id}"), (Storage.AuditActions.ObjectDelete, $"both-{id}")], audit.Select(e => (e.Action, e.Actor)));
    }

    [Fact]
    public void Media_type_rules_match_the_spec_notes()
    {
        Assert.True(TaxiiMediaTypes.AcceptsTaxii21("application/taxii+json;version=2.1"));
        Assert.False(TaxiiMediaTypes.AcceptsTaxii21(null));
        Assert.False(TaxiiMediaTypes.AcceptsTaxii21("application/taxii+json;version=2.1;q=0"));
        Assert.True(TaxiiMediaTypes.IsTaxii21ContentType("application/taxii+json"));
        Assert.False(TaxiiMediaTypes.IsTaxii21ContentType("application/stix+json;version=2.1"));
    }
}
