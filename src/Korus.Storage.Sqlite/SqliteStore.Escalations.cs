using System.Text;
using Microsoft.Data.Sqlite;

namespace Korus.Storage.Sqlite;

/// <summary>Partners and escalation notices.</summary>
public sealed partial class SqliteStore
{
    private const string PartnerColumns = "name, url, user_name, password, pull_collection, push_collection, policy_path, interval_seconds, created_at";
    private const string EscalationColumns = "id, direction, partner, incident_id, incident_version, level, mode, decided_at, due_at, payload, delivered_at, attempts, next_attempt_at, last_error, acknowledged_at, acknowledged_by, ack_note_id";

    /// <inheritdoc />
    public Task<bool> SavePartnerAsync(PartnerRecord partner, bool replace, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(actor);
        if (PartnerRecord.CheckName(partner.Name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(partner));
        }

        return WriteAsync(async (writer, tx) =>
        {
            await using var insert = Command(writer, tx, $"INSERT {(replace ? "OR REPLACE " : "OR IGNORE ")}INTO partners({PartnerColumns}) VALUES ($name, $url, $user, $password, $pull, $push, $policy, $interval, $created)");
            insert.Parameters.AddWithValue("$name", partner.Name);
            insert.Parameters.AddWithValue("$url", partner.Url);
            insert.Parameters.AddWithValue("$user", partner.User);
            insert.Parameters.AddWithValue("$password", partner.ProtectedPassword);
            insert.Parameters.AddWithValue("$pull", partner.PullCollection);
            insert.Parameters.AddWithValue("$push", partner.PushCollection);
            insert.Parameters.AddWithValue("$policy", (object?)partner.PolicyPath ?? DBNull.Value);
            insert.Parameters.AddWithValue("$interval", partner.IntervalSeconds);
            insert.Parameters.AddWithValue("$created", partner.CreatedAt);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await AuditAsync(writer, tx, actor, AuditActions.PartnerAdd, null, null, null, partner.Name, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<PartnerRecord?> FindPartnerAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ReadRowAsync($"SELECT {PartnerColumns} FROM partners WHERE name = $key", name, ReadPartner, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PartnerRecord>> ListPartnersAsync(CancellationToken cancellationToken) =>
        ReadListAsync($"SELECT {PartnerColumns} FROM partners ORDER BY name", null, ReadPartner, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RemovePartnerAsync(string name, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(actor);
        return WriteAsync(async (writer, tx) =>
        {
            await using var delete = Command(writer, tx, "DELETE FROM partners WHERE name = $name");
            delete.Parameters.AddWithValue("$name", name);
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await AuditAsync(writer, tx, actor, AuditActions.PartnerRemove, null, null, null, name, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StatusRecord>> SaveEscalationAsync(IReadOnlyList<(string CollectionId, IncomingObject Object)> objects, IReadOnlyList<EscalationRecord> notices, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(notices);
        ArgumentNullException.ThrowIfNull(actor);
        return WriteAsync<IReadOnlyList<StatusRecord>>(async (writer, tx) =>
        {
            var now = StoreClock.NowMicros(_time);
            var statuses = new List<StatusRecord>();
            foreach (var group in objects.GroupBy(o => o.CollectionId, StringComparer.Ordinal))
            {
                var (successes, failures) = await InsertObjectsAsync(writer, tx, group.Key, [.. group.Select(g => g.Object)], actor, cancellationToken);
                var status = new StatusRecord(Guid.NewGuid().ToString(), group.Key, now, successes, failures, []);
                await SaveStatusAsync(writer, tx, status, cancellationToken);
                statuses.Add(status);
            }

            foreach (var notice in notices)
            {
                await using var insert = Command(writer, tx, $"INSERT OR IGNORE INTO escalations({EscalationColumns}) VALUES ($id, $direction, $partner, $incident, $version, $level, $mode, $decided, $due, $payload, $delivered, $attempts, $next, $error, $acked, $by, $note)");
                insert.Parameters.AddWithValue("$id", notice.Id);
                insert.Parameters.AddWithValue("$direction", (int)notice.Direction);
                insert.Parameters.AddWithValue("$partner", notice.Partner);
                insert.Parameters.AddWithValue("$incident", notice.IncidentId);
                insert.Parameters.AddWithValue("$version", notice.IncidentVersion);
                insert.Parameters.AddWithValue("$level", notice.Level);
                insert.Parameters.AddWithValue("$mode", notice.Mode);
                insert.Parameters.AddWithValue("$decided", notice.DecidedAt);
                insert.Parameters.AddWithValue("$due", (object?)notice.DueAt ?? DBNull.Value);
                insert.Parameters.AddWithValue("$payload", notice.Payload.IsEmpty ? DBNull.Value : notice.Payload.ToArray());
                insert.Parameters.AddWithValue("$delivered", (object?)notice.DeliveredAt ?? DBNull.Value);
                insert.Parameters.AddWithValue("$attempts", notice.Attempts);
                insert.Parameters.AddWithValue("$next", (object?)notice.NextAttemptAt ?? DBNull.Value);
                insert.Parameters.AddWithValue("$error", (object?)notice.LastError ?? DBNull.Value);
                insert.Parameters.AddWithValue("$acked", (object?)notice.AcknowledgedAt ?? DBNull.Value);
                insert.Parameters.AddWithValue("$by", (object?)notice.AcknowledgedBy ?? DBNull.Value);
                insert.Parameters.AddWithValue("$note", (object?)notice.AckNoteId ?? DBNull.Value);
                if (await insert.ExecuteNonQueryAsync(cancellationToken) > 0)
                {
                    await AuditAsync(writer, tx, actor, AuditActions.EscalationRecord, null, notice.Id, notice.IncidentVersion, $"{notice.Direction} {notice.Partner} level {notice.Level} {notice.Mode}", cancellationToken);
                }
            }

            return statuses;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<EscalationRecord?> FindEscalationAsync(string id, EscalationDirection direction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, $"SELECT {EscalationColumns} FROM escalations WHERE id = $id AND direction = $direction");
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$direction", (int)direction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadEscalation(reader) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<EscalationRecord>> ListEscalationsAsync(EscalationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"SELECT {EscalationColumns} FROM escalations WHERE 1 = 1");
        void Bind(SqliteCommand command)
        {
            command.Parameters.AddWithValue("$limit", query.Limit);
            if (query.Direction is { } direction)
            {
                command.Parameters.AddWithValue("$direction", (int)direction);
            }

            if (query.IncidentId is not null)
            {
                command.Parameters.AddWithValue("$incident", query.IncidentId);
            }

            if (query.Partner is not null)
            {
                command.Parameters.AddWithValue("$partner", query.Partner);
            }

            if (query.OverdueAt is { } overdue)
            {
                command.Parameters.AddWithValue("$overdue", overdue);
            }

            if (query.DeliverableAt is { } deliverable)
            {
                command.Parameters.AddWithValue("$deliverable", deliverable);
            }
        }

        sql.Append(query.Direction is null ? "" : " AND direction = $direction")
            .Append(query.IncidentId is null ? "" : " AND incident_id = $incident")
            .Append(query.Partner is null ? "" : " AND partner = $partner")
            .Append(query.OverdueAt is null ? "" : " AND acknowledged_at IS NULL AND due_at IS NOT NULL AND due_at < $overdue")
            .Append(query.DeliverableAt is null ? "" : " AND delivered_at IS NULL AND next_attempt_at IS NOT NULL AND next_attempt_at <= $deliverable")
            .Append(" ORDER BY decided_at, id LIMIT $limit");
        return ReadListAsync(sql.ToString(), Bind, ReadEscalation, cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordDeliveryAsync(string id, EscalationDirection direction, long at, string? failure, long? nextAttemptAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        return WriteAsync(async (writer, tx) =>
        {
            await using var update = Command(writer, tx, failure is null
                ? "UPDATE escalations SET delivered_at = $at, attempts = attempts + 1, next_attempt_at = NULL, last_error = NULL WHERE id = $id AND direction = $direction"
                : "UPDATE escalations SET attempts = attempts + 1, next_attempt_at = $next, last_error = $error WHERE id = $id AND direction = $direction");
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$direction", (int)direction);
            update.Parameters.AddWithValue("$at", at);
            update.Parameters.AddWithValue("$next", (object?)nextAttemptAt ?? DBNull.Value);
            update.Parameters.AddWithValue("$error", (object?)failure ?? DBNull.Value);
            await update.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> AcknowledgeEscalationAsync(string id, EscalationDirection direction, long at, string by, string? noteId, ReadOnlyMemory<byte> payload, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(by);
        ArgumentNullException.ThrowIfNull(actor);
        return WriteAsync(async (writer, tx) =>
        {
            await using var update = Command(writer, tx, payload.IsEmpty
                ? "UPDATE escalations SET acknowledged_at = $at, acknowledged_by = $by, ack_note_id = $note WHERE id = $id AND direction = $direction AND acknowledged_at IS NULL"
                : "UPDATE escalations SET acknowledged_at = $at, acknowledged_by = $by, ack_note_id = $note, payload = $payload, delivered_at = NULL, attempts = 0, next_attempt_at = $at, last_error = NULL WHERE id = $id AND direction = $direction AND acknowledged_at IS NULL");
            update.Parameters.AddWithValue("$id", id);
            update.Parameters.AddWithValue("$direction", (int)direction);
            update.Parameters.AddWithValue("$at", at);
            update.Parameters.AddWithValue("$by", by);
            update.Parameters.AddWithValue("$note", (object?)noteId ?? DBNull.Value);
            update.Parameters.AddWithValue("$payload", payload.ToArray());
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await AuditAsync(writer, tx, actor, AuditActions.EscalationAcknowledge, null, id, null, $"{direction} by {by}", cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<PartnerSyncState?> GetPartnerSyncAsync(string partner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return ReadRowAsync(
            "SELECT partner, pull_cursor, push_cursor, last_success, last_error, objects_in, objects_out, objects_withheld, errors FROM partner_sync WHERE partner = $key",
            partner,
            reader => new PartnerSyncState
            {
                Partner = reader.GetString(0),
                PullCursor = NullableString(reader, 1),
                PushCursor = reader.GetInt64(2),
                LastSuccess = NullableInt64(reader, 3),
                LastError = NullableString(reader, 4),
                ObjectsIn = reader.GetInt64(5),
                ObjectsOut = reader.GetInt64(6),
                ObjectsWithheld = reader.GetInt64(7),
                Errors = reader.GetInt64(8),
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task SavePartnerSyncAsync(PartnerSyncState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return WriteAsync(async (writer, tx) =>
        {
            await using var save = Command(writer, tx, "INSERT OR REPLACE INTO partner_sync(partner, pull_cursor, push_cursor, last_success, last_error, objects_in, objects_out, objects_withheld, errors) VALUES ($p, $pull, $push, $ok, $error, $in, $out, $withheld, $errors)");
            save.Parameters.AddWithValue("$p", state.Partner);
            save.Parameters.AddWithValue("$pull", (object?)state.PullCursor ?? DBNull.Value);
            save.Parameters.AddWithValue("$push", state.PushCursor);
            save.Parameters.AddWithValue("$ok", (object?)state.LastSuccess ?? DBNull.Value);
            save.Parameters.AddWithValue("$error", (object?)state.LastError ?? DBNull.Value);
            save.Parameters.AddWithValue("$in", state.ObjectsIn);
            save.Parameters.AddWithValue("$out", state.ObjectsOut);
            save.Parameters.AddWithValue("$withheld", state.ObjectsWithheld);
            save.Parameters.AddWithValue("$errors", state.Errors);
            await save.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordSharingDecisionsAsync(IReadOnlyList<SharingAuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return WriteAsync(async (writer, tx) =>
        {
            await using var insert = Command(writer, tx, "INSERT INTO sharing_audit(at, partner, object_id, version, outcome, rule, reason, policy_hash) VALUES ($at, $p, $o, $v, $outcome, $rule, $reason, $hash)");
            var at = insert.Parameters.Add("$at", SqliteType.Integer);
            var partner = insert.Parameters.Add("$p", SqliteType.Text);
            var objectId = insert.Parameters.Add("$o", SqliteType.Text);
            var version = insert.Parameters.Add("$v", SqliteType.Text);
            var outcome = insert.Parameters.Add("$outcome", SqliteType.Text);
            var rule = insert.Parameters.Add("$rule", SqliteType.Text);
            var reason = insert.Parameters.Add("$reason", SqliteType.Text);
            var hash = insert.Parameters.Add("$hash", SqliteType.Text);
            foreach (var e in entries)
            {
                (at.Value, partner.Value, objectId.Value, version.Value, outcome.Value, rule.Value, reason.Value, hash.Value) = (e.At, e.Partner, e.ObjectId, e.Version, e.Outcome, e.Rule, e.Reason, e.PolicyHash);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<SharingAuditEntry>> ListSharingDecisionsAsync(string partner, string? objectId, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return ReadListAsync(
            $"SELECT at, partner, object_id, version, outcome, rule, reason, policy_hash FROM sharing_audit WHERE partner = $p{(objectId is null ? "" : " AND object_id = $o")} ORDER BY seq DESC LIMIT $limit",
            command =>
            {
                command.Parameters.AddWithValue("$p", partner);
                command.Parameters.AddWithValue("$limit", limit);
                if (objectId is not null)
                {
                    command.Parameters.AddWithValue("$o", objectId);
                }
            },
            reader => new SharingAuditEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)),
            cancellationToken);
    }

    private Task<IReadOnlyList<T>> ReadListAsync<T>(string sql, Action<SqliteCommand>? bind, Func<SqliteDataReader, T> map, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<T>>(async connection =>
        {
            await using var command = Command(connection, null, sql);
            bind?.Invoke(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var result = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add(map(reader));
            }

            return result;
        }, cancellationToken);

    private static PartnerRecord ReadPartner(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        (byte[])reader.GetValue(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetInt32(7),
        reader.GetInt64(8));

    private static long? NullableInt64(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static EscalationRecord ReadEscalation(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Direction = (EscalationDirection)reader.GetInt32(1),
        Partner = reader.GetString(2),
        IncidentId = reader.GetString(3),
        IncidentVersion = reader.GetString(4),
        Level = reader.GetInt32(5),
        Mode = reader.GetString(6),
        DecidedAt = reader.GetInt64(7),
        DueAt = NullableInt64(reader, 8),
        Payload = reader.IsDBNull(9) ? ReadOnlyMemory<byte>.Empty : (byte[])reader.GetValue(9),
        DeliveredAt = NullableInt64(reader, 10),
        Attempts = reader.GetInt32(11),
        NextAttemptAt = NullableInt64(reader, 12),
        LastError = NullableString(reader, 13),
        AcknowledgedAt = NullableInt64(reader, 14),
        AcknowledgedBy = NullableString(reader, 15),
        AckNoteId = NullableString(reader, 16),
    };
}
