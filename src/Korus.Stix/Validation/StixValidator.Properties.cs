using System.Buffers;
using System.Buffers.Text;
using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Korus.Stix.Json;

namespace Korus.Stix.Validation;

public sealed partial class StixValidator
{
    private const long MaxSafeInteger = 9_007_199_254_740_991;

    private static readonly FrozenSet<string> ReservedNames = new[] { "severity", "username", "phone_number", "phone_numbers", "action" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ReservedLookup = ReservedNames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>One pass over the top-level properties: names, duplicates, each value against its spec, and the generic rules.</summary>
    private static void CheckProperties(ObjectCheck check, Utf8NameTable<PropertySpec> table)
    {
        var count = check.PropertyCount;
        for (var i = 0; i < count; i++)
        {
            var property = check.PropertyAt(i);
            var flags = check.NameFlagsAt(i);
            if ((flags & NameFlags.Duplicate) != 0)
            {
                check.Error(FindingCodes.Json, property.Name, $"The key '{property.Name}' appears more than once in the object; STIX objects must not have duplicate keys.");
            }

            // A name the specification defines is well-formed and not reserved; the table's own copy of it
            // serves as the path, so a valid property allocates nothing. Names are looked up decoded, so an
            // escaped name finds its spec too.
            if (table.TryGetValue(check.NameKeyAt(i), check.NameAt(i), out var key, out var spec))
            {
                CheckValue(check, property.Value, spec, key, topLevel: true);
            }
            else
            {
                var name = property.Name;
                CheckPropertyName(check, name);
                if (check.Kind != StixKind.Unknown || check.Spec is not null)
                {
                    CheckCustomProperty(check, name);
                }
            }

            // The generic rules read the name as written (an escaped name's raw text).
            Walk(check, property, (flags & NameFlags.Escaped) != 0 ? property.RawName : check.NameAt(i), spec, depth: 1);
        }
    }

    private static void CheckPropertyName(ObjectCheck check, ReadOnlySpan<char> name)
    {
        if (name.SequenceEqual("id"))
        {
            return;
        }

        var ok = name.Length is >= 3 and <= 250 && char.IsAsciiLetterLower(name[0]);
        for (var i = 1; ok && i < name.Length; i++)
        {
            var c = name[i];
            ok = char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_';
        }

        if (!ok)
        {
            var text = name.ToString();
            check.Error(FindingCodes.PropertyName, text, $"The property name '{text}' is not valid: 3–250 characters of a–z, 0–9 and '_', starting with a letter.");
        }

        if (ReservedLookup.Contains(name))
        {
            var text = name.ToString();
            check.Error(FindingCodes.Reserved, text, $"'{text}' is a reserved property name in STIX 2.1 and must not be used.");
        }
    }

    private static void CheckCustomProperty(ObjectCheck check, ReadOnlySpan<char> name)
    {
        if (name.StartsWith("x_") || check.HasToplevelExtension)
        {
            return;
        }

        if (name.SequenceEqual("defanged") && check.Kind != StixKind.Observable)
        {
            check.Error(FindingCodes.Defanged, "defanged", "'defanged' is only allowed on cyber-observable objects.");
            return;
        }

        if (check.Spec is null)
        {
            // A type defined by an extension-definition (new-sdo, new-sco, new-sro): its schema defines its
            // properties, so they are not custom properties and need no x_ prefix.
            return;
        }

        var text = name.ToString();
        check.Warn(FindingCodes.CustomPrefix, text, $"'{text}' is not a property of {check.Type}; custom properties should be defined by a toplevel-property-extension or, in the deprecated style, start with 'x_'.");
    }

    /// <summary>Checks one value against what its spec says it must be.</summary>
    private static void CheckValue(ObjectCheck check, JsonItem value, PropertySpec spec, LazyPath path, bool topLevel)
    {
        _ = topLevel;
        switch (spec.Kind)
        {
            case PropertyKind.String:
                ExpectKind(check, value, JsonValueKind.String, spec, path);
                break;
            case PropertyKind.Timestamp:
                CheckTimestamp(check, value, path);
                break;
            case PropertyKind.Integer:
                CheckInteger(check, value, spec, path);
                break;
            case PropertyKind.Float:
                CheckFloat(check, value, spec, path);
                break;
            case PropertyKind.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    check.Error(FindingCodes.PropertyType, path, $"{path} must be a boolean (true or false), found {ObjectCheck.Describe(value.ValueKind)}.");
                }

                break;
            case PropertyKind.Ref:
                CheckRef(check, value, spec, path);
                break;
            case PropertyKind.RefList:
                if (ExpectKind(check, value, JsonValueKind.Array, spec, path))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        CheckRef(check, item, spec, path.Item(i++));
                    }
                }

                break;
            case PropertyKind.StringList:
                CheckStringList(check, value, spec, path, null);
                break;
            case PropertyKind.OpenVocab:
            case PropertyKind.Enum:
                if (ExpectKind(check, value, JsonValueKind.String, spec, path))
                {
                    CheckVocabulary(check, value, spec, path);
                }

                break;
            case PropertyKind.OpenVocabList:
            case PropertyKind.EnumList:
                CheckStringList(check, value, spec, path, spec);
                break;
            case PropertyKind.Dictionary:
            case PropertyKind.Object:
                ExpectKind(check, value, JsonValueKind.Object, spec, path);
                break;
            case PropertyKind.Hashes:
                CheckHashes(check, value, path);
                break;
            case PropertyKind.KillChainPhases:
                CheckKillChainPhases(check, value, path);
                break;
            case PropertyKind.ExternalReferences:
                CheckExternalReferences(check, value, path);
                break;
            case PropertyKind.GranularMarkings:
                CheckGranularMarkings(check, value, path);
                break;
            case PropertyKind.Extensions:
                CheckExtensions(check, value, path);
                break;
            case PropertyKind.Lang:
                if (ExpectKind(check, value, JsonValueKind.String, spec, path) && !IsLanguageTag(value.GetString()!))
                {
                    check.Error(spec.Code, path, $"{path} {ObjectCheck.Quote(value)} is not an RFC 5646 language tag (e.g. en, ko, en-US).");
                }

                break;
            case PropertyKind.Binary:
                if (ExpectKind(check, value, JsonValueKind.String, spec, path) && !Base64.IsValid(value.RawUtf8[1..^1]))
                {
                    check.Error(FindingCodes.Suffix, path, $"{path} must be base64-encoded binary (RFC 4648).");
                }

                break;
            case PropertyKind.Hex:
                if (ExpectKind(check, value, JsonValueKind.String, spec, path))
                {
                    CheckHex(check, value, path);
                }

                break;
            case PropertyKind.ObjectList:
                if (ExpectKind(check, value, JsonValueKind.Array, spec, path))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Object)
                        {
                            check.Error(FindingCodes.PropertyType, path.Item(i), $"Each item of {path} must be an object, found {ObjectCheck.Describe(item.ValueKind)}.");
                        }

                        i++;
                    }
                }

                break;
        }
    }

    private static bool ExpectKind(ObjectCheck check, JsonItem value, JsonValueKind kind, PropertySpec spec, LazyPath path)
    {
        if (value.ValueKind == kind)
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Null)
        {
            check.Error(spec.Code == FindingCodes.OpenVocab ? FindingCodes.PropertyType : spec.Code, path, $"{path} must be {spec.Describe()}, found {ObjectCheck.Describe(value.ValueKind)}.");
        }

        return false;
    }

    private static void CheckTimestamp(ObjectCheck check, JsonItem value, LazyPath path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            if (value.ValueKind != JsonValueKind.Null)
            {
                check.Error(FindingCodes.Timestamp, path, $"{path} must be a timestamp string, found {ObjectCheck.Describe(value.ValueKind)}.");
            }

            return;
        }

        if (!check.TryParseTimestamp(value, out _))
        {
            check.Error(FindingCodes.Timestamp, path, $"{path} {ObjectCheck.Quote(value)} is not a STIX timestamp: YYYY-MM-DDTHH:mm:ss[.s+]Z in UTC, a real date.");
        }
    }

    private static void CheckInteger(ObjectCheck check, JsonItem value, PropertySpec spec, LazyPath path)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            if (value.ValueKind != JsonValueKind.Null)
            {
                check.Error(spec.Code == FindingCodes.Range ? FindingCodes.PropertyType : spec.Code, path, $"{path} must be an integer, found {ObjectCheck.Quote(value)}.");
            }

            return;
        }

        if (number < -MaxSafeInteger || number > MaxSafeInteger)
        {
            check.Error(FindingCodes.Range, path, $"{path} {number} is outside the STIX integer range ±(2^53−1).");
        }
        else if (number < spec.Min || number > spec.Max)
        {
            check.Error(spec.Code, path, $"{path} {number} is out of range: {RangeText(spec)}.");
        }
    }

    private static void CheckFloat(ObjectCheck check, JsonItem value, PropertySpec spec, LazyPath path)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            if (value.ValueKind != JsonValueKind.Null)
            {
                check.Error(FindingCodes.PropertyType, path, $"{path} must be a number, found {ObjectCheck.Quote(value)}.");
            }

            return;
        }

        if (number < spec.Min || number > spec.Max)
        {
            check.Error(spec.Code, path, $"{path} {number.ToString(CultureInfo.InvariantCulture)} is out of range: {RangeText(spec)}.");
        }
    }

    private static string RangeText(PropertySpec spec) => spec.Max == double.MaxValue
        ? string.Create(CultureInfo.InvariantCulture, $"expected at least {spec.Min}")
        : string.Create(CultureInfo.InvariantCulture, $"expected {spec.Min:#,0.##} to {spec.Max:#,0.##}");

    private static void CheckRef(ObjectCheck check, JsonItem value, PropertySpec spec, LazyPath path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            if (value.ValueKind != JsonValueKind.Null)
            {
                check.Error(spec.Code == FindingCodes.PropertyType ? FindingCodes.Suffix : spec.Code, path, $"{path} must be a STIX identifier string, found {ObjectCheck.Describe(value.ValueKind)}.");
            }

            return;
        }

        var raw = value.RawUtf8[1..^1];
        if (!StixId.TryParseUtf8(raw, out var typeLength, out _))
        {
            check.Error(spec.Code == FindingCodes.PropertyType ? FindingCodes.Suffix : spec.Code, path, $"{path} {ObjectCheck.Quote(value)} is not a STIX identifier (<type>--<UUID>).");
            return;
        }

        var type = raw[..typeLength];
        if (!RefAllowed(spec, type))
        {
            check.Error(spec.Code, path, $"{path} points at a {Encoding.UTF8.GetString(type)}, but it must point at {TargetText(spec)}.");
        }
    }

    private static bool RefAllowed(PropertySpec spec, ReadOnlySpan<byte> type)
    {
        if (type.SequenceEqual("bundle"u8))
        {
            // A bundle is a wrapper, not a STIX object: no reference may point at one (the named kinds
            // below would otherwise let it through as an unknown type).
            return false;
        }

        var kind = TypeCatalog.KindOfUtf8(type);
        return spec.Target switch
        {
            RefTarget.Types => spec.TargetTypesUtf8!.TryGetValue(type, out _, out _),
            RefTarget.DomainObject => kind is StixKind.Domain or StixKind.Unknown,
            RefTarget.Observable => kind is StixKind.Observable or StixKind.Unknown,
            RefTarget.DomainOrObservable => kind is StixKind.Domain or StixKind.Observable or StixKind.Unknown,
            RefTarget.ObservableOrRelationship => kind is StixKind.Observable or StixKind.Unknown || type.SequenceEqual("relationship"u8),
            RefTarget.NotBundleOrLanguageContent => !type.SequenceEqual("language-content"u8),
            _ => true,
        };
    }

    private static string TargetText(PropertySpec spec) => spec.Target switch
    {
        RefTarget.Types => string.Join(" or ", spec.TargetTypes!.Order(StringComparer.Ordinal)),
        RefTarget.DomainObject => "a domain object (SDO)",
        RefTarget.Observable => "a cyber-observable (SCO)",
        RefTarget.DomainOrObservable => "a domain object or a cyber-observable (not a relationship, sighting or meta object)",
        RefTarget.ObservableOrRelationship => "a cyber-observable or a relationship between them",
        RefTarget.NotBundleOrLanguageContent => "an object other than a bundle or language-content",
        _ => "a STIX object",
    };

    private static void CheckStringList(ObjectCheck check, JsonItem value, PropertySpec spec, LazyPath path, PropertySpec? vocabulary)
    {
        if (!ExpectKind(check, value, JsonValueKind.Array, spec, path))
        {
            return;
        }

        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = path.Item(i++);
            if (item.ValueKind != JsonValueKind.String)
            {
                if (item.ValueKind != JsonValueKind.Null)
                {
                    check.Error(FindingCodes.PropertyType, itemPath, $"Each item of {path} must be a string, found {ObjectCheck.Describe(item.ValueKind)}.");
                }
            }
            else if (vocabulary is not null)
            {
                CheckVocabulary(check, item, vocabulary, itemPath);
            }
        }
    }

    private static void CheckVocabulary(ObjectCheck check, JsonItem value, PropertySpec spec, LazyPath path)
    {
        // Vocabulary words are short ASCII: look them up without allocating a string.
        var raw = value.RawUtf8[1..^1];
        Span<char> chars = stackalloc char[64];
        if (raw.Length <= chars.Length && raw.IndexOf((byte)'\\') < 0 && Ascii.ToUtf16(raw, chars, out var written) == OperationStatus.Done)
        {
            if (spec.ValuesLookup!.Value.Contains(chars[..written]))
            {
                return;
            }
        }
        else if (spec.Values!.Contains(value.GetString()!))
        {
            return;
        }

        if (spec.Kind is PropertyKind.Enum or PropertyKind.EnumList)
        {
            check.Error(spec.Code, path, $"{path} {ObjectCheck.Quote(value)} is not in {spec.VocabularyName}: expected one of {string.Join(", ", spec.Values!.Order(StringComparer.Ordinal))}.");
        }
        else
        {
            check.Warn(FindingCodes.OpenVocab, path, $"{path} {ObjectCheck.Quote(value)} is not in the suggested vocabulary {spec.VocabularyName}.");
        }
    }

    private static void CheckHex(ObjectCheck check, JsonItem value, LazyPath path)
    {
        var raw = value.RawUtf8[1..^1];
        if (raw.Length % 2 != 0 || raw.IndexOfAnyExcept(ByteSets.Hex) >= 0)
        {
            check.Error(FindingCodes.Suffix, path, $"{path} must be an even number of hexadecimal digits, found {ObjectCheck.Quote(value)}.");
        }
    }

    private static void CheckHashes(ObjectCheck check, JsonItem value, LazyPath path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            if (value.ValueKind != JsonValueKind.Null)
            {
                check.Error(FindingCodes.Hashes, path, $"{path} must be a dictionary of hash algorithm to value, found {ObjectCheck.Describe(value.ValueKind)}.");
            }

            return;
        }

        foreach (var hash in value.EnumerateObject())
        {
            var raw = hash.RawName;
            var expected = StixSchema.HashHexLength(raw);

            if (hash.Value.ValueKind == JsonValueKind.String && expected < 0)
            {
                continue;
            }

            var hexValue = hash.Value.ValueKind == JsonValueKind.String ? hash.Value.RawUtf8[1..^1] : default;
            if (expected > 0 && hash.Value.ValueKind == JsonValueKind.String && hexValue.Length == expected && hexValue.IndexOfAnyExcept(ByteSets.Hex) < 0)
            {
                continue;
            }

            // Something to report: now the name is worth a string.
            var name = hash.Name;
            var itemPath = path.Child(name);
            if (name.Length is < 3 or > 250)
            {
                check.Error(FindingCodes.Hashes, itemPath, $"The hash algorithm name '{name}' must be 3–250 characters.");
            }

            if (hash.Value.ValueKind != JsonValueKind.String)
            {
                check.Error(FindingCodes.Hashes, itemPath, $"The {name} hash must be a string, found {ObjectCheck.Describe(hash.Value.ValueKind)}.");
            }
            else if (expected == 0)
            {
                check.Warn(FindingCodes.Hashes, itemPath, $"'{name}' is not in hash-algorithm-ov (MD5, SHA-1, SHA-256, SHA-512, SHA3-256, SHA3-512, SSDEEP, TLSH).");
            }
            else
            {
                check.Error(FindingCodes.Hashes, itemPath, $"The {name} hash must be {expected} hexadecimal digits, found {ObjectCheck.Quote(hash.Value)}.");
            }
        }
    }

    private static void CheckKillChainPhases(ObjectCheck check, JsonItem value, LazyPath path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            if (value.ValueKind != JsonValueKind.Null)
            {
                check.Error(FindingCodes.KillChainPhase, path, $"{path} must be a list of kill-chain phases, found {ObjectCheck.Describe(value.ValueKind)}.");
            }

            return;
        }

        var i = 0;
        foreach (var phase in value.EnumerateArray())
        {
            var itemPath = path.Item(i++);
            if (phase.ValueKind != JsonValueKind.Object)
            {
                check.Error(FindingCodes.KillChainPhase, itemPath, $"A kill-chain phase must be an object with kill_chain_name and phase_name, found {ObjectCheck.Describe(phase.ValueKind)}.");
                continue;
            }

            foreach (var name in (ReadOnlySpan<string>)["kill_chain_name", "phase_name"])
            {
                if (!phase.TryGetProperty(name, out var part) || part.ValueKind != JsonValueKind.String)
                {
                    check.Error(FindingCodes.KillChainPhase, itemPath.Child(name), $"A kill-chain phase requires '{name}' as a string.");
                }
                else if (!IsLowerHyphenated(part.RawUtf8[1..^1]))
                {
                    check.Warn(FindingCodes.KillChainPhase, itemPath.Child(name), $"{name} {ObjectCheck.Quote(part)} should be lowercase with hyphens.");
                }
            }
        }
    }

    private static bool IsLowerHyphenated(ReadOnlySpan<byte> text) => text.Length > 0 && text.IndexOfAnyExcept(ByteSets.LowerHyphenated) < 0;

    private static void CheckExternalReferences(ObjectCheck check, JsonItem value, LazyPath path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            if (value.ValueKind != JsonValueKind.Null)
            {
                check.Error(FindingCodes.ExternalReference, path, $"{path} must be a list of external references, found {ObjectCheck.Describe(value.ValueKind)}.");
            }

            return;
        }

        var i = 0;
        foreach (var reference in value.EnumerateArray())
        {
            var itemPath = path.Item(i++);
            if (reference.ValueKind != JsonValueKind.Object)
            {
                check.Error(FindingCodes.ExternalReference, itemPath, $"An external reference must be an object, found {ObjectCheck.Describe(reference.ValueKind)}.");
                continue;
            }

            if (!reference.TryGetProperty("source_name"u8, out var source) || source.ValueKind != JsonValueKind.String)
            {
                check.Error(FindingCodes.ExternalReference, itemPath.Child("source_name"), "An external reference requires 'source_name' as a string.");
            }

            var hasDetail = false;
            foreach (var name in (ReadOnlySpan<string>)["description", "url", "external_id"])
            {
                if (reference.TryGetProperty(name, out var detail))
                {
                    hasDetail = true;
                    if (detail.ValueKind != JsonValueKind.String)
                    {
                        check.Error(FindingCodes.ExternalReference, itemPath.Child(name), $"{name} must be a string, found {ObjectCheck.Describe(detail.ValueKind)}.");
                    }
                }
            }

            if (!hasDetail)
            {
                check.Error(FindingCodes.ExternalReference, itemPath, "An external reference requires at least one of description, url or external_id besides source_name.");
            }

            if (reference.TryGetProperty("hashes"u8, out var hashes))
            {
                CheckHashes(check, hashes, itemPath.Child("hashes"));
            }

            if (source.ValueKind == JsonValueKind.String && reference.TryGetProperty("external_id"u8, out var externalId) && externalId.ValueKind == JsonValueKind.String)
            {
                CheckCapecCve(check, source, externalId, itemPath.Child("external_id"));
            }
            else if (source.ValueKind == JsonValueKind.String && (source.ValueEquals("capec"u8) || source.ValueEquals("cve"u8)) && !reference.TryGetProperty("external_id"u8, out _))
            {
                // A capec or cve reference names its entry by external_id (CAPEC-<n>, CVE-YYYY-NNNN).
                check.Warn(FindingCodes.CapecCve, itemPath.Child("external_id"), $"A {source.GetString()} external reference should carry external_id ({(source.ValueEquals("capec"u8) ? "CAPEC-<number>" : "CVE-YYYY-NNNN")}).");
            }
        }
    }

    private static void CheckCapecCve(ObjectCheck check, JsonItem source, JsonItem externalId, LazyPath path)
    {
        var id = externalId.RawUtf8[1..^1];
        if (source.ValueEquals("capec"u8))
        {
            if (!id.StartsWith("CAPEC-"u8) || id.Length == 6 || id[6..].IndexOfAnyExcept(ByteSets.Digits) >= 0)
            {
                check.Warn(FindingCodes.CapecCve, path, $"A capec external_id should be CAPEC-<number>, found {ObjectCheck.Quote(externalId)}.");
            }
        }
        else if (source.ValueEquals("cve"u8))
        {
            // CVE-YYYY-NNNN with four or more digits in the sequence number.
            var ok = id.Length >= 13 && id.StartsWith("CVE-"u8) && id[8] == (byte)'-'
                && id[4..8].IndexOfAnyExcept(ByteSets.Digits) < 0 && id[9..].IndexOfAnyExcept(ByteSets.Digits) < 0;
            if (!ok)
            {
                check.Warn(FindingCodes.CapecCve, path, $"A cve external_id should be CVE-YYYY-NNNN, found {ObjectCheck.Quote(externalId)}.");
            }
        }
    }

    private static void CheckGranularMarkings(ObjectCheck check, JsonItem value, LazyPath path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            if (value.ValueKind != JsonValueKind.Null)
            {
                check.Error(FindingCodes.GranularMarking, path, $"{path} must be a list of granular markings, found {ObjectCheck.Describe(value.ValueKind)}.");
            }

            return;
        }

        var i = 0;
        foreach (var marking in value.EnumerateArray())
        {
            var itemPath = path.Item(i++);
            if (marking.ValueKind != JsonValueKind.Object)
            {
                check.Error(FindingCodes.GranularMarking, itemPath, $"A granular marking must be an object, found {ObjectCheck.Describe(marking.ValueKind)}.");
                continue;
            }

            var hasRef = marking.TryGetProperty("marking_ref"u8, out var markingRef);
            var hasLang = marking.TryGetProperty("lang"u8, out var lang);
            if (hasRef == hasLang)
            {
                check.Error(FindingCodes.GranularMarking, itemPath, "A granular marking must have exactly one of marking_ref and lang.");
            }

            if (hasRef)
            {
                var refSpec = new PropertySpec { Kind = PropertyKind.Ref, Target = RefTarget.Types, TargetTypes = MarkingDefinitionOnly, Code = FindingCodes.GranularMarking };
                CheckRef(check, markingRef, refSpec, itemPath.Child("marking_ref"));
            }

            if (hasLang && (lang.ValueKind != JsonValueKind.String || !IsLanguageTag(lang.GetString()!)))
            {
                check.Error(FindingCodes.GranularMarking, itemPath.Child("lang"), "A granular marking's lang must be an RFC 5646 language tag.");
            }

            if (!marking.TryGetProperty("selectors"u8, out var selectors) || selectors.ValueKind != JsonValueKind.Array || selectors.GetArrayLength() == 0)
            {
                check.Error(FindingCodes.GranularMarking, itemPath.Child("selectors"), "A granular marking requires a non-empty list of selectors.");
                continue;
            }

            var s = 0;
            foreach (var selector in selectors.EnumerateArray())
            {
                var selectorPath = itemPath.Child("selectors").Item(s++);
                if (selector.ValueKind != JsonValueKind.String)
                {
                    check.Error(FindingCodes.GranularMarking, selectorPath, "A selector must be a string.");
                }
                else if (!SelectorResolves(check.Root, selector.GetString()!, out var reason))
                {
                    check.Error(FindingCodes.GranularMarking, selectorPath, $"The selector {ObjectCheck.Quote(selector)} does not point at content of this object: {reason}.");
                }
            }
        }
    }

    private static readonly FrozenSet<string> MarkingDefinitionOnly = new[] { "marking-definition" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Follows a granular-marking selector (<c>external_references.[0].url</c>) through the object.</summary>
    internal static bool SelectorResolves(JsonItem root, string selector, out string reason)
    {
        var current = root;
        foreach (var part in selector.Split('.'))
        {
            if (part.Length == 0)
            {
                reason = "it has an empty component";
                return false;
            }

            if (part[0] == '[')
            {
                if (part[^1] != ']' || !int.TryParse(part.AsSpan(1, part.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    reason = $"'{part}' is not a list index [n]";
                    return false;
                }

                if (current.ValueKind != JsonValueKind.Array)
                {
                    reason = $"'{part}' indexes {ObjectCheck.Describe(current.ValueKind)}, not a list";
                    return false;
                }

                if (index >= current.GetArrayLength())
                {
                    reason = $"index {index} is past the end of a list of {current.GetArrayLength()}";
                    return false;
                }

                current = current[index];
            }
            else
            {
                if (current.ValueKind != JsonValueKind.Object)
                {
                    reason = $"'{part}' names a key of {ObjectCheck.Describe(current.ValueKind)}, not of an object";
                    return false;
                }

                if (!current.TryGetProperty(part, out current))
                {
                    reason = $"there is no '{part}'";
                    return false;
                }
            }
        }

        reason = "";
        return true;
    }

    private static void CheckExtensions(ObjectCheck check, JsonItem value, LazyPath path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            if (value.ValueKind != JsonValueKind.Null)
            {
                check.Error(FindingCodes.Extensions, path, $"{path} must be a dictionary of extensions, found {ObjectCheck.Describe(value.ValueKind)}.");
            }

            return;
        }

        foreach (var extension in value.EnumerateObject())
        {
            var name = extension.Name;
            var itemPath = path.Child(name);
            if (extension.Value.ValueKind != JsonValueKind.Object)
            {
                check.Error(FindingCodes.Extensions, itemPath, $"The extension '{name}' must be an object, found {ObjectCheck.Describe(extension.Value.ValueKind)}.");
                continue;
            }

            if (name.StartsWith("extension-definition--", StringComparison.Ordinal))
            {
                if (!StixId.IsValid(name, "extension-definition"))
                {
                    check.Error(FindingCodes.Extensions, itemPath, $"The extension key '{name}' is not a valid extension-definition id.");
                }

                if (!extension.Value.TryGetProperty("extension_type"u8, out var kind))
                {
                    check.Error(FindingCodes.Extensions, itemPath, "An extension keyed by an extension-definition id requires 'extension_type'.");
                }
                else if (kind.ValueKind != JsonValueKind.String || !Vocabularies.ExtensionTypeEnum.Contains(kind.GetString()!))
                {
                    check.Error(FindingCodes.Enum, itemPath.Child("extension_type"), $"extension_type {ObjectCheck.Quote(kind)} is not in extension-type-enum: expected one of new-sdo, new-sco, new-sro, property-extension, toplevel-property-extension.");
                }

                continue;
            }

            if (TypeCatalog.PredefinedExtensions.TryGetValue(name, out var predefined))
            {
                if (!string.Equals(predefined.Parent, check.Type, StringComparison.Ordinal))
                {
                    check.Error(FindingCodes.Extensions, itemPath, $"The predefined extension '{name}' belongs on {predefined.Parent}, not on {check.Type}.");
                }

                CheckPredefinedExtension(check, extension.Value, predefined.Spec, itemPath);
            }
            else if (name.EndsWith("-ext", StringComparison.Ordinal) && name.StartsWith("x-", StringComparison.Ordinal))
            {
                // A 2.0-style custom extension: allowed, nothing to check.
            }
            else
            {
                check.Warn(FindingCodes.Extensions, itemPath, $"The extension key '{name}' is neither an extension-definition id nor a predefined STIX extension (…-ext).");
            }
        }
    }

    private static void CheckPredefinedExtension(ObjectCheck check, JsonItem extension, TypeSpec spec, LazyPath path)
    {
        foreach (var required in spec.Required)
        {
            if (!extension.TryGetProperty(required, out _))
            {
                check.Error(FindingCodes.RequiredProperty, path.Child(required), $"The {spec.Name} extension requires '{required}'.");
            }
        }

        var lookup = spec.Lookup;
        var any = false;
        foreach (var property in extension.EnumerateObject())
        {
            any = true;
            var name = property.Name;
            if (lookup.TryGetValue(name, out var propertySpec))
            {
                CheckValue(check, property.Value, propertySpec, path.Child(name), topLevel: false);
            }
        }

        if (!any)
        {
            check.Error(FindingCodes.Empty, path, $"The {spec.Name} extension is empty.");
        }
    }

    /// <summary>RFC 5646 in the shape STIX needs: a 2–3 letter (or 4–8 letter) primary subtag and alphanumeric subtags of 1–8.</summary>
    internal static bool IsLanguageTag(string tag)
    {
        if (tag.Length == 0)
        {
            return false;
        }

        var parts = tag.Split('-');
        var first = parts[0];
        if (!(first.Length is >= 2 and <= 8 && first.All(char.IsAsciiLetter)) && !(first is "x" or "i"))
        {
            return false;
        }

        for (var i = 1; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length is < 1 or > 8 || !part.All(char.IsAsciiLetterOrDigit))
            {
                return false;
            }
        }

        return true;
    }
}
