using System.Buffers;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

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

    private static readonly string[] HashPriority = ["MD5", "SHA-1", "SHA-256", "SHA-512"];

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
        id = null;
        if (sco.ValueKind != JsonValueKind.Object || !sco.TryGetProperty("type"u8, out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var type = typeElement.GetString()!;
        if (!Contributing.TryGetValue(type, out var names) || names.Length == 0)
        {
            return false;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        buffer.Write("{"u8);
        var any = false;
        try
        {
            foreach (var name in names)
            {
                if (!sco.TryGetProperty(name, out var value))
                {
                    continue;
                }

                if (any)
                {
                    buffer.Write(","u8);
                }

                any = true;
                JsonCanonicalizer.WriteString(name, buffer);
                buffer.Write(":"u8);
                if (name == "hashes" && value.ValueKind == JsonValueKind.Object)
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
        id = Compute(type, buffer.WrittenSpan);
        return true;
    }

    /// <summary>The id <c>type--UUIDv5(namespace, canonicalJson)</c>.</summary>
    public static string Compute(string type, ReadOnlySpan<byte> canonicalJson)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type + "--" + Uuid5.Format(Uuid5.Create(Namespace, canonicalJson));
    }

    /// <summary>Only one hash contributes: the first present of MD5, SHA-1, SHA-256, SHA-512, else the first listed.</summary>
    private static void WriteChosenHash(JsonElement hashes, IBufferWriter<byte> buffer)
    {
        foreach (var algorithm in HashPriority)
        {
            if (hashes.TryGetProperty(algorithm, out var chosen))
            {
                WriteSingle(algorithm, chosen, buffer);
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

    private static void WriteSingle(string name, JsonElement value, IBufferWriter<byte> buffer)
    {
        buffer.Write("{"u8);
        JsonCanonicalizer.WriteString(name, buffer);
        buffer.Write(":"u8);
        JsonCanonicalizer.WriteCanonical(value, buffer);
        buffer.Write("}"u8);
    }
}
