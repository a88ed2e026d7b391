using System.Text;
using System.Text.Json;
using Korus.Patterning;
using Korus.Patterning.Syntax;
using Korus.Stix.Json;
using Korus.Stix.Validation;

namespace Korus.Hunting;

/// <summary>
/// How flat or nested JSON events (one per line) become STIX cyber-observable objects: named object
/// slots with a STIX type (or <c>ip</c>, which becomes ipv4-addr or ipv6-addr by the value), references
/// between slots, and for each dotted field name the slot property it fills. The built-in
/// <see cref="Ecs"/> mapping covers the Elastic Common Schema; <c>Load</c> reads a mapping file
/// of the same shape (docs/hunting.md).
/// </summary>
public sealed class TelemetryMapping
{
    private static readonly Lazy<TelemetryMapping> EcsMapping = new(() =>
    {
        using var stream = typeof(TelemetryMapping).Assembly.GetManifestResourceStream("Korus.Hunting.Mappings.ecs.json")!;
        return Load(stream, "built-in ecs mapping");
    });

    private TelemetryMapping(string name, IReadOnlyList<string> timestampFields, MappingSlot[] slots, MappedField[] fields)
    {
        Name = name;
        TimestampFields = timestampFields;
        Slots = slots;
        Fields = fields;
        Root = FieldNode.Build(fields, timestampFields);
    }

    /// <summary>The built-in Elastic Common Schema mapping.</summary>
    public static TelemetryMapping Ecs => EcsMapping.Value;

    /// <summary>The mapping's name.</summary>
    public string Name { get; }

    /// <summary>Fields tried, in order, for the event's time.</summary>
    public IReadOnlyList<string> TimestampFields { get; }

    /// <summary>The object slots, each after the slots it references.</summary>
    internal MappingSlot[] Slots { get; }

    /// <summary>The mapped fields.</summary>
    internal MappedField[] Fields { get; }


    /// <summary>The field names as a tree of name segments, walked while an event is read.</summary>
    internal FieldNode Root { get; }

    /// <summary>Reads a mapping file.</summary>
    /// <exception cref="MappingException">The file is not a valid mapping; the message names the member and the reason.</exception>
    public static TelemetryMapping Load(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonDocument document;
        try
        {
            document = StrictJson.Parse(stream, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new MappingException($"{source}: not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MappingException($"{source}: a mapping is a JSON object with objects and fields.");
            }

            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : Path.GetFileNameWithoutExtension(source);
            var timestamps = new List<string>();
            if (root.TryGetProperty("timestamp", out var ts))
            {
                if (ts.ValueKind == JsonValueKind.String)
                {
                    timestamps.Add(ts.GetString()!);
                }
                else if (ts.ValueKind == JsonValueKind.Array && ts.EnumerateArray().All(t => t.ValueKind == JsonValueKind.String))
                {
                    timestamps.AddRange(ts.EnumerateArray().Select(t => t.GetString()!));
                }
                else
                {
                    throw new MappingException($"{source}: $.timestamp must be a field name or a list of field names.");
                }
            }

            if (!root.TryGetProperty("objects", out var objects) || objects.ValueKind != JsonValueKind.Object)
            {
                throw new MappingException($"{source}: $.objects must be an object naming each object slot and its type.");
            }

            var slotsByName = new Dictionary<string, int>(StringComparer.Ordinal);
            var raw = new List<(string Name, string Type, List<(string Property, string Target)> Refs)>();
            foreach (var slot in objects.EnumerateObject())
            {
                if (slot.Value.ValueKind != JsonValueKind.Object || !slot.Value.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                {
                    throw new MappingException($"{source}: $.objects.{slot.Name} needs a string type (a STIX cyber-observable type, a custom x- type, or ip).");
                }

                var typeName = type.GetString()!;
                if (typeName != "ip" && !StixSchema.IsCyberObservable(typeName) && !typeName.StartsWith("x-", StringComparison.Ordinal))
                {
                    throw new MappingException($"{source}: $.objects.{slot.Name}.type: '{typeName}' is not a STIX cyber-observable type, a custom x- type, or ip.");
                }

                var refs = new List<(string, string)>();
                if (slot.Value.TryGetProperty("refs", out var refsElement))
                {
                    if (refsElement.ValueKind != JsonValueKind.Object)
                    {
                        throw new MappingException($"{source}: $.objects.{slot.Name}.refs must map reference properties to slot names.");
                    }

                    foreach (var reference in refsElement.EnumerateObject())
                    {
                        if (!(reference.Name.EndsWith("_ref", StringComparison.Ordinal) || reference.Name.EndsWith("_refs", StringComparison.Ordinal)) || reference.Value.ValueKind != JsonValueKind.String)
                        {
                            throw new MappingException($"{source}: $.objects.{slot.Name}.refs.{reference.Name}: a reference property ends in _ref or _refs and names a slot.");
                        }

                        refs.Add((reference.Name, reference.Value.GetString()!));
                    }
                }

                slotsByName[slot.Name] = raw.Count;
                raw.Add((slot.Name, typeName, refs));
            }

            if (raw.Count > 64)
            {
                throw new MappingException($"{source}: $.objects: a mapping may have at most 64 object slots, found {raw.Count}.");
            }

            var slots = OrderSlots(raw, slotsByName, source);
            var slotIndex = slots.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
            if (!root.TryGetProperty("fields", out var fieldsElement) || fieldsElement.ValueKind != JsonValueKind.Object)
            {
                throw new MappingException($"{source}: $.fields must map dotted event field names to slot:property paths.");
            }

            var fields = new List<MappedField>();
            foreach (var field in fieldsElement.EnumerateObject())
            {
                if (field.Value.ValueKind != JsonValueKind.String)
                {
                    throw new MappingException($"{source}: $.fields['{field.Name}'] must be a slot:property path such as \"file:hashes.'SHA-256'\".");
                }

                var target = field.Value.GetString()!;
                var tree = StixPattern.ParseSyntax($"[EXISTS {target}]", out var error);
                if (tree is not ObservationBracket { Body: ExistsComparison exists })
                {
                    throw new MappingException($"{source}: $.fields['{field.Name}']: '{target}' is not a slot:property path ({error?.Message}).");
                }

                var path = exists.Path;
                if (!slotIndex.TryGetValue(path.ObjectType, out var slotNumber))
                {
                    throw new MappingException($"{source}: $.fields['{field.Name}']: there is no object slot named '{path.ObjectType}'.");
                }

                var steps = path.Steps;
                for (var i = 0; i < steps.Count; i++)
                {
                    if (steps[i].Kind == PathStepKind.Index || (steps[i].Kind == PathStepKind.AnyIndex && i != steps.Count - 1))
                    {
                        throw new MappingException($"{source}: $.fields['{field.Name}']: only a final [*] (append to a list) may follow the properties.");
                    }
                }

                var isList = steps[^1].Kind == PathStepKind.AnyIndex;
                var properties = steps.Where(s => s.Kind == PathStepKind.Property).Select(s => s.Name!).ToArray();
                fields.Add(new MappedField(field.Name, slotNumber, properties, isList, fields.Count));
            }

            var mapping = new TelemetryMapping(name, timestamps, slots, [.. fields]);
            foreach (var field in mapping.Fields)
            {
                field.Reach = Reach(mapping, field);
            }

            return mapping;
        }
    }

    /// <summary>Loads a mapping file from disk.</summary>
    /// <exception cref="MappingException">The file cannot be read or is not a valid mapping.</exception>
    public static TelemetryMapping Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Load(stream, path);
        }
        catch (IOException e)
        {
            throw new MappingException($"{path}: cannot read the mapping: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new MappingException($"{path}: cannot read the mapping: {e.Message}");
        }
    }

    private static MappingSlot[] OrderSlots(List<(string Name, string Type, List<(string Property, string Target)> Refs)> raw, Dictionary<string, int> byName, string source)
    {
        var state = new int[raw.Count];
        var order = new List<int>();
        void Visit(int i, int depth)
        {
            if (state[i] == 2)
            {
                return;
            }

            if (state[i] == 1 || depth > raw.Count)
            {
                throw new MappingException($"{source}: $.objects.{raw[i].Name}: its references form a cycle.");
            }

            state[i] = 1;
            foreach (var (property, target) in raw[i].Refs)
            {
                if (!byName.TryGetValue(target, out var t))
                {
                    throw new MappingException($"{source}: $.objects.{raw[i].Name}.refs.{property}: there is no object slot named '{target}'.");
                }

                Visit(t, depth + 1);
            }

            state[i] = 2;
            order.Add(i);
        }

        for (var i = 0; i < raw.Count; i++)
        {
            Visit(i, 0);
        }

        var position = new int[raw.Count];
        for (var p = 0; p < order.Count; p++)
        {
            position[order[p]] = p;
        }

        return [.. order.Select(i => new MappingSlot(raw[i].Name, raw[i].Type, position[i],
            [.. raw[i].Refs.Select(r => new SlotReference(r.Property, position[byName[r.Target]], r.Property.EndsWith("_refs", StringComparison.Ordinal)))]))];
    }

    /// <summary>
    /// Every object path (in canonical pattern form) from which a pattern reaches this field's value:
    /// from the slot itself, and through up to three levels of references into it.
    /// </summary>
    private static ReachPath[] Reach(TelemetryMapping mapping, MappedField field)
    {
        var tail = new StringBuilder();
        foreach (var property in field.Properties)
        {
            tail.Append('.').Append(Lexer.IsPlainIdentifier(property) ? property : PatternConstant.Quote(property));
        }

        if (field.IsList)
        {
            tail.Append("[*]");
        }

        var result = new List<ReachPath>();
        void Walk(int slot, string suffix, IpFamily family, int depth, ulong required)
        {
            var type = mapping.Slots[slot].Type;
            var relative = suffix[1..];
            if (type == "ip")
            {
                result.Add(new ReachPath("ipv4-addr:" + relative, family == IpFamily.Any ? IpFamily.V4 : family, required));
                result.Add(new ReachPath("ipv6-addr:" + relative, family == IpFamily.Any ? IpFamily.V6 : family, required));
            }
            else
            {
                result.Add(new ReachPath(type + ":" + relative, family, required));
            }

            if (depth == 3)
            {
                return;
            }

            foreach (var referrer in mapping.Slots)
            {
                foreach (var reference in referrer.References)
                {
                    if (reference.Target == slot && referrer.Type != "ip")
                    {
                        var step = "." + reference.Property + (reference.IsList ? "[*]" : string.Empty);
                        Walk(referrer.Index, step + suffix, IpFamily.Any, depth + 1,
                            MappingSlot.NeedsOwnValues(referrer.Type) ? required | (1UL << referrer.Index) : required);
                    }
                }
            }
        }

        Walk(field.Slot, tail.ToString(), IpFamily.Any, 0, 0);
        return [.. result];
    }
}

/// <summary>A mapping file that cannot be used; the message names the member and the reason.</summary>
public sealed class MappingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MappingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MappingException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public MappingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// One segment of the mapped field names (<c>source</c>, then <c>ip</c>): the field it ends, if any, the
/// timestamp rank, and the segments below. Reading an event walks this tree one property name at a
/// time, so no dotted name is built or hashed whole; a key with dots in it (<c>"source.ip"</c>) is walked
/// segment by segment.
/// </summary>
internal sealed class FieldNode
{
    private readonly Dictionary<string, FieldNode> _children = new(StringComparer.Ordinal);
    private Utf8NameTable<FieldNode>? _table;

    /// <summary>The mapped field whose name ends here.</summary>
    public MappedField? Field { get; private set; }

    /// <summary>The position of this name in the mapping's timestamp list, or -1.</summary>
    public int TimestampRank { get; private set; } = -1;

    /// <summary>Whether any field lies below.</summary>
    public bool HasChildren => _children.Count > 0;

    public FieldNode? Child(ReadOnlySpan<byte> name) => _table!.TryGetValue(name, out _, out var child) ? child : null;

    public static FieldNode Build(IEnumerable<MappedField> fields, IReadOnlyList<string> timestamps)
    {
        var root = new FieldNode();
        foreach (var field in fields)
        {
            root.Add(field.Name).Field = field;
        }

        for (var i = 0; i < timestamps.Count; i++)
        {
            var node = root.Add(timestamps[i]);
            if (node.TimestampRank < 0)
            {
                node.TimestampRank = i;
            }
        }

        root.Freeze();
        return root;
    }

    private FieldNode Add(string dotted)
    {
        var node = this;
        foreach (var segment in dotted.Split('.'))
        {
            if (!node._children.TryGetValue(segment, out var child))
            {
                node._children[segment] = child = new FieldNode();
            }

            node = child;
        }

        return node;
    }

    private void Freeze()
    {
        _table = new Utf8NameTable<FieldNode>(_children);
        foreach (var child in _children.Values)
        {
            child.Freeze();
        }
    }
}

/// <summary>Which IP family a reach path needs the field's value to be.</summary>
internal enum IpFamily
{
    Any,
    V4,
    V6,
}

/// <summary>One object slot of a mapping.</summary>
internal sealed record MappingSlot(string Name, string Type, int Index, SlotReference[] References)
{
    /// <summary>
    /// Whether an object of this type exists in an event only when the event gives it values of its own
    /// (an address needs its value); the others (network-traffic, process, email-message, user-account,
    /// windows-registry-key, custom types) also exist when they only reference objects that exist.
    /// </summary>
    public static bool NeedsOwnValues(string type) =>
        type is not ("network-traffic" or "process" or "email-message" or "user-account" or "windows-registry-key") && !type.StartsWith("x-", StringComparison.Ordinal);
}

/// <summary>A reference from a slot to another (by index).</summary>
internal sealed record SlotReference(string Property, int Target, bool IsList);

/// <summary>A pattern path that reaches a field's value, and the IP family the value must have for it.</summary>
/// <param name="Path">The path in canonical pattern form.</param>
/// <param name="Family">The IP family the value must have.</param>
/// <param name="RequiredSlots">Slots on the way that exist only with values of their own (bit per slot index).</param>
internal readonly record struct ReachPath(string Path, IpFamily Family, ulong RequiredSlots);

/// <summary>One mapped field: its dotted name, the slot and property path it fills, and the pattern paths that reach it.</summary>
internal sealed class MappedField(string name, int slot, string[] properties, bool isList, int ordinal)
{
    public string Name { get; } = name;

    public int Slot { get; } = slot;

    public string[] Properties { get; } = properties;

    public bool IsList { get; } = isList;

    public int Ordinal { get; } = ordinal;

    public ReachPath[] Reach { get; set; } = [];
}
