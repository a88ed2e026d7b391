using System.Text;
using System.Text.Json;
using Korus.Stix;
using Xunit;

namespace Korus.Storage.ContractTests;

/// <summary>
/// The contract every <see cref="IKorusStore"/> keeps. A backend subclasses this and says how to make
/// a fresh, empty store; every test gets its own.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    private IKorusStore? _store;

    /// <summary>The clock the store under test reads; it does not move unless a test moves it.</summary>
    protected TestClock Time { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    /// <summary>The store under test.</summary>
    protected IKorusStore Store => _store ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Makes a fresh, empty store on <paramref name="time"/> (not yet initialised).</summary>
    protected abstract IKorusStore CreateStore(TimeProvider time);

    /// <summary>Closes the store under test and opens the same data again (a restart).</summary>
    protected abstract Task<IKorusStore> ReopenAsync(IKorusStore store, TimeProvider time);

    public async ValueTask InitializeAsync()
    {
        _store = CreateStore(Time);
        await _store.InitializeAsync(CancellationToken.None);
        Assert.True(await _store.CreateCollectionAsync(new CollectionDraft("national", "National", "All local intelligence", "nat"), "admin", Ct));
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static string Indicator(string uuid, string modified, string extra = "", string spec = "\"spec_version\": \"2.1\", ") =>
        $$"""{"type": "indicator", {{spec}}"id": "indicator--{{uuid}}", "created": "2026-01-01T00:00:00.000Z", "modified": "{{modified}}", "pattern": "[ipv4-addr:value = '198.51.100.7']", "pattern_type": "stix", "valid_from": "2026-01-01T00:00:00Z"{{extra}}}""";

    protected static IncomingObject Describe(string json, int index = 0)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        using var document = JsonDocument.Parse(bytes);
        return ObjectVersion.Describe(document.RootElement, bytes, $"objects[{index}]");
    }

    protected Task<StatusRecord> AddAsync(params string[] objects) => AddToAsync("national", objects);

    protected Task<StatusRecord> AddToAsync(string collection, params string[] objects) =>
        Store.AddObjectsAsync(collection, Guid.NewGuid().ToString(), StoreClock.NowMicros(Time), [.. objects.Select((o, i) => Describe(o, i))], "alice", Ct);

    protected Task<ObjectPage> QueryAsync(ObjectQuery? query = null) => Store.QueryObjectsAsync("national", query ?? new ObjectQuery(), Ct);

    private const string A = "00000000-0000-4000-8000-00000000000a";
    private const string B = "00000000-0000-4000-8000-00000000000b";
    private const string C = "00000000-0000-4000-8000-00000000000c";

    [Fact]
    public async Task A_created_collection_is_listed_and_found_by_id_and_by_alias()
    {
        var listed = Assert.Single(await Store.ListCollectionsAsync(Ct));
        Assert.Equal(("national", "National", "All local intelligence", "nat"), (listed.Id, listed.Title, listed.Description, listed.Alias));
        Assert.Equal([CollectionRecord.Stix21MediaType], listed.MediaTypes);
        Assert.Equal("national", (await Store.FindCollectionAsync("nat", Ct))?.Id);
        Assert.Equal("national", (await Store.FindCollectionAsync("national", Ct))?.Id);
        Assert.Null(await Store.FindCollectionAsync("nowhere", Ct));
    }

    [Fact]
    public async Task A_taken_id_or_alias_is_refused_and_the_first_collection_is_unchanged()
    {
        Assert.False(await Store.CreateCollectionAsync(new CollectionDraft("national", "Other"), "admin", Ct));
        Assert.False(await Store.CreateCollectionAsync(new CollectionDraft("other", "Other", Alias: "nat"), "admin", Ct));
        Assert.False(await Store.CreateCollectionAsync(new CollectionDraft("nat", "Other"), "admin", Ct));
        Assert.False(await Store.CreateCollectionAsync(new CollectionDraft("other", "Other", Alias: "national"), "admin", Ct));
        Assert.Equal("National", Assert.Single(await Store.ListCollectionsAsync(Ct)).Title);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("has space", "' ' at position 4")]
    [InlineData("*", "'*' at position 1")]
    public async Task A_bad_collection_id_is_refused_with_the_reason(string id, string reason)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateCollectionAsync(new CollectionDraft(id, "T"), "admin", Ct));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Objects_are_kept_byte_for_byte()
    {
        var json = Indicator(A, "2026-01-01T00:00:00.123456789Z", ",\n  \"x_custom\" : {\"b\": [1, 2.50, \"\\u00e9\"], \"a\": null}");
        await AddAsync(json);
        var item = Assert.Single((await QueryAsync()).Items);
        Assert.Equal(json, Encoding.UTF8.GetString(item.Json.Span));
        Assert.Equal(("indicator--" + A, "indicator", "2026-01-01T00:00:00.123456789Z", "2.1"), (item.Id, item.Type, item.Version, item.SpecVersion));
    }

    [Fact]
    public async Task Every_object_of_a_page_is_byte_for_byte_whatever_its_size()
    {
        // Sizes around and well past a kilobyte, so a backend that packs a page's objects together is
        // made to start new storage mid-page.
        var objects = new[] { 10, 1500, 3000, 200, 5000, 40 }
            .Select((size, i) => Indicator($"00000000-0000-4000-8000-0000000001{i:D2}", "2026-01-01T00:00:00Z", $", \"description\": \"{new string((char)('a' + i), size)}\""))
            .ToArray();
        await AddAsync(objects);
        foreach (var limit in new[] { 1, 2, 3, 6 })
        {
            var read = new List<string>();
            long? after = null;
            while (true)
            {
                var page = await QueryAsync(new ObjectQuery { Limit = limit, AddedAfter = after });
                read.AddRange(page.Items.Select(i => Encoding.UTF8.GetString(i.Json.Span)));
                if (!page.More)
                {
                    break;
                }

                after = page.Items[^1].DateAdded;
            }

            Assert.Equal(objects, read);
        }
    }

    [Fact]
    public async Task Settings_are_kept_replaced_and_audited()
    {
        Assert.Null(await Store.GetSettingAsync("identity", Ct));
        await Store.SetSettingAsync("identity", "US national centre", "korus serve", Ct);
        Assert.Equal("US national centre", await Store.GetSettingAsync("identity", Ct));
        await Store.SetSettingAsync("identity", "대한민국 국가사이버안보센터", "korus serve", Ct);
        Assert.Equal("대한민국 국가사이버안보센터", await Store.GetSettingAsync("identity", Ct));
        Assert.Null(await Store.GetSettingAsync("other", Ct));
        var audit = await Store.ReadAuditAsync(0, 100, Ct);
        Assert.Equal(2, audit.Count(e => e.Action == AuditActions.SettingSet));
    }

    [Fact]
    public async Task Date_added_is_unique_and_increasing_even_when_the_clock_stands_still()
    {
        await AddAsync(Indicator(A, "2026-01-01T00:00:00Z"), Indicator(B, "2026-01-01T00:00:00Z"));
        await AddAsync(Indicator(C, "2026-01-01T00:00:00Z"));
        var items = (await QueryAsync()).Items;
        Assert.Equal(3, items.Count);
        Assert.True(items[0].DateAdded < items[1].DateAdded && items[1].DateAdded < items[2].DateAdded);
        Assert.Equal(StoreClock.NowMicros(Time), items[0].DateAdded);
    }

    [Fact]
    public async Task Date_added_never_goes_back_when_the_clock_does()
    {
        await AddAsync(Indicator(A, "2026-01-01T00:00:00Z"));
        Time.SetUtcNow(Time.GetUtcNow().AddHours(-1));
        await AddAsync(Indicator(B, "2026-01-01T00:00:00Z"));
        var items = (await QueryAsync()).Items;
        Assert.True(items[0].DateAdded < items[1].DateAdded);
    }

    [Fact]
    public async Task An_identical_repost_succeeds_without_a_new_version_and_keeps_its_date_added()
    {
        var json = Indicator(A, "2026-01-01T00:00:00Z");
        await AddAsync(json);
        var first = Assert.Single((await QueryAsync()).Items).DateAdded;
        Time.Advance(TimeSpan.FromSeconds(5));

        // Same content, different whitespace and key order: still the same object.
        using var document = JsonDocument.Parse(json);
        var reordered = "{ " + string.Join(" , ", document.RootElement.EnumerateObject().Reverse().Select(p => p.ToString())) + " }";
        var status = await AddAsync(reordered);

        var success = Assert.Single(status.Successes);
        Assert.Contains("Already stored", success.Message, StringComparison.Ordinal);
        Assert.Equal("2026-01-01T00:00:00Z", success.Version);
        Assert.Equal(first, Assert.Single((await QueryAsync(new ObjectQuery { Versions = VersionSelector.All })).Items).DateAdded);
    }

    [Fact]
    public async Task A_different_object_under_a_stored_id_and_version_fails_and_the_first_copy_stays()
    {
        await AddAsync(Indicator(A, "2026-01-01T00:00:00Z", ", \"name\": \"first\""));
        var status = await AddAsync(Indicator(A, "2026-01-01T00:00:00.000Z", ", \"name\": \"second\""));
        var failure = Assert.Single(status.Failures);
        Assert.Equal("indicator--" + A, failure.Id);
        Assert.Contains("first copy is kept", failure.Message, StringComparison.Ordinal);
        Assert.Contains("first", Encoding.UTF8.GetString(Assert.Single((await QueryAsync()).Items).Json.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_object_fails_alone_and_the_others_of_the_request_are_stored()
    {
        var status = await Store.AddObjectsAsync(
            "national",
            "s-1",
            1,
            [Describe(Indicator(A, "2026-01-01T00:00:00Z")), IncomingObject.Rejected("indicator--" + B, "2026-01-01T00:00:00Z", "stix.required-property: pattern is missing"), Describe(Indicator(C, "2026-01-01T00:00:00Z"), 2)],
            "alice",
            Ct);

        Assert.Equal((3, 2, 1, "complete"), (status.TotalCount, status.Successes.Count, status.Failures.Count, status.Status));
        Assert.Equal("stix.required-property: pattern is missing", status.Failures[0].Message);
        Assert.Equal(["indicator--" + A, "indicator--" + C], (await QueryAsync()).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task A_status_is_kept_and_read_back_whole()
    {
        var status = await Store.AddObjectsAsync("national", "status-7", 42, [Describe(Indicator(A, "2026-01-01T00:00:00Z")), IncomingObject.Rejected("objects[1]", null, "Not a JSON object.")], "alice", Ct);
        var read = await Store.GetStatusAsync("status-7", Ct);
        Assert.NotNull(read);
        Assert.Equal((status.Id, "national", 42L), (read.Id, read.CollectionId, read.RequestTimestamp));
        Assert.Equal(status.Successes, read.Successes);
        Assert.Equal(status.Failures, read.Failures);
        Assert.Null(await Store.GetStatusAsync("no-such-status", Ct));
    }

    [Fact]
    public async Task Writing_to_an_unknown_collection_throws_and_stores_nothing()
    {
        var ex = await Assert.ThrowsAsync<CollectionNotFoundException>(() => AddToAsync("nowhere", Indicator(A, "2026-01-01T00:00:00Z")));
        Assert.Equal("nowhere", ex.CollectionId);
        Assert.Empty((await QueryAsync()).Items);
        Assert.Empty((await Store.ReadAuditAsync(0, 100, Ct)).Where(e => e.Action == AuditActions.ObjectAdd));
    }

    [Fact]
    public async Task Versions_are_selected_first_last_all_and_exact()
    {
        await AddAsync(Indicator(A, "2026-01-02T00:00:00Z"));
        await AddAsync(Indicator(A, "2026-01-01T00:00:00Z"), Indicator(B, "2026-03-01T00:00:00Z"));
        await AddAsync(Indicator(A, "2026-01-03T00:00:00Z"));

        async Task<string[]> Versions(VersionSelector selector, params string[] ids) =>
            [.. (await QueryAsync(new ObjectQuery { Versions = selector, Ids = ids })).Items.Select(i => i.Id[^1] + "@" + i.Version[..10])];

        // Default: the last version of each object, in date_added order.
        Assert.Equal(["b@2026-03-01", "a@2026-01-03"], await Versions(VersionSelector.Last));
        Assert.Equal(["a@2026-01-01", "b@2026-03-01"], await Versions(new VersionSelector { IncludeFirst = true }));
        Assert.Equal(["a@2026-01-02", "a@2026-01-01", "b@2026-03-01", "a@2026-01-03"], await Versions(VersionSelector.All));
        Assert.Equal(["a@2026-01-01", "b@2026-03-01", "a@2026-01-03"], await Versions(new VersionSelector { IncludeFirst = true, IncludeLast = true }));
        Assert.Equal(["a@2026-01-02"], await Versions(new VersionSelector { Exact = [StixTimestamp.Parse("2026-01-02T00:00:00.000Z")] }));
        Assert.Equal(["a@2026-01-02", "a@2026-01-03"], await Versions(new VersionSelector { IncludeLast = true, Exact = [StixTimestamp.Parse("2026-01-02T00:00:00Z")] }, "indicator--" + A));
    }

    [Fact]
    public async Task By_default_only_the_newest_spec_version_of_an_object_is_returned()
    {
        // A STIX 2.0 copy (no spec_version, has created) and a 2.1 one with an older modified.
        await AddAsync(Indicator(A, "2026-05-01T00:00:00Z", spec: ""), Indicator(A, "2026-02-01T00:00:00Z"));
        var item = Assert.Single((await QueryAsync()).Items);
        Assert.Equal(("2.1", "2026-02-01T00:00:00Z"), (item.SpecVersion, item.Version));

        var old = Assert.Single((await QueryAsync(new ObjectQuery { SpecVersions = ["2.0"] })).Items);
        Assert.Equal(("2.0", "2026-05-01T00:00:00Z"), (old.SpecVersion, old.Version));

        // With both spec versions asked for, "last" is the last of both together.
        var both = Assert.Single((await QueryAsync(new ObjectQuery { SpecVersions = ["2.0", "2.1"] })).Items);
        Assert.Equal("2026-05-01T00:00:00Z", both.Version);
    }

    [Fact]
    public async Task Pages_follow_date_added_with_limit_more_and_added_after()
    {
        var ids = Enumerable.Range(1, 5).Select(i => $"00000000-0000-4000-8000-00000000000{i}").ToArray();
        await AddAsync([.. ids.Select(id => Indicator(id, "2026-01-01T00:00:00Z"))]);

        var seen = new List<string>();
        long? after = null;
        var pages = 0;
        while (true)
        {
            var page = await QueryAsync(new ObjectQuery { Limit = 2, AddedAfter = after });
            pages++;
            seen.AddRange(page.Items.Select(i => i.Id));
            if (!page.More)
            {
                break;
            }

            after = page.Items[^1].DateAdded;
        }

        Assert.Equal(3, pages);
        Assert.Equal(ids.Select(id => "indicator--" + id), seen);

        // added_after is strict: the item added at exactly that instant is excluded.
        var all = (await QueryAsync()).Items;
        Assert.Equal(all.Skip(2).Select(i => i.Id), (await QueryAsync(new ObjectQuery { AddedAfter = all[1].DateAdded })).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Id_and_type_filters_combine_as_and()
    {
        var malware = """{"type": "malware", "spec_version": "2.1", "id": "malware--00000000-0000-4000-8000-00000000000d", "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z", "name": "AppleJeus", "is_family": true}""";
        await AddAsync(Indicator(A, "2026-01-01T00:00:00Z"), Indicator(B, "2026-01-01T00:00:00Z"), malware);
        Assert.Equal(2, (await QueryAsync(new ObjectQuery { Types = ["indicator"] })).Items.Count);
        Assert.Equal(["malware"], (await QueryAsync(new ObjectQuery { Types = ["malware", "report"] })).Items.Select(i => i.Type));
        Assert.Equal(["indicator--" + B], (await QueryAsync(new ObjectQuery { Types = ["indicator"], Ids = ["indicator--" + B, "malware--00000000-0000-4000-8000-00000000000d"] })).Items.Select(i => i.Id));
    }

    [Fact]
    public async Task An_object_without_created_or_modified_is_one_object_versioned_by_its_first_date_added()
    {
        var ip = """{"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "value": "198.51.100.3"}""";
        var status = await AddAsync(ip);
        Time.Advance(TimeSpan.FromMinutes(1));
        var again = await AddAsync(ip);

        var item = Assert.Single((await QueryAsync(new ObjectQuery { Versions = VersionSelector.All })).Items);
        Assert.Equal(StoreClock.Format(item.DateAdded), item.Version);
        Assert.Equal(item.Version, Assert.Single(status.Successes).Version);
        Assert.Equal(item.Version, Assert.Single(again.Successes).Version);
        Assert.Equal("2.1", item.SpecVersion);
    }

    [Fact]
    public async Task Metadata_only_queries_leave_the_content_out()
    {
        await AddAsync(Indicator(A, "2026-01-01T00:00:00Z"));
        var item = Assert.Single((await QueryAsync(new ObjectQuery { IncludeContent = false })).Items);
        Assert.True(item.Json.IsEmpty);
        Assert.Equal("indicator--" + A, item.Id);
    }

    [Fact]
    public async Task Deleting_one_version_leaves_the_others_and_the_previous_becomes_the_last()
    {
        await AddAsync(Indicator(A, "2026-01-01T00:00:00Z"), Indicator(A, "2026-01-02T00:00:00Z"));
        var deleted = await Store.DeleteObjectAsync("national", "indicator--" + A, new ObjectQuery { Versions = new VersionSelector { Exact = [StixTimestamp.Parse("2026-01-02T00:00:00Z")] } }, "bob", Ct);
        Assert.Equal(1, deleted);
        Assert.Equal("2026-01-01T00:00:00Z", Assert.Single((await QueryAsync()).Items).Version);
        Assert.True(await Store.ObjectExistsAsync("national", "indicator--" + A, Ct));
    }

    [Fact]
    public async Task Deleting_an_object_removes_every_version_and_is_audited()
    {
        await AddAsync(Indicator(A, "2026-01-01T00:00:00Z"), Indicator(A, "2026-01-02T00:00:00Z"), Indicator(B, "2026-01-01T00:00:00Z"));
        Assert.Equal(2, await Store.DeleteObjectAsync("national", "indicator--" + A, new ObjectQuery { Versions = VersionSelector.All }, "bob", Ct));
        Assert.False(await Store.ObjectExistsAsync("national", "indicator--" + A, Ct));
        Assert.Equal(["indicator--" + B], (await QueryAsync(new ObjectQuery { Versions = VersionSelector.All })).Items.Select(i => i.Id));
        Assert.Equal(0, await Store.DeleteObjectAsync("national", "indicator--" + A, new ObjectQuery { Versions = VersionSelector.All }, "bob", Ct));

        var audit = await Store.ReadAuditAsync(0, 100, Ct);
        Assert.Equal(3, audit.Count(e => e.Action == AuditActions.ObjectAdd && e.Actor == "alice"));
        var deletes = audit.Where(e => e.Action == AuditActions.ObjectDelete).ToList();
        Assert.Equal(2, deletes.Count);
        Assert.All(deletes, e => Assert.Equal(("bob", "national", "indicator--" + A), (e.Actor, e.CollectionId, e.ObjectId)));
        Assert.True(audit.Select(e => e.Sequence).SequenceEqual(audit.Select(e => e.Sequence).Order()));
    }

    [Fact]
    public async Task Concurrent_writes_of_the_same_version_store_it_once()
    {
        var json = Indicator(A, "2026-01-01T00:00:00Z");
        var statuses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => AddAsync(json), Ct)));
        Assert.All(statuses, s => Assert.Single(s.Successes));
        Assert.Single(statuses, s => s.Successes[0].Message is null);
        Assert.Single((await QueryAsync(new ObjectQuery { Versions = VersionSelector.All })).Items);
    }

    [Fact]
    public async Task A_failing_write_among_concurrent_ones_fails_alone_and_the_rest_are_kept_after_a_restart()
    {
        var writes = Enumerable.Range(0, 24).Select(i => Task.Run(
            () => i == 7
                ? AddToAsync("nowhere", Indicator($"00000000-0000-4000-8000-{i:D12}", "2026-01-01T00:00:00Z"))
                : AddAsync(Indicator($"00000000-0000-4000-8000-{i:D12}", "2026-01-01T00:00:00Z")),
            Ct)).ToList();

        await Assert.ThrowsAsync<CollectionNotFoundException>(() => writes[7]);
        foreach (var (write, i) in writes.Select((w, i) => (w, i)).Where(p => p.i != 7))
        {
            var status = await write;
            Assert.Single(status.Successes);
            Assert.NotNull(await Store.GetStatusAsync(status.Id, Ct));
        }

        _store = await ReopenAsync(Store, Time);
        var page = await QueryAsync();
        Assert.Equal(23, page.Items.Count);
        Assert.DoesNotContain(page.Items, o => o.Id.EndsWith("000000000007", StringComparison.Ordinal));
        Assert.Equal(page.Items.Count, page.Items.Select(o => o.DateAdded).Distinct().Count());
    }

    [Fact]
    public async Task Removing_a_collection_removes_its_objects_and_statuses()
    {
        Assert.True(await Store.CreateCollectionAsync(new CollectionDraft("from-kr", "From KR"), "admin", Ct));
        var status = await AddToAsync("from-kr", Indicator(A, "2026-01-01T00:00:00Z"));
        await AddAsync(Indicator(A, "2026-01-01T00:00:00Z"));
        Assert.True(await Store.RemoveCollectionAsync("from-kr", "admin", Ct));
        Assert.False(await Store.RemoveCollectionAsync("from-kr", "admin", Ct));
        Assert.Null(await Store.FindCollectionAsync("from-kr", Ct));
        Assert.Null(await Store.GetStatusAsync(status.Id, Ct));
        Assert.Single((await QueryAsync()).Items);
        Assert.Contains(await Store.ReadAuditAsync(0, 100, Ct), e => e.Action == AuditActions.CollectionRemove && e.Detail == "1 object versions removed");
    }

    [Fact]
    public async Task Users_keep_their_rights_and_hashed_password()
    {
        var hash = new SecretHasher(1000).Hash("correct horse");
        Assert.False(await Store.IsInitializedAsync(Ct));
        Assert.True(await Store.SaveUserAsync(new UserRecord("kisa-analyst", hash, false, 1, [new("national", true, false), new("*", true, true)]), false, "admin", Ct));
        Assert.False(await Store.SaveUserAsync(new UserRecord("kisa-analyst", hash, true, 1, []), false, "admin", Ct));

        var user = await Store.FindUserAsync("kisa-analyst", Ct);
        Assert.NotNull(user);
        Assert.False(user.IsAdmin);
        Assert.True(SecretHasher.Verify("correct horse", user.PasswordHash));
        Assert.False(SecretHasher.Verify("wrong horse", user.PasswordHash));
        Assert.DoesNotContain("correct horse", user.PasswordHash, StringComparison.Ordinal);
        Assert.True(user.CanRead("national"));
        Assert.False(user.CanWrite("national"));
        Assert.True(user.CanWrite("alliance"));

        Assert.True(await Store.SaveUserAsync(new UserRecord("root", hash, true, 1, []), false, "system", Ct));
        Assert.True(await Store.IsInitializedAsync(Ct));
        Assert.Equal(["kisa-analyst", "root"], (await Store.ListUsersAsync(Ct)).Select(u => u.Name));
    }

    [Fact]
    public async Task Removing_a_user_removes_the_users_api_keys()
    {
        var hasher = new SecretHasher(1000);
        await Store.SaveUserAsync(new UserRecord("sync-kr", hasher.Hash("pw"), false, 1, [new("*", true, false)]), false, "admin", Ct);
        await Store.AddApiKeyAsync(new ApiKeyRecord("k1", "sync-kr", hasher.Hash("secret"), "sync", 2), "admin", Ct);
        Assert.Equal("sync-kr", (await Store.FindApiKeyAsync("k1", Ct))?.UserName);
        Assert.True(await Store.RemoveUserAsync("sync-kr", "admin", Ct));
        Assert.Null(await Store.FindApiKeyAsync("k1", Ct));
        Assert.Null(await Store.FindUserAsync("sync-kr", Ct));
        Assert.False(await Store.RemoveUserAsync("sync-kr", "admin", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddApiKeyAsync(new ApiKeyRecord("k2", "nobody", "x", null, 1), "admin", Ct));
    }

    [Fact]
    public async Task Bad_user_names_are_refused_with_the_reason()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveUserAsync(new UserRecord("a b", "h", false, 1, []), false, "admin", Ct));
        Assert.Contains("' ' at position 2", ex.Message, StringComparison.Ordinal);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveUserAsync(new UserRecord("ok", "h", false, 1, [new("bad/id", true, true)]), false, "admin", Ct));
        Assert.Contains("'/'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Everything_survives_a_restart()
    {
        await AddAsync(Indicator(A, "2026-01-01T00:00:00Z"));
        var secret = await Store.GetNodeSecretAsync("next-token", Ct);
        Assert.Equal(secret, await Store.GetNodeSecretAsync("next-token", Ct));
        Assert.NotEqual(secret, await Store.GetNodeSecretAsync("other", Ct));

        _store = await ReopenAsync(Store, Time);
        Assert.Equal(secret, await Store.GetNodeSecretAsync("next-token", Ct));
        Assert.Single((await QueryAsync()).Items);
        Assert.NotNull(await Store.FindCollectionAsync("nat", Ct));

        // date_added keeps increasing after the restart, even with the clock standing still.
        await AddAsync(Indicator(B, "2026-01-01T00:00:00Z"));
        var items = (await QueryAsync()).Items;
        Assert.True(items[0].DateAdded < items[1].DateAdded);
    }
}
