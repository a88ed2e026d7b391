using System.Security.Cryptography;
using Korus.Storage;
using Korus.Taxii;

namespace Korus.Server;

/// <summary>A TAXII client signed in to a partner with this node's stored credentials, and the partner's API root.</summary>
internal static class PartnerConnection
{
    /// <exception cref="CryptographicException">The stored password cannot be decrypted with this node's key (the message says what to do).</exception>
    /// <exception cref="TaxiiClientException">The partner's discovery or API root cannot be read.</exception>
    public static async Task<(TaxiiClient Client, Uri ApiRoot)> OpenAsync(HttpClient http, PartnerSecrets secrets, PartnerRecord partner, TimeProvider time, CancellationToken cancellationToken)
    {
        string password;
        try
        {
            password = secrets.Unprotect(partner.ProtectedPassword);
        }
        catch (CryptographicException e)
        {
            throw new CryptographicException($"the stored password of partner '{partner.Name}' cannot be decrypted with this node's key; add the partner again", e);
        }

        var client = new TaxiiClient(http, TaxiiCredentials.Basic(partner.User, password), time);
        return (client, await client.ResolveApiRootAsync(new Uri(partner.Url), cancellationToken));
    }
}
