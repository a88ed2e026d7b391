namespace Korus.Storage.Sqlite;

/// <summary>
/// The compact key the <c>objects_by_key</c> index holds instead of the object id's text: 47 bits of an
/// FNV-1a hash of the id's UTF-16 code units, folded. STIX ids are random UUIDs, so every commit of a
/// busy ingest touches index pages all over the tree; a key of six bytes instead of the id's fifty
/// packs four times as many entries in a page, and a commit dirties (and the checkpoint rewrites) that
/// many fewer pages. Every query by id compares <c>object_id</c> as well, so a collision costs one more
/// row read, never a wrong answer. The value is stored: this function never changes (schema 3).
/// </summary>
internal static class ObjectIdKey
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;
    private const long Mask = (1L << 47) - 1;

    public static long Of(string objectId)
    {
        ArgumentNullException.ThrowIfNull(objectId);
        var hash = Offset;
        foreach (var c in objectId)
        {
            hash = (hash ^ c) * Prime;
        }

        return (long)(hash ^ (hash >> 47)) & Mask;
    }
}
