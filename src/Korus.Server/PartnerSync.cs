using System.Security.Cryptography;
using System.Text.Json;
using Korus.Policies;
using Korus.Sharing;
using Korus.Stix;
using Korus.Stix.Validation;
using Korus.Storage;
using Korus.Taxii;
using Korus.Taxii.Server;
using Microsoft.Extensions.Logging;

namespace Korus.Server;

/// <summary>
/// The sync worker for every partner, inside the node: each round pulls what is new in the partner's
/// pull collection (from the added_after cursor kept in the store) into <c>from-NAME</c>, validating
/// each object (an invalid one is rejected alone, with the validator's reason), then judges what is new
/// in <c>national</c> against the partner's sharing policy and pushes the shared and redacted copies to
/// the partner's push collection. Cursors move only after what they cover is stored or accepted, so a
/// restart neither loses nor duplicates anything (a re-sent object is an identical re-post). A round
/// that fails is retried with backoff; status is kept per partner.
/// </summary>
public sealed class PartnerSync : IAsyncDisposable
{
    private const string National = "national";
    private readonly IKorusStore _store;
    private readonly TimeProvider _time;
    private readonly StixValidator _validator;
    private readonly ILogger _logger;
    private readonly Func<string, string, IReadOnlyList<ReadOnlyMemory<byte>>, CancellationToken, Task>? _received;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Dictionary<string, DateTimeOffset> _nextRound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _disposed;

    /// <summary>A worker over <paramref name="store"/>; <paramref name="received"/> is told about objects pulled (the ingest observers).</summary>
    public PartnerSync(IKorusStore store, TimeProvider time, StixValidator validator, ILogger logger, Func<string, string, IReadOnlyList<ReadOnlyMemory<byte>>, CancellationToken, Task>? received = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _received = received;
    }

    /// <summary>Starts the background loop (it looks for partners due a round every 200 ms).</summary>
    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                foreach (var partner in await _store.ListPartnersAsync(stop))
                {
                    var now = _time.GetUtcNow();
                    if (_nextRound.TryGetValue(partner.Name, out var due) && due > now)
                    {
                        continue;
                    }

                    var state = await SyncOnceAsync(partner, stop);
                    var failures = state.LastError is null ? 0 : _failures.GetValueOrDefault(partner.Name) + 1;
                    _failures[partner.Name] = failures;
                    var wait = failures == 0
                        ? TimeSpan.FromSeconds(partner.IntervalSeconds)
                        : TimeSpan.FromSeconds(Math.Min(300, partner.IntervalSeconds * Math.Pow(2, Math.Min(failures, 8))));
                    _nextRound[partner.Name] = _time.GetUtcNow() + wait;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), _time, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.SyncFailed(_logger, e);
            }
        }
    }

    /// <summary>One round with <paramref name="partner"/>: pull, then push; returns (and saves) where the sync stands.</summary>
    public async Task<PartnerSyncState> SyncOnceAsync(PartnerRecord partner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partner);
        var state = await _store.GetPartnerSyncAsync(partner.Name, cancellationToken) ?? new PartnerSyncState { Partner = partner.Name };
        try
        {
            var secrets = await PartnerSecrets.OpenAsync(_store, cancellationToken);
            var (client, apiRoot) = await PartnerConnection.OpenAsync(_http, secrets, partner, _time, cancellationToken);
            state = await PullAsync(client, apiRoot, partner, state, cancellationToken);
            state = await PushAsync(client, apiRoot, partner, state, cancellationToken);
            state = state with { LastSuccess = StoreClock.NowMicros(_time), LastError = null };
        }
        catch (Exception e) when (e is TaxiiClientException or HttpRequestException or CryptographicException or PolicyException or IOException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            state = state with { LastError = e.Message, Errors = state.Errors + 1 };
            Log.SyncRoundFailed(_logger, partner.Name, e.Message);
        }

        await _store.SavePartnerSyncAsync(state, cancellationToken);
        return state;
    }

    private async Task<PartnerSyncState> PullAsync(TaxiiClient client, Uri apiRoot, PartnerRecord partner, PartnerSyncState state, CancellationToken cancellationToken)
    {
        var into = partner.FromCollection;
        if (await _store.FindCollectionAsync(into, cancellationToken) is null)
        {
            await _store.CreateCollectionAsync(new CollectionDraft(into, $"From {partner.Name}", $"What {partner.Name} shared with this node."), "sync", cancellationToken);
        }

        await foreach (var page in client.GetObjectPagesAsync(apiRoot, partner.PullCollection, state.PullCursor, 1000, cancellationToken))
        {
            if (page.Objects.Count > 0)
            {
                var incoming = new List<IncomingObject>(page.Objects.Count);
                var findings = new List<Finding>();
                for (var i = 0; i < page.Objects.Count; i++)
                {
                    incoming.Add(Describe(page.Objects[i], i, findings));
                }

                var status = await _store.AddObjectsAsync(into, Guid.NewGuid().ToString(), StoreClock.NowMicros(_time), incoming, $"sync:{partner.Name}", cancellationToken);
                foreach (var failure in status.Failures)
                {
                    Log.PulledObjectRejected(_logger, partner.Name, failure.Id, failure.Message ?? "");
                }

                if (_received is not null)
                {
                    var accepted = status.Successes.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
                    await _received(into, $"sync:{partner.Name}", [.. incoming.Where(o => o.FailureMessage is null && accepted.Contains(o.Id)).Select(o => o.Json)], cancellationToken);
                }

                state = state with { ObjectsIn = state.ObjectsIn + status.Successes.Count };
            }

            state = state with { PullCursor = page.DateAddedLast ?? state.PullCursor };
            await _store.SavePartnerSyncAsync(state, cancellationToken);
        }

        return state;
    }

    private IncomingObject Describe(ReadOnlyMemory<byte> json, int index, List<Finding> findings)
    {
        var position = $"objects[{index}]";
        try
        {
            // The page this object came from was read by the TAXII client through StrictJson already.
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? IncomingStix.Describe(document.RootElement, json, position, _validator, findings)
                : IncomingObject.Rejected(position, null, $"{position} is not a JSON object.");
        }
        catch (JsonException e)
        {
            return IncomingObject.Rejected(position, null, $"Not valid JSON: {e.Message}");
        }
    }

    private async Task<PartnerSyncState> PushAsync(TaxiiClient client, Uri apiRoot, PartnerRecord partner, PartnerSyncState state, CancellationToken cancellationToken)
    {
        if (await _store.FindCollectionAsync(National, cancellationToken) is null)
        {
            return state;
        }

        var policy = partner.PolicyPath is null ? SharingPolicy.Default : SharingPolicy.Load(partner.PolicyPath);
        var evaluator = new SharingEvaluator(policy, partner.Name);
        long? maxContentLength = null;
        while (true)
        {
            var page = await _store.QueryObjectsAsync(National, new ObjectQuery { AddedAfter = state.PushCursor, Limit = 500, Versions = VersionSelector.All }, cancellationToken);
            if (page.Items.Count == 0)
            {
                return state;
            }

            // Objects the page refers to but does not hold are looked up first, so the policy can judge them (closure).
            var resolved = await ReferredAsync(page.Items, cancellationToken);
            var decisions = evaluator.Evaluate([.. page.Items.Select(i => i.Json)], id => resolved.TryGetValue(id, out var json) ? json : null);
            var copies = decisions.Where(d => d.Outcome != SharingOutcome.Withheld).Select(d => d.Copy).ToList();
            if (copies.Count > 0)
            {
                // Envelopes stay under the partner's max_content_length.
                maxContentLength ??= (await client.GetApiRootAsync(apiRoot, cancellationToken)).MaxContentLength;
                var result = await client.PushAsync(apiRoot, partner.PushCollection, copies, maxContentLength.Value, null, cancellationToken);
                foreach (var failure in result.Failures)
                {
                    Log.PushedObjectRefused(_logger, partner.Name, failure.Id, failure.Message ?? "");
                }
            }

            var at = StoreClock.NowMicros(_time);
            var audit = new List<SharingAuditEntry>(decisions.Count);
            for (var i = 0; i < decisions.Count; i++)
            {
                var d = decisions[i];
                audit.Add(new SharingAuditEntry(at, partner.Name, d.ObjectId, page.Items[i].Version, d.OutcomeName, d.Rule, d.Reason, policy.Hash));
            }

            await _store.RecordSharingDecisionsAsync(audit, cancellationToken);
            state = state with
            {
                PushCursor = page.Items[^1].DateAdded,
                ObjectsOut = state.ObjectsOut + copies.Count,
                ObjectsWithheld = state.ObjectsWithheld + (decisions.Count - copies.Count),
            };
            await _store.SavePartnerSyncAsync(state, cancellationToken);
        }
    }

    private static readonly string[] RefLists = ["object_refs", "observed_data_refs", "where_sighted_refs", "object_marking_refs"];
    private static readonly string[] RefProperties = ["source_ref", "target_ref", "sighting_of_ref"];

    private async Task<Dictionary<string, ReadOnlyMemory<byte>>> ReferredAsync(IReadOnlyList<StoredObject> items, CancellationToken cancellationToken)
    {
        var held = items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            using var document = JsonDocument.Parse(item.Json);
            var root = document.RootElement;
            foreach (var name in RefProperties)
            {
                if (root.TryGetProperty(name, out var r) && r.GetString() is { } id && !held.Contains(id))
                {
                    wanted.Add(id);
                }
            }

            foreach (var name in RefLists)
            {
                if (root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var r in list.EnumerateArray())
                    {
                        if (r.GetString() is { } id && !held.Contains(id))
                        {
                            wanted.Add(id);
                        }
                    }
                }
            }
        }

        var found = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var chunk in wanted.Chunk(500))
        {
            var page = await _store.QueryObjectsAsync(National, new ObjectQuery { Ids = chunk, Limit = chunk.Length + 1 }, cancellationToken);
            foreach (var o in page.Items)
            {
                found[o.Id] = o.Json;
            }
        }

        return found;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
        _http.Dispose();
    }
}
