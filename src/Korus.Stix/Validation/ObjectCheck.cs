using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Korus.Stix.Json;

namespace Korus.Stix.Validation;

/// <summary>
/// The state of one object's validation: the object, what is known of it, and where findings go.
/// Paths are relative to the object (<c>valid_until</c>, <c>external_references[0].url</c>) and only
/// turned into full JSON paths when a finding is made, so valid objects cost no path strings.
/// </summary>
internal sealed class ObjectCheck : Identifiers.IJsonProperties
{
    private readonly List<Finding> _findings;
    private readonly StixContainerKind _container;
    private readonly int _index;
    private string? _basePath;
    private JsonProperty[]? _properties;
    private NameEntry[]? _names;
    private byte[]? _nameBytes;
    private int _nameBytesUsed;
    private int _propertyCount;
    private string? _id;
    private JsonElement _idElement;
    private readonly long? _line;
    private readonly long? _column;

    public ObjectCheck(JsonElement root, string basePath, List<Finding> findings, StixValidatorOptions options, long? line, long? column)
        : this(root, findings, options, line, column)
    {
        _basePath = basePath;
    }

    /// <summary>A check whose base path (<c>$.objects[7]</c>) is made from its place only when a finding needs it.</summary>
    public ObjectCheck(JsonElement root, StixContainerKind container, int index, List<Finding> findings, StixValidatorOptions options, long? line, long? column)
        : this(root, findings, options, line, column)
    {
        _container = container;
        _index = index;
    }

    private ObjectCheck(JsonElement root, List<Finding> findings, StixValidatorOptions options, long? line, long? column)
    {
        Root = root;
        _findings = findings;
        Options = options;
        _line = line;
        _column = column;
    }

    public JsonElement Root { get; }

    public StixValidatorOptions Options { get; }

    /// <summary>The object's id when it is a string (made into text only when asked for: most objects never need it).</summary>
    public string? Id => _id ??= _idElement.ValueKind == JsonValueKind.String ? _idElement.GetString() : null;

    /// <summary>The UUID version of a well-formed id (1–5); 0 until the id is checked or when it is not well formed.</summary>
    public int IdVersion { get; set; }

    /// <summary>
    /// The id as UTF-8 text without quotes: its raw bytes, or the decoded text when the JSON escapes
    /// something in it; empty when the id is not a string.
    /// </summary>
    public ReadOnlySpan<byte> Utf8Id
    {
        get
        {
            if (_idElement.ValueKind != JsonValueKind.String)
            {
                return default;
            }

            var raw = JsonMarshal.GetRawUtf8Value(_idElement)[1..^1];
            return raw.IndexOf((byte)'\\') < 0 ? raw : Encoding.UTF8.GetBytes(Id!);
        }
    }

    /// <summary>Takes the object's <c>id</c> member (any kind; only a string is an id).</summary>
    public void SetIdElement(JsonElement id) => _idElement = id;

    public string Type { get; set; } = "";

    public TypeSpec? Spec { get; set; }

    public StixKind Kind { get; set; }

    public int ErrorCount { get; private set; }

    /// <summary>True when an extension on the object declares top-level properties, so unknown names may be its.</summary>
    public bool HasToplevelExtension { get; set; }

    public string FullPath(string relative)
    {
        var basePath = _basePath ??= JsonPath.Element(_container, _index);
        return relative.Length == 0 ? basePath : basePath + "." + relative;
    }

    public void Error(string code, string relativePath, string message)
    {
        ErrorCount++;
        _findings.Add(new Finding(code, FindingSeverity.Error, Id, FullPath(relativePath), message) { Line = _line, Column = _column });
    }

    public void Error(string code, LazyPath relativePath, string message) => Error(code, relativePath.ToString(), message);

    public void Warn(string code, LazyPath relativePath, string message) => Warn(code, relativePath.ToString(), message);

    public void Warn(string code, string relativePath, string message) =>
        _findings.Add(new Finding(code, FindingSeverity.Warning, Id, FullPath(relativePath), message) { Line = _line, Column = _column });

    public bool Has(ReadOnlySpan<byte> name) => TryGet(name, out _);

    /// <summary>
    /// Looks up a top-level property. The object's properties are indexed once, each name by a 64-bit key
    /// (see <see cref="Key"/>), so the many lookups the rules make compare numbers rather than scan the
    /// document. Like <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>, the last of
    /// duplicate names wins.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> name, out JsonElement value)
    {
        if (_properties is null)
        {
            IndexProperties();
        }

        var at = LastIndexOfName(Key(name), name, _propertyCount);
        if (at >= 0)
        {
            value = _properties![at].Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Returns the pooled index arrays; the check must not be used afterwards.</summary>
    public void Release()
    {
        if (_properties is not null && _properties.Length > 0)
        {
            // Clear only what was used: the entries hold the document, which must not outlive the check.
            _properties.AsSpan(0, _propertyCount).Clear();
            ArrayPool<JsonProperty>.Shared.Return(_properties);
            ArrayPool<NameEntry>.Shared.Return(_names!);
            ArrayPool<byte>.Shared.Return(_nameBytes!);
        }

        _properties = null;
        _names = null;
        _nameBytes = null;
        _nameBytesUsed = 0;
        _propertyCount = 0;
    }

    private void Grow()
    {
        var properties = ArrayPool<JsonProperty>.Shared.Rent(_properties!.Length * 2);
        var names = ArrayPool<NameEntry>.Shared.Rent(_properties.Length * 2);
        _properties.AsSpan(0, _propertyCount).CopyTo(properties);
        _names.AsSpan(0, _propertyCount).CopyTo(names);
        ArrayPool<JsonProperty>.Shared.Return(_properties, clearArray: true);
        ArrayPool<NameEntry>.Shared.Return(_names!);
        _properties = properties;
        _names = names;
    }

    /// <summary>Keeps a copy of a (decoded) name in the name buffer and returns where it stands.</summary>
    private int StoreName(ReadOnlySpan<byte> name)
    {
        if (_nameBytesUsed + name.Length > _nameBytes!.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_nameBytes.Length * 2, _nameBytesUsed + name.Length));
            _nameBytes.AsSpan(0, _nameBytesUsed).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_nameBytes);
            _nameBytes = bigger;
        }

        var start = _nameBytesUsed;
        name.CopyTo(_nameBytes.AsSpan(start));
        _nameBytesUsed += name.Length;
        return start;
    }

    /// <summary>The (decoded, UTF-8) name of the property at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> NameAt(int index)
    {
        var entry = _names![index];
        return _nameBytes.AsSpan(entry.Start, entry.Length);
    }

    /// <summary>The last of the first <paramref name="count"/> properties named <paramref name="name"/>, or -1.</summary>
    private int LastIndexOfName(ulong key, ReadOnlySpan<byte> name, int count)
    {
        var names = _names!;
        for (var i = count - 1; i >= 0; i--)
        {
            if (names[i].Key == key && NameAt(i).SequenceEqual(name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// A name's key: its first four and last four bytes (overlapping when the name is shorter than eight)
    /// mixed with its length. Different names rarely share a key; a match is always confirmed by
    /// comparing the names.
    /// </summary>
    private static ulong Key(ReadOnlySpan<byte> name)
    {
        ulong bytes;
        if (name.Length >= sizeof(uint))
        {
            bytes = BinaryPrimitives.ReadUInt32LittleEndian(name) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(name[^sizeof(uint)..]) << 32);
        }
        else
        {
            bytes = 0;
            for (var i = 0; i < name.Length; i++)
            {
                bytes |= (ulong)name[i] << (8 * i);
            }
        }

        return bytes ^ ((ulong)(uint)name.Length * 0x9E3779B97F4A7C15UL);
    }

    private void IndexProperties()
    {
        if (Root.ValueKind != JsonValueKind.Object)
        {
            _properties = [];
            _names = [];
            _nameBytes = [];
            return;
        }

        _properties = ArrayPool<JsonProperty>.Shared.Rent(32);
        _names = ArrayPool<NameEntry>.Shared.Rent(32);
        _nameBytes = ArrayPool<byte>.Shared.Rent(512);
        foreach (var property in Root.EnumerateObject())
        {
            if (_propertyCount == _properties.Length)
            {
                Grow();
            }

            // Names are kept and compared as decoded UTF-8: the raw bytes, or the decoded text when the JSON escapes something.
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            var escaped = raw.IndexOf((byte)'\\') >= 0;
            var name = escaped ? Encoding.UTF8.GetBytes(property.Name) : raw;
            var flags = escaped ? NameFlags.Escaped : Ascii.IsValid(raw) ? NameFlags.Ascii : NameFlags.None;
            var key = Key(name);
            if (LastIndexOfName(key, name, _propertyCount) >= 0)
            {
                flags |= NameFlags.Duplicate;
            }

            _properties[_propertyCount] = property;
            _names[_propertyCount] = new NameEntry(key, StoreName(name), name.Length, flags);
            _propertyCount++;
        }
    }

    /// <summary>How many top-level properties the object has (duplicates counted).</summary>
    public int PropertyCount
    {
        get
        {
            if (_properties is null)
            {
                IndexProperties();
            }

            return _propertyCount;
        }
    }

    /// <summary>The top-level property at <paramref name="index"/>, in document order.</summary>
    public JsonProperty PropertyAt(int index) => _properties![index];

    /// <summary>What is known of the name of the property at <paramref name="index"/>.</summary>
    public NameFlags NameFlagsAt(int index) => _names![index].Flags;

    public bool TryGetString(ReadOnlySpan<byte> name, out string value)
    {
        if (TryGet(name, out var element) && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
            return true;
        }

        value = "";
        return false;
    }

    public bool TryGetTimestamp(ReadOnlySpan<byte> name, out StixTimestamp value)
    {
        value = default;
        return TryGet(name, out var element) && element.ValueKind == JsonValueKind.String
            && StixTimestamp.TryParse(JsonMarshal.GetRawUtf8Value(element)[1..^1], out value);
    }

    public bool IsTrue(ReadOnlySpan<byte> name) => TryGet(name, out var element) && element.ValueKind == JsonValueKind.True;

    /// <summary>Reports <paramref name="later"/> earlier than (or, when strict, equal to) <paramref name="earlier"/>.</summary>
    public void CheckOrder(ReadOnlySpan<byte> earlier, ReadOnlySpan<byte> later, bool strict, string code)
    {
        if (TryGetTimestamp(earlier, out var a) && TryGetTimestamp(later, out var b))
        {
            CheckOrder(Encoding.UTF8.GetString(earlier), a, Encoding.UTF8.GetString(later), b, strict, code);
        }
    }

    /// <summary>Reports <paramref name="b"/> (the value of <paramref name="later"/>) earlier than (or, when strict, equal to) <paramref name="a"/>.</summary>
    public void CheckOrder(string earlier, StixTimestamp a, string later, StixTimestamp b, bool strict, string code)
    {
        if (strict ? b <= a : b < a)
        {
            Error(code, later, strict
                ? $"{later} ({b}) must be later than {earlier} ({a})."
                : $"{later} ({b}) must not be earlier than {earlier} ({a}).");
        }
    }

    public static string Quote(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        if (text.Length > 80)
        {
            text = text[..77] + "...";
        }

        return value.ValueKind == JsonValueKind.String ? "'" + text + "'" : text;
    }

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    public static string Index(string parent, int index) => string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    public static string Child(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;
}

/// <summary>What the validator needs to know of a property name, worked out once per object.</summary>
[Flags]
internal enum NameFlags : byte
{
    None = 0,

    /// <summary>Plain ASCII with no JSON escapes: the raw bytes are the name.</summary>
    Ascii = 1,

    /// <summary>The name has JSON escapes; its decoded text is the name.</summary>
    Escaped = 2,

    /// <summary>An earlier property of the object has the same name.</summary>
    Duplicate = 4,
}

/// <summary>One indexed property name: its key, where its decoded text stands in the name buffer, and its flags.</summary>
internal readonly record struct NameEntry(ulong Key, int Start, int Length, NameFlags Flags);
