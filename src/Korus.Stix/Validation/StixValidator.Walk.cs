using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text.Json;
using Korus.Stix.Json;

namespace Korus.Stix.Validation;

public sealed partial class StixValidator
{
    /// <summary>
    /// The rules that hold at every depth: no null, no empty list or dictionary, strings within the
    /// length limit, dictionary keys of the allowed characters, and the <c>_ref</c>, <c>_refs</c>,
    /// <c>_hex</c> and <c>_bin</c> suffix rules for properties no spec covers.
    /// </summary>
    private static void Walk(ObjectCheck check, JsonMember property, ReadOnlySpan<byte> name, PropertySpec? spec, int depth)
    {
        var covered = spec is not null && !name.SequenceEqual("extensions"u8);
        if (covered && (IsPlainScalar(property.Value, check.Options.Limits.MaxStringBytes) || IsPlainList(property.Value, check.Options.Limits.MaxStringBytes)))
        {
            // Most properties: a number, a boolean, a string within the limit or a list of them, which its
            // spec has checked.
            return;
        }

        var path = new PathStack(property);
        // Inside a custom property (one no spec covers) these rules give warnings: STIX's rules bind the
        // properties it defines, and a consumer must not reject a partner's object for its custom content.
        var custom = spec is null;
        WalkValue(check, property.Value, ref path, name, covered, custom, depth, insideEmbedded: name.SequenceEqual("objects"u8) && check.Type == "observed-data");
    }

    private static void WalkValue(ObjectCheck check, JsonItem value, ref PathStack path, ReadOnlySpan<byte> name, bool covered, bool custom, int depth, bool insideEmbedded)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                Report(check, custom, FindingCodes.Empty, path.Render(), "null is not a STIX value; omit the property instead.");
                return;
            case JsonValueKind.String:
                var raw = value.RawUtf8;
                if (raw.Length - 2 > check.Options.Limits.MaxStringBytes && !name.EndsWith("_bin"u8))
                {
                    check.Error(FindingCodes.LimitStringLength, path.Render(), $"The string is {raw.Length - 2:N0} bytes, over the limit of {check.Options.Limits.MaxStringBytes:N0} (MaxStringBytes).");
                }

                if (!covered && !insideEmbedded)
                {
                    CheckSuffix(check, value, name, ref path, custom);
                }

                return;
            case JsonValueKind.Array:
                if (value.GetArrayLength() == 0)
                {
                    Report(check, custom, FindingCodes.Empty, path.Render(), "A list must not be empty; omit the property instead of sending [].");
                    return;
                }

                if (!covered && !insideEmbedded && name.EndsWith("_ref"u8) && depth > 0)
                {
                    Report(check, custom, FindingCodes.Suffix, path.Render(), "A _ref property holds one identifier, not a list.");
                }

                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    path.PushIndex(index++);
                    if (!covered && !insideEmbedded && name.EndsWith("_refs"u8) && item.ValueKind == JsonValueKind.String)
                    {
                        CheckIdentifierValue(check, item, ref path, custom);
                    }
                    else if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null or JsonValueKind.String)
                    {
                        WalkValue(check, item, ref path, item.ValueKind == JsonValueKind.String ? default : name, covered, custom, depth + 1, insideEmbedded);
                    }

                    path.Pop();
                }

                return;
            case JsonValueKind.Object:
                if (depth >= 1 && !value.EnumerateObject().MoveNext())
                {
                    Report(check, custom, FindingCodes.Empty, path.Render(), "A dictionary or object must not be empty; omit the property instead of sending {}.");
                    return;
                }

                foreach (var property in value.EnumerateObject())
                {
                    var key = property.RawName;
                    path.PushName(property);
                    if (!IsDictionaryKey(key))
                    {
                        Report(check, custom, FindingCodes.PropertyName, path.Render(), $"The key '{property.Name}' is not valid: keys are at most 250 ASCII letters, digits, '_' or '-'.");
                    }

                    WalkValue(check, property.Value, ref path, key, covered, custom, depth + 1, insideEmbedded);
                    path.Pop();
                }

                return;
            default:
                if (!covered && !insideEmbedded && (name.EndsWith("_ref"u8) || name.EndsWith("_refs"u8) || name.EndsWith("_hex"u8) || name.EndsWith("_bin"u8)))
                {
                    Report(check, custom, FindingCodes.Suffix, path.Render(), $"A property ending in {SuffixOf(name)} must hold {SuffixText(name)}, found {ObjectCheck.Describe(value.ValueKind)}.");
                }

                return;
        }
    }

    /// <summary>A number, a boolean, or a string no longer than <paramref name="maxStringBytes"/>: nothing for the generic rules to find under a spec.</summary>
    private static bool IsPlainScalar(JsonItem value, int maxStringBytes) => value.ValueKind switch
    {
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => true,
        JsonValueKind.String => value.RawUtf8.Length - 2 <= maxStringBytes,
        _ => false,
    };

    /// <summary>A non-empty list of plain scalars (see <see cref="IsPlainScalar"/>).</summary>
    private static bool IsPlainList(JsonItem value, int maxStringBytes)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var any = false;
        foreach (var item in value.EnumerateArray())
        {
            if (!IsPlainScalar(item, maxStringBytes))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static void Report(ObjectCheck check, bool custom, string code, string path, string message)
    {
        if (custom)
        {
            check.Warn(code, path, message + " (in a custom property)");
        }
        else
        {
            check.Error(code, path, message);
        }
    }

    private static void CheckSuffix(ObjectCheck check, JsonItem value, ReadOnlySpan<byte> name, ref PathStack path, bool custom)
    {
        if (name.EndsWith("_ref"u8))
        {
            CheckIdentifierValue(check, value, ref path, custom);
        }
        else if (name.EndsWith("_refs"u8))
        {
            Report(check, custom, FindingCodes.Suffix, path.Render(), "A _refs property holds a list of identifiers, not a single string.");
        }
        else if (name.EndsWith("_hex"u8))
        {
            var raw = value.RawUtf8[1..^1];
            if (raw.Length % 2 != 0 || raw.IndexOfAnyExcept(ByteSets.Hex) >= 0)
            {
                Report(check, custom, FindingCodes.Suffix, path.Render(), $"A _hex property must hold an even number of hexadecimal digits, found {ObjectCheck.Quote(value)}.");
            }
        }
        else if (name.EndsWith("_bin"u8))
        {
            if (!Base64.IsValid(value.RawUtf8[1..^1]))
            {
                Report(check, custom, FindingCodes.Suffix, path.Render(), "A _bin property must hold base64-encoded binary (RFC 4648).");
            }
        }
    }

    private static void CheckIdentifierValue(ObjectCheck check, JsonItem value, ref PathStack path, bool custom)
    {
        if (!StixId.TryParseUtf8(value.RawUtf8[1..^1], out _, out _))
        {
            Report(check, custom, FindingCodes.Suffix, path.Render(), $"{ObjectCheck.Quote(value)} is not a STIX identifier (<type>--<UUID>).");
        }
    }

    private static string SuffixOf(ReadOnlySpan<byte> name) =>
        name.EndsWith("_refs"u8) ? "_refs" : name.EndsWith("_ref"u8) ? "_ref" : name.EndsWith("_hex"u8) ? "_hex" : "_bin";

    private static string SuffixText(ReadOnlySpan<byte> name) =>
        name.EndsWith("_refs"u8) ? "a list of identifiers" : name.EndsWith("_ref"u8) ? "an identifier" : name.EndsWith("_hex"u8) ? "hexadecimal text" : "base64 text";

    private static bool IsDictionaryKey(ReadOnlySpan<byte> key) =>
        key.Length is > 0 and <= 250 && key.IndexOfAnyExcept(ByteSets.DictionaryKey) < 0;

    /// <summary>
    /// The path to the value being walked, kept as property handles and indexes in a per-thread array
    /// and rendered to text only when a finding needs it.
    /// </summary>
    private ref struct PathStack
    {
        [ThreadStatic]
        private static (JsonMember Property, int Index)[]? t_segments;

        private readonly JsonMember _root;
        private (JsonMember Property, int Index)[]? _segments;
        private int _count;

        public PathStack(JsonMember root)
        {
            // The per-thread array is fetched on the first push: most properties are scalars and never push.
            _root = root;
            _segments = null;
            _count = 0;
        }

        public void PushName(JsonMember property) => Segments()[_count++] = (property, -1);

        public void PushIndex(int index) => Segments()[_count++] = (default, index);

        private (JsonMember Property, int Index)[] Segments() => _segments ??= t_segments ??= new (JsonMember, int)[1024];

        public void Pop() => _count--;

        public readonly string Render()
        {
            var path = _root.Name;
            for (var i = 0; i < _count; i++)
            {
                var (property, index) = _segments![i];
                path = index >= 0 ? ObjectCheck.Index(path, index) : ObjectCheck.Child(path, property.Name);
            }

            return path;
        }
    }
}
