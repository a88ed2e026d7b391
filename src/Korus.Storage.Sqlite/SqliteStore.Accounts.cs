using Microsoft.Data.Sqlite;

namespace Korus.Storage.Sqlite;

/// <summary>Collections, users, API keys and the audit log.</summary>
public sealed partial class SqliteStore
{
    private const string CollectionColumns = "id, title, description, alias, media_types, public_read, created_at";

    /// <inheritdoc />
    public async Task<bool> CreateCollectionAsync(CollectionDraft collection, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(actor);
        if (StoreNames.CheckCollectionId(collection.Id) is { } idProblem)
        {
            throw new ArgumentException(idProblem, nameof(collection));
        }

        if (collection.Alias is not null && StoreNames.CheckCollectionId(collection.Alias, "collection alias") is { } aliasProblem)
        {
            throw new ArgumentException(aliasProblem, nameof(collection));
        }

        if (string.IsNullOrWhiteSpace(collection.Title))
        {
            throw new ArgumentException("The collection title is empty; TAXII requires one.", nameof(collection));
        }

        return await WriteAsync(async (writer, tx) =>
        {
            // An id may not equal another collection's alias, nor an alias another's id: either can appear in a URL.
            await using (var clash = Command(writer, tx, "SELECT 1 FROM collections WHERE id IN ($id, $alias) OR alias IN ($id, $alias) LIMIT 1"))
            {
                clash.Parameters.AddWithValue("$id", collection.Id);
                clash.Parameters.AddWithValue("$alias", (object?)collection.Alias ?? collection.Id);
                if (await clash.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    return false;
                }
            }

            var now = StoreClock.NowMicros(_time);
            await using var insert = Command(writer, tx, "INSERT INTO collections(id, title, description, alias, media_types, public_read, created_at, last_added) VALUES ($id, $title, $description, $alias, $media, $public, $now, 0)");
            insert.Parameters.AddWithValue("$id", collection.Id);
            insert.Parameters.AddWithValue("$title", collection.Title);
            insert.Parameters.AddWithValue("$description", (object?)collection.Description ?? DBNull.Value);
            insert.Parameters.AddWithValue("$alias", (object?)collection.Alias ?? DBNull.Value);
            insert.Parameters.AddWithValue("$media", CollectionRecord.Stix21MediaType);
            insert.Parameters.AddWithValue("$public", collection.PublicRead ? 1 : 0);
            insert.Parameters.AddWithValue("$now", now);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await AuditAsync(writer, tx, actor, AuditActions.CollectionCreate, collection.Id, null, null, collection.PublicRead ? "public read" : null, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CollectionRecord>> ListCollectionsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<CollectionRecord>>(async connection =>
        {
            await using var command = Command(connection, null, $"SELECT {CollectionColumns} FROM collections ORDER BY id");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var result = new List<CollectionRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add(ReadCollection(reader));
            }

            return result;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<CollectionRecord?> FindCollectionAsync(string idOrAlias, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrAlias);
        return ReadRowAsync(
            $"SELECT {CollectionColumns} FROM collections WHERE id = $key UNION ALL SELECT {CollectionColumns} FROM collections WHERE alias = $key LIMIT 1",
            idOrAlias,
            ReadCollection,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> RemoveCollectionAsync(string id, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(actor);
        return WriteAsync(async (writer, tx) =>
        {
            long removed;
            await using (var count = Command(writer, tx, "SELECT (SELECT ckey FROM collections WHERE id = $id), (SELECT count(*) FROM objects WHERE ckey = (SELECT ckey FROM collections WHERE id = $id))"))
            {
                count.Parameters.AddWithValue("$id", id);
                await using var reader = await count.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                if (reader.IsDBNull(0))
                {
                    return false;
                }

                removed = reader.GetInt64(1);
            }

            await using var delete = Command(writer, tx, "DELETE FROM objects WHERE ckey = (SELECT ckey FROM collections WHERE id = $id); DELETE FROM collections WHERE id = $id; DELETE FROM statuses WHERE collection_id = $id; DELETE FROM rights WHERE collection_id = $id;");
            delete.Parameters.AddWithValue("$id", id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
            await AuditAsync(writer, tx, actor, AuditActions.CollectionRemove, id, null, null, $"{removed} object versions removed", cancellationToken);
            return true;
        }, cancellationToken);
    }

    private static CollectionRecord ReadCollection(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries),
        reader.GetInt64(5) != 0,
        reader.GetInt64(6));

    /// <inheritdoc />
    public Task<bool> SaveUserAsync(UserRecord user, bool replace, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(actor);
        if (StoreNames.CheckUserName(user.Name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(user));
        }

        foreach (var right in user.Rights)
        {
            if (right.CollectionId != CollectionRight.AnyCollection && StoreNames.CheckCollectionId(right.CollectionId) is { } rightProblem)
            {
                throw new ArgumentException(rightProblem, nameof(user));
            }
        }

        return WriteAsync(async (writer, tx) =>
        {
            await using (var exists = Command(writer, tx, "SELECT 1 FROM users WHERE name = $name"))
            {
                exists.Parameters.AddWithValue("$name", user.Name);
                if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    if (!replace)
                    {
                        return false;
                    }
                }
            }

            await using (var upsert = Command(writer, tx, """
                INSERT INTO users(name, password_hash, is_admin, created_at) VALUES ($name, $hash, $admin, $created)
                ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash, is_admin = excluded.is_admin;
                DELETE FROM rights WHERE user_name = $name;
                """))
            {
                upsert.Parameters.AddWithValue("$name", user.Name);
                upsert.Parameters.AddWithValue("$hash", user.PasswordHash);
                upsert.Parameters.AddWithValue("$admin", user.IsAdmin ? 1 : 0);
                upsert.Parameters.AddWithValue("$created", user.CreatedAt);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var right in user.Rights)
            {
                await using var insert = Command(writer, tx, "INSERT OR REPLACE INTO rights(user_name, collection_id, can_read, can_write) VALUES ($name, $collection, $read, $write)");
                insert.Parameters.AddWithValue("$name", user.Name);
                insert.Parameters.AddWithValue("$collection", right.CollectionId);
                insert.Parameters.AddWithValue("$read", right.CanRead ? 1 : 0);
                insert.Parameters.AddWithValue("$write", right.CanWrite ? 1 : 0);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await AuditAsync(writer, tx, actor, AuditActions.UserAdd, null, null, null, user.Name + (user.IsAdmin ? " (admin)" : ""), cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<UserRecord?> FindUserAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ReadAsync(async connection =>
        {
            var users = await ReadUsersAsync(connection, name, cancellationToken);
            return users.Count == 0 ? null : users[0];
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<UserRecord>> ListUsersAsync(CancellationToken cancellationToken) =>
        ReadAsync(connection => ReadUsersAsync(connection, null, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<UserRecord>> ReadUsersAsync(SqliteConnection connection, string? name, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, null, """
            SELECT u.name, u.password_hash, u.is_admin, u.created_at, r.collection_id, r.can_read, r.can_write
            FROM users u LEFT JOIN rights r ON r.user_name = u.name
            WHERE $name IS NULL OR u.name = $name
            ORDER BY u.name, r.collection_id
            """);
        command.Parameters.AddWithValue("$name", (object?)name ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<UserRecord>();
        List<CollectionRight>? rights = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var userName = reader.GetString(0);
            if (result.Count == 0 || !string.Equals(result[^1].Name, userName, StringComparison.Ordinal))
            {
                rights = [];
                result.Add(new UserRecord(userName, reader.GetString(1), reader.GetInt64(2) != 0, reader.GetInt64(3), rights));
            }

            if (!reader.IsDBNull(4))
            {
                rights!.Add(new CollectionRight(reader.GetString(4), reader.GetInt64(5) != 0, reader.GetInt64(6) != 0));
            }
        }

        return result;
    }

    /// <inheritdoc />
    public Task<bool> RemoveUserAsync(string name, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(actor);
        return WriteAsync(async (writer, tx) =>
        {
            await using var delete = Command(writer, tx, "DELETE FROM users WHERE name = $name");
            delete.Parameters.AddWithValue("$name", name);
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await AuditAsync(writer, tx, actor, AuditActions.UserRemove, null, null, null, name, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task AddApiKeyAsync(ApiKeyRecord key, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(actor);
        return WriteAsync(async (writer, tx) =>
        {
            await using (var exists = Command(writer, tx, "SELECT 1 FROM users WHERE name = $name"))
            {
                exists.Parameters.AddWithValue("$name", key.UserName);
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    throw new ArgumentException($"There is no user '{key.UserName}' to give an API key.", nameof(key));
                }
            }

            await using var insert = Command(writer, tx, "INSERT INTO api_keys(key_id, user_name, secret_hash, label, created_at) VALUES ($id, $user, $hash, $label, $created)");
            insert.Parameters.AddWithValue("$id", key.KeyId);
            insert.Parameters.AddWithValue("$user", key.UserName);
            insert.Parameters.AddWithValue("$hash", key.SecretHash);
            insert.Parameters.AddWithValue("$label", (object?)key.Label ?? DBNull.Value);
            insert.Parameters.AddWithValue("$created", key.CreatedAt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await AuditAsync(writer, tx, actor, AuditActions.ApiKeyAdd, null, null, null, $"{key.KeyId} for {key.UserName}", cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ApiKeyRecord?> FindApiKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        return ReadRowAsync(
            "SELECT key_id, user_name, secret_hash, label, created_at FROM api_keys WHERE key_id = $key",
            keyId,
            reader => new ApiKeyRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ReadAsync<IReadOnlyList<AuditEntry>>(async connection =>
        {
            await using var command = Command(connection, null, "SELECT seq, at, actor, action, collection_id, object_id, version, detail FROM audit WHERE seq > $after ORDER BY seq LIMIT $limit");
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var result = new List<AuditEntry>();
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add(new AuditEntry(
                    reader.GetInt64(0),
                    reader.GetInt64(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
            }

            return result;
        }, cancellationToken);
    }
}
