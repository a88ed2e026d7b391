using System.Text;
using System.Text.Json;
using Korus.Hunting;
using Korus.Stix;
using Korus.Stix.Model;
using Korus.Storage;
using Korus.Taxii.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Korus.Server;

/// <summary>
/// Continuous hunting on a running node: <c>POST /korus/v1/hunt</c> takes telemetry (JSON lines through
/// the ECS mapping, or STIX observed-data), matches it against every indicator the node holds in any
/// collection (its own and those partners shared), writes the sightings and the observed-data they cite
/// to the <c>sightings</c> collection, and answers with a summary. The engine is compiled once and
/// brought up to date from each collection's newly added indicators before a hunt.
/// </summary>
internal sealed class NodeHunting : IDisposable
{
    /// <summary>The collection sightings are written to (created on start when missing).</summary>
    public const string SightingsCollection = "sightings";

    private readonly IKorusStore _store;
    private readonly TimeProvider _time;
    private readonly NodeIdentity _identity;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, long> _cursors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StixObject> _indicators = new(StringComparer.Ordinal);
    private HuntEngine? _engine;

    private readonly long _maxContentLength;

    public NodeHunting(IKorusStore store, TimeProvider time, string identityName, long maxContentLength)
    {
        _maxContentLength = maxContentLength;
        _store = store;
        _time = time;
        _identity = NodeIdentity.Create(identityName, StixTimestamp.FromDateTimeOffset(time.GetUtcNow()));
    }

    public static async Task EnsureCollectionAsync(IKorusStore store, CancellationToken cancellationToken)
    {
        if (await store.FindCollectionAsync(SightingsCollection, cancellationToken) is null)
        {
            await store.CreateCollectionAsync(new CollectionDraft(SightingsCollection, "Sightings", "Sightings of indicators in this centre's telemetry, with the observed-data they cite."), "system", cancellationToken);
        }
    }

    public void Map(IEndpointRouteBuilder app) => app.MapPost("/korus/v1/hunt", HuntAsync);

    public void Dispose() => _lock.Dispose();

    /// <summary>The engine over every indicator held now: new indicator versions are read from each collection's cursor.</summary>
    private async Task<HuntEngine> EngineAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var changed = _engine is null;
            foreach (var collection in await _store.ListCollectionsAsync(cancellationToken))
            {
                if (collection.Id == SightingsCollection)
                {
                    continue;
                }

                var cursor = _cursors.GetValueOrDefault(collection.Id);
                while (true)
                {
                    var page = await _store.QueryObjectsAsync(collection.Id, new ObjectQuery { Types = ["indicator"], AddedAfter = cursor, Limit = 1000, Versions = VersionSelector.All }, cancellationToken);
                    foreach (var stored in page.Items)
                    {
                        cursor = Math.Max(cursor, stored.DateAdded);
                        var parsed = StixDocument.Parse(stored.Json.ToArray());
                        if (parsed.Objects is [Indicator indicator])
                        {
                            if (!_indicators.TryGetValue(indicator.Id, out var held) || (indicator.Modified ?? default) >= (held.Modified ?? default))
                            {
                                _indicators[indicator.Id] = indicator;
                                changed = true;
                            }
                        }
                    }

                    if (!page.More || page.Items.Count == 0)
                    {
                        break;
                    }
                }

                _cursors[collection.Id] = cursor;
            }

            if (changed)
            {
                _engine = HuntEngine.Compile(_indicators.Values, StixTimestamp.FromDateTimeOffset(_time.GetUtcNow()));
            }

            return _engine!;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task HuntAsync(HttpContext context)
    {
        if (await NodeProblems.RequireAsync(context, _store, SightingsCollection, write: true, "Hunting") is not { } caller)
        {
            return;
        }

        var mappingName = context.Request.Query["mapping"].ToString();
        if (mappingName.Length > 0 && mappingName is not ("ecs" or "stix"))
        {
            await NodeProblems.WriteAsync(context, StatusCodes.Status400BadRequest, "Unknown mapping", $"mapping: '{mappingName}' is not ecs or stix.");
            return;
        }

        if (await NodeProblems.ReadBodyAsync(context, _maxContentLength, "Telemetry") is not { } body)
        {
            return;
        }

        var format = mappingName == "stix" ? TelemetryFormat.Stix : mappingName == "ecs" ? TelemetryFormat.JsonLines : TelemetryFeeder.Detect(body.AsSpan(0, Math.Min(body.Length, 65536)));
        if (format == TelemetryFormat.StixLines && mappingName == "ecs")
        {
            format = TelemetryFormat.JsonLines;
        }

        var engine = await EngineAsync(context.RequestAborted);
        var session = new HuntSession(engine, new HuntOptions { Source = "hunt-" + Guid.NewGuid().ToString("N"), IdentityId = _identity.Id, Time = _time },
            format == TelemetryFormat.JsonLines ? TelemetryMapping.Ecs : null);
        var problems = new List<Finding>();
        switch (format)
        {
            case TelemetryFormat.JsonLines:
                await TelemetryFeeder.FeedLinesAsync(new MemoryStream(body, writable: false), session, null, context.RequestAborted);
                break;
            case TelemetryFormat.Stix:
                TelemetryFeeder.FeedStix(new MemoryStream(body, writable: false), session, problems);
                break;
            default:
                await TelemetryFeeder.FeedStixLinesAsync(new MemoryStream(body, writable: false), session, problems, null, context.RequestAborted);
                break;
        }

        StatusRecord? status = null;
        var sightingIds = new List<string>();
        if (session.SightingCount > 0)
        {
            var incoming = new List<IncomingObject>();
            var index = 0;
            foreach (var json in session.BundleObjects(_identity.Json))
            {
                using var document = JsonDocument.Parse(json);
                var o = document.RootElement;
                incoming.Add(ObjectVersion.Describe(o, json, $"objects[{index++}]"));
                if (o.GetProperty("type").ValueEquals("sighting"))
                {
                    sightingIds.Add(o.GetProperty("id").GetString()!);
                }
            }

            status = await _store.AddObjectsAsync(SightingsCollection, Guid.NewGuid().ToString(), StoreClock.NowMicros(_time), incoming, caller.Name, context.RequestAborted);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("indicators", engine.IndicatorCount);
        writer.WriteNumber("indicators_skipped", engine.Skipped.Count);
        writer.WriteString("telemetry_format", format == TelemetryFormat.JsonLines ? "json-lines" : "stix");
        writer.WriteNumber("events", session.Events);
        writer.WriteNumber("matches", session.Matches);
        writer.WriteNumber("malformed_lines", session.MalformedCount);
        writer.WriteStartArray("malformed");
        foreach (var malformed in session.Malformed)
        {
            writer.WriteStartObject();
            writer.WriteNumber("line", malformed.Line);
            writer.WriteString("reason", malformed.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("problems");
        foreach (var problem in problems)
        {
            writer.WriteStringValue($"{problem.Code}: {problem.Path}: {problem.Message}");
        }

        writer.WriteEndArray();
        writer.WriteString("collection", SightingsCollection);
        writer.WriteStartArray("sightings");
        foreach (var id in sightingIds)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        if (status is not null)
        {
            writer.WriteString("status_id", status.Id);
            writer.WriteNumber("stored", status.Successes.Count);
            writer.WriteNumber("store_failures", status.Failures.Count);
        }

        writer.WriteEndObject();
    }
}
