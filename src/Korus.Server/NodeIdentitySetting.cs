using Korus.Storage;

namespace Korus.Server;

/// <summary>
/// The organisation a node speaks for (the identity in its sightings, incidents and notices) is kept in
/// its database, set by the first <c>korus serve</c>. A later start without <c>--identity</c> uses the
/// stored name instead of a default, so a forgotten option never makes a node speak as someone else;
/// commands that write for the node offline must name the same organisation or none.
/// </summary>
public static class NodeIdentitySetting
{
    /// <summary>The name used when none was ever given.</summary>
    public const string DefaultName = "Korus node";

    private const string Setting = "identity";

    /// <summary>
    /// For <c>korus serve</c>: the name to use. <paramref name="requested"/> null means "as stored"; a
    /// different explicit name replaces the stored one (the change is audited and returned as the
    /// previous name so the caller can log it).
    /// </summary>
    public static async Task<(string Name, string? Previous)> ForServeAsync(IKorusStore store, string? requested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = await store.GetSettingAsync(Setting, cancellationToken);
        var name = requested ?? stored ?? DefaultName;
        if (stored != name)
        {
            await store.SetSettingAsync(Setting, name, "korus serve", cancellationToken);
        }

        return (name, stored is not null && stored != name ? stored : null);
    }

    /// <summary>
    /// For commands that write for the node without serving it: the stored name, or
    /// <paramref name="requested"/> when nothing is stored yet; a problem when both exist and differ.
    /// </summary>
    public static async Task<(string? Name, string? Problem)> ForCommandAsync(IKorusStore store, string? requested, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = await store.GetSettingAsync(Setting, cancellationToken);
        if (requested is not null && stored is not null && requested != stored)
        {
            return (null, $"--identity '{requested}' is not the organisation this node speaks for ('{stored}', set by korus serve); give '{stored}' or leave --identity out.");
        }

        return (requested ?? stored ?? DefaultName, null);
    }
}
