using System.Text;
using Xunit;

namespace Korus.Storage.ContractTests;

/// <summary>The contract for partners and escalation notices; part of <see cref="StoreContractTests"/>.</summary>
public abstract partial class StoreContractTests
{
    private static PartnerRecord Partner(string name, string url = "http://127.0.0.1:7471/taxii2/") =>
        new(name, url, "us-node", [1, 2, 3], "to-us", "from-us", null, 60, 0);

    private EscalationRecord Notice(string id, EscalationDirection direction = EscalationDirection.Outbound, long? dueIn = 3_600_000_000) => new()
    {
        Id = id,
        Direction = direction,
        Partner = "kr",
        IncidentId = "incident--11111111-1111-4111-8111-111111111111",
        IncidentVersion = "2026-11-23T08:00:00.000Z",
        Level = 4,
        Mode = "joint",
        DecidedAt = StoreClock.NowMicros(Time),
        DueAt = dueIn is null ? null : StoreClock.NowMicros(Time) + dueIn,
        Payload = direction == EscalationDirection.Outbound ? Encoding.UTF8.GetBytes("{\"objects\": []}") : ReadOnlyMemory<byte>.Empty,
        NextAttemptAt = direction == EscalationDirection.Outbound ? StoreClock.NowMicros(Time) : null,
    };

    [Fact]
    public async Task Partners_are_added_listed_replaced_only_when_asked_and_removed()
    {
        Assert.True(await Store.SavePartnerAsync(Partner("kr"), replace: false, "admin", Ct));
        Assert.False(await Store.SavePartnerAsync(Partner("kr", "http://127.0.0.1:9/"), replace: false, "admin", Ct));
        Assert.Equal("http://127.0.0.1:7471/taxii2/", (await Store.FindPartnerAsync("kr", Ct))!.Url);
        Assert.True(await Store.SavePartnerAsync(Partner("kr", "http://127.0.0.1:9/"), replace: true, "admin", Ct));
        Assert.Equal("http://127.0.0.1:9/", (await Store.FindPartnerAsync("kr", Ct))!.Url);
        Assert.Equal([1, 2, 3], (await Store.FindPartnerAsync("kr", Ct))!.ProtectedPassword);
        Assert.True(await Store.SavePartnerAsync(Partner("jp"), replace: false, "admin", Ct));
        Assert.Equal(["jp", "kr"], (await Store.ListPartnersAsync(Ct)).Select(p => p.Name));
        Assert.True(await Store.RemovePartnerAsync("kr", "admin", Ct));
        Assert.False(await Store.RemovePartnerAsync("kr", "admin", Ct));
        Assert.Null(await Store.FindPartnerAsync("kr", Ct));
    }

    [Fact]
    public async Task A_bad_partner_name_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SavePartnerAsync(Partner("KR!"), replace: false, "admin", Ct));
        Assert.Empty(await Store.ListPartnersAsync(Ct));
    }

    [Fact]
    public async Task An_escalation_stores_its_objects_and_notices_in_one_transaction()
    {
        var statuses = await Store.SaveEscalationAsync(
            [("national", Describe(Indicator("00000000-0000-4000-8000-000000000001", "2026-01-01T00:00:00.000Z")))],
            [Notice("report--00000000-0000-4000-8000-000000000001")],
            "alice",
            Ct);

        Assert.Single(Assert.Single(statuses).Successes);
        var notice = await Store.FindEscalationAsync("report--00000000-0000-4000-8000-000000000001", EscalationDirection.Outbound, Ct);
        Assert.NotNull(notice);
        Assert.Equal(4, notice.Level);
        Assert.Equal("{\"objects\": []}", Encoding.UTF8.GetString(notice.Payload.Span));
        Assert.Null(await Store.FindEscalationAsync("report--00000000-0000-4000-8000-000000000001", EscalationDirection.Inbound, Ct));
    }

    [Fact]
    public async Task An_escalation_into_a_missing_collection_writes_nothing()
    {
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => Store.SaveEscalationAsync(
            [("national", Describe(Indicator("00000000-0000-4000-8000-000000000002", "2026-01-01T00:00:00.000Z"))), ("to-nobody", Describe(Indicator("00000000-0000-4000-8000-000000000003", "2026-01-01T00:00:00.000Z")))],
            [Notice("report--00000000-0000-4000-8000-000000000002")],
            "alice",
            Ct));

        Assert.Equal(0, await Store.CountObjectVersionsAsync("national", Ct));
        Assert.Null(await Store.FindEscalationAsync("report--00000000-0000-4000-8000-000000000002", EscalationDirection.Outbound, Ct));
    }

    [Fact]
    public async Task Deliveries_are_retried_until_they_succeed_and_overdue_notices_are_listed()
    {
        const string id = "report--00000000-0000-4000-8000-000000000004";
        await Store.SaveEscalationAsync([], [Notice(id)], "alice", Ct);
        var now = StoreClock.NowMicros(Time);
        Assert.Single(await Store.ListEscalationsAsync(new EscalationQuery { DeliverableAt = now }, Ct));

        await Store.RecordDeliveryAsync(id, EscalationDirection.Outbound, now, "partner down", now + 5_000_000, Ct);
        Assert.Empty(await Store.ListEscalationsAsync(new EscalationQuery { DeliverableAt = now }, Ct));
        var failed = (await Store.FindEscalationAsync(id, EscalationDirection.Outbound, Ct))!;
        Assert.Equal(1, failed.Attempts);
        Assert.Equal("partner down", failed.LastError);
        Assert.Single(await Store.ListEscalationsAsync(new EscalationQuery { DeliverableAt = now + 5_000_000 }, Ct));

        await Store.RecordDeliveryAsync(id, EscalationDirection.Outbound, now + 5_000_000, null, null, Ct);
        var delivered = (await Store.FindEscalationAsync(id, EscalationDirection.Outbound, Ct))!;
        Assert.Equal(now + 5_000_000, delivered.DeliveredAt);
        Assert.Equal(2, delivered.Attempts);
        Assert.Empty(await Store.ListEscalationsAsync(new EscalationQuery { DeliverableAt = long.MaxValue }, Ct));

        Assert.Empty(await Store.ListEscalationsAsync(new EscalationQuery { OverdueAt = now }, Ct));
        Assert.Single(await Store.ListEscalationsAsync(new EscalationQuery { OverdueAt = now + 3_600_000_001 }, Ct));
    }

    [Fact]
    public async Task A_notice_is_acknowledged_once_and_then_is_never_overdue()
    {
        const string id = "report--00000000-0000-4000-8000-000000000005";
        await Store.SaveEscalationAsync([], [Notice(id), Notice(id, EscalationDirection.Inbound)], "alice", Ct);
        var now = StoreClock.NowMicros(Time);
        Assert.True(await Store.AcknowledgeEscalationAsync(id, EscalationDirection.Outbound, now, "kr-node", "note--00000000-0000-4000-8000-000000000005", ReadOnlyMemory<byte>.Empty, "kr-node", Ct));
        Assert.False(await Store.AcknowledgeEscalationAsync(id, EscalationDirection.Outbound, now + 1, "kr-node", null, ReadOnlyMemory<byte>.Empty, "kr-node", Ct));
        var acked = (await Store.FindEscalationAsync(id, EscalationDirection.Outbound, Ct))!;
        Assert.Equal(now, acked.AcknowledgedAt);
        Assert.Equal("note--00000000-0000-4000-8000-000000000005", acked.AckNoteId);
        Assert.Empty(await Store.ListEscalationsAsync(new EscalationQuery { OverdueAt = long.MaxValue, Direction = EscalationDirection.Outbound }, Ct));

        Assert.True(await Store.AcknowledgeEscalationAsync(id, EscalationDirection.Inbound, now, "analyst", null, "{\"objects\": [1]}"u8.ToArray(), "analyst", Ct));
        var inbound = (await Store.FindEscalationAsync(id, EscalationDirection.Inbound, Ct))!;
        Assert.Equal(now, inbound.NextAttemptAt);
        Assert.Single(await Store.ListEscalationsAsync(new EscalationQuery { DeliverableAt = now, Direction = EscalationDirection.Inbound }, Ct));
    }

    [Fact]
    public async Task Recording_a_notice_twice_keeps_the_first()
    {
        const string id = "report--00000000-0000-4000-8000-000000000006";
        await Store.SaveEscalationAsync([], [Notice(id)], "alice", Ct);
        await Store.SaveEscalationAsync([], [Notice(id) with { Level = 5 }], "alice", Ct);
        Assert.Equal(4, (await Store.FindEscalationAsync(id, EscalationDirection.Outbound, Ct))!.Level);
        Assert.Single(await Store.ListEscalationsAsync(new EscalationQuery { IncidentId = "incident--11111111-1111-4111-8111-111111111111" }, Ct));
    }

    [Fact]
    public async Task Partner_sync_state_is_saved_and_replaced()
    {
        Assert.Null(await Store.GetPartnerSyncAsync("kr", Ct));
        await Store.SavePartnerSyncAsync(new PartnerSyncState { Partner = "kr", PullCursor = "2026-11-23T08:00:00.000001Z", PushCursor = 42, ObjectsIn = 3 }, Ct);
        await Store.SavePartnerSyncAsync(new PartnerSyncState { Partner = "kr", PullCursor = "2026-11-23T08:00:01.000001Z", PushCursor = 43, ObjectsIn = 5, LastError = "down" }, Ct);
        var state = await Store.GetPartnerSyncAsync("kr", Ct);
        Assert.Equal("2026-11-23T08:00:01.000001Z", state!.PullCursor);
        Assert.Equal(43, state.PushCursor);
        Assert.Equal(5, state.ObjectsIn);
        Assert.Equal("down", state.LastError);
    }

    [Fact]
    public async Task Sharing_decisions_are_audited_and_listed_per_partner_and_object()
    {
        await Store.RecordSharingDecisionsAsync(
            [
                new SharingAuditEntry(1, "kr", "indicator--1", "v1", "shared", "tlp.passes", "TLP:GREEN may be shared", "sha256:a"),
                new SharingAuditEntry(2, "kr", "indicator--2", "v1", "withheld", "tlp.red", "TLP:RED never leaves this node", "sha256:a"),
                new SharingAuditEntry(3, "jp", "indicator--2", "v1", "withheld", "tlp.red", "TLP:RED never leaves this node", "sha256:b"),
            ],
            Ct);
        Assert.Equal(["indicator--2", "indicator--1"], (await Store.ListSharingDecisionsAsync("kr", null, 10, Ct)).Select(e => e.ObjectId));
        var one = Assert.Single(await Store.ListSharingDecisionsAsync("kr", "indicator--2", 10, Ct));
        Assert.Equal("tlp.red", one.Rule);
        Assert.Empty(await Store.ListSharingDecisionsAsync("us", null, 10, Ct));
    }
}
