using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Korus.Cli.Terminal;
using Korus.Server;
using Korus.Storage;
using Korus.Storage.Sqlite;
using Korus.Synthetic;
using Korus.Taxii;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus bench taxii</c>: the TAXII figures end to end over loopback, with the server as a separate
/// <c>korus serve</c> process on a fresh database and this process as the load generator: ingest rate
/// (envelopes of 500 indicators, durable commits), a full paginated read of a 100,000-object
/// collection, GET-by-id latency with 1,000,000 objects stored, and the server's resident memory.
/// </summary>
internal static class BenchTaxiiCommand
{
    public static Command Create(CliConsole console)
    {
        var objects = new Option<int>("--objects") { Description = "Objects stored in all (the GET and memory figures are taken at this size).", DefaultValueFactory = _ => 1_000_000 };
        var readObjects = new Option<int>("--read-objects") { Description = "Size of the collection read end to end.", DefaultValueFactory = _ => 100_000 };
        var envelope = new Option<int>("--envelope") { Description = "Objects per POST.", DefaultValueFactory = _ => 500 };
        var concurrency = new Option<int>("--concurrency") { Description = "Concurrent POSTs (a bulk loader keeps several in flight; the node commits what queues up together).", DefaultValueFactory = _ => 8 };
        var readRuns = new Option<int>("--read-runs") { Description = "How many times the collection is read end to end (first and best are reported).", DefaultValueFactory = _ => 3 };
        var gets = new Option<int>("--gets") { Description = "GET-by-id requests timed.", DefaultValueFactory = _ => 5000 };
        var keep = new Option<string?>("--db") { Description = "Keep the database at this path (default: a temporary file, deleted)." };
        var format = CommonOptions.Format();
        var command = new Command("taxii", "TAXII ingest rate, paginated read rate, GET-by-id latency and server memory, over loopback against a korus serve process.")
        {
            objects, readObjects, readRuns, envelope, concurrency, gets, keep, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var total = parse.GetValue(objects);
            var readSize = parse.GetValue(readObjects);
            var perEnvelope = parse.GetValue(envelope);
            var parallel = parse.GetValue(concurrency);
            var getCount = parse.GetValue(gets);
            var runs = parse.GetValue(readRuns);
            if (runs < 1 || total < 1 || readSize < 1 || readSize > total || perEnvelope < 1 || parallel < 1 || getCount < 1)
            {
                await console.Error.WriteLineAsync("korus bench taxii: counts must be at least 1, and --read-objects at most --objects.");
                return ExitCodes.Usage;
            }

            var keepPath = parse.GetValue(keep);
            var directory = keepPath is null ? Directory.CreateTempSubdirectory("korus-bench-taxii-").FullName : null;
            var db = keepPath ?? Path.Combine(directory!, "korus.db");
            try
            {
                var result = await RunAsync(console, db, total, readSize, runs, perEnvelope, parallel, getCount, cancellationToken);
                if (parse.GetValue(format) == "json")
                {
                    await console.Out.WriteLineAsync(JsonSerializer.Serialize(result, BenchJsonContext.Default.DictionaryStringObject));
                }
                else
                {
                    var width = result.Keys.Max(k => k.Length);
                    foreach (var (key, value) in result)
                    {
                        await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{key.PadRight(width)}  {value}"));
                    }
                }

                return ExitCodes.Ok;
            }
            catch (TaxiiClientException ex)
            {
                await console.Error.WriteLineAsync($"korus bench taxii: {ex.Message}");
                return ExitCodes.Invalid;
            }
            finally
            {
                if (directory is not null)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(directory, recursive: true);
                }
            }
        });
        return command;
    }

    private static async Task<Dictionary<string, object>> RunAsync(CliConsole console, string db, int total, int readSize, int readRuns, int perEnvelope, int parallel, int getCount, CancellationToken cancellationToken)
    {
        // Set the database up here, so the admin password is known, then serve it from another process.
        string password;
        await using (var store = new SqliteStore(db))
        {
            password = await NodeSetup.InitializeAsync(store, SecretHasher.Default, TimeProvider.System, cancellationToken)
                ?? throw new InvalidOperationException($"'{db}' is already set up; the bench needs a fresh database.");
            await store.CreateCollectionAsync(new CollectionDraft("bench-read", "Bench: read"), "bench", cancellationToken);
            await store.CreateCollectionAsync(new CollectionDraft("bench-bulk", "Bench: bulk"), "bench", cancellationToken);
        }

        using var server = await StartServerAsync(db, cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(parallel, 2) }) { Timeout = TimeSpan.FromMinutes(10) };
        var client = new TaxiiClient(http, TaxiiCredentials.Basic(NodeSetup.AdminName, password));
        var root = await client.ResolveApiRootAsync(server.Discovery, cancellationToken);
        var result = new Dictionary<string, object> { ["cores"] = Environment.ProcessorCount };

        // Ingest: the read collection first (measured alone), then the rest up to the total.
        var generator = new BundleGenerator();
        var ids = new List<Guid>(total); // the generated objects are all indicators; plain Guids keep the load generator's heap free of a million strings to trace
        var serverCpu = server.CpuTime();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var readSeconds = await IngestAsync(console, client, root, "bench-read", readSize, perEnvelope, parallel, generator, ids, cancellationToken);
        var bulkSeconds = await IngestAsync(console, client, root, "bench-bulk", total - readSize, perEnvelope, parallel, generator, ids, cancellationToken);
        result["ingest_objects"] = total;
        result["ingest_envelope"] = perEnvelope;
        result["ingest_concurrency"] = parallel;
        result["ingest_first_objects_per_second"] = Math.Round(readSize / readSeconds);
        result["ingest_objects_per_second"] = Math.Round(total / (readSeconds + bulkSeconds));

        // CPU used while ingesting (in cores): what the server needs, and what the load generator took from it.
        result["ingest_server_cpu_cores"] = Math.Round((server.CpuTime() - serverCpu).TotalSeconds / (readSeconds + bulkSeconds), 2);
        result["ingest_client_cpu_cores"] = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds / (readSeconds + bulkSeconds), 2);

        // The envelopes made for ingest are garbage now; collect them so the reads below do not pay for them.
        // (Forced, not Aggressive: the memory stays the process's, for the reads to reuse.)
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        // Let the server finish what the ingest left it (the last WAL checkpoint), so the read and GET
        // figures are the steady state rather than a race with it; the wait is reported.
        result["settle_seconds"] = Math.Round(await server.WaitUntilIdleAsync(TimeSpan.FromSeconds(60), cancellationToken), 1);

        // Full paginated reads of the read collection (server page size, following next).
        var times = new List<double>();
        for (var run = 0; run < readRuns; run++)
        {
            var read = 0L;
            var clock = Stopwatch.StartNew();
            using (new ProgressBar(console, $"read {run + 1}/{readRuns}", 0, () => Interlocked.Read(ref read), countsObjects: true))
            {
                await foreach (var page in client.GetObjectPagesAsync(root, "bench-read", null, null, cancellationToken))
                {
                    Interlocked.Add(ref read, page.Objects.Count);
                }
            }

            times.Add(clock.Elapsed.TotalSeconds);
            if (read != readSize)
            {
                throw new InvalidOperationException($"The paginated read returned {read} objects, not {readSize}.");
            }
        }

        result["read_objects"] = readSize;
        result["read_runs"] = readRuns;
        result["read_first_seconds"] = Math.Round(times[0], 3);
        result["read_first_objects_per_second"] = Math.Round(readSize / times[0]);
        result["read_best_objects_per_second"] = Math.Round(readSize / times.Min());

        // GET one object by id, random ids over everything stored, one request at a time: first a warm-up
        // (untimed: the server's first calls of this path run before it is compiled for speed), then the timed run.
        var random = new Random(7);
        var warmup = new double[Math.Min(getCount, GetWarmup)];
        var latencies = new double[getCount];
        var done = 0L;
        using (new ProgressBar(console, "get by id", 0, () => Interlocked.Read(ref done), countsObjects: true))
        {
            foreach (var timed in new[] { warmup, latencies })
            {
                for (var i = 0; i < timed.Length; i++)
                {
                    timed[i] = await GetOneAsync(http, root, password, ids, readSize, random.Next(ids.Count), cancellationToken);
                    Interlocked.Increment(ref done);
                }
            }
        }

        Array.Sort(latencies);
        Array.Sort(warmup);
        result["get_warmup_requests"] = warmup.Length;
        result["get_warmup_p99_ms"] = warmup.Length == 0 ? 0 : Math.Round(warmup[Math.Min(warmup.Length - 1, (int)(warmup.Length * 0.99))], 3);
        result["get_requests"] = getCount;
        result["get_p50_ms"] = Math.Round(latencies[getCount / 2], 3);
        result["get_p99_ms"] = Math.Round(latencies[Math.Min(getCount - 1, (int)(getCount * 0.99))], 3);
        result["get_max_ms"] = Math.Round(latencies[^1], 3);

        var (rss, peak) = server.Memory();
        result["server_rss_mb"] = Math.Round(rss / 1e6, 1);
        result["server_peak_rss_mb"] = Math.Round(peak / 1e6, 1);
        result["database_mb"] = Math.Round(new FileInfo(db).Length / 1e6, 1);
        return result;
    }

    /// <summary>Untimed GETs before the timed ones.</summary>
    private const int GetWarmup = 500;

    /// <summary>GETs one stored object by id; the milliseconds from sending to the whole body read.</summary>
    private static async Task<double> GetOneAsync(HttpClient http, Uri root, string password, List<Guid> ids, int readSize, int index, CancellationToken cancellationToken)
    {
        var collection = index < readSize ? "bench-read" : "bench-bulk";
        var url = new Uri(root, $"collections/{collection}/objects/indicator--{ids[index]:D}/");
        var start = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", TaxiiMediaTypes.Taxii21);
        request.Headers.Authorization = TaxiiCredentials.Basic(NodeSetup.AdminName, password).ToHeader();
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return response.IsSuccessStatusCode && body.Length >= 100
            ? elapsed
            : throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}.");
    }

    private static async Task<double> IngestAsync(CliConsole console, TaxiiClient client, Uri root, string collection, int count, int perEnvelope, int parallel, BundleGenerator generator, List<Guid> ids, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return 0;
        }

        // Envelopes are made before the clock starts, so the figure is the server's, not the generator's.
        var envelopes = new List<byte[]>();
        using (var stream = new MemoryStream())
        {
            for (var made = 0; made < count;)
            {
                stream.SetLength(0);
                stream.Write("{\"objects\":["u8);
                var n = Math.Min(perEnvelope, count - made);
                for (var i = 0; i < n; i++)
                {
                    var json = generator.NextIndicator();
                    ids.Add(IndicatorUuid(json));
                    stream.Write(i == 0 ? ""u8 : ","u8);
                    stream.Write(json);
                }

                stream.Write("]}"u8);
                envelopes.Add(stream.ToArray());
                made += n;
            }
        }

        var stored = 0L;
        var next = -1;
        var clock = Stopwatch.StartNew();
        using (new ProgressBar(console, "ingest " + collection, 0, () => Interlocked.Read(ref stored), countsObjects: true))
        {
            await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < envelopes.Count)
                {
                    var status = await client.AddObjectsAsync(root, collection, envelopes[index], cancellationToken);
                    if (status.FailureCount > 0)
                    {
                        throw new InvalidOperationException($"The server refused {status.FailureCount} generated objects: {status.Failures![0].Message}");
                    }

                    Interlocked.Add(ref stored, status.SuccessCount);
                }
            }));
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static Guid IndicatorUuid(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var id = document.RootElement.GetProperty("id").GetString()!;
        return id.StartsWith("indicator--", StringComparison.Ordinal)
            ? Guid.Parse(id.AsSpan("indicator--".Length))
            : throw new InvalidOperationException($"The generator made {id}, not an indicator.");
    }

    private static async Task<ServerProcess> StartServerAsync(string db, CancellationToken cancellationToken)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "korus.dll"));
        }

        foreach (var arg in new[] { "serve", "--db", db, "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var server = new ServerProcess(process);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var line = await process.StandardOutput.ReadLineAsync(cancellationToken);
            if (line is null)
            {
                break;
            }

            var at = line.IndexOf("serving TAXII 2.1 at ", StringComparison.Ordinal);
            if (at >= 0)
            {
                server.Discovery = new Uri(line[(at + "serving TAXII 2.1 at ".Length)..].Split(' ')[0]);
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                return server;
            }
        }

        server.Dispose();
        throw new InvalidOperationException("The korus serve process did not start.");
    }

    private sealed class ServerProcess(Process process) : IDisposable
    {
        public Uri Discovery { get; set; } = new("about:blank");

        /// <summary>User and system CPU time the server has used so far.</summary>
        public TimeSpan CpuTime()
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }

        /// <summary>Waits until the server uses under 5 % of a core over half a second (at most <paramref name="limit"/>); the seconds waited.</summary>
        public async Task<double> WaitUntilIdleAsync(TimeSpan limit, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var window = TimeSpan.FromMilliseconds(500);
            while (clock.Elapsed < limit)
            {
                var before = CpuTime();
                await Task.Delay(window, cancellationToken);
                if ((CpuTime() - before).TotalSeconds < window.TotalSeconds * 0.05)
                {
                    break;
                }
            }

            return clock.Elapsed.TotalSeconds;
        }

        /// <summary>Resident and peak resident memory of the server, from /proc (0 where /proc is absent).</summary>
        public (long Rss, long Peak) Memory()
        {
            var status = $"/proc/{process.Id}/status";
            if (!File.Exists(status))
            {
                process.Refresh();
                return (process.WorkingSet64, process.PeakWorkingSet64);
            }

            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line);
                }
            }

            return (rss, peak);

            static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }

            process.Dispose();
        }
    }
}
