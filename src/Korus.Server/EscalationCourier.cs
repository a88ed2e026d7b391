using System.Security.Cryptography;
using System.Text.Json;
using Korus.Storage;
using Korus.Taxii;
using Microsoft.Extensions.Logging;

namespace Korus.Server;

/// <summary>
/// Delivers what escalation owes partners — notices this node sent and acknowledgements of notices it
/// received — to each partner's push collection over TAXII 2.1, retrying with exponential backoff
/// (5 s doubling to 10 min) while a partner is unreachable or refuses. Runs in the node; the CLI calls
/// <see cref="DeliverDueAsync"/> once after filing so a notice leaves at once even without a node.
/// </summary>
public sealed class EscalationCourier : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(10);

    private readonly IKorusStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly TimeSpan _interval;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _disposed;

    /// <summary>A courier over <paramref name="store"/>, looking for due deliveries every <paramref name="interval"/> (and when woken).</summary>
    public EscalationCourier(IKorusStore store, TimeProvider time, ILogger logger, TimeSpan interval, HttpMessageHandler? handler = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _interval = interval;
        _http = handler is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : new HttpClient(handler, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Starts the background loop.</summary>
    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Asks the loop to look for deliveries now (after a new notice or acknowledgement).</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    /// <summary>Delivers everything due now; returns how many deliveries succeeded.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await _running.WaitAsync(cancellationToken);
        try
        {
            var now = StoreClock.NowMicros(_time);
            var due = await _store.ListEscalationsAsync(new EscalationQuery { DeliverableAt = now, Limit = 100 }, cancellationToken);
            var delivered = 0;
            PartnerSecrets? secrets = null;
            foreach (var item in due)
            {
                var failure = await DeliverAsync(item, secrets ??= await PartnerSecrets.OpenAsync(_store, cancellationToken), cancellationToken);
                var at = StoreClock.NowMicros(_time);
                if (failure is null)
                {
                    delivered++;
                    await _store.RecordDeliveryAsync(item.Id, item.Direction, at, null, null, cancellationToken);
                    Log.Delivered(_logger, item.Direction == EscalationDirection.Outbound ? "notice" : "acknowledgement", item.Id, item.Partner);
                }
                else
                {
                    var wait = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, FirstRetry.Ticks << Math.Min(item.Attempts, 16)));
                    await _store.RecordDeliveryAsync(item.Id, item.Direction, at, failure, at + (long)wait.TotalMicroseconds, cancellationToken);
                    Log.DeliveryFailed(_logger, item.Id, item.Partner, item.Attempts + 1, failure);
                }
            }

            return delivered;
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<string?> DeliverAsync(EscalationRecord item, PartnerSecrets secrets, CancellationToken cancellationToken)
    {
        var partner = await _store.FindPartnerAsync(item.Partner, cancellationToken);
        if (partner is null)
        {
            return $"no partner named '{item.Partner}' is configured (korus partner add {item.Partner} …)";
        }

        try
        {
            var (client, apiRoot) = await PartnerConnection.OpenAsync(_http, secrets, partner, _time, cancellationToken);
            var status = await client.AddObjectsAsync(apiRoot, partner.PushCollection, item.Payload, cancellationToken);
            var key = item.Direction == EscalationDirection.Outbound ? item.Id : KeyObject(item.Payload);
            return status.Failures?.FirstOrDefault(f => f.Id == key) is { } refused
                ? $"{partner.Name} refused {refused.Id}: {refused.Message}"
                : null;
        }
        catch (Exception e) when (e is TaxiiClientException or CryptographicException)
        {
            return e.Message;
        }
        catch (HttpRequestException e)
        {
            return $"{partner.Url}: {e.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{partner.Url}: no answer within {_http.Timeout.TotalSeconds:0} s";
        }
    }

    // The acknowledgement note is the last object of its envelope.
    private static string? KeyObject(ReadOnlyMemory<byte> payload)
    {
        using var document = JsonDocument.Parse(payload);
        var objects = document.RootElement.GetProperty("objects");
        return objects.GetArrayLength() == 0 ? null : objects[objects.GetArrayLength() - 1].GetProperty("id").GetString();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.CourierFailed(_logger, e);
            }

            // Sleep until the interval passes on the node's clock or someone wakes the courier; the loser is
            // cancelled, so a wake-up is never swallowed by a wait nobody is awaiting.
            using var cycle = CancellationTokenSource.CreateLinkedTokenSource(stop);
            await Task.WhenAny(Task.Delay(_interval, _time, cycle.Token), _wake.WaitAsync(cycle.Token));
            await cycle.CancelAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // The node and its service container may both dispose the courier.
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
        _wake.Dispose();
        _running.Dispose();
    }
}
