namespace Korus.Storage;

/// <summary>
/// A partner node: where its TAXII server is, the credentials this node uses there, which of its
/// collections this node pulls from and pushes to. The password is kept only encrypted
/// (<see cref="PartnerSecrets"/>) because, unlike a user's, it must be presented to the partner.
/// </summary>
/// <param name="Name">The partner's name (lower-case letters, digits, '-'): <c>kr</c>, <c>us</c>.</param>
/// <param name="Url">The partner's TAXII discovery URL or one of its API root URLs.</param>
/// <param name="User">The user name this node has on the partner.</param>
/// <param name="ProtectedPassword">The password, encrypted with this node's partner key.</param>
/// <param name="PullCollection">The partner's collection this node reads.</param>
/// <param name="PushCollection">The partner's collection this node writes to (notices, acknowledgements, shared intelligence).</param>
/// <param name="PolicyPath">A sharing policy file for this partner, when not the default.</param>
/// <param name="IntervalSeconds">How often to sync with the partner.</param>
/// <param name="CreatedAt">When the partner was added (microseconds since the Unix epoch).</param>
public sealed record PartnerRecord(
    string Name,
    string Url,
    string User,
    byte[] ProtectedPassword,
    string PullCollection,
    string PushCollection,
    string? PolicyPath,
    int IntervalSeconds,
    long CreatedAt)
{
    /// <summary>The local collection objects from this partner land in.</summary>
    public string FromCollection => FromCollectionOf(Name);

    /// <summary>The local collection this partner reads.</summary>
    public string ToCollection => ToCollectionOf(Name);

    /// <summary><c>from-NAME</c>.</summary>
    public static string FromCollectionOf(string name) => "from-" + name;

    /// <summary><c>to-NAME</c>.</summary>
    public static string ToCollectionOf(string name) => "to-" + name;

    /// <summary>Null when <paramref name="name"/> is a usable partner name, else why not.</summary>
    public static string? CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 40 || !char.IsAsciiLetterLower(name[0]))
        {
            return $"The partner name '{name}' must start with a lower-case letter and be 1 to 40 characters long.";
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return $"The partner name '{name}' has '{c}'; only lower-case letters, digits and '-' are allowed.";
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => $"PartnerRecord {{ Name = {Name}, Url = {Url}, User = {User}, Password = (hidden) }}";
}
