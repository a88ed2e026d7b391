using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Korus.Patterning.Syntax;

namespace Korus.Patterning.Matching;

/// <summary>
/// Evaluates comparison expressions at one root object of an observation: walks each object path over
/// the JSON (properties, dictionary keys, <c>[n]</c>, <c>[*]</c>, references resolved within the
/// observation, <c>_bin</c>/<c>_hex</c> values decoded) and asks whether some selected value satisfies
/// the comparison.
/// </summary>
internal static class PathWalker
{
    /// <summary>Whether <paramref name="expression"/> holds with <paramref name="root"/> as the root object.</summary>
    public static bool Holds(ComparisonExpression expression, Observation observation, int root)
    {
        switch (expression)
        {
            case ComparisonBinary binary:
                return binary.IsAnd
                    ? Holds(binary.Left, observation, root) && Holds(binary.Right, observation, root)
                    : Holds(binary.Left, observation, root) || Holds(binary.Right, observation, root);
            case Comparison comparison:
            {
                var obj = observation.Objects[root];
                return string.Equals(obj.Type, comparison.Path.ObjectType, StringComparison.Ordinal)
                    && Walk(observation, obj.Json, comparison.Path, comparison);
            }

            case ExistsComparison exists:
            {
                var obj = observation.Objects[root];
                return string.Equals(obj.Type, exists.Path.ObjectType, StringComparison.Ordinal)
                    && Walk(observation, obj.Json, exists.Path, null) != exists.Negated;
            }

            default:
                return false;
        }
    }

    /// <summary>True when some value the path selects from the root satisfies the comparison (or, with none, exists).</summary>
    private static bool Walk(Observation observation, JsonElement root, ObjectPath path, Comparison? comparison)
    {
        var visitor = new Satisfies(comparison, path.Encoding);
        return Visit(observation, root, path, 0, false, ref visitor);
    }

    /// <summary>Adds every value <paramref name="path"/> selects from the root object to <paramref name="into"/>.</summary>
    internal static void Values(Observation observation, JsonElement root, ObjectPath path, List<JsonElement> into)
    {
        var visitor = new Collects(into);
        Visit(observation, root, path, 0, false, ref visitor);
    }

    /// <summary>What to do with each value a path selects; <c>true</c> stops the walk.</summary>
    private interface IValueVisitor
    {
        bool Visit(JsonElement value);
    }

    private readonly struct Satisfies(Comparison? comparison, ValueEncoding encoding) : IValueVisitor
    {
        public bool Visit(JsonElement value) => comparison is null || ValueComparer.Test(comparison, Scalar(value, encoding, out _));
    }

    private readonly struct Collects(List<JsonElement> into) : IValueVisitor
    {
        public bool Visit(JsonElement value)
        {
            into.Add(value);
            return false;
        }
    }

    /// <summary>
    /// Walks the path from <paramref name="current"/> (properties and dictionary keys, <c>[n]</c>, <c>[*]</c>,
    /// references resolved within the observation) and hands each selected value to the visitor; true as
    /// soon as the visitor says stop. A struct visitor keeps this free of allocation.
    /// </summary>
    private static bool Visit<TVisitor>(Observation observation, JsonElement current, ObjectPath path, int step, bool viaReference, ref TVisitor visitor)
        where TVisitor : struct, IValueVisitor
    {
        var steps = path.Steps;
        while (step < steps.Count)
        {
            var s = steps[step];
            switch (s.Kind)
            {
                case PathStepKind.Property:
                    if (viaReference && current.ValueKind == JsonValueKind.String)
                    {
                        var target = observation.Resolve(current);
                        if (target < 0)
                        {
                            return false;
                        }

                        current = observation.Objects[target].Json;
                    }

                    if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(s.Utf8Name, out current))
                    {
                        return false;
                    }

                    viaReference = s.IsReference;
                    break;
                case PathStepKind.Index:
                    if (current.ValueKind != JsonValueKind.Array || s.Index < 0 || s.Index >= current.GetArrayLength())
                    {
                        return false;
                    }

                    current = current[(int)s.Index];
                    break;
                default:
                    if (current.ValueKind != JsonValueKind.Array)
                    {
                        return false;
                    }

                    foreach (var item in current.EnumerateArray())
                    {
                        if (Visit(observation, item, path, step + 1, viaReference, ref visitor))
                        {
                            return true;
                        }
                    }

                    return false;
            }

            step++;
        }

        return visitor.Visit(current);
    }

    /// <summary>A selected JSON value as comparison sees it; <paramref name="bytes"/> holds decoded or unescaped bytes when needed.</summary>
    internal static ScalarValue Scalar(JsonElement value, ValueEncoding encoding, out byte[]? bytes)
    {
        bytes = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(value)[1..^1];
                if (encoding == ValueEncoding.None && raw.IndexOf((byte)'\\') < 0)
                {
                    return new ScalarValue(ScalarKind.String, raw);
                }

                var text = value.GetString()!;
                if (encoding == ValueEncoding.None)
                {
                    bytes = Encoding.UTF8.GetBytes(text);
                    return new ScalarValue(ScalarKind.String, bytes);
                }

                bytes = Decode(text, encoding);
                return bytes is null ? new ScalarValue(ScalarKind.Other) : new ScalarValue(ScalarKind.Bytes, bytes);
            case JsonValueKind.Number:
                return value.TryGetInt64(out var integer)
                    ? new ScalarValue(ScalarKind.Integer, integer: integer)
                    : new ScalarValue(ScalarKind.Float, number: value.GetDouble());
            case JsonValueKind.True or JsonValueKind.False:
                return new ScalarValue(ScalarKind.Boolean, integer: value.ValueKind == JsonValueKind.True ? 1 : 0);
            case JsonValueKind.Null:
                return new ScalarValue(ScalarKind.Null);
            default:
                return new ScalarValue(ScalarKind.Other);
        }
    }

    /// <summary>A <c>_bin</c> (base64) or <c>_hex</c> value's bytes, or null when it does not decode.</summary>
    internal static byte[]? Decode(string text, ValueEncoding encoding)
    {
        if (encoding == ValueEncoding.Hex)
        {
            return text.Length % 2 == 0 && !text.AsSpan().ContainsAnyExcept(CharSets.Hex) ? Convert.FromHexString(text) : null;
        }

        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
    }
}
