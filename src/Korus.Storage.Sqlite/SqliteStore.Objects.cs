using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Korus.Storage.Sqlite;

/// <summary>Object versions, queries and statuses.</summary>
public sealed partial class SqliteStore
{
    private const string AlreadyStored = "Already stored: an identical object with this id and version is in the collection.";
    private const string ConflictingCopy = "A different object with this id and version is already stored; the first copy is kept. A changed object needs a later 'modified'.";

    /// <summary>The per-object statements of <see cref="AddObjectsAsync"/>, prepared once on the writer connection.</summary>
    private sealed class ObjectStatements(SqliteConnection writer) : IDisposable
    {
        public RawStatement Versions { get; } = new(writer, "SELECT version_key, spec_version, json, version, current FROM objects WHERE id_key = ?3 AND ckey = ?1 AND object_id = ?2");

        public RawStatement Demote { get; } = new(writer, "UPDATE objects SET current = 0 WHERE id_key = ?3 AND ckey = ?1 AND object_id = ?2 AND current = 1");

        public RawStatement Insert { get; } = new(writer, """
            INSERT INTO objects(ckey, object_id, type, version, version_key, spec_version, date_added, current, json, id_key)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
            """);

        public RawStatement Audit { get; } = new(writer, "INSERT INTO audit(at, actor, action, collection_id, object_id, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");

        public void Dispose()
        {
            Versions.Dispose();
            Demote.Dispose();
            Insert.Dispose();
            Audit.Dispose();
        }
    }

    /// <inheritdoc />
    public Task<StatusRecord> AddObjectsAsync(string collectionId, string statusId, long requestTimestamp, IReadOnlyList<IncomingObject> objects, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collectionId);
        ArgumentNullException.ThrowIfNull(statusId);
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(actor);
        return WriteAsync(async (writer, tx) =>
        {
            var (successes, failures) = await InsertObjectsAsync(writer, tx, collectionId, objects, actor, cancellationToken);
            var status = new StatusRecord(statusId, collectionId, requestTimestamp, successes, failures, []);
            await SaveStatusAsync(writer, tx, status, cancellationToken);
            return status;
        }, cancellationToken);
    }

    private static async Task SaveStatusAsync(SqliteConnection writer, SqliteTransaction tx, StatusRecord status, CancellationToken cancellationToken)
    {
        await using var save = Command(writer, tx, "INSERT INTO statuses(id, collection_id, request_timestamp, details) VALUES ($id, $collection, $at, $details)");
        save.Parameters.AddWithValue("$id", status.Id);
        save.Parameters.AddWithValue("$collection", status.CollectionId);
        save.Parameters.AddWithValue("$at", status.RequestTimestamp);
        save.Parameters.AddWithValue("$details", WriteDetails(status));
        await save.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stores the objects of one collection inside the caller's transaction; the outcome per object.</summary>
    private async Task<(List<StatusDetail> Successes, List<StatusDetail> Failures)> InsertObjectsAsync(SqliteConnection writer, SqliteTransaction tx, string collectionId, IReadOnlyList<IncomingObject> objects, string actor, CancellationToken cancellationToken)
    {
        long ckey, lastAdded;
        await using (var find = Command(writer, tx, "SELECT ckey, last_added FROM collections WHERE id = $id"))
        {
            find.Parameters.AddWithValue("$id", collectionId);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new CollectionNotFoundException(collectionId);
            }

            ckey = reader.GetInt64(0);
            lastAdded = reader.GetInt64(1);
        }

        var successes = new List<StatusDetail>();
        var failures = new List<StatusDetail>();
        var now = StoreClock.NowMicros(_time);

        var raw = WriterStatements(writer);
        foreach (var item in objects)
        {
            if (item.FailureMessage is not null)
            {
                failures.Add(new StatusDetail(item.Id, item.Version ?? "", item.FailureMessage));
                continue;
            }

            // Every stored version of the object (usually none or a few): decides duplicate, conflict and which version is current.
            StatusDetail? outcome = null;
            var newest = true;
            var hasCurrent = false;
            string? firstKey = null;
            var idKey = ObjectIdKey.Of(item.Id);
            var versions = raw.Versions;
            versions.Bind(1, ckey);
            versions.Bind(2, item.Id);
            versions.Bind(3, idKey);
            try
            {
                while (versions.Step())
                {
                    var key = Encoding.UTF8.GetString(versions.GetText(0));
                    var spec = Encoding.UTF8.GetString(versions.GetText(1));
                    hasCurrent |= versions.GetInt64(4) != 0;
                    var same = item.VersionKey is null
                        ? firstKey is null || string.CompareOrdinal(key, firstKey) < 0
                        : key == item.VersionKey && spec == item.SpecVersion;
                    if (same)
                    {
                        firstKey = key;
                        var storedVersion = Encoding.UTF8.GetString(versions.GetText(3));
                        outcome = ObjectVersion.SameContent(versions.GetBytes(2), item.Json)
                            ? new StatusDetail(item.Id, storedVersion, AlreadyStored)
                            : new StatusDetail(item.Id, storedVersion, ConflictingCopy);
                    }

                    var bySpec = string.CompareOrdinal(spec, item.SpecVersion);
                    if (bySpec > 0 || (bySpec == 0 && string.CompareOrdinal(key, item.VersionKey ?? "") > 0))
                    {
                        newest = false;
                    }
                }
            }
            finally
            {
                versions.Reset();
            }

            if (outcome is not null)
            {
                (outcome.Message == AlreadyStored ? successes : failures).Add(outcome);
                continue;
            }

            if (newest && hasCurrent)
            {
                raw.Demote.Bind(1, ckey);
                raw.Demote.Bind(2, item.Id);
                raw.Demote.Bind(3, idKey);
                raw.Demote.Execute();
            }

            var dateAdded = Math.Max(now, lastAdded + 1);
            lastAdded = dateAdded;
            var version = item.Version ?? StoreClock.Format(dateAdded);
            var insert = raw.Insert;
            insert.Bind(1, ckey);
            insert.Bind(2, item.Id);
            insert.Bind(3, item.Type);
            insert.Bind(4, version);
            insert.Bind(5, item.VersionKey ?? ObjectVersion.Key(dateAdded));
            insert.Bind(6, item.SpecVersion);
            insert.Bind(7, dateAdded);
            insert.Bind(8, newest ? 1 : 0);
            insert.Bind(9, item.Json.Span);
            insert.Bind(10, idKey);
            insert.Execute();
            var audit = raw.Audit;
            audit.Bind(1, now);
            audit.Bind(2, actor);
            audit.Bind(3, AuditActions.ObjectAdd);
            audit.Bind(4, collectionId);
            audit.Bind(5, item.Id);
            audit.Bind(6, version);
            audit.Execute();
            successes.Add(new StatusDetail(item.Id, version));
        }

        await using (var update = Command(writer, tx, "UPDATE collections SET last_added = $last WHERE ckey = $c"))
        {
            update.Parameters.AddWithValue("$last", lastAdded);
            update.Parameters.AddWithValue("$c", ckey);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        return (successes, failures);
    }

    /// <inheritdoc />
    public Task<ObjectPage> QueryObjectsAsync(string collectionId, ObjectQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collectionId);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        return ReadAsync(async connection =>
        {
            await using var command = Command(connection, null, "");
            var sql = new StringBuilder("SELECT o.object_id, o.type, o.version, o.spec_version, o.date_added");
            sql.Append(query.IncludeContent ? ", o.json" : ", NULL");
            sql.Append(" FROM objects o WHERE o.ckey = (SELECT ckey FROM collections WHERE id = $collection)");
            command.Parameters.AddWithValue("$collection", collectionId);
            if (query.AddedAfter is { } after)
            {
                sql.Append(" AND o.date_added > $after");
                command.Parameters.AddWithValue("$after", after);
            }

            AppendIdKeys(sql, command, query.Ids);
            AppendIn(sql, command, "o.object_id", "$id", query.Ids);
            AppendIn(sql, command, "o.type", "$type", query.Types);
            AppendSelection(sql, command, query);
            // With a few ids, look them up by id and sort the handful found; otherwise walk the date_added index.
            sql.Append(query.Ids.Count is > 0 and <= 100 ? " ORDER BY +o.date_added LIMIT $limit" : " ORDER BY o.date_added LIMIT $limit");
            command.Parameters.AddWithValue("$limit", (long)query.Limit + 1);
            command.CommandText = sql.ToString();

            var items = new List<StoredObject>(Math.Min(query.Limit, 1024));
            var more = false;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (items.Count == query.Limit)
                {
                    more = true;
                    break;
                }

                var json = query.IncludeContent ? (byte[])reader.GetValue(5) : [];
                items.Add(new StoredObject(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), json));
            }

            return new ObjectPage(items, more);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> ObjectExistsAsync(string collectionId, string objectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collectionId);
        ArgumentNullException.ThrowIfNull(objectId);
        var found = await ReadScalarAsync(
            "SELECT 1 FROM objects WHERE id_key = $key AND ckey = (SELECT ckey FROM collections WHERE id = $collection) AND object_id = $id LIMIT 1",
            c =>
            {
                c.Parameters.AddWithValue("$key", ObjectIdKey.Of(objectId));
                c.Parameters.AddWithValue("$collection", collectionId);
                c.Parameters.AddWithValue("$id", objectId);
            },
            cancellationToken);
        return found is not null;
    }

    /// <inheritdoc />
    public async Task<long> CountObjectVersionsAsync(string collectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collectionId);
        var found = await ReadScalarAsync(
            "SELECT count(*) FROM objects WHERE ckey = (SELECT ckey FROM collections WHERE id = $collection)",
            c => c.Parameters.AddWithValue("$collection", collectionId),
            cancellationToken);
        return Convert.ToInt64(found, CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public Task<int> DeleteObjectAsync(string collectionId, string objectId, ObjectQuery query, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collectionId);
        ArgumentNullException.ThrowIfNull(objectId);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(actor);
        return WriteAsync(async (writer, tx) =>
        {
            var doomed = new List<(long Seq, string Version)>();
            long ckey;
            await using (var select = Command(writer, tx, ""))
            {
                var sql = new StringBuilder("SELECT o.seq, o.version, o.ckey FROM objects o WHERE o.id_key = $key AND o.ckey = (SELECT ckey FROM collections WHERE id = $collection) AND o.object_id = $object");
                select.Parameters.AddWithValue("$key", ObjectIdKey.Of(objectId));
                select.Parameters.AddWithValue("$collection", collectionId);
                select.Parameters.AddWithValue("$object", objectId);
                AppendSelection(sql, select, query);
                select.CommandText = sql.ToString();
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                ckey = 0;
                while (await reader.ReadAsync(cancellationToken))
                {
                    doomed.Add((reader.GetInt64(0), reader.GetString(1)));
                    ckey = reader.GetInt64(2);
                }
            }

            if (doomed.Count == 0)
            {
                return 0;
            }

            await using (var delete = Command(writer, tx, "DELETE FROM objects WHERE seq = $seq"))
            {
                var seq = delete.Parameters.Add("$seq", SqliteType.Integer);
                foreach (var (s, version) in doomed)
                {
                    seq.Value = s;
                    await delete.ExecuteNonQueryAsync(cancellationToken);
                    await AuditAsync(writer, tx, actor, AuditActions.ObjectDelete, collectionId, objectId, version, null, cancellationToken);
                }
            }

            await using (var flag = Command(writer, tx, """
                UPDATE objects SET current = (seq = (SELECT seq FROM objects WHERE id_key = $k AND ckey = $c AND object_id = $o ORDER BY spec_version DESC, version_key DESC LIMIT 1))
                WHERE id_key = $k AND ckey = $c AND object_id = $o
                """))
            {
                flag.Parameters.AddWithValue("$c", ckey);
                flag.Parameters.AddWithValue("$o", objectId);
                flag.Parameters.AddWithValue("$k", ObjectIdKey.Of(objectId));
                await flag.ExecuteNonQueryAsync(cancellationToken);
            }

            return doomed.Count;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StatusRecord?> GetStatusAsync(string statusId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statusId);
        return ReadRowAsync(
            "SELECT collection_id, request_timestamp, details FROM statuses WHERE id = $key",
            statusId,
            reader => ReadDetails(statusId, reader.GetString(0), reader.GetInt64(1), (byte[])reader.GetValue(2)),
            cancellationToken);
    }

    /// <summary>Appends the spec_version and version selection of <paramref name="query"/> (TAXII §6) for rows aliased <c>o</c>.</summary>
    private static void AppendSelection(StringBuilder sql, SqliteCommand command, ObjectQuery query)
    {
        var selector = query.Versions;
        if (query.SpecVersions.Count == 0 && selector.IsLastOnly)
        {
            sql.Append(" AND o.current = 1");
            return;
        }

        // The spec versions a row of the same object must have to compete in first/last.
        string sameSpec;
        if (query.SpecVersions.Count == 0)
        {
            sql.Append(" AND o.spec_version = (SELECT max(w.spec_version) FROM objects w WHERE w.id_key = o.id_key AND w.ckey = o.ckey AND w.object_id = o.object_id)");
            sameSpec = "w.spec_version = o.spec_version";
        }
        else
        {
            AppendIn(sql, command, "o.spec_version", "$spec", query.SpecVersions);
            sameSpec = "w.spec_version IN (" + string.Join(", ", Enumerable.Range(0, query.SpecVersions.Count).Select(i => "$spec" + i.ToString(CultureInfo.InvariantCulture))) + ")";
        }

        if (selector.IncludeAll)
        {
            return;
        }

        var parts = new List<string>();
        if (selector.IncludeFirst)
        {
            parts.Add($"o.version_key = (SELECT min(w.version_key) FROM objects w WHERE w.id_key = o.id_key AND w.ckey = o.ckey AND w.object_id = o.object_id AND {sameSpec})");
        }

        if (selector.IncludeLast)
        {
            parts.Add($"o.version_key = (SELECT max(w.version_key) FROM objects w WHERE w.id_key = o.id_key AND w.ckey = o.ckey AND w.object_id = o.object_id AND {sameSpec})");
        }

        if (selector.Exact.Count > 0)
        {
            var names = new List<string>();
            for (var i = 0; i < selector.Exact.Count; i++)
            {
                var name = "$exact" + i.ToString(CultureInfo.InvariantCulture);
                names.Add(name);
                command.Parameters.AddWithValue(name, ObjectVersion.Key(selector.Exact[i]));
            }

            parts.Add("o.version_key IN (" + string.Join(", ", names) + ")");
        }

        sql.Append(parts.Count == 0 ? " AND 0" : " AND (" + string.Join(" OR ", parts) + ")");
    }

    /// <summary>Narrows a match[id] filter through the id-key index (the ids themselves are compared too).</summary>
    private static void AppendIdKeys(StringBuilder sql, SqliteCommand command, IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        sql.Append(" AND o.id_key IN (");
        for (var i = 0; i < ids.Count; i++)
        {
            var name = "$idkey" + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "" : ", ").Append(name);
            command.Parameters.AddWithValue(name, ObjectIdKey.Of(ids[i]));
        }

        sql.Append(')');
    }

    private static void AppendIn(StringBuilder sql, SqliteCommand command, string column, string prefix, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        sql.Append(" AND ").Append(column).Append(" IN (");
        for (var i = 0; i < values.Count; i++)
        {
            var name = prefix + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "" : ", ").Append(name);
            command.Parameters.AddWithValue(name, values[i]);
        }

        sql.Append(')');
    }

    private static byte[] WriteDetails(StatusRecord status)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteList(writer, "successes", status.Successes);
            WriteList(writer, "failures", status.Failures);
            WriteList(writer, "pendings", status.Pendings);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();

        static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<StatusDetail> details)
        {
            writer.WriteStartArray(name);
            foreach (var detail in details)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(detail.Id);
                writer.WriteStringValue(detail.Version);
                if (detail.Message is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    writer.WriteStringValue(detail.Message);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }
    }

    private static StatusRecord ReadDetails(string id, string collectionId, long requestTimestamp, byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new StatusRecord(id, collectionId, requestTimestamp, List("successes"), List("failures"), List("pendings"));

        List<StatusDetail> List(string name)
        {
            var result = new List<StatusDetail>();
            foreach (var entry in root.GetProperty(name).EnumerateArray())
            {
                result.Add(new StatusDetail(entry[0].GetString()!, entry[1].GetString()!, entry[2].ValueKind == JsonValueKind.Null ? null : entry[2].GetString()));
            }

            return result;
        }
    }
}
