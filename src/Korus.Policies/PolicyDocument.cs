using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Korus.Stix;
using Korus.Stix.Identifiers;
using Korus.Stix.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Korus.Policies;

/// <summary>
/// A policy file's content as JSON, whether it was written in JSON or YAML, and its content hash:
/// SHA-256 over the RFC 8785 canonical form, so the hash names the policy's meaning, not its layout
/// (the same policy in YAML and in JSON, reindented or reordered, has the same hash).
/// </summary>
public static class PolicyDocument
{
    /// <summary>Parses policy text; null with a finding (code <paramref name="syntaxCode"/>, with line and column) when it is not JSON or YAML.</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> content, string source, string syntaxCode, List<Finding> findings)
    {
        var span = content.Span;
        if (span.StartsWith("\uFEFF"u8))
        {
            content = content[3..];
        }

        var looksLikeJson = source.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            || (!source.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !source.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) && FirstNonSpace(content.Span) is (byte)'{' or (byte)'[');
        if (looksLikeJson)
        {
            try
            {
                return StrictJson.Parse(content, new JsonDocumentOptions { MaxDepth = 32 });
            }
            catch (JsonException e)
            {
                findings.Add(new Finding(syntaxCode, FindingSeverity.Error, null, "$", $"{source} is not valid JSON: {e.Message}") { Line = e.LineNumber + 1, Column = e.BytePositionInLine + 1 });
                return null;
            }
        }

        if (StrictJson.TryFindInvalidUtf8(content.Span, out var line, out var column, out var value))
        {
            // Decoding would put U+FFFD in place of the bad bytes and change the policy without a word.
            findings.Add(new Finding(syntaxCode, FindingSeverity.Error, null, "$", string.Create(CultureInfo.InvariantCulture, $"{source} is not valid YAML: it is not UTF-8 text (0x{value:X2} at line {line + 1}, column {column + 1} does not start or continue a character).")) { Line = line + 1, Column = column + 1 });
            return null;
        }

        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(Encoding.UTF8.GetString(content.Span)));
            if (yaml.Documents.Count != 1)
            {
                findings.Add(new Finding(syntaxCode, FindingSeverity.Error, null, "$", $"{source} holds {yaml.Documents.Count} YAML documents; a policy is exactly one."));
                return null;
            }

            var buffer = new ArrayBufferWriter<byte>();
            using (var json = new Utf8JsonWriter(buffer))
            {
                WriteYaml(yaml.Documents[0].RootNode, json, 0);
            }

            return JsonDocument.Parse(buffer.WrittenMemory);
        }
        catch (YamlException e)
        {
            findings.Add(new Finding(syntaxCode, FindingSeverity.Error, null, "$", $"{source} is not valid YAML: {e.Message}") { Line = e.Start.Line, Column = e.Start.Column });
            return null;
        }
        catch (InvalidDataException e)
        {
            findings.Add(new Finding(syntaxCode, FindingSeverity.Error, null, "$", $"{source}: {e.Message}"));
            return null;
        }
    }

    /// <summary>The bytes of a policy shipped as the embedded resource <paramref name="resource"/> of <paramref name="assembly"/>.</summary>
    public static byte[] Embedded(System.Reflection.Assembly assembly, string resource)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The shipped policy {resource} is missing from {assembly.GetName().Name}.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>Runs a policy reader and throws with its findings when it refuses the policy.</summary>
    /// <exception cref="PolicyException">The policy is refused.</exception>
    public static T Require<T>(ReadOnlyMemory<byte> content, string source, Func<ReadOnlyMemory<byte>, string, List<Finding>, T?> read)
        where T : class
    {
        var findings = new List<Finding>();
        return read(content, source, findings) ?? throw new PolicyException(source, findings);
    }

    /// <summary>"sha256:" and the hex SHA-256 of the canonical JSON of <paramref name="root"/>.</summary>
    public static string Hash(JsonElement root)
    {
        var canonical = JsonCanonicalizer.Canonicalize(root);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    private static byte FirstNonSpace(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b;
            }
        }

        return 0;
    }

    // YAML's plain scalars carry their type implicitly (YAML 1.2 core schema); quoted ones are always strings.
    private static void WriteYaml(YamlNode node, Utf8JsonWriter json, int depth)
    {
        if (depth > 32)
        {
            throw new InvalidDataException($"line {node.Start.Line}: the YAML nests deeper than 32 levels.");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                json.WriteStartObject();
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        throw new InvalidDataException($"line {key.Start.Line}, column {key.Start.Column}: a mapping key must be a plain name.");
                    }

                    if (!names.Add(name))
                    {
                        throw new InvalidDataException($"line {key.Start.Line}, column {key.Start.Column}: the key '{name}' appears twice.");
                    }

                    json.WritePropertyName(name);
                    WriteYaml(value, json, depth + 1);
                }

                json.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                json.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    WriteYaml(item, json, depth + 1);
                }

                json.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(scalar, json);
                break;
            default:
                throw new InvalidDataException($"line {node.Start.Line}, column {node.Start.Column}: YAML aliases and anchors are not supported in policies.");
        }
    }

    private static void WriteScalar(YamlScalarNode scalar, Utf8JsonWriter json)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            json.WriteStringValue(text);
            return;
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                json.WriteNullValue();
                return;
            case "true" or "True" or "TRUE":
                json.WriteBooleanValue(true);
                return;
            case "false" or "False" or "FALSE":
                json.WriteBooleanValue(false);
                return;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            json.WriteNumberValue(integer);
        }
        else if ((char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            json.WriteNumberValue(real);
        }
        else
        {
            json.WriteStringValue(text);
        }
    }
}
