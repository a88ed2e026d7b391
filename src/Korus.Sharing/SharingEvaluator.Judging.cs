using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Korus.Stix.Model;

namespace Korus.Sharing;

/// <summary>Judging objects on their own and for closure.</summary>
public sealed partial class SharingEvaluator
{
    /// <summary>Where one object stands while its batch is judged.</summary>
    private sealed class Verdict
    {
        public required string Id { get; init; }

        public required string Type { get; init; }

        public required ReadOnlyMemory<byte> Json { get; init; }

        public JsonDocument? Document { get; init; }

        public SharingOutcome Outcome { get; set; }

        public string Rule { get; set; } = SharingCodes.TlpPasses;

        public List<string> Reasons { get; } = [];

        public JsonObject? Edited { get; set; }

        public JsonObject Edit() => Edited ??= JsonNode.Parse(Json.Span)!.AsObject();

        public void Withhold(string rule, string reason)
        {
            Outcome = SharingOutcome.Withheld;
            Rule = rule;
            Reasons.Clear();
            Reasons.Add(reason);
            Edited = null;
        }

        public void Redact(string rule, string reason)
        {
            if (Outcome != SharingOutcome.Redacted)
            {
                Outcome = SharingOutcome.Redacted;
                Rule = rule;
                Reasons.Clear();
            }

            Reasons.Add(reason);
        }

        public SharingDecision ToDecision() => new(Id, Type, Outcome, Rule, string.Join("; ", Reasons))
        {
            Copy = Outcome switch
            {
                SharingOutcome.Shared => Json,
                SharingOutcome.Redacted => Encoding.UTF8.GetBytes(Edited!.ToJsonString()),
                _ => ReadOnlyMemory<byte>.Empty,
            },
        };
    }

    /// <summary>The objects of one evaluation, by id, with those looked up through the resolver.</summary>
    private sealed class Batch(SharingEvaluator owner, Func<string, ReadOnlyMemory<byte>?>? resolve) : IDisposable
    {
        private readonly Dictionary<string, Verdict> _byId = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Verdict?> _resolved = new(StringComparer.Ordinal);
        private readonly List<JsonDocument> _documents = [];

        public Verdict Add(ReadOnlyMemory<byte> json)
        {
            var verdict = owner.Judge(json, this);
            _byId.TryAdd(verdict.Id, verdict);
            return verdict;
        }

        /// <summary>The verdict on a referred object: in the batch, else resolved and judged; null when it cannot be found.</summary>
        public Verdict? Find(string id)
        {
            if (_byId.TryGetValue(id, out var verdict))
            {
                return verdict;
            }

            if (_resolved.TryGetValue(id, out verdict))
            {
                return verdict;
            }

            verdict = resolve?.Invoke(id) is { } json ? owner.Judge(json, this) : null;
            _resolved[id] = verdict;
            return verdict;
        }

        /// <summary>The releasable_to list of a marking-definition, or null when it is not a releasability marking (or cannot be found).</summary>
        public List<string>? ReleasableTo(string markingId)
        {
            var marking = Find(markingId);
            if (marking?.Document is not { } document
                || !document.RootElement.TryGetProperty("extensions", out var extensions) || extensions.ValueKind != JsonValueKind.Object
                || !extensions.TryGetProperty(ReleasabilityExtension, out var ext) || !ext.TryGetProperty("releasable_to", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return [.. list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!)];
        }

        public JsonDocument Keep(JsonDocument document)
        {
            _documents.Add(document);
            return document;
        }

        public void Close(Verdict v) => owner.Close(v, this);

        public void Dispose()
        {
            foreach (var document in _documents)
            {
                document.Dispose();
            }
        }
    }

    private Verdict Judge(ReadOnlyMemory<byte> json, Batch batch)
    {
        JsonDocument document;
        try
        {
            document = batch.Keep(JsonDocument.Parse(json));
        }
        catch (JsonException e)
        {
            var bad = new Verdict { Id = "(unreadable)", Type = "", Json = json };
            bad.Withhold(SharingCodes.Invalid, $"not valid JSON: {e.Message}");
            return bad;
        }

        var root = document.RootElement;
        var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : null;
        var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
        var verdict = new Verdict { Id = id ?? "(no id)", Type = type ?? "", Json = json, Document = id is null || type is null ? null : document };
        if (id is null || type is null)
        {
            verdict.Withhold(SharingCodes.Invalid, "the object has no string id and type");
            return verdict;
        }

        if (type == "marking-definition")
        {
            verdict.Reasons.Add("marking definitions travel so the markings that refer to them resolve");
            return verdict;
        }

        if (!Markings(root, verdict, batch) || !PersonalObject(root, verdict))
        {
            return verdict;
        }

        if (root.TryGetProperty("granular_markings", out var granular) && granular.ValueKind == JsonValueKind.Array && !Granular(granular, verdict, batch))
        {
            return verdict;
        }

        if (_policy.Pii != PiiHandling.Allow)
        {
            FreeTextPii(root, verdict);
        }

        return verdict;
    }

    /// <summary>TLP and releasability of the whole object; false when it is withheld.</summary>
    private bool Markings(JsonElement root, Verdict verdict, Batch batch)
    {
        TlpLevel? level = null;
        var releasability = new List<List<string>>();
        if (root.TryGetProperty("object_marking_refs", out var refs) && refs.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in refs.EnumerateArray())
            {
                if (r.GetString() is not { } markingId)
                {
                    continue;
                }

                if (TlpMarkings.LevelOf(markingId) is { } found)
                {
                    level = level is null || found > level ? found : level;
                }
                else if (batch.ReleasableTo(markingId) is { } countries)
                {
                    releasability.Add(countries);
                }
            }
        }

        var defaulted = level is null;
        var tlp = level ?? _policy.DefaultMarking;
        if (Forbidden(tlp, defaulted) is { } why)
        {
            verdict.Withhold(why.Rule, why.Reason);
            return false;
        }

        verdict.Rule = tlp == TlpLevel.Amber ? SharingCodes.TlpAmberNamed : SharingCodes.TlpPasses;
        verdict.Reasons.Add(tlp == TlpLevel.Amber
            ? $"{TlpMarkings.NameOf(tlp)}{(defaulted ? " (the default for unmarked objects)" : "")} and the policy names {_partner}"
            : $"{TlpMarkings.NameOf(tlp)}{(defaulted ? " (the default for unmarked objects)" : "")} may be shared");
        foreach (var countries in releasability)
        {
            if (_policy.PartnerCountry is not { } country || !countries.Contains(country))
            {
                verdict.Withhold(SharingCodes.NotReleasable, _policy.PartnerCountry is null
                    ? $"releasable only to {string.Join(", ", countries)}, and the policy does not give {_partner}'s country"
                    : $"releasable only to {string.Join(", ", countries)}, not to {_partner} ({_policy.PartnerCountry})");
                return false;
            }
        }

        return true;
    }

    private (string Rule, string Reason)? Forbidden(TlpLevel tlp, bool defaulted)
    {
        var by = defaulted ? " (the policy's default marking for unmarked objects)" : "";
        return tlp switch
        {
            TlpLevel.Red => (SharingCodes.TlpRed, $"TLP:RED{by} never leaves this node"),
            TlpLevel.AmberStrict => (SharingCodes.TlpAmberStrict, $"TLP:AMBER+STRICT{by} never leaves this organisation"),
            TlpLevel.Amber when !_policy.AmberPartners.Contains(_partner) => (SharingCodes.TlpAmberNotNamed, $"TLP:AMBER{by} goes only to partners the policy names, and it does not name {_partner}"),
            _ => null,
        };
    }

    /// <summary>Objects that are personal data themselves; false when withheld.</summary>
    private bool PersonalObject(JsonElement root, Verdict verdict)
    {
        if (_policy.Pii == PiiHandling.Allow)
        {
            return true;
        }

        var kind = verdict.Type switch
        {
            "email-addr" or "email-message" => PiiKinds.Email,
            "user-account" => PiiKinds.UserAccount,
            "identity" when root.TryGetProperty("identity_class", out var c) && c.ValueEquals("individual") => PiiKinds.UserAccount,
            _ => PiiKinds.None,
        };
        if (kind == PiiKinds.None || (_policy.Kinds & kind) == 0)
        {
            return true;
        }

        verdict.Withhold(SharingCodes.PiiObject, $"a {verdict.Type}{(verdict.Type == "identity" ? " of an individual" : "")} is personal data ({PiiScanner.Describe(kind)})");
        return false;
    }

    /// <summary>Cuts the parts granular markings forbid; false when withheld (a required part is marked).</summary>
    private bool Granular(JsonElement granular, Verdict verdict, Batch batch)
    {
        var cut = new List<string>();
        var keep = new List<JsonElement>();
        foreach (var marking in granular.EnumerateArray())
        {
            var forbidden = false;
            if (marking.TryGetProperty("marking_ref", out var mr) && mr.GetString() is { } markingId)
            {
                if (TlpMarkings.LevelOf(markingId) is { } level)
                {
                    forbidden = Forbidden(level, false) is not null;
                }
                else if (batch.ReleasableTo(markingId) is { } countries)
                {
                    forbidden = _policy.PartnerCountry is not { } country || !countries.Contains(country);
                }
            }

            if (!forbidden)
            {
                keep.Add(marking);
                continue;
            }

            if (marking.TryGetProperty("selectors", out var selectors) && selectors.ValueKind == JsonValueKind.Array)
            {
                foreach (var s in selectors.EnumerateArray())
                {
                    if (s.GetString() is { } selector)
                    {
                        var head = selector.Split('.')[0];
                        if (Protected.Contains(head))
                        {
                            verdict.Withhold(SharingCodes.GranularRequired, $"a granular marking this partner may not receive covers '{selector}', which the object cannot go without");
                            return false;
                        }

                        cut.Add(selector);
                    }
                }
            }
        }

        if (cut.Count == 0)
        {
            return true;
        }

        var edited = verdict.Edit();
        foreach (var selector in cut.OrderByDescending(s => s, StringComparer.Ordinal))
        {
            Remove(edited, selector);
        }

        if (keep.Count == 0)
        {
            edited.Remove("granular_markings");
        }
        else
        {
            edited["granular_markings"] = new JsonArray([.. keep.Select(k => JsonNode.Parse(k.GetRawText()))]);
        }

        verdict.Redact(SharingCodes.GranularRemoved, $"removed what granular markings keep from {_partner}: {string.Join(", ", cut)}");
        return true;
    }

    /// <summary>Removes the property or list item a granular selector names (<c>description</c>, <c>external_references.[1].url</c>).</summary>
    private static void Remove(JsonObject root, string selector)
    {
        var parts = selector.Split('.');
        JsonNode? node = root;
        for (var i = 0; i < parts.Length - 1 && node is not null; i++)
        {
            node = Step(node, parts[i]);
        }

        var last = parts[^1];
        switch (node)
        {
            case JsonObject o:
                o.Remove(last);
                break;
            case JsonArray a when last.StartsWith('[') && int.TryParse(last.AsSpan(1, last.Length - 2), out var index) && index < a.Count:
                a.RemoveAt(index);
                break;
        }
    }

    private static JsonNode? Step(JsonNode node, string part) => node switch
    {
        JsonObject o => o[part],
        JsonArray a when part.StartsWith('[') && int.TryParse(part.AsSpan(1, part.Length - 2), out var index) && index < a.Count => a[index],
        _ => null,
    };

    /// <summary>Personal data in free-text properties (and custom x_ strings, external reference descriptions).</summary>
    private void FreeTextPii(JsonElement root, Verdict verdict)
    {
        var found = PiiKinds.None;
        List<(string Property, int? Index, string Text)>? changes = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String && (FreeText.Contains(property.Name) || property.Name.StartsWith("x_", StringComparison.Ordinal)))
            {
                if (PiiScanner.Redact(property.Value.GetString()!, _policy.Kinds, ref found) is { } redacted)
                {
                    (changes ??= []).Add((property.Name, null, redacted));
                }
            }
            else if (property.NameEquals("external_references") && property.Value.ValueKind == JsonValueKind.Array)
            {
                var index = 0;
                foreach (var reference in property.Value.EnumerateArray())
                {
                    if (reference.ValueKind == JsonValueKind.Object && reference.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String
                        && PiiScanner.Redact(d.GetString()!, _policy.Kinds, ref found) is { } redacted)
                    {
                        (changes ??= []).Add(("external_references", index, redacted));
                    }

                    index++;
                }
            }
        }

        if (changes is null)
        {
            return;
        }

        if (_policy.Pii == PiiHandling.Withhold)
        {
            verdict.Withhold(SharingCodes.PiiWithheld, $"its text holds personal data ({PiiScanner.Describe(found)}) and the policy withholds such objects");
            return;
        }

        var edited = verdict.Edit();
        foreach (var (property, index, text) in changes)
        {
            if (index is { } i)
            {
                if (edited["external_references"]?[i] is JsonObject reference)
                {
                    reference["description"] = text;
                }
            }
            else
            {
                edited[property] = text;
            }
        }

        verdict.Redact(SharingCodes.PiiRedacted, $"personal data redacted ({PiiScanner.Describe(found)}) in {string.Join(", ", changes.Select(c => c.Index is null ? c.Property : $"{c.Property}[{c.Index}].description").Distinct())}");
    }

    /// <summary>Referential closure for one object that is going.</summary>
    private void Close(Verdict v, Batch batch)
    {
        var root = v.Document!.RootElement;
        switch (v.Type)
        {
            case "relationship":
                foreach (var name in (ReadOnlySpan<string>)["source_ref", "target_ref"])
                {
                    if (root.TryGetProperty(name, out var r) && r.GetString() is { } target && Blocked(target, batch) is { } why)
                    {
                        v.Withhold(SharingCodes.ClosureWithheld, $"its {name} {target} {why}");
                        return;
                    }
                }

                break;
            case "sighting":
                if (root.TryGetProperty("sighting_of_ref", out var of) && of.GetString() is { } sighted && Blocked(sighted, batch) is { } reason)
                {
                    v.Withhold(SharingCodes.ClosureWithheld, $"its sighting_of_ref {sighted} {reason}");
                    return;
                }

                Reduce(v, root, "observed_data_refs", batch, required: false);
                Reduce(v, root, "where_sighted_refs", batch, required: false);
                break;
            case "report" or "grouping" or "note" or "opinion" or "observed-data":
                Reduce(v, root, "object_refs", batch, required: true);
                break;
        }
    }

    private void Reduce(Verdict v, JsonElement root, string property, Batch batch, bool required)
    {
        if (v.Outcome == SharingOutcome.Withheld || !root.TryGetProperty(property, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var kept = new List<string>();
        var dropped = new List<string>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.GetString() is not { } id)
            {
                continue;
            }

            (Blocked(id, batch) is null ? kept : dropped).Add(id);
        }

        if (dropped.Count == 0)
        {
            return;
        }

        if (kept.Count == 0)
        {
            if (required)
            {
                v.Withhold(SharingCodes.ClosureEmpty, $"none of its {property} may go to {_partner}");
                return;
            }

            v.Edit().Remove(property);
        }
        else
        {
            v.Edit()[property] = new JsonArray([.. kept.Select(k => (JsonNode)JsonValue.Create(k)!)]);
        }

        v.Redact(SharingCodes.ClosureReduced, $"{property} reduced to what goes to {_partner} ({dropped.Count} withheld)");
    }

    /// <summary>Why the object <paramref name="id"/> does not go, or null when it does.</summary>
    private static string? Blocked(string id, Batch batch)
    {
        var target = batch.Find(id);
        return target is null ? "is not held by this node, so it cannot be shown to go too"
            : target.Outcome == SharingOutcome.Withheld ? $"is withheld ({target.Rule})"
            : null;
    }
}
