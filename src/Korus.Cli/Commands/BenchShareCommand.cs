using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Korus.Cli.Terminal;
using Korus.Server;
using Korus.Stix.Model;
using Korus.Storage;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus bench share</c>: two real nodes on 127.0.0.1 (fresh databases), the first syncing with the
/// second every <c>--interval</c> seconds under the default sharing policy. Measures time-to-share
/// (objects created one by one at the first node, median and p95 of their arrival at the second) and
/// the sustained rate of a bulk transfer (objects put in the first node's national collection at once,
/// until the last one is stored at the second).
/// </summary>
internal static class BenchShareCommand
{
    private const string Password = "bench-share-password";

    public static Command Create(CliConsole console)
    {
        var objects = new Option<int>("--objects") { Description = "Objects in the bulk transfer.", DefaultValueFactory = _ => 100_000 };
        var latency = new Option<int>("--latency-objects") { Description = "Objects created one at a time for time-to-share.", DefaultValueFactory = _ => 100 };
        var gap = new Option<int>("--gap-ms") { Description = "Milliseconds between the objects created one at a time.", DefaultValueFactory = _ => 100 };
        var interval = new Option<int>("--interval") { Description = "The sync interval in seconds.", DefaultValueFactory = _ => 1 };
        var format = CommonOptions.Format();
        var command = new Command("share", "Time-to-share and sustained objects/s between two nodes on this machine.") { objects, latency, gap, interval, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var bulk = parse.GetValue(objects);
            var single = parse.GetValue(latency);
            if (bulk < 1 || single < 1 || parse.GetValue(interval) < 1 || parse.GetValue(gap) < 0)
            {
                await console.Error.WriteLineAsync("korus bench share: --objects, --latency-objects and --interval must be at least 1.");
                return ExitCodes.Usage;
            }

            var directory = Directory.CreateTempSubdirectory("korus-bench-share-").FullName;
            try
            {
                await using var origin = await StartAsync(Path.Combine(directory, "origin.db"), cancellationToken);
                await using var partner = await StartAsync(Path.Combine(directory, "partner.db"), cancellationToken);
                await partner.Store.CreateCollectionAsync(new CollectionDraft("from-origin", "From origin", null), "bench", cancellationToken);
                await partner.Store.CreateCollectionAsync(new CollectionDraft("to-origin", "To origin", null), "bench", cancellationToken);
                await partner.Store.SaveUserAsync(new UserRecord("origin-node", new SecretHasher(1000).Hash(Password), false, 0, [new CollectionRight("from-origin", true, true), new CollectionRight("to-origin", true, true)]), false, "bench", cancellationToken);
                var secrets = await PartnerSecrets.OpenAsync(origin.Store, cancellationToken);
                await origin.Store.SavePartnerAsync(new PartnerRecord("partner", partner.DiscoveryUrl.ToString(), "origin-node", secrets.Protect(Password), "to-origin", "from-origin", null, parse.GetValue(interval), 0), false, "bench", cancellationToken);

                // Time-to-share: objects created one at a time, each stamped with its creation instant.
                var n = 0;
                for (var i = 0; i < single; i++)
                {
                    await AddAsync(origin.Store, [Indicator(n++)], cancellationToken);
                    if (parse.GetValue(gap) > 0)
                    {
                        await Task.Delay(parse.GetValue(gap), cancellationToken);
                    }
                }

                await WaitForAsync(partner.Store, single, TimeSpan.FromMinutes(2), null, cancellationToken);
                var tts = await TimeToShare.MeasureAsync(partner.Store, "origin", cancellationToken);

                // Sustained rate: the bulk put in national at once, timed until the last is stored at the partner.
                var clock = Stopwatch.StartNew();
                for (var start = 0; start < bulk; start += 500)
                {
                    var batch = new List<byte[]>();
                    for (var i = start; i < Math.Min(bulk, start + 500); i++)
                    {
                        batch.Add(Indicator(n++));
                    }

                    await AddAsync(origin.Store, batch, cancellationToken);
                }

                var inserted = clock.Elapsed.TotalSeconds;
                long arrived = 0;
                using (new ProgressBar(console, "sharing", bulk + single, () => Interlocked.Read(ref arrived), countsObjects: true))
                {
                    await WaitForAsync(partner.Store, single + bulk, TimeSpan.FromMinutes(30), count => Interlocked.Exchange(ref arrived, count), cancellationToken);
                }

                var seconds = clock.Elapsed.TotalSeconds;
                var rate = bulk / seconds;
                var results = new Dictionary<string, object>
                {
                    ["cores"] = Environment.ProcessorCount,
                    ["sync_interval_seconds"] = parse.GetValue(interval),
                    ["time_to_share_objects"] = tts?.Count ?? 0,
                    ["time_to_share_median_seconds"] = tts?.MedianSeconds ?? double.NaN,
                    ["time_to_share_p95_seconds"] = tts?.P95Seconds ?? double.NaN,
                    ["bulk_objects"] = bulk,
                    ["bulk_insert_seconds"] = Math.Round(inserted, 3),
                    ["bulk_seconds"] = Math.Round(seconds, 3),
                    ["bulk_objects_per_second"] = Math.Round(rate),
                };
                if (parse.GetValue(format) == "json")
                {
                    await console.Out.WriteLineAsync(JsonSerializer.Serialize(results, BenchJsonContext.Default.DictionaryStringObject));
                    return ExitCodes.Ok;
                }

                var table = new TextTable("figure", "value");
                table.Add("sync interval", $"{parse.GetValue(interval)} s");
                table.Add("time-to-share", tts is null ? "nothing arrived" : string.Create(CultureInfo.InvariantCulture, $"median {tts.MedianSeconds:0.000} s, p95 {tts.P95Seconds:0.000} s over {tts.Count} objects created {parse.GetValue(gap)} ms apart"));
                table.Add("bulk transfer", string.Create(CultureInfo.InvariantCulture, $"{bulk:N0} objects in {seconds:0.00} s (put in national in {inserted:0.00} s)"));
                table.Add("sustained rate", string.Create(CultureInfo.InvariantCulture, $"{rate:N0} objects/s"));
                table.WriteTo(console.Out);
                return ExitCodes.Ok;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        });
        return command;
    }

    private static Task<KorusNode> StartAsync(string database, CancellationToken cancellationToken) =>
        KorusNode.StartAsync(new KorusNodeOptions { DatabasePath = database, Urls = ["http://127.0.0.1:0"], KdfIterations = 1000 }, null, TimeProvider.System, cancellationToken);

    private static byte[] Indicator(int n)
    {
        var now = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes($$"""{"type":"indicator","spec_version":"2.1","id":"indicator--{{Guid.NewGuid()}}","created":"{{now}}","modified":"{{now}}","name":"bench {{n}}","pattern":"[ipv4-addr:value = '198.51.{{n / 250 % 250}}.{{n % 250}}']","pattern_type":"stix","valid_from":"{{now}}","object_marking_refs":["{{TlpMarkings.Tlp2Green}}"]}""");
    }

    private static async Task AddAsync(IKorusStore store, List<byte[]> objects, CancellationToken cancellationToken)
    {
        var incoming = new List<IncomingObject>(objects.Count);
        foreach (var json in objects)
        {
            using var document = JsonDocument.Parse(json);
            incoming.Add(ObjectVersion.Describe(document.RootElement, json, "bench"));
        }

        await store.AddObjectsAsync("national", Guid.NewGuid().ToString(), StoreClock.NowMicros(TimeProvider.System), incoming, "bench", cancellationToken);
    }

    private static async Task WaitForAsync(IKorusStore store, long count, TimeSpan limit, Action<long>? progress, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        long arrived;
        while ((arrived = await store.CountObjectVersionsAsync("from-origin", cancellationToken)) < count)
        {
            progress?.Invoke(arrived);
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"only {await store.CountObjectVersionsAsync("from-origin", cancellationToken)} of {count} objects arrived within {limit.TotalSeconds:0} s");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
