using System.Security.Cryptography;
using System.Text;

namespace Korus.Stix.Identifiers;

/// <summary>
/// Ids for domain objects Korus writes (identity, sighting, observed-data, notices) that are the same each
/// time the same input is hunted: version-4 UUIDs whose 122 free bits come from SHA-256 of a name, so
/// they carry no SCO-namespace version-5 mark (STIX wants UUIDv4 for SDOs and SROs) and re-hunting a
/// file does not duplicate what a partner already stored.
/// </summary>
public static class StableIds
{
    /// <summary><c>type--uuid</c> for <paramref name="name"/>.</summary>
    public static string Create(string type, string name)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(type + "\n" + name), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return type + "--" + new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}
