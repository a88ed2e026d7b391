using System.Text.Json;
using Korus.Stix;

namespace Korus.Hunting;

/// <summary>
/// The organisation a hunt sights for: a STIX identity whose id depends only on its name, so every hunt
/// by the same centre (from the CLI or a running node) names the same where_sighted_refs.
/// </summary>
public sealed class SightingIdentity
{
    private SightingIdentity(string id, byte[] json)
    {
        Id = id;
        Json = json;
    }

    /// <summary>The identity's id.</summary>
    public string Id { get; }

    /// <summary>The identity object (organization), to write at the head of a sightings bundle.</summary>
    public byte[] Json { get; }

    /// <summary>The identity named <paramref name="name"/>, created and modified at <paramref name="now"/>.</summary>
    public static SightingIdentity Create(string name, StixTimestamp now)
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

        return new SightingIdentity(id, buffer.ToArray());
    }
}
