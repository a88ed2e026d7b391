using System.Buffers;
using System.Globalization;
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
    [ThreadStatic]
    private static ObjectCheck? t_cached;

    private List<Finding> _findings = null!;
    private StixContainerKind _container;
    private int _index;
    private string? _basePath;
    private JsonTree _tree = null!;
    private NameFlags[]? _flags;
    private ParsedTimestamps _timestamps;
    private int _timestampsParsed;
    private string? _id;
    private JsonItem _idElement;
    private long? _line;
    private long? _column;

    private ObjectCheck()
    {
    }

    /// <summary>
    /// A check of the object parsed into <paramref name="tree"/>: the thread's cached one when free (a check
    /// is per object, and objects are many), otherwise a new one. Give it back with <see cref="Release"/>.
    /// <paramref name="basePath"/> is the object's JSON path, or null to make it from
    /// <paramref name="container"/> and <paramref name="index"/> only when a finding needs it.
    /// </summary>
    public static ObjectCheck Rent(JsonTree tree, string? basePath, StixContainerKind container, int index, List<Finding> findings, StixValidatorOptions options, long? line, long? column)
    {
        var check = t_cached ?? new ObjectCheck();
        t_cached = null;
        check._tree = tree;
        check.Root = tree.Root;
        check._basePath = basePath;
        check._container = container;
        check._index = index;
        check._findings = findings;
        check.Options = options;
        check._line = line;
        check._column = column;
        check._flags = null;
        check._timestampsParsed = 0;
        check._id = null;
        check._idElement = default;
        check.IdVersion = 0;
        check.Type = "";
        check.Spec = null;
        check.Kind = StixKind.Unknown;
        check.ErrorCount = 0;
        check.HasToplevelExtension = false;
        return check;
    }

    public JsonItem Root { get; private set; }

    public StixValidatorOptions Options { get; private set; } = null!;

    /// <summary>The object's id when it is a string (made into text only when asked for: most objects never need it).</summary>
    public string? Id => _id ??= _idElement.ValueKind == JsonValueKind.String ? _idElement.GetString() : null;

    /// <summary>The UUID version of a well-formed id (1–5); 0 until the id is checked or when it is not well formed.</summary>
    public int IdVersion { get; set; }

    /// <summary>The id's decoded text as UTF-8 without quotes; empty when the id is not a string.</summary>
    public ReadOnlySpan<byte> Utf8Id => _idElement.ValueKind == JsonValueKind.String ? _idElement.Utf8Text : default;

    /// <summary>Takes the object's <c>id</c> member (any kind; only a string is an id).</summary>
    public void SetIdElement(JsonItem id) => _idElement = id;

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
    /// Looks up a top-level property. The tree keys every member name once as it parses, so the many
    /// lookups the rules make compare numbers rather than text. Like
    /// <see cref="System.Text.Json.JsonElement.TryGetProperty(string, out System.Text.Json.JsonElement)"/>,
    /// the last of duplicate names wins.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> name, out JsonItem value)
    {
        var key = JsonTree.Key(name);
        var keys = _tree.RootMemberKeys;

        // The keys are searched from the end (the last of duplicates wins), several at a time.
        for (var i = keys.LastIndexOf(key); i >= 0; i = keys[..i].LastIndexOf(key))
        {
            var member = _tree.RootMember(i);
            if (JsonTree.SameName(member.Utf8Name, name))
            {
                value = member.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Returns the pooled flag array and gives the check back to its thread; it must not be used afterwards.</summary>
    public void Release()
    {
        if (_flags is not null && _flags.Length > 0)
        {
            ArrayPool<NameFlags>.Shared.Return(_flags);
        }

        _flags = null;

        // Nothing of this object may outlive it: the tree is reused, the findings list belongs to the caller.
        _tree = null!;
        Root = default;
        _idElement = default;
        _findings = null!;
        t_cached = this;
    }

    /// <summary>The (decoded, UTF-8) name of the property at <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> NameAt(int index) => _tree.RootMember(index).Utf8Name;

    /// <summary>Works out what the rules need to know of each top-level name: escaped, a repeat.</summary>
    private NameFlags[] IndexProperties()
    {
        var count = _tree.RootMemberCount;
        if (count == 0)
        {
            return _flags = [];
        }

        var flags = ArrayPool<NameFlags>.Shared.Rent(count);
        var keys = _tree.RootMemberKeys;
        for (var i = 0; i < count; i++)
        {
            var member = _tree.RootMember(i);
            var f = member.IsEscaped ? NameFlags.Escaped : NameFlags.None;
            var earlier = keys[..i];
            for (var j = earlier.IndexOf(keys[i]); j >= 0; j = NextIndexOf(earlier, keys[i], j))
            {
                if (JsonTree.SameName(_tree.RootMember(j).Utf8Name, member.Utf8Name))
                {
                    f |= NameFlags.Duplicate;
                    break;
                }
            }

            flags[i] = f;
        }

        return _flags = flags;
    }

    private static int NextIndexOf(ReadOnlySpan<ulong> keys, ulong key, int after)
    {
        var next = keys[(after + 1)..].IndexOf(key);
        return next < 0 ? -1 : after + 1 + next;
    }

    /// <summary>The key (see <see cref="JsonTree.Key"/>) of the name of the property at <paramref name="index"/>.</summary>
    public ulong NameKeyAt(int index) => _tree.RootMemberKeys[index];

    /// <summary>How many top-level properties the object has (duplicates counted).</summary>
    public int PropertyCount => _tree.RootMemberCount;

    /// <summary>The top-level property at <paramref name="index"/>, in document order.</summary>
    public JsonMember PropertyAt(int index) => _tree.RootMember(index);

    /// <summary>What is known of the name of the property at <paramref name="index"/>.</summary>
    public NameFlags NameFlagsAt(int index) => (_flags ?? IndexProperties())[index];

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
            && TryParseTimestamp(element, out value);
    }

    /// <summary>
    /// Parses a timestamp string, remembering the last few parsed so that a value checked for its syntax
    /// and then again for its precision or order (created, modified, valid_from…) is parsed once.
    /// </summary>
    public bool TryParseTimestamp(JsonItem value, out StixTimestamp timestamp)
    {
        var node = value.Index;
        for (var i = 0; i < Math.Min(_timestampsParsed, ParsedTimestamps.Size); i++)
        {
            if (_timestamps[i].Node == node)
            {
                timestamp = _timestamps[i].Value;
                return true;
            }
        }

        if (!StixTimestamp.TryParse(value.RawUtf8[1..^1], out timestamp))
        {
            return false;
        }

        _timestamps[_timestampsParsed++ % ParsedTimestamps.Size] = (node, timestamp);
        return true;
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

    public static string Quote(JsonItem value)
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

    /// <summary>The name has JSON escapes; its decoded text is the name.</summary>
    Escaped = 1,

    /// <summary>An earlier property of the object has the same name.</summary>
    Duplicate = 2,
}

/// <summary>The last few timestamps an object check parsed, by the node they were read from.</summary>
[System.Runtime.CompilerServices.InlineArray(Size)]
internal struct ParsedTimestamps
{
    public const int Size = 4;

    private (int Node, StixTimestamp Value) _entry;
}
