namespace Korus.Stix.Identifiers;

/// <summary>Name-based UUIDs, version 5 (RFC 4122 §4.3: SHA-1 over the namespace and the name).</summary>
public static class Uuid5
{
    /// <summary>The version-5 UUID of <paramref name="name"/> in <paramref name="namespaceId"/>.</summary>
    public static Guid Create(Guid namespaceId, ReadOnlySpan<byte> name)
    {
        var input = name.Length <= 1024 ? stackalloc byte[16 + name.Length] : new byte[16 + name.Length];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input[16..]);
        Span<byte> hash = stackalloc byte[20];
        Sha1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>Lower-case 8-4-4-4-12 text, as STIX ids use.</summary>
    public static string Format(Guid value) => value.ToString("D");
}
