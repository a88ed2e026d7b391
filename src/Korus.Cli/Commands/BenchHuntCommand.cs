using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Korus.Cli.Terminal;
using Korus.Hunting;
using Korus.Stix;
using Korus.Stix.Model;
using Korus.Synthetic;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus bench hunt</c>: compiles generated indicators and hunts generated ECS JSON-lines events on one
/// thread, end to end (line splitting and JSON parsing included); reports compile time and events/s.
/// </summary>
internal static class BenchHuntCommand
{
    public static Command Create(CliConsole console)
    {
        var indicators = new Option<int>("--indicators") { Description = "How many indicators to compile.", DefaultValueFactory = _ => 100_000 };
        var events = new Option<int>("--events") { Description = "How many ECS events (about 300 bytes each) to hunt.", DefaultValueFactory = _ => 1_000_000 };
        var hits = new Option<int>("--hit-percent") { Description = "Share of events that carry an indicator's value.", DefaultValueFactory = _ => 1 };
        var runs = new Option<int>("--runs") { Description = "Timed runs of compile and hunt (best and median reported).", DefaultValueFactory = _ => 3 };
        var format = CommonOptions.Format();
        var command = new Command("hunt", "Indicator compile time and single-thread hunting rate on generated ECS telemetry.") { indicators, events, hits, runs, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var indicatorCount = parse.GetValue(indicators);
            var eventCount = parse.GetValue(events);
            var runCount = parse.GetValue(runs);
            if (indicatorCount < 1 || eventCount < 1 || runCount < 1)
            {
                await console.Error.WriteLineAsync("korus bench hunt: --indicators, --events and --runs must be at least 1.");
                return ExitCodes.Usage;
            }

            var workload = new HuntWorkload();
            var indicatorJson = workload.Indicators(indicatorCount);
            var telemetry = new MemoryStream();
            using (new ProgressBar(console, "generating", eventCount, () => 0))
            {
                workload.Events(telemetry, eventCount, parse.GetValue(hits));
            }

            var telemetryBytes = telemetry.ToArray();
            var now = StixTimestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow());
            var parsed = StixDocument.Parse(indicatorJson);
            var readSeconds = new List<double>();
            var compileSeconds = new List<double>();
            var huntSeconds = new List<double>();
            var huntCpuSeconds = new List<double>();
            HuntEngine? engine = null;
            HuntSession? session = null;
            for (var run = 0; run < runCount; run++)
            {
                var clock = Stopwatch.StartNew();
                parsed = StixDocument.Parse(indicatorJson);
                readSeconds.Add(clock.Elapsed.TotalSeconds);
                clock.Restart();
                engine = HuntEngine.Compile(parsed.Objects, now);
                compileSeconds.Add(clock.Elapsed.TotalSeconds);

                session = new HuntSession(engine, new HuntOptions { Source = "bench.jsonl", IdentityId = "identity--00000000-0000-4000-8000-000000000001" }, TelemetryMapping.Ecs);

                // The hunt is timed from a collected heap, so it does not pay for the compile's garbage.
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                clock.Restart();
                await TelemetryFeeder.FeedLinesAsync(new MemoryStream(telemetryBytes, writable: false), session, null, cancellationToken);
                huntSeconds.Add(clock.Elapsed.TotalSeconds);
                huntCpuSeconds.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            }

            var bestHunt = huntSeconds.Min();
            var rate = session!.Events / bestHunt;
            var results = new Dictionary<string, object>
            {
                ["indicators"] = indicatorCount,
                ["indicators_compiled"] = engine!.IndicatorCount,
                ["indicators_skipped"] = engine.Skipped.Count,
                ["events"] = session.Events,
                ["telemetry_bytes"] = (long)telemetryBytes.Length,
                ["average_event_bytes"] = telemetryBytes.Length / (double)eventCount,
                ["matches"] = session.Matches,
                ["sightings"] = session.SightingCount,
                ["read_indicators_seconds_best"] = readSeconds.Min(),
                ["compile_seconds_best"] = compileSeconds.Min(),
                ["compile_seconds_median"] = Median(compileSeconds),
                ["hunt_seconds_best"] = bestHunt,
                ["hunt_seconds_median"] = Median(huntSeconds),
                ["hunt_cpu_seconds_best_run"] = huntCpuSeconds[huntSeconds.IndexOf(bestHunt)],
                ["events_per_second_best"] = rate,
                ["events_per_second_median"] = session.Events / Median(huntSeconds),
                ["runs"] = runCount,
            };

            if (parse.GetValue(format) == "json")
            {
                await console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(results, BenchJsonContext.Default.DictionaryStringObject));
                return ExitCodes.Ok;
            }

            var table = new TextTable("figure", "value");
            table.Add("indicators", $"{engine.IndicatorCount:N0} compiled, {engine.Skipped.Count} skipped");
            table.Add("read indicators (JSON)", $"{readSeconds.Min():0.000} s");
            table.Add("compile", $"{compileSeconds.Min():0.000} s best, {Median(compileSeconds):0.000} s median");
            table.Add("telemetry", $"{session.Events:N0} events, {telemetryBytes.Length / (double)eventCount:0} bytes average");
            table.Add("hunt (one thread)", $"{bestHunt:0.000} s best, {Median(huntSeconds):0.000} s median; process CPU {huntCpuSeconds[huntSeconds.IndexOf(bestHunt)]:0.000} s");
            table.Add("rate", $"{rate.ToString("N0", CultureInfo.InvariantCulture)} events/s best, {(session.Events / Median(huntSeconds)).ToString("N0", CultureInfo.InvariantCulture)} median");
            table.Add("matches", $"{session.Matches:N0} in {session.SightingCount:N0} sightings");
            table.WriteTo(console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
