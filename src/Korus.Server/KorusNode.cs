using System.Security.Cryptography.X509Certificates;
using Korus.Patterning;
using Korus.Severity;
using Korus.Severity.Incidents;
using Korus.Stix.Validation;
using Korus.Storage;
using Korus.Storage.Sqlite;
using Korus.Taxii;
using Korus.Taxii.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Korus.Server;

/// <summary>
/// A running Korus node: the store, the TAXII 2.1 endpoints and authentication in one ASP.NET Core
/// host. Start it with <see cref="StartAsync"/>; stop it by disposing.
/// </summary>
public sealed class KorusNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NodeHunting _hunting;
    private readonly EscalationCourier _courier;
    private readonly PartnerSync _sync;

    private KorusNode(WebApplication app, IKorusStore store, IReadOnlyList<Uri> addresses, string? firstAdminPassword, NodeHunting hunting, EscalationCourier courier, PartnerSync sync)
    {
        _sync = sync;
        _hunting = hunting;
        _courier = courier;
        _app = app;
        Store = store;
        Addresses = addresses;
        FirstAdminPassword = firstAdminPassword;
    }

    /// <summary>The node's store.</summary>
    public IKorusStore Store { get; }

    /// <summary>The addresses the node listens on (with the real port when 0 was asked for).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>The TAXII discovery URL on the first address.</summary>
    public Uri DiscoveryUrl => new(Addresses[0], "/taxii2/");

    /// <summary>The admin password when this start set the database up; null when it already was.</summary>
    public string? FirstAdminPassword { get; }

    /// <summary>
    /// Checks the options (throwing with every problem listed), opens and if needed sets up the
    /// database, and starts listening.
    /// </summary>
    /// <exception cref="ArgumentException">The options are not usable; the message lists every problem.</exception>
    public static async Task<KorusNode> StartAsync(KorusNodeOptions options, ILoggerProvider? logging, TimeProvider? time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Check();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }

        time ??= TimeProvider.System;
        var hasher = new SecretHasher(options.KdfIterations);
        var store = new SqliteStore(options.DatabasePath, time);
        try
        {
            var password = await NodeSetup.InitializeAsync(store, hasher, time, cancellationToken);
            var secret = await store.GetNodeSecretAsync("next-token", cancellationToken);
            var (identityName, previousIdentity) = await NodeIdentitySetting.ForServeAsync(store, options.IdentityName, cancellationToken);
            await NodeHunting.EnsureCollectionAsync(store, cancellationToken);
            await IncidentDesk.EnsureCollectionAsync(store, cancellationToken);
            var desk = new IncidentDesk(
                store,
                time,
                identityName,
                options.CscfPolicyPath is null ? CscfPolicy.Default : CscfPolicy.Load(options.CscfPolicyPath),
                options.EscalationPolicyPath is null ? EscalationPolicy.Default : EscalationPolicy.Load(options.EscalationPolicyPath));

            // The node reads no appsettings files: no config reload, so no file watcher on the working directory
            // (which would wake on every database write).
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = ["--hostBuilder:reloadConfigOnChange=false"],
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.Logging.ClearProviders();
            if (logging is not null)
            {
                builder.Logging.AddProvider(logging);
            }

            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.UseUrls([.. options.Urls]);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = options.Taxii.MaxContentLength + 1;
                if (options.CertificatePath is not null)
                {
                    var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
                    kestrel.ConfigureHttpsDefaults(https =>
                    {
                        https.ServerCertificate = certificate;
                        https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
                    });
                }
            });

            builder.Services.AddSingleton<IKorusStore>(store);
            builder.Services.AddSingleton(options.Taxii);
            builder.Services.AddSingleton(new NextTokens(secret));
            builder.Services.AddSingleton(new StixValidator(new StixValidatorOptions { PatternChecker = PatternSyntaxChecker.Default }));
            builder.Services.AddSingleton(time);
            builder.Services.AddRoutingCore();
            builder.Services.AddSingleton<NodeIncidents>(services => new NodeIncidents(
                desk,
                store,
                time,
                services.GetRequiredService<EscalationCourier>(),
                options.Taxii.MaxContentLength,
                services.GetRequiredService<ILoggerFactory>().CreateLogger("Korus.Server.Incidents")));
            builder.Services.AddSingleton<ITaxiiIngestObserver>(services => services.GetRequiredService<NodeIncidents>());
            builder.Services.AddSingleton(services => new EscalationCourier(store, time, services.GetRequiredService<ILoggerFactory>().CreateLogger("Korus.Server.Courier"), options.CourierInterval));

            var app = builder.Build();
            var authentication = new CallerAuthentication(store, time, hasher, options.CredentialCacheTime);
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Korus.Server");
            app.Use(async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
                {
                    Log.Unhandled(logger, ex, context.Request.Method, context.Request.Path);
                    await TaxiiResponses.ErrorAsync(context, StatusCodes.Status500InternalServerError, "Internal error", "The node failed to serve this request; the error is in its log.");
                }
            });
            app.Use(authentication.InvokeAsync);
            app.MapTaxii(options.Taxii);
            var hunting = new NodeHunting(store, time, identityName, options.Taxii.MaxContentLength);
            hunting.Map(app);
            app.Services.GetRequiredService<NodeIncidents>().Map(app);
            new NodePartners(store, time).Map(app);
            var courier = app.Services.GetRequiredService<EscalationCourier>();

            await app.StartAsync(cancellationToken);
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
            Log.Listening(logger, string.Join(", ", addresses), store.Path);
            if (previousIdentity is not null)
            {
                Log.IdentityChanged(logger, identityName, previousIdentity);
            }
            courier.Start();
            var incidents = app.Services.GetRequiredService<NodeIncidents>();
            var sync = new PartnerSync(store, time, app.Services.GetRequiredService<StixValidator>(), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Korus.Server.Sync"), incidents.ObjectsAddedAsync);
            sync.Start();
            return new KorusNode(app, store, addresses, password, hunting, courier, sync);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until the node is asked to stop (Ctrl+C, SIGTERM) or <paramref name="cancellationToken"/> fires.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _sync.DisposeAsync();
        await _courier.DisposeAsync();
        await _app.DisposeAsync();
        _hunting.Dispose();
        await Store.DisposeAsync();
    }
}
