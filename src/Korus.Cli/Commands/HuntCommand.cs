using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Korus.Cli.Terminal;
using Korus.Hunting;
using Korus.Stix;
using Korus.Stix.Identifiers;
using Korus.Stix.Model;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus hunt --indicators FILE --telemetry FILE [--mapping ecs|stix|MAPPINGFILE] --out FILE</c>:
/// compiles the indicators, streams the telemetry, writes a bundle of sightings with the observed-data
/// they cite. Exit 0 when the hunt ran (with or without sightings), 2 for unusable input.
/// </summary>
internal static class HuntCommand
{
    public static Command Create(CliConsole console)
    {
        var indicators = new Option<string[]>("--indicators") { Description = "STIX files holding the indicators (bundle, array or object).", Required = true, AllowMultipleArgumentsPerToken = true };
        var telemetry = new Option<string>("--telemetry") { Description = "Telemetry: JSON lines, or STIX observed-data (bundle, array, or one per line); '-' reads standard input.", Required = true };
        var mapping = new Option<string>("--mapping") { Description = "ecs (the default for JSON lines), stix, or a mapping file for other JSON-lines schemas." };
        var output = new Option<string>("--out") { Description = "Where to write the bundle of sightings ('-' for standard output).", Required = true };
        var identityName = new Option<string>("--identity") { Description = "Name of the organisation that sighted (where_sighted_refs).", DefaultValueFactory = _ => "Korus node" };
        var maxRefs = new Option<int>("--max-refs") { Description = "Most observed-data one sighting cites (its count stays exact).", DefaultValueFactory = _ => 100 };
        var format = CommonOptions.Format();
        var command = new Command("hunt", "Hunt for indicators' patterns in telemetry; write STIX sightings.")
        {
            indicators, telemetry, mapping, output, identityName, maxRefs, format,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(identityName)!;
            if (parse.GetValue(maxRefs) < 1)
            {
                await console.Error.WriteLineAsync("korus hunt: --max-refs must be at least 1.");
                return ExitCodes.Usage;
            }

            var now = StixTimestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow());
            var clock = Stopwatch.StartNew();

            // Indicators
            var problems = new List<Finding>();
            var indicatorObjects = new List<Korus.Stix.Model.StixObject>();
            foreach (var file in parse.GetValue(indicators)!)
            {
                if (!File.Exists(file))
                {
                    await console.Error.WriteLineAsync($"korus hunt: cannot read '{file}': no such file.");
                    return ExitCodes.Usage;
                }

                await using var indicatorStream = File.OpenRead(file);
                var fileProblems = new List<Finding>();
                foreach (var o in Korus.Stix.Model.StixDocument.ReadObjects(indicatorStream, fileProblems.Add))
                {
                    if (o is Korus.Stix.Model.Indicator)
                    {
                        indicatorObjects.Add(o);
                    }
                }

                foreach (var problem in fileProblems)
                {
                    await console.Error.WriteLineAsync($"{file}:{problem.Line}:{problem.Column}: {(problem.IsError ? "error" : "warning")} {problem.Code}: {problem.Message}");
                }

                if (fileProblems.Exists(p => p.IsError && p.ObjectId is null))
                {
                    await console.Error.WriteLineAsync($"korus hunt: '{file}' is not a readable STIX file.");
                    return ExitCodes.Usage;
                }
            }

            var engine = HuntEngine.Compile(indicatorObjects, now);
            var compileSeconds = clock.Elapsed.TotalSeconds;

            // Telemetry and its format
            var telemetryPath = parse.GetValue(telemetry)!;
            if (telemetryPath != "-" && !File.Exists(telemetryPath))
            {
                await console.Error.WriteLineAsync($"korus hunt: cannot read '{telemetryPath}': no such file.");
                return ExitCodes.Usage;
            }

            await using var input = new BufferedStream(telemetryPath == "-" ? console.OpenStandardInput() : File.OpenRead(telemetryPath), 1 << 16);
            var head = new byte[65536];
            var headLength = 0;
            int n;
            while (headLength < head.Length && (n = await input.ReadAsync(head.AsMemory(headLength), cancellationToken)) > 0)
            {
                headLength += n;
            }

            var detected = TelemetryFeeder.Detect(head.AsSpan(0, headLength));
            var mappingName = parse.GetValue(mapping);
            TelemetryMapping? telemetryMapping = null;
            if (mappingName == "stix")
            {
                if (detected == TelemetryFormat.JsonLines)
                {
                    detected = TelemetryFormat.StixLines;
                }
            }
            else if (mappingName is null or "ecs")
            {
                if (mappingName == "ecs" && detected != TelemetryFormat.JsonLines)
                {
                    await console.Error.WriteLineAsync($"korus hunt: --mapping ecs reads JSON lines, but '{telemetryPath}' looks like STIX; use --mapping stix.");
                    return ExitCodes.Usage;
                }

                telemetryMapping = TelemetryMapping.Ecs;
            }
            else
            {
                try
                {
                    telemetryMapping = TelemetryMapping.Load(mappingName);
                }
                catch (MappingException e)
                {
                    await console.Error.WriteLineAsync($"korus hunt: {e.Message}");
                    return ExitCodes.Usage;
                }

                detected = TelemetryFormat.JsonLines;
            }

            var source = telemetryPath == "-" ? "stdin" : Path.GetFileName(telemetryPath);
            var identity = NodeIdentity.Create(name, now);
            var session = new HuntSession(engine, new HuntOptions { Source = source, IdentityId = identity.Id, MaxRefsPerSighting = parse.GetValue(maxRefs) }, telemetryMapping);
            var stream = new PrefixStream(head.AsMemory(0, headLength), input);
            long bytesRead = 0;
            var total = telemetryPath == "-" ? 0 : new FileInfo(telemetryPath).Length;
            var telemetryProblems = new List<Finding>();
            var huntClock = Stopwatch.StartNew();
            using (new ProgressBar(console, "hunt", total, () => Interlocked.Read(ref bytesRead)))
            {
                void Progress(long bytes) => Interlocked.Exchange(ref bytesRead, bytes);
                switch (detected)
                {
                    case TelemetryFormat.JsonLines:
                        await TelemetryFeeder.FeedLinesAsync(stream, session, Progress, cancellationToken);
                        break;
                    case TelemetryFormat.Stix:
                        TelemetryFeeder.FeedStix(stream, session, telemetryProblems, Progress);
                        break;
                    default:
                        await TelemetryFeeder.FeedStixLinesAsync(stream, session, telemetryProblems, Progress, cancellationToken);
                        break;
                }
            }

            var huntSeconds = huntClock.Elapsed.TotalSeconds;

            // Output
            var outPath = parse.GetValue(output)!;
            try
            {
                if (outPath == "-")
                {
                    await console.Out.FlushAsync(cancellationToken);
                    var buffer = new MemoryStream();
                    session.WriteBundle(buffer, identity.Json);
                    await console.Out.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray()));
                }
                else
                {
                    var temporary = outPath + ".partial";
                    await using (var file = File.Create(temporary))
                    {
                        session.WriteBundle(file, identity.Json);
                    }

                    File.Move(temporary, outPath, overwrite: true);
                }
            }
            catch (IOException e)
            {
                await console.Error.WriteLineAsync($"korus hunt: cannot write '{outPath}': {e.Message}");
                return ExitCodes.Usage;
            }

            var report = console.Error;
            foreach (var skipped in engine.Skipped)
            {
                await report.WriteLineAsync($"skipped {skipped.IndicatorId}: {skipped.Code}: {skipped.Reason}");
            }

            foreach (var malformed in session.Malformed)
            {
                await report.WriteLineAsync($"{source}:{malformed.Line}: malformed event: {malformed.Reason}");
            }

            foreach (var problem in telemetryProblems)
            {
                await report.WriteLineAsync($"{source}: {(problem.IsError ? "error" : "warning")} {problem.Code}: {problem.Path}: {problem.Message}");
            }

            // STIX telemetry: objects that could not be read or matched (errors) and unresolved refs (warnings).
            var telemetryErrors = telemetryProblems.Count(p => p.IsError);
            if (parse.GetValue(format) == "json")
            {
                await CommonOptions.WriteJsonAsync(console, json =>
                {
                    json.WriteStartObject();
                    json.WriteNumber("indicators_compiled", engine.IndicatorCount);
                    json.WriteNumber("indicators_skipped", engine.Skipped.Count);
                    json.WriteString("telemetry_format", detected == TelemetryFormat.JsonLines ? "json-lines" : "stix");
                    json.WriteString("mapping", telemetryMapping?.Name ?? "stix");
                    json.WriteNumber("events", session.Events);
                    json.WriteNumber("malformed_lines", session.MalformedCount);
                    json.WriteNumber("telemetry_errors", telemetryErrors);
                    json.WriteNumber("telemetry_warnings", telemetryProblems.Count - telemetryErrors);
                    json.WriteNumber("events_without_time", session.EventsWithoutTime);
                    json.WriteNumber("matches", session.Matches);
                    json.WriteNumber("sightings", session.SightingCount);
                    json.WriteNumber("sightings_with_capped_refs", session.CappedSightings);
                    json.WriteNumber("outside_validity", session.OutsideValidity);
                    json.WriteNumber("undecided", session.Undecided);
                    json.WriteNumber("compile_seconds", compileSeconds);
                    json.WriteNumber("hunt_seconds", huntSeconds);
                    json.WriteNumber("events_per_second", huntSeconds > 0 ? session.Events / huntSeconds : 0);
                    json.WriteString("out", outPath);
                    json.WriteEndObject();
                }, cancellationToken);
            }
            else
            {
                var table = new TextTable("hunt", "result");
                table.Add("indicators", $"{engine.IndicatorCount} compiled, {engine.Skipped.Count} skipped ({compileSeconds:0.00} s)");
                table.Add("telemetry", detected == TelemetryFormat.JsonLines
                    ? $"{session.Events} events (JSON lines, mapping {telemetryMapping!.Name}), {session.MalformedCount} malformed"
                    : $"{session.Events} events (STIX), {telemetryErrors} errors, {telemetryProblems.Count - telemetryErrors} warnings");
                table.Add("matches", $"{session.Matches} in {session.SightingCount} sightings{(session.CappedSightings > 0 ? $" ({session.CappedSightings} cite only the first {parse.GetValue(maxRefs)} observed-data)" : string.Empty)}");
                if (session.OutsideValidity + session.Undecided + session.EventsWithoutTime > 0)
                {
                    table.Add("notes", $"{session.OutsideValidity} hits outside validity windows, {session.Undecided} undecided (regex timeout or search limit), {session.EventsWithoutTime} events without a time");
                }

                table.Add("speed", $"{huntSeconds:0.00} s, {(huntSeconds > 0 ? session.Events / huntSeconds : 0).ToString("N0", CultureInfo.InvariantCulture)} events/s");
                table.Add("written", outPath);
                table.WriteTo(console.Out);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The bytes already read to detect the format, then the rest of the stream.</summary>
    private sealed class PrefixStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!_prefix.IsEmpty)
            {
                var n = Math.Min(buffer.Length, _prefix.Length);
                _prefix.Span[..n].CopyTo(buffer);
                _prefix = _prefix[n..];
                return n;
            }

            return rest.Read(buffer);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_prefix.IsEmpty)
            {
                return Read(buffer.Span);
            }

            return await rest.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
