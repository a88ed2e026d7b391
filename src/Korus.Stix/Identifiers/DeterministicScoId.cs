using System.Buffers;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Korus.Stix.Json;

namespace Korus.Stix.Identifiers;

/// <summary>
/// Deterministic ids for STIX 2.1 cyber-observables: the UUIDv5, in the STIX SCO namespace, of the
/// RFC 8785 canonical JSON of the object's ID-contributing properties (STIX 2.1 §2.9). Two producers
/// that see the same observable mint the same id.
/// </summary>
public static class DeterministicScoId
{
    /// <summary>The STIX namespace for SCO ids: 00abedb4-aa42-466c-9c01-fed23315a9b7.</summary>
    public static readonly Guid Namespace = new("00abedb4-aa42-466c-9c01-fed23315a9b7");

    // Names are kept in canonical (sorted) order so the canonical object can be written directly.
    private static readonly FrozenDictionary<string, string[]> Contributing = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["artifact"] = ["hashes", "payload_bin"],
        ["autonomous-system"] = ["number"],
        ["directory"] = ["path"],
        ["domain-name"] = ["value"],
        ["email-addr"] = ["value"],
        ["email-message"] = ["body", "from_ref", "subject"],
        ["file"] = ["extensions", "hashes", "name", "parent_directory_ref"],
        ["ipv4-addr"] = ["value"],
        ["ipv6-addr"] = ["value"],
        ["mac-addr"] = ["value"],
        ["mutex"] = ["name"],
        ["network-traffic"] = ["dst_port", "dst_ref", "end", "extensions", "protocols", "src_port", "src_ref", "start"],
        ["process"] = [],
        ["software"] = ["cpe", "name", "swid", "vendor", "version"],
        ["url"] = ["value"],
        ["user-account"] = ["account_login", "account_type", "user_id"],
        ["windows-registry-key"] = ["key", "values"],
        ["x509-certificate"] = ["hashes", "serial_number"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly byte[][] HashPriority = ["MD5"u8.ToArray(), "SHA-1"u8.ToArray(), "SHA-256"u8.ToArray(), "SHA-512"u8.ToArray()];

    // The same names as UTF-8 (for lookups without transcoding) and as canonical member prefixes ("name":).
    private static readonly FrozenDictionary<string, (byte[] Name, byte[] Prefix)[]> ContributingUtf8 = Contributing.ToFrozenDictionary(
        pair => pair.Key,
        pair => pair.Value.Select(n => (System.Text.Encoding.UTF8.GetBytes(n), System.Text.Encoding.UTF8.GetBytes("\"" + n + "\":"))).ToArray(),
        StringComparer.Ordinal);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>
    /// The ID-contributing property names of an SCO type: empty for <c>process</c> (always UUIDv4), null
    /// for a type that is not a STIX 2.1 SCO.
    /// </summary>
    public static IReadOnlyList<string>? ContributingProperties(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Contributing.TryGetValue(type, out var names) ? names : null;
    }

    /// <summary>
    /// Computes the deterministic id of an SCO. False when the type is not a known SCO, is a process,
    /// or has none of its contributing properties (such SCOs must use UUIDv4).
    /// </summary>
    public static bool TryCompute(JsonElement sco, [NotNullWhen(true)] out string? id)
    {
        if (TryComputeUuid(sco, out var type, out var uuid))
        {
            id = type + "--" + Uuid5.Format(uuid);
            return true;
        }

        id = null;
        return false;
    }

    /// <summary>
    /// Computes the UUID part of an SCO's deterministic id, and its type, without building the id string;
    /// false in the same cases as <see cref="TryCompute"/>.
    /// </summary>
    public static bool TryComputeUuid(JsonElement sco, [NotNullWhen(true)] out string? type, out Guid uuid)
    {
        type = null;
        uuid = default;
        if (sco.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var tree = JsonTree.Rent();
        try
        {
            tree.Parse(sco);
            return TryComputeUuid(tree.Root, out type, out uuid);
        }
        catch (JsonException)
        {
            // Text that is not Unicode (invalid UTF-8, an escaped lone surrogate) has no canonical form, so no deterministic id.
            return false;
        }
        finally
        {
            JsonTree.Return(tree);
        }
    }

    private static bool TryComputeUuid(JsonItem sco, [NotNullWhen(true)] out string? type, out Guid uuid)
    {
        type = null;
        uuid = default;
        if (sco.ValueKind != JsonValueKind.Object || !sco.TryGetProperty("type"u8, out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var typeName = typeElement.GetString()!;
        if (!TryComputeUuid(new ItemProperties(sco), typeName, out uuid))
        {
            return false;
        }

        type = typeName;
        return true;
    }

    /// <summary>
    /// Computes the UUID of an SCO of a known type whose top-level properties <paramref name="properties"/>
    /// gives (the validator passes its indexed view of the object).
    /// </summary>
    internal static bool TryComputeUuid<TProperties>(TProperties properties, string type, out Guid uuid)
        where TProperties : IJsonProperties
    {
        uuid = default;
        if (!ContributingUtf8.TryGetValue(type, out var names) || names.Length == 0)
        {
            return false;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        buffer.Write("{"u8);
        var any = false;
        try
        {
            foreach (var (name, prefix) in names)
            {
                if (!properties.TryGet(name, out var value))
                {
                    continue;
                }

                if (any)
                {
                    buffer.Write(","u8);
                }

                any = true;
                buffer.Write(prefix);
                if (value.ValueKind == JsonValueKind.Object && name.AsSpan().SequenceEqual("hashes"u8))
                {
                    WriteChosenHash(value, buffer);
                }
                else
                {
                    JsonCanonicalizer.WriteCanonical(value, buffer);
                }
            }
        }
        catch (ArgumentException)
        {
            return false;
        }

        if (!any)
        {
            return false;
        }

        buffer.Write("}"u8);
        uuid = Uuid5.Create(Namespace, buffer.WrittenSpan);
        return true;
    }

    /// <summary>Top-level property lookup on an object of a tree that is not being validated.</summary>
    private readonly struct ItemProperties(JsonItem element) : IJsonProperties
    {
        public bool TryGet(ReadOnlySpan<byte> utf8Name, out JsonItem value) => element.TryGetProperty(utf8Name, out value);
    }

    /// <summary>The id <c>type--UUIDv5(namespace, canonicalJson)</c>.</summary>
    public static string Compute(string type, ReadOnlySpan<byte> canonicalJson)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type + "--" + Uuid5.Format(Uuid5.Create(Namespace, canonicalJson));
    }

    /// <summary>Only one hash contributes: the first present of MD5, SHA-1, SHA-256, SHA-512, else the first listed.</summary>
    private static void WriteChosenHash(JsonItem hashes, IBufferWriter<byte> buffer)
    {
        foreach (var algorithm in HashPriority)
        {
            if (hashes.TryGetProperty(algorithm, out var chosen))
            {
                buffer.Write("{\""u8);
                buffer.Write(algorithm);
                buffer.Write("\":"u8);
                JsonCanonicalizer.WriteCanonical(chosen, buffer);
                buffer.Write("}"u8);
                return;
            }
        }

        foreach (var first in hashes.EnumerateObject())
        {
            WriteSingle(first.Name, first.Value, buffer);
            return;
        }

        buffer.Write("{}"u8);
    }

    private static void WriteSingle(string name, JsonItem value, IBufferWriter<byte> buffer)
    {
        buffer.Write("{"u8);
        JsonCanonicalizer.WriteString(name, buffer);
        buffer.Write(":"u8);
        JsonCanonicalizer.WriteCanonical(value, buffer);
        buffer.Write("}"u8);
    }
}
