using System.Runtime.CompilerServices;

namespace Korus.Storage;

/// <summary>Queries that read a collection to the end, page after page.</summary>
public static class StoreQueries
{
    /// <summary>Every object version <paramref name="query"/> selects, in date_added order, read in pages of its limit.</summary>
    public static async IAsyncEnumerable<StoredObject> QueryAllAsync(this IKorusStore store, string collectionId, ObjectQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(query);
        while (true)
        {
            var page = await store.QueryObjectsAsync(collectionId, query, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            if (!page.More || page.Items.Count == 0)
            {
                yield break;
            }

            query = query with { AddedAfter = page.Items[^1].DateAdded };
        }
    }
}
