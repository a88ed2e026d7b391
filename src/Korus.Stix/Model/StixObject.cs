using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Korus.Stix.Json;
using Korus.Stix.Validation;

namespace Korus.Stix.Model;

/// <summary>
/// A STIX object that keeps its exact JSON — every property, known, unknown or custom, in the order and
/// spelling it arrived in — and offers typed access to what Korus reads. <see cref="WriteTo(Stream)"/>
/// writes the same bytes back. Types Korus reads closely have their own subclass (for example
/// <see cref="Indicator"/>, <see cref="Relationship"/>, <see cref="Sighting"/>); any other type, custom
/// types included, is a plain <see cref="StixObject"/>. Parsing checks JSON syntax, duplicate keys, the
/// depth limit and the presence of string <c>type</c> and <c>id</c>; full checking is the job of
/// <see cref="StixValidator"/>. A typed accessor returns null when a property is absent and throws
/// <see cref="StixFormatException"/> naming the property when its JSON type is wrong.
/// </summary>
public class StixObject
{
    private readonly JsonElement _root;

    private protected StixObject(JsonElement root, string type, string id)
    {
        _root = root;
        Type = type;
        Id = id;
    }

    /// <summary>The object's exact UTF-8 JSON, as received.</summary>
    public ReadOnlySpan<byte> Json => JsonMarshal.GetRawUtf8Value(_root);

    /// <summary>The parsed object, for reading properties the typed accessors do not cover.</summary>
    public JsonElement Root => _root;

    /// <summary>The <c>type</c> property.</summary>
    public string Type { get; }

    /// <summary>The <c>id</c> property.</summary>
    public string Id { get; }

    /// <summary>Whether the type is an SDO, SRO, SCO or meta object of STIX 2.1, or unknown (custom).</summary>
    public StixKind Kind => TypeCatalog.KindOf(Type);

    /// <summary><c>spec_version</c>, or null when absent (SCOs may omit it; STIX 2.0 objects have none).</summary>
    public string? SpecVersion => GetString("spec_version");

    /// <summary><c>created</c>.</summary>
    public StixTimestamp? Created => GetTimestamp("created");

    /// <summary><c>modified</c>.</summary>
    public StixTimestamp? Modified => GetTimestamp("modified");

    /// <summary><c>revoked</c>; false when absent.</summary>
    public bool Revoked => GetBoolean("revoked") ?? false;

    /// <summary><c>created_by_ref</c>.</summary>
    public string? CreatedByRef => GetString("created_by_ref");

    /// <summary><c>labels</c>; empty when absent.</summary>
    public IReadOnlyList<string> Labels => GetStringList("labels");

    /// <summary><c>confidence</c> (0–100).</summary>
    public int? Confidence => (int?)GetInteger("confidence");

    /// <summary><c>lang</c>.</summary>
    public string? Lang => GetString("lang");

    /// <summary><c>name</c>, which many SDOs carry.</summary>
    public string? Name => GetString("name");

    /// <summary><c>description</c>, which many SDOs carry.</summary>
    public string? Description => GetString("description");

    /// <summary><c>external_references</c>; empty when absent.</summary>
    public IReadOnlyList<ExternalReference> ExternalReferences => GetList("external_references", ExternalReference.FromJson);

    /// <summary><c>object_marking_refs</c>; empty when absent.</summary>
    public IReadOnlyList<string> ObjectMarkingRefs => GetStringList("object_marking_refs");

    /// <summary><c>granular_markings</c>; empty when absent.</summary>
    public IReadOnlyList<GranularMarking> GranularMarkings => GetList("granular_markings", GranularMarking.FromJson);

    /// <summary><c>extensions</c>: each key (an extension-definition id or a predefined extension name) with its value.</summary>
    public IReadOnlyDictionary<string, JsonElement> Extensions => GetObjectMembers("extensions");

    /// <summary>
    /// The version stamp TAXII uses: <c>modified</c>, else <c>created</c>, else null (objects such as SCOs
    /// that carry neither).
    /// </summary>
    public StixTimestamp? Version => Modified ?? Created;

    /// <summary>The names of the top-level properties, in document order.</summary>
    public IEnumerable<string> PropertyNames
    {
        get
        {
            foreach (var property in _root.EnumerateObject())
            {
                yield return property.Name;
            }
        }
    }

    /// <summary>Parses one STIX object from its UTF-8 JSON (the object keeps its own copy).</summary>
    /// <exception cref="StixFormatException">The JSON is malformed or not a STIX object.</exception>
    public static StixObject Parse(ReadOnlySpan<byte> utf8Json, StixReaderOptions? limits = null) =>
        TryParse(utf8Json, out var result, out var error, limits) ? result : throw new StixFormatException(error);

    /// <summary>Parses one STIX object from JSON text.</summary>
    /// <exception cref="StixFormatException">The JSON is malformed or not a STIX object.</exception>
    public static StixObject Parse(string json, StixReaderOptions? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), limits);
    }

    /// <summary>Parses one STIX object; on failure <paramref name="error"/> says what and where.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out StixObject? result, [NotNullWhen(false)] out Finding? error, StixReaderOptions? limits = null)
    {
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(utf8Json.Length, 1));
        try
        {
            utf8Json.CopyTo(copy);
            return TryParse(copy.AsMemory(0, utf8Json.Length), "$", out result, out error, limits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>
    /// Parses one object; the object keeps its own copy, so <paramref name="utf8Json"/> may be reused
    /// afterwards. <paramref name="path"/> is the element's JSON path in its container, used in errors.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> utf8Json, string path, [NotNullWhen(true)] out StixObject? result, [NotNullWhen(false)] out Finding? error, StixReaderOptions? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        result = null;
        var options = limits ?? StixReaderOptions.Default;
        if (!Utf8.IsValid(utf8Json.Span))
        {
            error = InvalidUtf8(utf8Json.Span, path);
            return false;
        }

        JsonElement root;
        try
        {
            // Parse over the caller's bytes with pooled memory, then keep one unpooled copy (Clone).
            using var document = StrictJson.Parse(
                utf8Json,
                new JsonDocumentOptions { MaxDepth = options.MaxDepth, AllowDuplicateProperties = false, CommentHandling = JsonCommentHandling.Disallow },
                "object");
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            error = new Finding(ex.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase) ? FindingCodes.LimitDepth : FindingCodes.Json, FindingSeverity.Error, null, path, TrimReaderMessage(ex.Message))
            {
                Line = (ex.LineNumber ?? 0) + 1,
                Column = (ex.BytePositionInLine ?? 0) + 1,
            };
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = new Finding(FindingCodes.Json, FindingSeverity.Error, null, path, $"Expected a STIX object, found a JSON {root.ValueKind.ToString().ToLowerInvariant()}.");
            return false;
        }

        string? id = root.TryGetProperty("id"u8, out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
        if (!root.TryGetProperty("type"u8, out var typeValue) || typeValue.ValueKind != JsonValueKind.String || typeValue.GetString() is not { Length: > 0 } type)
        {
            error = new Finding(FindingCodes.Type, FindingSeverity.Error, id, JsonPath.Property(path, "type"), "A STIX object needs a non-empty string 'type'.");
            return false;
        }

        if (id is null)
        {
            error = new Finding(FindingCodes.Id, FindingSeverity.Error, null, JsonPath.Property(path, "id"), "A STIX object needs a string 'id'.");
            return false;
        }

        result = Create(root, type, id);
        error = null;
        return true;
    }

    /// <summary>Writes the object's exact JSON.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(Json);
    }

    /// <summary>Writes the object's exact JSON.</summary>
    public async ValueTask WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var length = Json.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Json.CopyTo(buffer);
            await stream.WriteAsync(buffer.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes the object's exact JSON.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Json);
    }

    /// <summary>Writes the object's exact JSON as the next value of <paramref name="writer"/>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(Json, skipInputValidation: true);
    }

    /// <summary>The object's exact JSON as text.</summary>
    public override string ToString() => Encoding.UTF8.GetString(Json);

    /// <summary>Looks up a top-level property.</summary>
    public bool TryGetProperty(string name, out JsonElement value) => _root.TryGetProperty(name, out value);

    /// <summary>A string property, or null when absent.</summary>
    /// <exception cref="StixFormatException">The property is present but not a string.</exception>
    public string? GetString(string name) =>
        TryGetProperty(name, out var value) ? RequireKind(value, JsonValueKind.String, name, "a string").GetString() : null;

    /// <summary>An integer property, or null when absent.</summary>
    /// <exception cref="StixFormatException">The property is present but not an integer.</exception>
    public long? GetInteger(string name)
    {
        if (!TryGetProperty(name, out var value))
        {
            return null;
        }

        return RequireKind(value, JsonValueKind.Number, name, "an integer").TryGetInt64(out var number)
            ? number
            : throw WrongType(name, "an integer", value);
    }

    /// <summary>A number property, or null when absent.</summary>
    /// <exception cref="StixFormatException">The property is present but not a number.</exception>
    public double? GetNumber(string name) =>
        TryGetProperty(name, out var value) ? RequireKind(value, JsonValueKind.Number, name, "a number").GetDouble() : null;

    /// <summary>A boolean property, or null when absent.</summary>
    /// <exception cref="StixFormatException">The property is present but not a boolean.</exception>
    public bool? GetBoolean(string name)
    {
        if (!TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(name, "a boolean", value),
        };
    }

    /// <summary>A timestamp property, or null when absent.</summary>
    /// <exception cref="StixFormatException">The property is present but not a STIX timestamp.</exception>
    public StixTimestamp? GetTimestamp(string name)
    {
        if (!TryGetProperty(name, out var value))
        {
            return null;
        }

        RequireKind(value, JsonValueKind.String, name, "a timestamp string");
        return TryParseTimestamp(value, out var stamp)
            ? stamp
            : throw new StixFormatException(new Finding(FindingCodes.Timestamp, FindingSeverity.Error, Id, "$." + name, $"'{value.GetString()}' is not a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z)."));
    }

    /// <summary>A list of strings, or an empty list when absent.</summary>
    /// <exception cref="StixFormatException">The property is present but not a list of strings.</exception>
    public IReadOnlyList<string> GetStringList(string name) => GetList(name, (element, path, id) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new StixFormatException(new Finding(FindingCodes.PropertyType, FindingSeverity.Error, id, path, $"Expected a string, found {Describe(element)}.")));

    /// <summary>A dictionary of string values (such as <c>hashes</c>), or an empty dictionary when absent.</summary>
    /// <exception cref="StixFormatException">The property is present but not an object of strings.</exception>
    public IReadOnlyDictionary<string, string> GetStringDictionary(string name) => StringDictionary(_root, name, "$." + name, Id);

    /// <summary>The members of an object-valued property, or an empty dictionary when absent.</summary>
    /// <exception cref="StixFormatException">The property is present but not an object.</exception>
    public IReadOnlyDictionary<string, JsonElement> GetObjectMembers(string name)
    {
        if (!TryGetProperty(name, out var value))
        {
            return EmptyMembers;
        }

        RequireKind(value, JsonValueKind.Object, name, "an object");
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            members[member.Name] = member.Value;
        }

        return members;
    }

    /// <summary>A list of objects read with <paramref name="read"/> (element, JSON path, object id), or an empty list when absent.</summary>
    /// <exception cref="StixFormatException">The property is present but not a list, or an element is malformed.</exception>
    public IReadOnlyList<T> GetList<T>(string name, Func<JsonElement, string, string, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!TryGetProperty(name, out var value))
        {
            return [];
        }

        RequireKind(value, JsonValueKind.Array, name, "a list");
        var list = new List<T>(value.GetArrayLength());
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            list.Add(read(element, string.Create(CultureInfo.InvariantCulture, $"$.{name}[{index}]"), Id));
            index++;
        }

        return list;
    }

    private static readonly IReadOnlyDictionary<string, JsonElement> EmptyMembers = new Dictionary<string, JsonElement>();

    internal static IReadOnlyDictionary<string, string> StringDictionary(JsonElement parent, string name, string path, string? id)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return new Dictionary<string, string>();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new StixFormatException(new Finding(FindingCodes.PropertyType, FindingSeverity.Error, id, path, $"Expected an object, found {Describe(value)}."));
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in value.EnumerateObject())
        {
            result[member.Name] = member.Value.ValueKind == JsonValueKind.String
                ? member.Value.GetString()!
                : throw new StixFormatException(new Finding(FindingCodes.PropertyType, FindingSeverity.Error, id, JsonPath.Property(path, member.Name), $"Expected a string, found {Describe(member.Value)}."));
        }

        return result;
    }

    internal static bool TryParseTimestamp(JsonElement value, out StixTimestamp stamp)
    {
        stamp = default;
        if (value.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value);
        raw = raw[1..^1];
        return raw.Contains((byte)'\\')
            ? StixTimestamp.TryParse(Encoding.UTF8.GetBytes(value.GetString()!), out stamp)
            : StixTimestamp.TryParse(raw, out stamp);
    }

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private protected JsonElement RequireKind(JsonElement value, JsonValueKind kind, string name, string expected) =>
        value.ValueKind == kind ? value : throw WrongType(name, expected, value);

    private protected StixFormatException WrongType(string name, string expected, JsonElement value) =>
        new(new Finding(FindingCodes.PropertyType, FindingSeverity.Error, Id, "$." + name, $"'{name}' must be {expected}, found {Describe(value)}."));

    private static Finding InvalidUtf8(ReadOnlySpan<byte> utf8, string path)
    {
        var offset = 0;
        long line = 1;
        long column = 1;
        while (offset < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[offset..], out var rune, out var consumed) != OperationStatus.Done)
            {
                break;
            }

            if (rune.Value == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column += consumed;
            }

            offset += consumed;
        }

        return new Finding(FindingCodes.Json, FindingSeverity.Error, null, path, string.Create(CultureInfo.InvariantCulture, $"Invalid UTF-8 at byte {offset} of the object; STIX JSON must be UTF-8."))
        {
            Line = line,
            Column = column,
        };
    }

    private static string TrimReaderMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static StixObject Create(JsonElement root, string type, string id) => type switch
    {
        "indicator" => new Indicator(root, type, id),
        "relationship" => new Relationship(root, type, id),
        "sighting" => new Sighting(root, type, id),
        "report" => new Report(root, type, id),
        "grouping" => new Grouping(root, type, id),
        "note" => new Note(root, type, id),
        "opinion" => new Opinion(root, type, id),
        "marking-definition" => new MarkingDefinition(root, type, id),
        "incident" => new Incident(root, type, id),
        "observed-data" => new ObservedData(root, type, id),
        "identity" => new Identity(root, type, id),
        "file" => new FileObject(root, type, id),
        "network-traffic" => new NetworkTraffic(root, type, id),
        "process" => new ProcessObject(root, type, id),
        "user-account" => new UserAccount(root, type, id),
        "windows-registry-key" => new WindowsRegistryKey(root, type, id),
        "email-addr" => new EmailAddress(root, type, id),
        _ when TypeCatalog.KindOf(type) == StixKind.Observable => new CyberObservable(root, type, id),
        _ => new StixObject(root, type, id),
    };
}
