using Korus.Storage;

namespace Korus.Taxii.Server;

/// <summary>
/// Who is calling, as a request feature set by the host's authentication: a user with rights, or
/// anonymous (<see cref="User"/> null), who may read only collections made public.
/// </summary>
/// <param name="User">The authenticated user, or null for an anonymous caller.</param>
public sealed record TaxiiCaller(UserRecord? User)
{
    /// <summary>The anonymous caller.</summary>
    public static TaxiiCaller Anonymous { get; } = new((UserRecord?)null);

    /// <summary>True when the caller presented valid credentials.</summary>
    public bool IsAuthenticated => User is not null;

    /// <summary>The name recorded in the audit log.</summary>
    public string Name => User?.Name ?? "anonymous";

    /// <summary>May read objects of <paramref name="collection"/>.</summary>
    public bool CanRead(CollectionRecord collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return collection.PublicRead || (User?.CanRead(collection.Id) ?? false);
    }

    /// <summary>May add objects to <paramref name="collection"/>.</summary>
    public bool CanWrite(CollectionRecord collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return User?.CanWrite(collection.Id) ?? false;
    }

    /// <summary>May know <paramref name="collection"/> exists.</summary>
    public bool CanSee(CollectionRecord collection) => CanRead(collection) || CanWrite(collection);
}
