using System.Text.Json;
using Korus.Stix.Identifiers;

namespace Korus.Stix.Model;

/// <summary>
/// The organisation a node speaks for: a STIX identity whose id depends only on its name, so every hunt,
/// incident and notice by the same centre (from the CLI or a running node) names the same identity in
/// where_sighted_refs and created_by_ref.
/// </summary>
public sealed class NodeIdentity
{
    private NodeIdentity(string id, byte[] json)
    {
        Id = id;
        Json = json;
    }

    /// <summary>The identity's id.</summary>
    public string Id { get; }

    /// <summary>The identity object (organization), to send with what refers to it.</summary>
    public byte[] Json { get; }

    /// <summary>The identity named <paramref name="name"/>, created and modified at <paramref name="now"/>.</summary>
    public static NodeIdentity Create(string name, StixTimestamp now)
    {
        ArgumentNullException.ThrowIfNull(name);
        var id = StableIds.Create("identity", "korus-identity\n" + name);
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "identity");
            json.WriteString("spec_version", "2.1");
            json.WriteString("id", id);
            json.WriteString("created", now.ToString());
            json.WriteString("modified", now.ToString());
            json.WriteString("name", name);
            json.WriteString("identity_class", "organization");
            json.WriteEndObject();
        }

        return new NodeIdentity(id, buffer.ToArray());
    }
}
