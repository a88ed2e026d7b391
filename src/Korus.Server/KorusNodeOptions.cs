using System.Net;
using Korus.Taxii.Server;

namespace Korus.Server;

/// <summary>How a node runs; <see cref="Check"/> reports every bad setting at once.</summary>
public sealed record KorusNodeOptions
{
    /// <summary>The default address: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7470";

    /// <summary>The SQLite database file.</summary>
    public string DatabasePath { get; init; } = "korus.db";

    /// <summary>Addresses to listen on (port 0 picks a free port).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>A PKCS#12 certificate file for HTTPS.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The certificate file's password.</summary>
    public string? CertificatePassword { get; init; }

    /// <summary>Allow plain HTTP on a non-loopback address (credentials would cross the network in clear).</summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>The TAXII endpoints' settings.</summary>
    public TaxiiServerOptions Taxii { get; init; } = new();

    /// <summary>PBKDF2 rounds for secrets this node creates.</summary>
    public int KdfIterations { get; init; } = Storage.SecretHasher.DefaultIterations;

    /// <summary>
    /// The organisation this node speaks for (the identity in its sightings, incidents and notices); null
    /// for the name stored in the database (<see cref="NodeIdentitySetting"/>), else "Korus node".
    /// </summary>
    public string? IdentityName { get; init; }

    /// <summary>A CSCF policy file (JSON or YAML); null for the shipped default.</summary>
    public string? CscfPolicyPath { get; init; }

    /// <summary>An escalation policy file (JSON or YAML); null for the shipped default.</summary>
    public string? EscalationPolicyPath { get; init; }

    /// <summary>How often the escalation courier looks for notices and acknowledgements to deliver to partners.</summary>
    public TimeSpan CourierInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a verified credential is trusted before the KDF runs again.</summary>
    public TimeSpan CredentialCacheTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Every problem with these settings (empty when they are usable).</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>(Taxii.Check());
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            problems.Add("The database path is empty (--db).");
        }

        if (Urls.Count == 0)
        {
            problems.Add("No address to listen on (--urls).");
        }

        foreach (var url in Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"--urls: '{url}' is not an http:// or https:// address.");
                continue;
            }

            if (uri.Scheme == Uri.UriSchemeHttps && CertificatePath is null)
            {
                problems.Add($"--urls: '{url}' is HTTPS but no certificate is configured (--cert FILE).");
            }

            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri) && !AllowInsecureHttp)
            {
                problems.Add($"--urls: '{url}' is plain HTTP on a non-loopback address; passwords and API keys would cross the network in clear. Use https:// with --cert, or --allow-insecure-http to accept the risk.");
            }
        }

        if (CertificatePath is not null && !File.Exists(CertificatePath))
        {
            problems.Add($"--cert: '{CertificatePath}' does not exist.");
        }

        CheckPolicy(CscfPolicyPath, "--cscf-policy", path => Severity.CscfPolicy.Load(path), problems);
        CheckPolicy(EscalationPolicyPath, "--escalation-policy", path => Severity.EscalationPolicy.Load(path), problems);
        if (CourierInterval <= TimeSpan.Zero)
        {
            problems.Add($"CourierInterval {CourierInterval} is not positive.");
        }

        if (KdfIterations < 1000)
        {
            problems.Add($"KdfIterations {KdfIterations} is below 1000.");
        }

        return problems;
    }

    private static void CheckPolicy(string? path, string option, Action<string> load, List<string> problems)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            load(path);
        }
        catch (Policies.PolicyException e)
        {
            problems.Add($"{option}: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{option}: cannot read '{path}': {e.Message}");
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
