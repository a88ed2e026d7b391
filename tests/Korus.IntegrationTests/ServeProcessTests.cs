using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Korus.Storage;
using Korus.Storage.Sqlite;
using static Korus.Testing.NodeFixture;

namespace Korus.IntegrationTests;

/// <summary>
/// <c>korus serve</c> as a real process: first start on a fresh machine, the refusal of plain HTTP on a
/// public address, and crash tests: kill -9 during ingest loses nothing whose status said success, and
/// kill -9 in the middle of pulling from a partner resumes after the restart without losing or
/// duplicating anything.
/// </summary>
public sealed class ServeProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("korus-serve-").FullName;

    private string Db => Path.Combine(_directory, "korus.db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A running <c>korus serve</c>; disposing kills it.</summary>
    private sealed class ServeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private ServeProcess(Process process)
        {
            _process = process;
        }

        public Uri Discovery { get; private set; } = new("about:blank");

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static async Task<ServeProcess> StartAsync(params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "korus.dll"));
            start.ArgumentList.Add("serve");
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            var serve = new ServeProcess(Process.Start(start)!);
            serve._process.OutputDataReceived += (_, e) => serve.Append(e.Data);
            serve._process.ErrorDataReceived += (_, e) => serve.Append(e.Data);
            serve._process.BeginOutputReadLine();
            serve._process.BeginErrorReadLine();
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                var line = serve.Output.Split('\n').FirstOrDefault(l => l.Contains("serving TAXII 2.1 at ", StringComparison.Ordinal));
                if (line is not null)
                {
                    serve.Discovery = new Uri(line[(line.IndexOf(" at ", StringComparison.Ordinal) + 4)..].Split(' ')[0]);
                    return serve;
                }

                if (serve._process.HasExited)
                {
                    break;
                }

                await Task.Delay(50, Ct);
            }

            var output = serve.Output;
            serve.Dispose();
            throw new InvalidOperationException("korus serve did not start:\n" + output);
        }

        public async Task<int> WaitForExitAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }

        public void Kill9() => _process.Kill(entireProcessTree: true);

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }
    }

    [Fact]
    public async Task A_fresh_serve_sets_itself_up_and_says_where_the_admin_credentials_are()
    {
        using var serve = await ServeProcess.StartAsync("--db", Db, "--urls", "http://127.0.0.1:0");
        var credentials = Path.GetFullPath(Db) + ".admin-credentials";
        Assert.Contains(credentials, serve.Output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credentials));
        }

        Assert.Equal("user: admin\n"u8.ToArray(), File.ReadAllBytes(credentials)[.."user: admin\n".Length]); // plain UTF-8, no byte-order mark for shell tools
        var password = File.ReadAllLines(credentials).Single(l => l.StartsWith("password: ", StringComparison.Ordinal))["password: ".Length..];
        Assert.DoesNotContain(password, serve.Output, StringComparison.Ordinal);

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(serve.Discovery, "/api/collections/"));
        request.Headers.Authorization = Basic("admin", password);
        request.Headers.TryAddWithoutValidation("Accept", "application/taxii+json;version=2.1");
        using var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"national\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_organisation_a_node_speaks_for_is_kept_so_a_start_without_identity_keeps_it()
    {
        using (await ServeProcess.StartAsync("--db", Db, "--urls", "http://127.0.0.1:0", "--identity", "US national centre"))
        {
        }

        using (var again = await ServeProcess.StartAsync("--db", Db, "--urls", "http://127.0.0.1:0"))
        {
            Assert.DoesNotContain("now speaks for", again.Output, StringComparison.Ordinal);
        }

        await using (var store = new SqliteStore(Db))
        {
            await store.InitializeAsync(Ct);
            Assert.Equal("US national centre", await store.GetSettingAsync("identity", Ct));
        }

        using (var renamed = await ServeProcess.StartAsync("--db", Db, "--urls", "http://127.0.0.1:0", "--identity", "US CISA"))
        {
            Assert.Contains("now speaks for US CISA; it spoke for US national centre", renamed.Output, StringComparison.Ordinal);
        }

        await using var after = new SqliteStore(Db);
        await after.InitializeAsync(Ct);
        Assert.Equal("US CISA", await after.GetSettingAsync("identity", Ct));
    }

    [Fact]
    public async Task Plain_http_on_a_public_address_is_refused_with_the_reason()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "korus.dll"), "serve", "--db", Db, "--urls", "http://0.0.0.0:0" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--allow-insecure-http", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public async Task The_executable_gives_the_runtime_s_own_words_for_bad_input()
    {
        // The korus process runs with its own runtime settings (korus.runtimeconfig.json); the runtime's
        // messages must reach users as text ("Could not find file ..."), not as resource keys
        // ("IO_FileNotFound_FileName"), as they did while UseSystemResourceKeys was set.
        var truncated = Path.Combine(_directory, "truncated.json");
        await File.WriteAllTextAsync(truncated, "[{\"type\": \"x\", \"a\": tru}]", Ct);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "korus.dll"), "validate", truncated, Path.Combine(_directory, "missing.json") })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        var all = await output + error;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("truncated.json:1:24: error stix.json: $: Invalid JSON: 'tru}]' is an invalid JSON literal. Expected the literal 'true'.", all, StringComparison.Ordinal);
        Assert.Contains("Could not find file", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killing_the_server_during_ingest_loses_no_object_whose_status_said_success()
    {
        var serve = await ServeProcess.StartAsync("--db", Db, "--urls", "http://127.0.0.1:0");
        var password = File.ReadAllLines(Db + ".admin-credentials").Single(l => l.StartsWith("password: ", StringComparison.Ordinal))["password: ".Length..];
        using var http = new HttpClient { BaseAddress = serve.Discovery };
        var confirmed = new System.Collections.Concurrent.ConcurrentBag<string>();
        var completed = 0;
        using var stop = new CancellationTokenSource();

        async Task WriterAsync(int writer)
        {
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                var objects = Enumerable.Range(0, 100).Select(i => Indicator((writer * 1_000_000) + (batch * 100) + i));
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/collections/national/objects/");
                request.Headers.Authorization = Basic("admin", password);
                request.Headers.TryAddWithoutValidation("Accept", "application/taxii+json;version=2.1");
                request.Content = new StringContent(Envelope([.. objects]));
                request.Content.Headers.ContentType = new("application/taxii+json") { Parameters = { new("version", "2.1") } };
                try
                {
                    using var response = await http.SendAsync(request, stop.Token);
                    var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop.Token)).RootElement;
                    foreach (var success in status.GetProperty("successes").EnumerateArray())
                    {
                        confirmed.Add(success.GetProperty("id").GetString()!);
                    }

                    Interlocked.Increment(ref completed);
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                {
                    return; // The server died under this request: its status was never seen, so nothing is promised.
                }
            }
        }

        var writers = Enumerable.Range(1, 3).Select(WriterAsync).ToList();
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref completed) < 15 && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20, Ct);
        }

        serve.Kill9();
        await Task.WhenAll(writers);
        await stop.CancelAsync();
        serve.Dispose();
        Assert.True(confirmed.Count >= 1500, $"only {confirmed.Count} objects confirmed before the kill");

        // Restart on the same database: no new setup, and every confirmed object is there.
        using (var again = await ServeProcess.StartAsync("--db", Db, "--urls", "http://127.0.0.1:0"))
        {
            Assert.DoesNotContain("admin credentials are in", again.Output, StringComparison.Ordinal);
        }

        await using var store = new SqliteStore(Db);
        await store.InitializeAsync(Ct);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        long? after = null;
        while (true)
        {
            var page = await store.QueryObjectsAsync("national", new ObjectQuery { Limit = 5000, AddedAfter = after, IncludeContent = false }, Ct);
            stored.UnionWith(page.Items.Select(i => i.Id));
            if (!page.More)
            {
                break;
            }

            after = page.Items[^1].DateAdded;
        }

        var lost = confirmed.Where(id => !stored.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} confirmed objects are missing after the restart, e.g. {lost.FirstOrDefault()}");
    }

    [Fact]
    public async Task Killing_a_node_while_it_pulls_from_a_partner_loses_and_duplicates_nothing_after_the_restart()
    {
        const int Offered = 20_000;

        // The partner: an in-process node serving pages of 100 that offers 20,000 indicators in to-us.
        await using var partner = new Korus.Testing.NodeFixture { IdentityName = "KR" };
        await partner.InitializeAsync();
        foreach (var id in new[] { "to-us", "from-us" })
        {
            Assert.True(await partner.Node.Store.CreateCollectionAsync(new CollectionDraft(id, id), "test", Ct));
        }

        await partner.AddUserAsync("us-node", "to-us", "from-us");
        for (var start = 0; start < Offered; start += 1000)
        {
            var batch = Enumerable.Range(start, 1000).Select(n =>
            {
                var json = Encoding.UTF8.GetBytes(Indicator(n));
                using var document = JsonDocument.Parse(json);
                return ObjectVersion.Describe(document.RootElement, json, "test");
            }).ToList();
            await partner.Node.Store.AddObjectsAsync("to-us", Guid.NewGuid().ToString(), 0, batch, "test", Ct);
        }

        // This node, as korus serve: set up by a first start, then given the partner (pull every second).
        using (await ServeProcess.StartAsync("--db", Db, "--urls", "http://127.0.0.1:0"))
        {
        }

        await using (var setup = new SqliteStore(Db))
        {
            await setup.InitializeAsync(Ct);
            Assert.True(await setup.CreateCollectionAsync(new CollectionDraft("from-kr", "from-kr"), "test", Ct));
            Assert.True(await setup.CreateCollectionAsync(new CollectionDraft("to-kr", "to-kr"), "test", Ct));
            var secrets = await PartnerSecrets.OpenAsync(setup, Ct);
            Assert.True(await setup.SavePartnerAsync(new PartnerRecord("kr", partner.Node.DiscoveryUrl.ToString(), "us-node", secrets.Protect(Password), "to-us", "from-us", null, 1, 0), false, "test", Ct));
        }

        await using var observer = new SqliteStore(Db);
        long atKill;
        using (var serve = await ServeProcess.StartAsync("--db", Db, "--urls", "http://127.0.0.1:0"))
        {
            var deadline = Stopwatch.StartNew();
            while ((atKill = await observer.CountObjectVersionsAsync("from-kr", Ct)) == 0)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "nothing arrived from the partner:\n" + serve.Output);
                await Task.Delay(10, Ct);
            }

            serve.Kill9();
            await serve.WaitForExitAsync();
        }

        Assert.True(atKill < Offered, $"the pull finished ({atKill}) before the kill; the test proves nothing");
        using (var again = await ServeProcess.StartAsync("--db", Db, "--urls", "http://127.0.0.1:0"))
        {
            var deadline = Stopwatch.StartNew();
            long held;
            while ((held = await observer.CountObjectVersionsAsync("from-kr", Ct)) < Offered)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(90), $"from-kr holds {held} of {Offered} after the restart:\n" + again.Output);
                await Task.Delay(50, Ct);
            }
        }

        var ids = new List<string>();
        long? after = null;
        while (true)
        {
            var page = await observer.QueryObjectsAsync("from-kr", new ObjectQuery { Limit = 5000, AddedAfter = after, Versions = VersionSelector.All, IncludeContent = false }, Ct);
            ids.AddRange(page.Items.Select(i => i.Id));
            if (!page.More)
            {
                break;
            }

            after = page.Items[^1].DateAdded;
        }

        Assert.Equal(Offered, ids.Count);
        Assert.Equal(Offered, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(0, Offered).Select(IndicatorId).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    public void Dispose()
    {
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
