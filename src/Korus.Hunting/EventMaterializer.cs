using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Korus.Patterning.Matching;
using Korus.Stix;
using Korus.Stix.Identifiers;

namespace Korus.Hunting;

/// <summary>A telemetry event written out as STIX: its observed-data and cyber-observable objects (JSON) and the observation they make.</summary>
internal sealed record MaterializedEvent(Observation Observation, IReadOnlyList<byte[]> Objects);

/// <summary>
/// Turns a mapped JSON-lines event into STIX 2.1 objects: one object per slot that exists (its own
/// values, or for network-traffic, process, email-message, user-account and registry keys, references
/// to objects that exist), deterministic SCO ids, and an observed-data whose id is derived from the
/// telemetry source and line, so hunting the same file twice cites the same observed-data.
/// </summary>
internal static class EventMaterializer
{
    /// <summary>Bit per slot: the slots that get an object in this event.</summary>
    public static ulong Present(TelemetryEvent e, TelemetryMapping mapping)
    {
        ulong own = 0;
        foreach (ref readonly var value in e.Values)
        {
            own |= 1UL << value.Field.Slot;
        }

        var present = own;
        foreach (var slot in mapping.Slots)
        {
            if ((present & (1UL << slot.Index)) == 0 && !MappingSlot.NeedsOwnValues(slot.Type))
            {
                foreach (var reference in slot.References)
                {
                    if ((present & (1UL << reference.Target)) != 0)
                    {
                        present |= 1UL << slot.Index;
                        break;
                    }
                }
            }
        }

        return present;
    }

    public static MaterializedEvent Materialize(TelemetryEvent e, TelemetryMapping mapping, string source, StixTimestamp time, StixTimestamp now)
    {
        var present = Present(e, mapping);
        var slotCount = mapping.Slots.Length;
        var ids = new List<string>[slotCount];
        var types = new string[slotCount][];
        var objects = new List<byte[]>();
        var observed = new List<ObservedObject>();
        var buffer = new ArrayBufferWriter<byte>(512);

        foreach (var slot in mapping.Slots)
        {
            ids[slot.Index] = [];
            if ((present & (1UL << slot.Index)) == 0)
            {
                continue;
            }

            // An object per element when a scalar field held a list (several recipients); else one.
            var instances = new SortedSet<int>();
            foreach (ref readonly var value in e.Values)
            {
                if (value.Field.Slot == slot.Index)
                {
                    instances.Add(value.Field.IsList ? 0 : value.Element);
                }
            }

            if (instances.Count == 0)
            {
                instances.Add(0);
            }

            foreach (var instance in instances)
            {
                var tree = new SortedDictionary<string, object>(StringComparer.Ordinal);
                string? ipValue = null;
                foreach (ref readonly var value in e.Values)
                {
                    if (value.Field.Slot != slot.Index || (!value.Field.IsList && value.Element != instance))
                    {
                        continue;
                    }

                    var node = tree;
                    var properties = value.Field.Properties;
                    for (var i = 0; i < properties.Length - 1; i++)
                    {
                        if (!node.TryGetValue(properties[i], out var child) || child is not SortedDictionary<string, object> dictionary)
                        {
                            dictionary = new SortedDictionary<string, object>(StringComparer.Ordinal);
                            node[properties[i]] = dictionary;
                        }

                        node = dictionary;
                    }

                    object scalar = value.Kind switch
                    {
                        ScalarKind.String => Encoding.UTF8.GetString(e.Bytes(value)),
                        ScalarKind.Integer => value.Integer,
                        ScalarKind.Float => value.Number,
                        _ => value.Integer == 1,
                    };
                    if (slot.Type == "ip" && properties is ["value"] && scalar is string ip)
                    {
                        ipValue = ip;
                    }

                    if (value.Field.IsList)
                    {
                        if (!node.TryGetValue(properties[^1], out var list) || list is not List<object> items)
                        {
                            items = [];
                            node[properties[^1]] = items;
                        }

                        items.Add(scalar);
                    }
                    else
                    {
                        node.TryAdd(properties[^1], scalar);
                    }
                }

                var type = slot.Type == "ip" ? (ipValue is not null && ipValue.Contains(':', StringComparison.Ordinal) ? "ipv6-addr" : "ipv4-addr") : slot.Type;
                foreach (var reference in slot.References)
                {
                    var targets = ids[reference.Target];
                    if (targets.Count > 0)
                    {
                        tree[reference.Property] = reference.IsList ? targets.Cast<object>().ToList() : targets[0];
                    }
                }

                if (type == "network-traffic" && !tree.ContainsKey("protocols"))
                {
                    // Required by STIX; an IP flow is at least ipv4 or ipv6, as its addresses show.
                    var v6 = slot.References.Any(r => types[r.Target] is { Length: > 0 } t && t[0] == "ipv6-addr");
                    tree["protocols"] = new List<object> { v6 ? "ipv6" : "ipv4" };
                }

                if (type == "email-message" && !tree.ContainsKey("is_multipart"))
                {
                    tree["is_multipart"] = false; // required by STIX; the event describes no parts
                }

                var json = Write(buffer, type, null, tree);
                using (var document = JsonDocument.Parse(json))
                {
                    // Types without id-contributing properties (process, ...) take a UUIDv4; it is derived
                    // from the event so that the same line always gives the same object.
                    var id = DeterministicScoId.TryCompute(document.RootElement, out var computed)
                        ? computed
                        : StableIds.Create(type, source + "\n" + e.Line.ToString(CultureInfo.InvariantCulture) + "\n" + Encoding.UTF8.GetString(json));
                    var final = Write(buffer, type, id, tree);
                    objects.Add(final);
                    ids[slot.Index].Add(id);
                }

                types[slot.Index] = [type];
            }
        }

        var refs = objects.Select(o => JsonDocument.Parse(o)).ToList();
        foreach (var document in refs)
        {
            var root = document.RootElement;
            observed.Add(new ObservedObject(root.GetProperty("id").GetString()!, root.GetProperty("type").GetString()!, root));
        }

        var observedDataId = ObservedDataId(e.Line, e.Raw.Span, source);
        var observedData = WriteObservedData(buffer, observedDataId, time, now, ids);
        var all = new List<byte[]>(objects.Count + 1) { observedData };
        all.AddRange(objects);
        return new MaterializedEvent(new Observation(observedDataId, time, time, 1, observed), all);
    }

    /// <summary>The observed-data id of the event on line <paramref name="line"/> with these bytes: derived from the source, the line number and the line's bytes.</summary>
    public static string ObservedDataId(long line, ReadOnlySpan<byte> raw, string source) =>
        StableIds.Create("observed-data", $"{source}\n{line.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw))}");

    private static byte[] WriteObservedData(ArrayBufferWriter<byte> buffer, string id, StixTimestamp time, StixTimestamp now, List<string>[] ids)
    {
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "observed-data");
            json.WriteString("spec_version", "2.1");
            json.WriteString("id", id);
            json.WriteString("created", now.ToString());
            json.WriteString("modified", now.ToString());
            json.WriteString("first_observed", time.ToString());
            json.WriteString("last_observed", time.ToString());
            json.WriteNumber("number_observed", 1);
            json.WriteStartArray("object_refs");
            foreach (var list in ids)
            {
                foreach (var objectId in list ?? [])
                {
                    json.WriteStringValue(objectId);
                }
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Write(ArrayBufferWriter<byte> buffer, string type, string? id, SortedDictionary<string, object> tree)
    {
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", type);
            json.WriteString("spec_version", "2.1");
            if (id is not null)
            {
                json.WriteString("id", id);
            }

            foreach (var (key, value) in tree)
            {
                json.WritePropertyName(key);
                WriteValue(json, value);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter json, object value)
    {
        switch (value)
        {
            case string s: json.WriteStringValue(s); break;
            case long l: json.WriteNumberValue(l); break;
            case double d: json.WriteNumberValue(d); break;
            case bool b: json.WriteBooleanValue(b); break;
            case List<object> list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(json, item);
                }

                json.WriteEndArray();
                break;
            case SortedDictionary<string, object> dictionary:
                json.WriteStartObject();
                foreach (var (key, item) in dictionary)
                {
                    json.WritePropertyName(key);
                    WriteValue(json, item);
                }

                json.WriteEndObject();
                break;
        }
    }
}
