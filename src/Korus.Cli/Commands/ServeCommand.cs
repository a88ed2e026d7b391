using System.CommandLine;
using Korus.Server;
using Korus.Taxii.Server;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Korus.Cli.Commands;

/// <summary><c>korus serve</c>: runs a node (TAXII 2.1 server) until Ctrl+C; sets the database up on first start.</summary>
internal static class ServeCommand
{
    public static Command Create(CliConsole console)
    {
        var db = CommonOptions.Database();
        var urls = new Option<string>("--urls") { Description = "Where to listen, ';'-separated (https needs --cert).", DefaultValueFactory = _ => KorusNodeOptions.DefaultUrl };
        var cert = new Option<string?>("--cert") { Description = "A PKCS#12 (.pfx) certificate for HTTPS." };
        var certPassword = new Option<string?>("--cert-password") { Description = "The certificate file's password (or set KORUS_CERT_PASSWORD)." };
        var insecure = new Option<bool>("--allow-insecure-http") { Description = "Allow plain HTTP on a non-loopback address." };
        var maxContent = new Option<long>("--max-content-length") { Description = "Largest request body in bytes (TAXII max_content_length).", DefaultValueFactory = _ => TaxiiServerOptions.DefaultMaxContentLength };
        var pageSize = new Option<int>("--page-size") { Description = "Most objects per page.", DefaultValueFactory = _ => TaxiiServerOptions.DefaultPageSize };
        var title = new Option<string>("--title") { Description = "The node's title in TAXII discovery.", DefaultValueFactory = _ => "Korus node" };
        var identity = new Option<string?>("--identity") { Description = "The organisation this node speaks for (the identity in its sightings, incidents and notices); kept in the database, so later starts may leave it out. Default: as stored, else 'Korus node'." };
        var cscfPolicy = new Option<string?>("--cscf-policy") { Description = "A CSCF policy file (JSON or YAML) instead of the shipped default." };
        var escalationPolicy = new Option<string?>("--escalation-policy") { Description = "An escalation policy file (JSON or YAML) instead of the shipped default." };
        var command = new Command("serve", "Run a Korus node: a TAXII 2.1 server on the database (set up on first start).") { db, urls, cert, certPassword, insecure, maxContent, pageSize, title, identity, cscfPolicy, escalationPolicy };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new KorusNodeOptions
            {
                DatabasePath = parse.GetValue(db)!,
                Urls = parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                CertificatePath = parse.GetValue(cert),
                CertificatePassword = parse.GetValue(certPassword) ?? Environment.GetEnvironmentVariable("KORUS_CERT_PASSWORD"),
                AllowInsecureHttp = parse.GetValue(insecure),
                Taxii = new TaxiiServerOptions { MaxContentLength = parse.GetValue(maxContent), PageSize = parse.GetValue(pageSize), Title = parse.GetValue(title)! },
                IdentityName = parse.GetValue(identity),
                CscfPolicyPath = parse.GetValue(cscfPolicy),
                EscalationPolicyPath = parse.GetValue(escalationPolicy),
            };
            var problems = options.Check();
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await console.Error.WriteLineAsync($"korus serve: {problem}");
                }

                return ExitCodes.Usage;
            }

            using var logging = new ConsoleLoggerProvider(new StaticOptions(new ConsoleLoggerOptions()));
            KorusNode node;
            try
            {
                node = await KorusNode.StartAsync(options, logging, TimeProvider.System, cancellationToken);
            }
            catch (IOException ex)
            {
                await console.Error.WriteLineAsync($"korus serve: cannot listen on {string.Join(", ", options.Urls)}: {ex.Message}");
                return ExitCodes.Usage;
            }

            await using (node)
            {
                if (node.FirstAdminPassword is { } password)
                {
                    var file = NodeSetup.WriteCredentialsFile(options.DatabasePath, password);
                    await console.Out.WriteLineAsync($"New node database {Path.GetFullPath(options.DatabasePath)}; the admin credentials are in {file} (readable only by you).");
                }

                await console.Out.WriteLineAsync($"Korus node serving TAXII 2.1 at {node.DiscoveryUrl} (Ctrl+C to stop).");
                await console.Out.FlushAsync(cancellationToken);
                await node.WaitForShutdownAsync(cancellationToken);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed class StaticOptions(ConsoleLoggerOptions value) : Microsoft.Extensions.Options.IOptionsMonitor<ConsoleLoggerOptions>
    {
        public ConsoleLoggerOptions CurrentValue => value;

        public ConsoleLoggerOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<ConsoleLoggerOptions, string?> listener) => null;
    }
}
