using System.Text.Json;

namespace Korus.Sharing;

/// <summary>
/// Evaluates objects against one partner's <see cref="SharingPolicy"/>. Each object is first judged on
/// its own (markings, releasability, personal data, granular markings), then for referential closure:
/// a relationship or sighting goes only when what it points to goes; report, grouping, note, opinion
/// and observed-data refs are reduced to what goes (withheld when none is left). Objects referred to
/// but not in the batch are looked up with the resolver and judged the same way; one that cannot be
/// found counts as not shared.
/// </summary>
public sealed partial class SharingEvaluator
{
    /// <summary>The Korus releasability marking: a marking-definition with this property extension and <c>releasable_to</c> (ISO 3166-1 alpha-2 codes).</summary>
    public const string ReleasabilityExtension = "extension-definition--3c9a4f1e-2b7d-4e85-9a06-5d1f8c2e7b43";

    /// <summary>The releasability extension-definition object (published by the Korus identity of the severity extensions), to send with releasability markings.</summary>
    public static ReadOnlyMemory<byte> ReleasabilityDefinition { get; } = System.Text.Encoding.UTF8.GetBytes(
        "{\"type\":\"extension-definition\",\"spec_version\":\"2.1\",\"id\":\"" + ReleasabilityExtension + "\",\"created_by_ref\":\"identity--2f1a6c3e-8b7d-4c59-9e0a-1b2c3d4e5f60\","
        + "\"created\":\"2026-11-23T00:00:00.000Z\",\"modified\":\"2026-11-23T00:00:00.000Z\",\"name\":\"Korus releasability\","
        + "\"description\":\"On a marking-definition: releasable_to lists the ISO 3166-1 alpha-2 codes of the only countries the marked content may be released to.\","
        + "\"schema\":\"https://github.com/korus/korus/blob/main/docs/sharing.md#releasability\",\"version\":\"1.0.0\",\"extension_types\":[\"property-extension\"]}");

    private static readonly HashSet<string> FreeText = new(StringComparer.Ordinal) { "name", "description", "content", "abstract", "explanation", "contact_information", "opinion_text" };
    private static readonly HashSet<string> Protected = new(StringComparer.Ordinal) { "id", "type", "spec_version", "created", "modified" };

    private readonly SharingPolicy _policy;
    private readonly string _partner;

    /// <summary>An evaluator of <paramref name="policy"/> for the partner named <paramref name="partner"/>.</summary>
    public SharingEvaluator(SharingPolicy policy, string partner)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _partner = partner ?? throw new ArgumentNullException(nameof(partner));
    }

    /// <summary>The policy evaluated.</summary>
    public SharingPolicy Policy => _policy;

    /// <summary>
    /// One decision per object of <paramref name="objects"/> (each one object's UTF-8 JSON), in order.
    /// <paramref name="resolve"/> finds objects referred to that are not in the batch (null: none can be).
    /// </summary>
    public IReadOnlyList<SharingDecision> Evaluate(IReadOnlyList<ReadOnlyMemory<byte>> objects, Func<string, ReadOnlyMemory<byte>?>? resolve = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var batch = new Batch(this, resolve);
        try
        {
            var verdicts = new Verdict[objects.Count];
            for (var i = 0; i < objects.Count; i++)
            {
                verdicts[i] = batch.Add(objects[i]);
            }

            // Closure after every object is judged on its own; relationships and sightings last, as they may point at either.
            for (var pass = 0; pass < 2; pass++)
            {
                for (var i = 0; i < verdicts.Length; i++)
                {
                    var v = verdicts[i];
                    var late = v.Type is "relationship" or "sighting";
                    if ((pass == 0) == late || v.Outcome == SharingOutcome.Withheld || v.Document is null)
                    {
                        continue;
                    }

                    batch.Close(v);
                }
            }

            var result = new SharingDecision[verdicts.Length];
            for (var i = 0; i < verdicts.Length; i++)
            {
                result[i] = verdicts[i].ToDecision();
            }

            return result;
        }
        finally
        {
            batch.Dispose();
        }
    }
}
