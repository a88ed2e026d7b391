using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Korus.Stix.Identifiers;
using Korus.Stix.Json;

namespace Korus.Stix.Validation;

/// <summary>
/// Validates STIX 2.1 objects against the specification's rules (the validation checklist in the STIX
/// notes): every finding names the object, the JSON path, a stable rule code and the reason. Open
/// vocabularies and SHOULDs give warnings; MUSTs give errors. Thread-safe: one instance can validate
/// on several threads at once.
/// </summary>
public sealed partial class StixValidator
{
    private readonly StixValidatorOptions _options;

    /// <summary>Creates a validator with the given options (or the defaults).</summary>
    public StixValidator(StixValidatorOptions? options = null)
    {
        _options = options ?? StixValidatorOptions.Default;
    }

    /// <summary>The options in force.</summary>
    public StixValidatorOptions Options => _options;

    /// <summary>
    /// Validates one object given as UTF-8 JSON, adding findings to <paramref name="findings"/>. Returns
    /// true when the object has no errors (warnings allowed).
    /// </summary>
    public bool Validate(ReadOnlyMemory<byte> json, string path, List<Finding> findings, long? line = null, long? column = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ValidateUtf8(json, path, default, 0, findings, line, column);
    }

    /// <summary>Validates the element at <paramref name="index"/> of a container; its path is made only if a finding needs it.</summary>
    /// <remarks><paramref name="ascii"/>: the reader has found the text plain ASCII, so the parse need not check its encoding.</remarks>
    internal bool ValidateElement(ReadOnlyMemory<byte> json, StixContainerKind container, int index, List<Finding> findings, long line, long column, bool ascii = false) =>
        ValidateUtf8(json, null, container, index, findings, line, column, ascii);

    private bool ValidateUtf8(ReadOnlyMemory<byte> json, string? path, StixContainerKind container, int index, List<Finding> findings, long? line, long? column, bool ascii = false)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var tree = JsonTree.Rent();
        try
        {
            try
            {
                tree.Parse(json, _options.Limits.MaxDepth, ascii);
            }
            catch (JsonException ex)
            {
                var code = ex.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase) ? FindingCodes.LimitDepth : FindingCodes.Json;
                var reason = code == FindingCodes.LimitDepth
                    ? $"JSON nesting is deeper than the limit of {_options.Limits.MaxDepth} levels inside one object (MaxDepth)."
                    : "Invalid JSON: " + StixStreamReader.WithoutPosition(ex.Message);
                // The parser counts from the object's first byte; the finding names the place in the input.
                var errorLine = line + ex.LineNumber;
                var errorColumn = ex.LineNumber is 0 or null ? column + ex.BytePositionInLine : ex.BytePositionInLine + 1;
                findings.Add(new Finding(code, FindingSeverity.Error, null, path ?? JsonPath.Element(container, index), reason) { Line = errorLine ?? line, Column = errorColumn ?? column });
                return false;
            }

            return Validate(ObjectCheck.Rent(tree, path, container, index, findings, _options, line, column));
        }
        finally
        {
            JsonTree.Return(tree);
        }
    }

    /// <summary>Validates one object; returns true when it has no errors.</summary>
    public bool Validate(JsonElement obj, string path, List<Finding> findings, long? line = null, long? column = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(findings);
        if (obj.ValueKind == JsonValueKind.Undefined)
        {
            findings.Add(new Finding(FindingCodes.Json, FindingSeverity.Error, null, path, "Expected a STIX object, found nothing.") { Line = line, Column = column });
            return false;
        }

        // The element's text is already valid JSON; the tree reads it again with the validator's rules.
        return ValidateUtf8(JsonMarshal.GetRawUtf8Value(obj).ToArray(), path, default, 0, findings, line, column);
    }

    private static bool Validate(ObjectCheck check)
    {
        try
        {
            var obj = check.Root;
            if (obj.ValueKind != JsonValueKind.Object)
            {
                check.Error(FindingCodes.Json, "", $"Expected a STIX object, found {ObjectCheck.Describe(obj.ValueKind)}.");
                return false;
            }

            ValidateObject(check);
            return check.ErrorCount == 0;
        }
        finally
        {
            check.Release();
        }
    }

    /// <summary>Validates every object of a STIX input read from a stream; see <see cref="StixValidationRun"/>.</summary>
    public StixValidationRun ValidateStream(Stream stream, Action<StixObjectSlice, IReadOnlyList<Finding>>? onObject = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return StixValidationRun.Execute(this, stream, onObject);
    }

    private static void ValidateObject(ObjectCheck check)
    {
        var root = check.Root;
        if (check.TryGet("id"u8, out var knownId))
        {
            // Findings about the type are made before the id is checked; they still name the object.
            check.SetIdElement(knownId);
        }

        IdentifyType(check);
        IdentifyId(check);

        if (check.Type == "bundle")
        {
            ValidateEmbeddedBundle(check);
            return;
        }

        // IdentifyType found the spec with the type's name; an unnamed or unknown type has none.
        var spec = check.Spec;
        check.Kind = spec?.Kind ?? StixKind.Unknown;
        ScanExtensionKinds(check);
        CheckProperties(check, spec?.Utf8Properties ?? CustomTypeProperties(check));
        CheckRequired(check, spec);
        CheckSpecVersion(check);
        CheckVersioning(check);
        spec?.Rules?.Invoke(check);
        CheckIdentifierForm(check);
    }

    private static void IdentifyType(ObjectCheck check)
    {
        if (!check.TryGet("type"u8, out var type))
        {
            check.Error(FindingCodes.RequiredProperty, "type", "The object has no 'type'.");
            return;
        }

        if (type.ValueKind != JsonValueKind.String)
        {
            check.Error(FindingCodes.Type, "type", $"'type' must be a string, found {ObjectCheck.Describe(type.ValueKind)}.");
            return;
        }

        // The spec comes from the same lookup as the type's name (the catalog's own string for it).
        TypeCatalog.TypesUtf8.TryGetValue(type.Utf8Text, out var name, out var spec);
        name ??= type.GetString()!;
        check.Spec = spec;
        check.Type = name;
        if (!StixId.IsTypeName(name))
        {
            check.Error(FindingCodes.Type, "type", $"The type {ObjectCheck.Quote(type)} is not a valid type name: 3–250 characters of a–z, 0–9 and single hyphens, starting with a letter.");
        }
    }

    private static void IdentifyId(ObjectCheck check)
    {
        if (!check.TryGet("id"u8, out var id))
        {
            if (check.Type != "bundle")
            {
                check.Error(FindingCodes.RequiredProperty, "id", "The object has no 'id'.");
            }

            return;
        }

        if (id.ValueKind != JsonValueKind.String)
        {
            check.Error(FindingCodes.Id, "id", $"'id' must be a string, found {ObjectCheck.Describe(id.ValueKind)}.");
            return;
        }

        var utf8 = check.Utf8Id;
        if (!StixId.TryParseUtf8(utf8, out var typeLength, out var version))
        {
            check.Error(FindingCodes.Id, "id", $"The id {ObjectCheck.Quote(id)} is not of the form <type>--<RFC 4122 UUID> (version 1–5, variant 8, 9, a or b).");
            return;
        }

        check.IdVersion = version;
        if (check.Type.Length > 0 && !Ascii.Equals(utf8[..typeLength], check.Type))
        {
            check.Error(FindingCodes.Id, "id", $"The id's prefix '{Encoding.UTF8.GetString(utf8[..typeLength])}' does not match the object's type '{check.Type}'.");
        }
    }

    private static void ValidateEmbeddedBundle(ObjectCheck check)
    {
        if (check.Id is not null && !StixId.IsValid(check.Id, "bundle"))
        {
            check.Error(FindingCodes.Bundle, "id", "A bundle's id must be bundle--<RFC 4122 UUID>.");
        }
        else if (check.Id is null)
        {
            check.Error(FindingCodes.Bundle, "id", "The bundle has no 'id'.");
        }

        if (check.TryGet("spec_version"u8, out var version) && !(check.Options.AllowStix20 && version.ValueKind == JsonValueKind.String && version.ValueEquals("2.0"u8)))
        {
            check.Error(FindingCodes.Bundle, "spec_version", "A STIX 2.1 bundle carries no spec_version.");
        }

        if (!check.TryGet("objects"u8, out var objects))
        {
            check.Warn(FindingCodes.Bundle, "objects", "The bundle has no objects.");
        }
        else if (objects.ValueKind != JsonValueKind.Array)
        {
            check.Error(FindingCodes.Bundle, "objects", $"A bundle's 'objects' must be a list of objects, found {ObjectCheck.Describe(objects.ValueKind)}.");
        }
    }

    /// <summary>Notes extensions that declare a new object kind or top-level properties.</summary>
    private static void ScanExtensionKinds(ObjectCheck check)
    {
        if (!check.TryGet("extensions"u8, out var extensions) || extensions.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var extension in extensions.EnumerateObject())
        {
            if (extension.Value.ValueKind == JsonValueKind.Object && extension.Value.TryGetProperty("extension_type"u8, out var kind) && kind.ValueKind == JsonValueKind.String)
            {
                if (kind.ValueEquals("toplevel-property-extension"u8))
                {
                    check.HasToplevelExtension = true;
                }
                else if (check.Kind == StixKind.Unknown)
                {
                    check.Kind = kind.ValueEquals("new-sdo"u8) ? StixKind.Domain
                        : kind.ValueEquals("new-sro"u8) ? StixKind.Relationship
                        : kind.ValueEquals("new-sco"u8) ? StixKind.Observable
                        : StixKind.Unknown;
                }
            }
        }
    }

    /// <summary>Properties of a type this node does not know: the common ones of the kind it appears to be.</summary>
    private static Utf8NameTable<PropertySpec> CustomTypeProperties(ObjectCheck check)
    {
        var declared = check.Kind != StixKind.Unknown;
        if (!declared && check.Type.Length > 0 && !check.Type.StartsWith("x-", StringComparison.Ordinal))
        {
            check.Warn(FindingCodes.CustomPrefix, "type", $"'{check.Type}' is not a STIX 2.1 type; a custom type should be defined by an extension-definition (extension_type new-sdo, new-sco or new-sro) or, in the deprecated style, start with 'x-'.");
        }

        var observable = check.Kind == StixKind.Observable || (check.Kind == StixKind.Unknown && !check.Has("created"u8));
        return observable ? TypeCatalog.CustomObservableUtf8 : TypeCatalog.CustomDomainUtf8;
    }

    private static void CheckRequired(ObjectCheck check, TypeSpec? spec)
    {
        if (spec is not null)
        {
            var stix20 = check.Options.AllowStix20 && IsStix20Object(check);
            for (var i = 0; i < spec.Required.Length; i++)
            {
                var name = spec.Required[i];
                if (stix20 && IntroducedInStix21(check.Type, name))
                {
                    continue;
                }

                if (!check.Has(spec.RequiredUtf8[i]))
                {
                    check.Error(FindingCodes.RequiredProperty, name, $"A {check.Type} requires '{name}'.");
                }
            }

            return;
        }

        if (check.Kind is StixKind.Domain or StixKind.Relationship)
        {
            foreach (var name in (ReadOnlySpan<string>)["created", "modified"])
            {
                if (!check.Root.TryGetProperty(name, out _))
                {
                    check.Error(FindingCodes.RequiredProperty, name, $"A custom {(check.Kind == StixKind.Domain ? "domain" : "relationship")} object requires '{name}'.");
                }
            }
        }
    }

    /// <summary>An object without spec_version or with "2.0": STIX 2.0 content on the explicit 2.0 import path.</summary>
    private static bool IsStix20Object(ObjectCheck check) =>
        !check.TryGet("spec_version"u8, out var version) || (version.ValueKind == JsonValueKind.String && version.ValueEquals("2.0"u8));

    /// <summary>Required properties that STIX 2.0 objects of the same type do not have.</summary>
    private static bool IntroducedInStix21(string type, string name) =>
        (type == "malware" && name == "is_family") || (type == "indicator" && name == "pattern_type");

    private static void CheckSpecVersion(ObjectCheck check)
    {
        var observable = check.Kind == StixKind.Observable || (check.Kind == StixKind.Unknown && !check.Has("created"u8));
        if (!check.TryGet("spec_version"u8, out var version))
        {
            if (!observable && !check.Options.AllowStix20)
            {
                check.Error(FindingCodes.SpecVersion, "spec_version", "The object has no spec_version; STIX 2.1 domain, relationship and meta objects must carry \"2.1\" (objects without it are STIX 2.0).");
            }

            return;
        }

        if (version.ValueKind != JsonValueKind.String)
        {
            check.Error(FindingCodes.SpecVersion, "spec_version", $"spec_version must be a string, found {ObjectCheck.Describe(version.ValueKind)}.");
        }
        else if (version.ValueEquals("2.1"u8))
        {
            return;
        }
        else if (version.ValueEquals("2.0"u8) && (observable || check.Options.AllowStix20))
        {
            if (!check.Options.AllowStix20)
            {
                check.Error(FindingCodes.SpecVersion, "spec_version", "STIX 2.0 observables have no spec_version property; expected \"2.1\" or none.");
            }
        }
        else
        {
            check.Error(FindingCodes.SpecVersion, "spec_version", $"spec_version {ObjectCheck.Quote(version)} is not \"2.1\".");
        }
    }

    /// <summary>created/modified: present for the kinds that version, millisecond precision, and in order.</summary>
    private static void CheckVersioning(ObjectCheck check)
    {
        if (check.Kind == StixKind.Observable)
        {
            return;
        }

        // Each timestamp is parsed once for its precision and the order.
        var hasCreated = TimestampWithPrecision(check, "created"u8, "created", out var created);
        var hasModified = TimestampWithPrecision(check, "modified"u8, "modified", out var modified);
        if (hasCreated && hasModified)
        {
            check.CheckOrder("created", created, "modified", modified, strict: false, FindingCodes.ModifiedBeforeCreated);
        }

        if (check.Type == "marking-definition" && check.Has("modified"u8))
        {
            check.Error(FindingCodes.MarkingDefinition, "modified", "Marking definitions are never versioned and carry no 'modified'; a changed marking is a new object.");
        }
    }

    /// <summary>Reads a timestamp property, reporting it when it has less than millisecond precision; false when it is absent or not a timestamp.</summary>
    private static bool TimestampWithPrecision(ObjectCheck check, ReadOnlySpan<byte> utf8Name, string name, out StixTimestamp ts)
    {
        ts = default;
        if (!check.TryGet(utf8Name, out var value) || value.ValueKind != JsonValueKind.String
            || !check.TryParseTimestamp(value, out ts))
        {
            return false;
        }

        if (ts.FractionDigits < 3)
        {
            check.Error(FindingCodes.TimestampPrecision, name, $"{name} {ObjectCheck.Quote(value)} must have at least millisecond precision (three fraction digits, e.g. 2024-01-01T00:00:00.000Z).");
        }

        return true;
    }

    /// <summary>SCO ids: deterministic UUIDv5 where the type allows, UUIDv4 otherwise; non-SCOs should not use v5.</summary>
    private static void CheckIdentifierForm(ObjectCheck check)
    {
        var version = check.IdVersion;
        if (version == 0)
        {
            return;
        }

        if (check.Kind != StixKind.Observable)
        {
            if (version == 5)
            {
                check.Warn(FindingCodes.UuidNamespace, "id", "Domain, relationship and meta objects should use UUIDv4 ids; a version-5 id must never come from the SCO namespace (00abedb4-aa42-466c-9c01-fed23315a9b7).");
            }

            return;
        }

        if (!check.Options.CheckDeterministicIds || check.ErrorCount > 0 || check.Spec is null)
        {
            return;
        }

        if (DeterministicScoId.TryComputeUuid(check, check.Type, out var expected))
        {
            var type = check.Type;
            if (!Guid.TryParse(check.Utf8Id[^36..], out var actual) || actual != expected)
            {
                check.Warn(FindingCodes.ScoDeterministicId, "id", $"The id is not the deterministic UUIDv5 of the object's ID-contributing properties; expected {type}--{Uuid5.Format(expected)}.");
            }
        }
        else if (version != 4)
        {
            check.Error(FindingCodes.ScoUuidV4, "id", check.Type == "process"
                ? "A process id must be a UUIDv4."
                : "An SCO with none of its ID-contributing properties must have a UUIDv4 id.");
        }
    }

}
