using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Korus.Storage;
using Korus.Taxii.Server;
using Microsoft.AspNetCore.Http;

namespace Korus.Server;

/// <summary>
/// Works out who is calling from the Authorization header — HTTP Basic (user and password) or a
/// Bearer API key — and sets the <see cref="TaxiiCaller"/> feature. Bad credentials get a 401 that
/// does not say whether the user exists (an unknown user costs the same KDF time as a wrong
/// password). A verified credential is remembered for a short time, keyed by a hash of the
/// credential and the stored hash, so a changed password or a removed user takes effect at once.
/// </summary>
internal sealed class CallerAuthentication
{
    private const int MaxCached = 10_000;
    private readonly IKorusStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cacheTime;
    private readonly string _dummyHash;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _verified = new(StringComparer.Ordinal);

    public CallerAuthentication(IKorusStore store, TimeProvider time, SecretHasher hasher, TimeSpan cacheTime)
    {
        _store = store;
        _time = time;
        _cacheTime = cacheTime;
        _dummyHash = hasher.Hash(SecretHasher.NewPassword());
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            context.Features.Set(TaxiiCaller.Anonymous);
            await next(context);
            return;
        }

        var user = await AuthenticateAsync(header, context.RequestAborted);
        if (user is null)
        {
            await TaxiiResponses.UnauthorizedAsync(context, "The credentials were not accepted.");
            return;
        }

        context.Features.Set(new TaxiiCaller(user));
        await next(context);
    }

    private async Task<UserRecord?> AuthenticateAsync(string header, CancellationToken cancellationToken)
    {
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        var scheme = header[..space];
        var value = header[(space + 1)..].Trim();
        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value));
            }
            catch (FormatException)
            {
                return null;
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return null;
            }

            var name = decoded[..colon];
            var password = decoded[(colon + 1)..];
            var user = StoreNames.CheckUserName(name) is null ? await _store.FindUserAsync(name, cancellationToken) : null;
            return Verify("basic", name, password, user?.PasswordHash) ? user : null;
        }

        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) && ApiKeys.TrySplit(value, out var keyId, out var secret))
        {
            var key = await _store.FindApiKeyAsync(keyId, cancellationToken);
            if (!Verify("key", keyId, secret, key?.SecretHash) || key is null)
            {
                return null;
            }

            return await _store.FindUserAsync(key.UserName, cancellationToken);
        }

        return null;
    }

    private bool Verify(string kind, string name, string secret, string? storedHash)
    {
        if (storedHash is null)
        {
            SecretHasher.Verify(secret, _dummyHash);
            return false;
        }

        var cacheKey = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\0" + name + "\0" + secret + "\0" + storedHash)));
        var now = _time.GetUtcNow();
        if (_verified.TryGetValue(cacheKey, out var until) && until > now)
        {
            return true;
        }

        if (!SecretHasher.Verify(secret, storedHash))
        {
            return false;
        }

        if (_verified.Count >= MaxCached)
        {
            _verified.Clear();
        }

        _verified[cacheKey] = now + _cacheTime;
        return true;
    }
}
