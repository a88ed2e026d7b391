using System.Text.Json;
using Korus.Severity;
using Korus.Severity.Incidents;
using Korus.Stix;
using Korus.Stix.Json;
using Korus.Storage;
using Korus.Taxii.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Korus.Server;

/// <summary>
/// Incidents and escalation on a running node (REST, problem details naming the field):
/// <c>POST /korus/v1/incidents</c> files one, <c>GET /korus/v1/incidents</c> lists them,
/// <c>GET /korus/v1/incidents/{id}</c> shows one with its assessment history and notices,
/// <c>POST /korus/v1/incidents/{id}/assessments</c> reassesses, <c>GET /korus/v1/escalations</c>
/// lists notices (<c>?overdue=true</c>, <c>?direction=inbound|outbound</c>, <c>?partner=</c>) and
/// <c>POST /korus/v1/escalations/{id}/acknowledge</c> acknowledges one. Reading needs read rights on
/// the incidents collection, the rest write rights. It is also the TAXII ingest observer that
/// records notices and acknowledgements partners deliver.
/// </summary>
internal sealed class NodeIncidents(IncidentDesk desk, IKorusStore store, TimeProvider time, EscalationCourier courier, long maxContentLength, ILogger logger) : ITaxiiIngestObserver
{
    private const string Incidents = IncidentDesk.IncidentsCollection;

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/korus/v1/incidents", CreateAsync);
        app.MapGet("/korus/v1/incidents", ListAsync);
        app.MapGet("/korus/v1/incidents/{id}", ShowAsync);
        app.MapPost("/korus/v1/incidents/{id}/assessments", ReassessAsync);
        app.MapGet("/korus/v1/escalations", EscalationsAsync);
        app.MapPost("/korus/v1/escalations/{id}/acknowledge", AcknowledgeAsync);
    }

    public async Task ObjectsAddedAsync(string collectionId, string caller, IReadOnlyList<ReadOnlyMemory<byte>> objects, CancellationToken cancellationToken)
    {
        if (await desk.ReceiveAsync(collectionId, caller, objects, cancellationToken) > 0)
        {
            courier.Wake();
        }
    }

    private async Task CreateAsync(HttpContext context)
    {
        if (await NodeProblems.RequireAsync(context, store, Incidents, write: true, "Filing an incident") is not { } caller
            || await ReadJsonAsync(context, "Incident") is not { } document)
        {
            return;
        }

        using (document)
        {
            var findings = new List<Finding>();
            if (IncidentDraft.Read(document.RootElement, findings) is not { } draft)
            {
                await NodeProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid incident", FirstMessage(findings), findings);
                return;
            }

            var (outcome, problems) = await desk.CreateAsync(draft, caller.Name, context.RequestAborted);
            await AnswerAsync(context, outcome, problems, caller.Name);
        }
    }

    private async Task ReassessAsync(HttpContext context, string id)
    {
        if (await NodeProblems.RequireAsync(context, store, Incidents, write: true, "Reassessing an incident") is not { } caller
            || await ReadJsonAsync(context, "Assessment") is not { } document)
        {
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var findings = new List<Finding>();
            CscfAssessment? assessment = null;
            string? reason = null;
            if (root.ValueKind != JsonValueKind.Object)
            {
                findings.Add(new Finding("incident.wrong-type", FindingSeverity.Error, null, "$", "the body must be a JSON object with 'assessment' (and optionally 'reason')."));
            }
            else
            {
                foreach (var property in root.EnumerateObject())
                {
                    switch (property.Name)
                    {
                        case "assessment":
                            assessment = CscfAssessment.Read(property.Value, "$.assessment", findings);
                            break;
                        case "reason" when property.Value.ValueKind == JsonValueKind.String:
                            reason = property.Value.GetString();
                            break;
                        default:
                            findings.Add(new Finding("incident.unknown-field", FindingSeverity.Error, null, $"$.{property.Name}", $"'{property.Name}' is not a member of a reassessment; expected assessment or reason (a string)."));
                            break;
                    }
                }

                if (!root.TryGetProperty("assessment", out _))
                {
                    findings.Add(new Finding("incident.missing", FindingSeverity.Error, null, "$.assessment", "a reassessment needs 'assessment'."));
                }
            }

            if (assessment is null || findings.Count > 0)
            {
                await NodeProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Invalid assessment", FirstMessage(findings), findings);
                return;
            }

            var (outcome, problems) = await desk.ReassessAsync(id, assessment, reason, caller.Name, context.RequestAborted);
            await AnswerAsync(context, outcome, problems, caller.Name);
        }
    }

    private async Task ListAsync(HttpContext context)
    {
        if (await NodeProblems.RequireAsync(context, store, Incidents, write: false, "Listing incidents") is null)
        {
            return;
        }

        var incidents = await desk.ListAsync(context.RequestAborted);
        await WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("incidents");
            foreach (var incident in incidents)
            {
                IncidentJson.WriteSummary(json, incident);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private async Task ShowAsync(HttpContext context, string id)
    {
        if (await NodeProblems.RequireAsync(context, store, Incidents, write: false, "Reading an incident") is null)
        {
            return;
        }

        var history = await desk.HistoryAsync(id, context.RequestAborted);
        if (history.Count == 0)
        {
            await NodeProblems.WriteAsync(context, StatusCodes.Status404NotFound, "No such incident", $"There is no incident {id} on this node.");
            return;
        }

        var notices = await store.ListEscalationsAsync(new EscalationQuery { IncidentId = id }, context.RequestAborted);
        var now = StoreClock.NowMicros(time);
        await WriteJsonAsync(context, StatusCodes.Status200OK, json => IncidentJson.WriteDetail(json, history, notices, now));
    }

    private async Task EscalationsAsync(HttpContext context)
    {
        if (await NodeProblems.RequireAsync(context, store, Incidents, write: false, "Listing notices") is null)
        {
            return;
        }

        var query = context.Request.Query;
        var now = StoreClock.NowMicros(time);
        EscalationDirection? direction = null;
        switch (query["direction"].ToString())
        {
            case "":
                break;
            case "inbound":
                direction = EscalationDirection.Inbound;
                break;
            case "outbound":
                direction = EscalationDirection.Outbound;
                break;
            default:
                await NodeProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad query", $"direction: '{query["direction"]}' is not inbound or outbound.");
                return;
        }

        var overdueText = query["overdue"].ToString();
        if (overdueText is not ("" or "true" or "false"))
        {
            await NodeProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad query", $"overdue: '{overdueText}' is not true or false.");
            return;
        }

        var partner = query["partner"].ToString();
        var notices = await store.ListEscalationsAsync(new EscalationQuery { Direction = direction, OverdueAt = overdueText == "true" ? now : null, Partner = partner.Length > 0 ? partner : null }, context.RequestAborted);
        await WriteJsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("notices");
            foreach (var notice in notices)
            {
                IncidentJson.WriteNotice(json, notice, now);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private async Task AcknowledgeAsync(HttpContext context, string id)
    {
        if (await NodeProblems.RequireAsync(context, store, Incidents, write: true, "Acknowledging a notice") is not { } caller)
        {
            return;
        }

        var directionText = context.Request.Query["direction"].ToString();
        if (directionText is not ("" or "inbound" or "outbound"))
        {
            await NodeProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Bad query", $"direction: '{directionText}' is not inbound or outbound.");
            return;
        }

        var direction = directionText == "outbound" ? EscalationDirection.Outbound : EscalationDirection.Inbound;
        var (notice, problems) = await desk.AcknowledgeAsync(id, direction, caller.Name, context.RequestAborted);
        if (notice is null)
        {
            var notFound = problems.Any(p => p.Code == "escalation.not-found");
            await NodeProblems.WriteAsync(context, notFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, notFound ? "No such notice" : "Already acknowledged", FirstMessage(problems), problems);
            return;
        }

        courier.Wake();
        var now = StoreClock.NowMicros(time);
        await WriteJsonAsync(context, StatusCodes.Status200OK, json => IncidentJson.WriteNotice(json, notice, now));
    }

    private async Task AnswerAsync(HttpContext context, IncidentOutcome? outcome, IReadOnlyList<Finding> problems, string user)
    {
        if (outcome is null)
        {
            var notFound = problems.Any(p => p.Code == "incident.not-found");
            await NodeProblems.WriteAsync(context, notFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, notFound ? "No such incident" : "Invalid incident", FirstMessage(problems), problems);
            return;
        }

        Log.IncidentAssessed(logger, outcome.IncidentId, outcome.Result.Level, user, outcome.Notices.Count);
        if (outcome.Notices.Count > 0)
        {
            courier.Wake();
        }

        context.Response.Headers.Location = $"/korus/v1/incidents/{outcome.IncidentId}";
        var now = StoreClock.NowMicros(time);
        await WriteJsonAsync(context, StatusCodes.Status201Created, json => IncidentJson.WriteOutcome(json, outcome, now));
    }

    private async Task<JsonDocument?> ReadJsonAsync(HttpContext context, string what)
    {
        if (await NodeProblems.ReadBodyAsync(context, maxContentLength, what) is not { } body)
        {
            return null;
        }

        try
        {
            return StrictJson.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            await NodeProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Malformed JSON", $"The body is not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {e.Message}");
            return null;
        }
    }

    private static string FirstMessage(IReadOnlyList<Finding> findings) =>
        findings.Count == 0 ? "The request is not usable." : $"{findings[0].Path}: {findings[0].Message}{(findings.Count > 1 ? $" (and {findings.Count - 1} more problem(s); see errors)" : "")}";

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        write(json);
    }
}
