using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Korus.Cli.Terminal;
using Korus.Stix.Json;
using Korus.Patterning;
using Korus.Stix.Validation;
using Korus.Synthetic;

namespace Korus.Cli.Commands;

/// <summary>
/// <c>korus bench …</c>: end-to-end measurements of Korus's figures on this machine, printed as a table
/// or JSON. Each sub-command says what it measures; docs/performance.md records the results.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("bench", "Measure end-to-end performance figures.");
        command.Add(CreateValidate(console));
        command.Add(BenchTaxiiCommand.Create(console));
        command.Add(BenchHuntCommand.Create(console));
        command.Add(BenchShareCommand.Create(console));
        return command;
    }

    private static Command CreateValidate(CliConsole console)
    {
        var sizeMb = new Option<int>("--size-mb") { Description = "Size of the generated bundle in MB (10^6 bytes).", DefaultValueFactory = _ => 500 };
        var file = new Option<string?>("--file") { Description = "Validate this file instead of generating one." };
        var keep = new Option<bool>("--keep") { Description = "Keep the generated bundle (its path is printed)." };
        var runs = new Option<int>("--runs") { Description = "How many timed validation runs (the best and the median are reported).", DefaultValueFactory = _ => 3 };
        var format = new Option<string>("--format") { Description = "Output format: text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("validate", "Streaming validation rate on a generated bundle of mixed SDOs, SROs and SCOs.") { sizeMb, file, keep, runs, format };
        command.SetAction(parse =>
        {
            var size = parse.GetValue(sizeMb);
            var count = parse.GetValue(runs);
            if (size < 1 || count < 1)
            {
                console.Error.WriteLine("korus bench validate: --size-mb and --runs must be at least 1.");
                return ExitCodes.Usage;
            }

            var path = parse.GetValue(file);
            var generated = false;
            long generatedObjects = 0;
            double generateSeconds = 0;
            if (path is null)
            {
                path = Path.Combine(Path.GetTempPath(), $"korus-bench-{size}mb.json");
                generated = true;
                var clock = Stopwatch.StartNew();
                using (var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    using var bar = new ProgressBar(console, "generating", size * 1_000_000L, () => output.Position);
                    generatedObjects = new BundleGenerator().WriteBundle(output, size * 1_000_000L);
                }

                generateSeconds = clock.Elapsed.TotalSeconds;
            }
            else if (!File.Exists(path))
            {
                console.Error.WriteLine($"korus bench validate: cannot read '{path}': no such file.");
                return ExitCodes.Usage;
            }

            try
            {
                var validator = new StixValidator(new StixValidatorOptions { PatternChecker = PatternSyntaxChecker.Default });
                var seconds = new List<double>();
                StixValidationRun? last = null;
                for (var i = 0; i < count; i++)
                {
                    using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                    var counting = new CountingStream(stream);
                    using var bar = new ProgressBar(console, $"run {i + 1}/{count}", stream.Length, () => counting.BytesRead);
                    var clock = Stopwatch.StartNew();
                    last = validator.ValidateStream(counting);
                    seconds.Add(clock.Elapsed.TotalSeconds);
                }

                // The first run is what a one-shot `korus validate` sees: it includes the JIT warming up.
                var first = seconds[0];
                seconds.Sort();
                var best = seconds[0];
                var median = seconds[seconds.Count / 2];
                var bytes = last!.Bytes;
                var peak = Process.GetCurrentProcess().PeakWorkingSet64;
                var result = new Dictionary<string, object>
                {
                    ["file"] = path,
                    ["bytes"] = bytes,
                    ["objects"] = last.Objects,
                    ["errors"] = last.Errors,
                    ["warnings"] = last.Warnings,
                    ["runs"] = count,
                    ["first_run_seconds"] = Math.Round(first, 3),
                    ["first_run_mb_per_second"] = Math.Round(bytes / first / 1e6, 1),
                    ["best_seconds"] = Math.Round(best, 3),
                    ["median_seconds"] = Math.Round(median, 3),
                    ["best_mb_per_second"] = Math.Round(bytes / best / 1e6, 1),
                    ["median_mb_per_second"] = Math.Round(bytes / median / 1e6, 1),
                    ["objects_per_second"] = Math.Round(last.Objects / median),
                    ["peak_working_set_mb"] = Math.Round(peak / 1e6, 1),
                    ["cores"] = Environment.ProcessorCount,
                };
                if (generated)
                {
                    result["generated_objects"] = generatedObjects;
                    result["generate_seconds"] = Math.Round(generateSeconds, 2);
                }

                if (parse.GetValue(format) == "json")
                {
                    console.Out.WriteLine(JsonSerializer.Serialize(result, BenchJsonContext.Default.DictionaryStringObject));
                }
                else
                {
                    var width = result.Keys.Max(k => k.Length);
                    foreach (var (key, value) in result)
                    {
                        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key.PadRight(width)}  {value}"));
                    }
                }

                return last.Errors == 0 || !generated ? ExitCodes.Ok : ExitCodes.Invalid;
            }
            finally
            {
                if (generated && !parse.GetValue(keep))
                {
                    File.Delete(path);
                }
            }
        });
        return command;
    }
}
