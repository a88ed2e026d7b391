using System.CommandLine;
using Korus.Cli.Commands;

namespace Korus.Cli;

/// <summary>The <c>korus</c> command line: builds the command tree and runs one invocation.</summary>
internal static class KorusApp
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Korus: a joint cyber-resilience node for allied national cyber centres (STIX 2.1 / TAXII 2.1).");
        root.Add(ValidateCommand.Create(console));
        root.Add(InitCommand.Create(console));
        root.Add(ServeCommand.Create(console));
        root.Add(UserCommand.Create(console));
        root.Add(CollectionCommand.Create(console));
        root.Add(TaxiiCommand.Create(console));
        root.Add(PatternCommand.Create(console));
        root.Add(HuntCommand.Create(console));
        root.Add(SeverityCommand.Create(console));
        root.Add(IncidentCommand.Create(console));
        root.Add(EscalationsCommand.Create(console));
        root.Add(PartnerCommand.Create(console));
        root.Add(ShareCommand.Create(console));
        root.Add(AuditCommand.Create(console));
        root.Add(BenchCommand.Create(console));

        var parse = root.Parse(args);
        try
        {
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    await console.Error.WriteLineAsync($"korus: {error.Message}");
                }

                await console.Error.WriteLineAsync("Run 'korus --help' for usage.");
                return ExitCodes.Usage;
            }

            var config = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(config, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("korus: cancelled.");
            return ExitCodes.Usage;
        }
        finally
        {
            await console.Out.FlushAsync(cancellationToken);
            await console.Error.FlushAsync(cancellationToken);
        }
    }
}
