using Korus.Storage;
using Korus.Taxii.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Korus.Server;

/// <summary><c>GET /korus/v1/partners</c>: where the sync with each partner stands (administrators only).</summary>
internal sealed class NodePartners(IKorusStore store, TimeProvider time)
{
    public void Map(IEndpointRouteBuilder app) => app.MapGet("/korus/v1/partners", PartnersAsync);

    /// <summary><c>GET /korus/v1/partners</c>: each partner's sync status, for administrators.</summary>
    private async Task PartnersAsync(HttpContext context)
    {
        var caller = context.Features.Get<TaxiiCaller>() ?? TaxiiCaller.Anonymous;
        if (caller.User is not { IsAdmin: true })
        {
            if (!caller.IsAuthenticated)
            {
                context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{TaxiiResponses.Realm}\"";
            }

            await NodeProblems.WriteAsync(context, caller.IsAuthenticated ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized, caller.IsAuthenticated ? "Not allowed" : "Credentials are required", "Partner status is for administrators.");
            return;
        }

        var now = StoreClock.NowMicros(time);
        var statuses = await PartnerStatus.ListAsync(store, context.RequestAborted);
        context.Response.ContentType = "application/json";
        await using var json = new System.Text.Json.Utf8JsonWriter(context.Response.Body, new System.Text.Json.JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("partners");
        foreach (var status in statuses)
        {
            status.WriteTo(json, now);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
