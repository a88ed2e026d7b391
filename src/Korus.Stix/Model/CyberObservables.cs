using System.Text.Json;

namespace Korus.Stix.Model;

/// <summary>
/// A STIX cyber-observable object (SCO). The accessors here cover the properties several SCO types share;
/// <see cref="FileObject"/>, <see cref="NetworkTraffic"/>, <see cref="ProcessObject"/>,
/// <see cref="UserAccount"/>, <see cref="WindowsRegistryKey"/> and <see cref="EmailAddress"/> add their own.
/// </summary>
public class CyberObservable : StixObject
{
    internal CyberObservable(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>value</c> of ipv4-addr, ipv6-addr, domain-name, url, email-addr, mac-addr, mutex (<c>name</c>) and similar.</summary>
    public string? Value => GetString("value");

    /// <summary><c>defanged</c>; false when absent.</summary>
    public bool Defanged => GetBoolean("defanged") ?? false;

    /// <summary><c>resolves_to_refs</c> (ipv4-addr, ipv6-addr, domain-name).</summary>
    public IReadOnlyList<string> ResolvesToRefs => GetStringList("resolves_to_refs");

    /// <summary><c>belongs_to_refs</c> (ipv4-addr, ipv6-addr: autonomous systems).</summary>
    public IReadOnlyList<string> BelongsToRefs => GetStringList("belongs_to_refs");

    /// <summary><c>hashes</c> (file, artifact, x509-certificate).</summary>
    public IReadOnlyDictionary<string, string> Hashes => GetStringDictionary("hashes");
}

/// <summary>A file SCO.</summary>
public sealed class FileObject : CyberObservable
{
    internal FileObject(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>size</c> in bytes.</summary>
    public long? Size => GetInteger("size");

    /// <summary><c>mime_type</c>.</summary>
    public string? MimeType => GetString("mime_type");

    /// <summary><c>parent_directory_ref</c>.</summary>
    public string? ParentDirectoryRef => GetString("parent_directory_ref");

    /// <summary><c>contains_refs</c>.</summary>
    public IReadOnlyList<string> ContainsRefs => GetStringList("contains_refs");

    /// <summary><c>content_ref</c>.</summary>
    public string? ContentRef => GetString("content_ref");
}

/// <summary>A network-traffic SCO.</summary>
public sealed class NetworkTraffic : CyberObservable
{
    internal NetworkTraffic(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>src_ref</c>.</summary>
    public string? SrcRef => GetString("src_ref");

    /// <summary><c>dst_ref</c>.</summary>
    public string? DstRef => GetString("dst_ref");

    /// <summary><c>src_port</c>.</summary>
    public int? SrcPort => (int?)GetInteger("src_port");

    /// <summary><c>dst_port</c>.</summary>
    public int? DstPort => (int?)GetInteger("dst_port");

    /// <summary><c>protocols</c>, lowest layer first (ipv4, tcp, http).</summary>
    public IReadOnlyList<string> Protocols => GetStringList("protocols");

    /// <summary><c>start</c>.</summary>
    public StixTimestamp? Start => GetTimestamp("start");

    /// <summary><c>end</c>.</summary>
    public StixTimestamp? End => GetTimestamp("end");

    /// <summary><c>is_active</c>; false when absent.</summary>
    public bool IsActive => GetBoolean("is_active") ?? false;
}

/// <summary>A process SCO.</summary>
public sealed class ProcessObject : CyberObservable
{
    internal ProcessObject(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>pid</c>.</summary>
    public long? Pid => GetInteger("pid");

    /// <summary><c>command_line</c>.</summary>
    public string? CommandLine => GetString("command_line");

    /// <summary><c>cwd</c>.</summary>
    public string? Cwd => GetString("cwd");

    /// <summary><c>image_ref</c> (the executable file).</summary>
    public string? ImageRef => GetString("image_ref");

    /// <summary><c>parent_ref</c>.</summary>
    public string? ParentRef => GetString("parent_ref");

    /// <summary><c>creator_user_ref</c>.</summary>
    public string? CreatorUserRef => GetString("creator_user_ref");
}

/// <summary>A user-account SCO.</summary>
public sealed class UserAccount : CyberObservable
{
    internal UserAccount(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>user_id</c>.</summary>
    public string? UserId => GetString("user_id");

    /// <summary><c>account_login</c>.</summary>
    public string? AccountLogin => GetString("account_login");

    /// <summary><c>account_type</c>.</summary>
    public string? AccountType => GetString("account_type");

    /// <summary><c>display_name</c>.</summary>
    public string? DisplayName => GetString("display_name");
}

/// <summary>A windows-registry-key SCO.</summary>
public sealed class WindowsRegistryKey : CyberObservable
{
    internal WindowsRegistryKey(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>key</c> (full registry key, hive included).</summary>
    public string? Key => GetString("key");

    /// <summary><c>values</c>: each entry's name, data and data_type.</summary>
    public IReadOnlyList<(string? Name, string? Data, string? DataType)> Values => GetList("values", (element, path, id) =>
    {
        ExternalReference.RequireObject(element, path, id);
        return (ExternalReference.OptionalString(element, "name", path, id),
            ExternalReference.OptionalString(element, "data", path, id),
            ExternalReference.OptionalString(element, "data_type", path, id));
    });
}

/// <summary>An email-addr SCO.</summary>
public sealed class EmailAddress : CyberObservable
{
    internal EmailAddress(JsonElement root, string type, string id)
        : base(root, type, id)
    {
    }

    /// <summary><c>display_name</c>.</summary>
    public string? DisplayName => GetString("display_name");

    /// <summary><c>belongs_to_ref</c> (a user-account).</summary>
    public string? BelongsToRef => GetString("belongs_to_ref");
}
