using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Korus.Stix.Json;
using Korus.Stix.Model;

namespace Korus.Stix.Validation;

/// <summary>The type-specific rules that involve several properties (the checklist's per-type items).</summary>
internal static class TypeRules
{
    public static void LastSeen(ObjectCheck check) => check.CheckOrder("first_seen"u8, "last_seen"u8, strict: false, FindingCodes.LastSeen);

    public static void Grouping(ObjectCheck check)
    {
        if (!check.Has("name"u8))
        {
            // Errata 01's table requires it; the JSON schema and python-stix2 do not. Korus accepts and warns.
            check.Warn(FindingCodes.Grouping, "name", "A grouping should have a name (the STIX 2.1 Errata 01 table lists it as required).");
        }
    }

    public static void Indicator(ObjectCheck check)
    {
        check.CheckOrder("valid_from"u8, "valid_until"u8, strict: true, FindingCodes.IndicatorValidUntil);
        if (check.Options.PatternChecker is { } checker
            && check.TryGetString("pattern_type"u8, out var patternType) && patternType == "stix"
            && check.TryGetString("pattern"u8, out var pattern))
        {
            var problem = checker.Check(pattern);
            if (problem is not null)
            {
                check.Error(FindingCodes.IndicatorPattern, "pattern", $"The STIX pattern is invalid: {problem}");
            }
        }
    }

    public static void Malware(ObjectCheck check)
    {
        LastSeen(check);
        if (check.IsTrue("is_family"u8) && !check.Has("name"u8))
        {
            check.Error(FindingCodes.MalwareName, "name", "A malware family (is_family true) must have a name.");
        }
    }

    public static void MalwareAnalysis(ObjectCheck check)
    {
        if (!check.Has("result"u8) && !check.Has("analysis_sco_refs"u8))
        {
            check.Error(FindingCodes.MalwareAnalysis, "result", "A malware-analysis requires result or analysis_sco_refs (or both).");
        }

        check.CheckOrder("analysis_started"u8, "analysis_ended"u8, strict: false, FindingCodes.MalwareAnalysis);
    }

    public static void ObservedData(ObjectCheck check)
    {
        var hasObjects = check.Has("objects"u8);
        var hasRefs = check.TryGet("object_refs"u8, out var refs);
        if (hasObjects == hasRefs)
        {
            check.Error(FindingCodes.ObservedDataExclusive, hasObjects ? "objects" : "object_refs",
                hasObjects ? "observed-data must have exactly one of object_refs and objects, not both." : "observed-data requires object_refs (or the deprecated objects).");
        }

        check.CheckOrder("first_observed"u8, "last_observed"u8, strict: false, FindingCodes.ObservedDataCount);
        if (hasRefs && refs.ValueKind == JsonValueKind.Array)
        {
            var anyObservable = false;
            foreach (var item in refs.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && StixId.TryParse(item.GetString(), out var type, out _)
                    && TypeCatalog.KindOf(type) is StixKind.Observable or StixKind.Unknown)
                {
                    anyObservable = true;
                    break;
                }
            }

            if (!anyObservable && refs.GetArrayLength() > 0)
            {
                check.Error(FindingCodes.ObservedDataRefs, "object_refs", "observed-data object_refs must include at least one cyber-observable (SCO).");
            }
        }

        if (hasObjects)
        {
            check.Warn(FindingCodes.ObservedDataExclusive, "objects", "observed-data 'objects' is deprecated in STIX 2.1; use object_refs to separate SCOs.");
            if (check.TryGet("objects"u8, out var objects) && objects.ValueKind == JsonValueKind.Object)
            {
                foreach (var embedded in objects.EnumerateObject())
                {
                    if (embedded.Value.ValueKind != JsonValueKind.Object || !embedded.Value.TryGetProperty("type"u8, out var t) || t.ValueKind != JsonValueKind.String)
                    {
                        check.Error(FindingCodes.ObservedDataExclusive, ObjectCheck.Child("objects", embedded.Name), "Each embedded observable must be an object with a string 'type'.");
                    }
                }
            }
        }
    }

    public static void Location(ObjectCheck check)
    {
        var hasLatitude = check.Has("latitude"u8);
        var hasLongitude = check.Has("longitude"u8);
        if (hasLatitude != hasLongitude)
        {
            check.Error(FindingCodes.Location, hasLatitude ? "longitude" : "latitude", "latitude and longitude must be given together.");
        }

        if (check.Has("precision"u8) && !(hasLatitude && hasLongitude))
        {
            check.Error(FindingCodes.Location, "precision", "precision is only allowed with latitude and longitude.");
        }

        if (!check.Has("region"u8) && !check.Has("country"u8) && !(hasLatitude && hasLongitude))
        {
            check.Error(FindingCodes.Location, "", "A location requires at least one of region, country, or latitude and longitude.");
        }
    }

    public static void Relationship(ObjectCheck check)
    {
        check.CheckOrder("start_time"u8, "stop_time"u8, strict: true, FindingCodes.RelationshipRefs);
        if (!check.TryGetString("relationship_type"u8, out var type))
        {
            return;
        }

        var valid = type.Length > 0;
        foreach (var c in type)
        {
            valid &= char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-';
        }

        if (!valid)
        {
            check.Error(FindingCodes.RelationshipType, "relationship_type", $"relationship_type '{type}' must be lowercase letters, digits and hyphens.");
        }
        else if (!Vocabularies.RelationshipTypes.Contains(type))
        {
            check.Warn(FindingCodes.RelationshipType, "relationship_type", $"relationship_type '{type}' is not defined by STIX 2.1.");
        }
        else if (type == "duplicate-of" && check.TryGetString("source_ref"u8, out var source) && check.TryGetString("target_ref"u8, out var target)
            && !string.Equals(StixId.TypeOf(source), StixId.TypeOf(target), StringComparison.Ordinal))
        {
            check.Error(FindingCodes.RelationshipRefs, "target_ref", "A duplicate-of relationship must join two objects of the same type.");
        }
    }

    public static void Sighting(ObjectCheck check) => check.CheckOrder("first_seen"u8, "last_seen"u8, strict: false, FindingCodes.SightingCount);

    public static void MarkingDefinition(ObjectCheck check)
    {
        var hasExtensions = check.Has("extensions"u8);
        var hasType = check.TryGetString("definition_type"u8, out var definitionType);
        var hasDefinition = check.TryGet("definition"u8, out var definition);
        if (!hasExtensions && (!hasType || !hasDefinition))
        {
            check.Error(FindingCodes.MarkingDefinition, hasType ? "definition" : "definition_type", "A marking-definition without extensions requires definition_type and definition.");
        }

        if (hasType != hasDefinition && hasExtensions)
        {
            check.Error(FindingCodes.MarkingDefinition, hasType ? "definition" : "definition_type", "definition_type and definition come together.");
        }

        if (check.Id is not null && check.TryGet("object_marking_refs"u8, out var refs) && refs.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in refs.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.ValueEquals(check.Id))
                {
                    check.Error(FindingCodes.MarkingRef, "object_marking_refs", "A marking-definition must not mark itself.");
                }
            }
        }

        var tlp1 = TlpMarkings.Tlp1;
        var tlpIndex = -1;
        for (var i = 0; i < tlp1.Count; i++)
        {
            if (string.Equals(tlp1[i].Id, check.Id, StringComparison.Ordinal))
            {
                tlpIndex = i;
            }
        }

        if (definitionType == "tlp" || tlpIndex >= 0)
        {
            if (tlpIndex < 0)
            {
                check.Error(FindingCodes.MarkingDefinition, "id", "Only the four TLP 1.0 marking definitions built into STIX 2.1 may have definition_type \"tlp\"; this id is not one of them.");
                return;
            }

            var level = tlp1[tlpIndex].Word;
            var canonical = check.TryGetString("created"u8, out var created) && created == "2017-01-20T00:00:00.000Z"
                && definitionType == "tlp"
                && check.TryGetString("name"u8, out var name) && name == "TLP:" + level.ToUpperInvariant()
                && hasDefinition && definition.ValueKind == JsonValueKind.Object
                && definition.TryGetProperty("tlp"u8, out var tlp) && tlp.ValueKind == JsonValueKind.String && tlp.GetString() == level
                && CountProperties(definition) == 1;
            if (!canonical)
            {
                check.Error(FindingCodes.MarkingDefinition, "", $"The TLP 1.0 {level.ToUpperInvariant()} marking must equal the canonical object: created 2017-01-20T00:00:00.000Z, name TLP:{level.ToUpperInvariant()}, definition_type tlp, definition {{\"tlp\": \"{level}\"}}.");
            }
        }
        else if (hasType && definitionType == "statement" && hasDefinition
            && (definition.ValueKind != JsonValueKind.Object || !definition.TryGetProperty("statement"u8, out var statement) || statement.ValueKind != JsonValueKind.String))
        {
            check.Error(FindingCodes.MarkingDefinition, "definition", "A statement marking's definition must be {\"statement\": \"…\"}.");
        }
    }

    private static int CountProperties(JsonItem element)
    {
        var n = 0;
        foreach (var _ in element.EnumerateObject())
        {
            n++;
        }

        return n;
    }

    public static void ExtensionDefinition(ObjectCheck check)
    {
        if (!check.TryGet("extension_properties"u8, out _))
        {
            return;
        }

        var toplevel = false;
        if (check.TryGet("extension_types"u8, out var types) && types.ValueKind == JsonValueKind.Array)
        {
            foreach (var type in types.EnumerateArray())
            {
                toplevel |= type.ValueKind == JsonValueKind.String && type.ValueEquals("toplevel-property-extension"u8);
            }
        }

        if (!toplevel)
        {
            check.Error(FindingCodes.ExtensionDefinition, "extension_properties", "extension_properties is only allowed when extension_types includes toplevel-property-extension.");
        }
    }

    public static void LanguageContent(ObjectCheck check)
    {
        if (!check.TryGet("contents"u8, out var contents) || contents.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var language in contents.EnumerateObject())
        {
            var tag = language.Name;
            if (!StixValidator.IsLanguageTag(tag))
            {
                check.Error(FindingCodes.LanguageContent, ObjectCheck.Child("contents", tag), $"The contents key '{tag}' is not an RFC 5646 language tag.");
            }

            if (language.Value.ValueKind != JsonValueKind.Object)
            {
                check.Error(FindingCodes.LanguageContent, ObjectCheck.Child("contents", tag), "Each language's contents must be a dictionary of translated properties.");
            }
        }
    }

    public static void Artifact(ObjectCheck check)
    {
        var hasPayload = check.Has("payload_bin"u8);
        var hasUrl = check.Has("url"u8);
        if (hasPayload && hasUrl)
        {
            check.Error(FindingCodes.Artifact, "url", "An artifact has payload_bin or url, not both.");
        }

        if (hasUrl && !check.Has("hashes"u8))
        {
            check.Error(FindingCodes.Artifact, "hashes", "An artifact given by url requires hashes.");
        }

        if (check.Has("decryption_key"u8) && !check.Has("encryption_algorithm"u8))
        {
            check.Error(FindingCodes.Artifact, "decryption_key", "decryption_key is only allowed with encryption_algorithm.");
        }
    }

    public static void EmailMessage(ObjectCheck check)
    {
        var multipart = check.IsTrue("is_multipart"u8);
        if (multipart && check.Has("body"u8))
        {
            check.Error(FindingCodes.EmailMessage, "body", "A multipart email-message carries body_multipart, not body.");
        }

        if (!multipart && check.Has("body_multipart"u8))
        {
            check.Error(FindingCodes.EmailMessage, "body_multipart", "body_multipart is only allowed when is_multipart is true.");
        }

        if (check.TryGet("body_multipart"u8, out var parts) && parts.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var part in parts.EnumerateArray())
            {
                var path = ObjectCheck.Index("body_multipart", i++);
                if (part.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var hasBody = part.TryGetProperty("body"u8, out _);
                var hasRaw = part.TryGetProperty("body_raw_ref"u8, out var raw);
                if (hasBody == hasRaw)
                {
                    check.Error(FindingCodes.EmailMessage, path, "A MIME part has exactly one of body and body_raw_ref.");
                }

                if (hasRaw && raw.ValueKind == JsonValueKind.String && StixId.TypeOf(raw.GetString()!) is not ("artifact" or "file"))
                {
                    check.Error(FindingCodes.ScoRefTypes, ObjectCheck.Child(path, "body_raw_ref"), "body_raw_ref must point at an artifact or a file.");
                }
            }
        }
    }

    public static void File(ObjectCheck check)
    {
        if (!check.Has("hashes"u8) && !check.Has("name"u8))
        {
            check.Error(FindingCodes.File, "", "A file requires hashes or name (or both).");
        }
    }

    public static void Ipv4(ObjectCheck check) => CheckAddress(check, AddressFamily.InterNetwork, 32);

    public static void Ipv6(ObjectCheck check) => CheckAddress(check, AddressFamily.InterNetworkV6, 128);

    private static void CheckAddress(ObjectCheck check, AddressFamily family, int maxPrefix)
    {
        if (!check.TryGetString("value"u8, out var value))
        {
            return;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? value : value[..slash];
        var ok = IPAddress.TryParse(address, out var parsed) && parsed.AddressFamily == family
            && (family == AddressFamily.InterNetworkV6 || address.Count(c => c == '.') == 3);
        if (ok && slash >= 0)
        {
            ok = int.TryParse(value.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix) && prefix <= maxPrefix;
        }

        if (!ok)
        {
            var kind = family == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
            check.Error(FindingCodes.PropertyType, "value", $"'{value}' is not an {kind} address or CIDR block.");
        }
    }

    public static void MacAddr(ObjectCheck check)
    {
        if (!check.TryGetString("value"u8, out var value))
        {
            return;
        }

        var ok = value.Length == 17;
        for (var i = 0; ok && i < 17; i++)
        {
            ok = i % 3 == 2 ? value[i] == ':' : char.IsAsciiDigit(value[i]) || value[i] is >= 'a' and <= 'f';
        }

        if (!ok)
        {
            check.Error(FindingCodes.MacAddr, "value", $"'{value}' is not a MAC-48 address in lowercase, colon-separated, zero-padded form (e.g. d2:fb:49:24:37:18).");
        }
    }

    public static void NetworkTraffic(ObjectCheck check)
    {
        if (!check.Has("src_ref"u8) && !check.Has("dst_ref"u8))
        {
            check.Error(FindingCodes.NetworkTraffic, "", "network-traffic requires src_ref or dst_ref (or both).");
        }

        check.CheckOrder("start"u8, "end"u8, strict: false, FindingCodes.NetworkTraffic);
        if (check.IsTrue("is_active"u8) && check.Has("end"u8))
        {
            check.Error(FindingCodes.NetworkTraffic, "end", "Active network-traffic (is_active true) must not have an end.");
        }
    }

    public static void AtLeastOneProperty(ObjectCheck check)
    {
        foreach (var property in check.Root.EnumerateObject())
        {
            if (!property.NameEquals("type"u8) && !property.NameEquals("id"u8) && !property.NameEquals("spec_version"u8)
                && !property.NameEquals("object_marking_refs"u8) && !property.NameEquals("granular_markings"u8) && !property.NameEquals("defanged"u8))
            {
                return;
            }
        }

        check.Error(FindingCodes.ScoAtLeastOne, "", $"A {check.Type} requires at least one property besides type and id.");
    }

    public static void WindowsRegistryKey(ObjectCheck check)
    {
        AtLeastOneProperty(check);
        if (!check.TryGet("values"u8, out var values) || values.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var i = 0;
        foreach (var value in values.EnumerateArray())
        {
            var path = ObjectCheck.Index("values", i++);
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("data_type"u8, out var dataType)
                && (dataType.ValueKind != JsonValueKind.String || !Vocabularies.WindowsRegistryDatatypeEnum.Contains(dataType.GetString()!)))
            {
                check.Error(FindingCodes.Enum, ObjectCheck.Child(path, "data_type"), $"data_type {ObjectCheck.Quote(dataType)} is not in windows-registry-datatype-enum.");
            }
        }
    }
}
