using System.Globalization;
using System.Text.Json;
using Korus.Stix;
using Korus.Stix.Model;

namespace Korus.Patterning.Matching;

/// <summary>
/// Turns STIX objects into observations: each observed-data with its objects, from object_refs resolved
/// among the given objects (STIX 2.1) or from the deprecated embedded <c>objects</c> dictionary. What
/// cannot be used is reported as a finding naming the object and path, never dropped silently.
/// </summary>
public static class ObservationReader
{
    /// <summary>The observations in <paramref name="objects"/>, in input order; problems go to <paramref name="problems"/>.</summary>
    public static List<Observation> Read(IReadOnlyList<StixObject> objects, ICollection<Finding> problems)
    {
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(problems);
        var byId = new Dictionary<string, StixObject>(objects.Count, StringComparer.Ordinal);
        foreach (var o in objects)
        {
            byId.TryAdd(o.Id, o);
        }

        var observations = new List<Observation>();
        for (var i = 0; i < objects.Count; i++)
        {
            if (objects[i] is ObservedData data)
            {
                var observation = Read(data, string.Create(CultureInfo.InvariantCulture, $"$.objects[{i}]"), id => byId.GetValueOrDefault(id), problems);
                if (observation is not null)
                {
                    observations.Add(observation);
                }
            }
        }

        return observations;
    }

    /// <summary>One observed-data as an observation, or null (with a finding) when it lacks what matching needs.</summary>
    public static Observation? Read(ObservedData data, string path, Func<string, StixObject?> resolve, ICollection<Finding> problems)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(problems);
        StixTimestamp? first, last;
        long? number;
        try
        {
            first = data.FirstObserved;
            last = data.LastObserved;
            number = data.NumberObserved;
        }
        catch (StixFormatException e)
        {
            problems.Add(new Finding("hunt.observed-data", FindingSeverity.Error, data.Id, path, e.Message));
            return null;
        }

        if (first is null || last is null || number is null)
        {
            var missing = first is null ? "first_observed" : last is null ? "last_observed" : "number_observed";
            problems.Add(new Finding("hunt.observed-data", FindingSeverity.Error, data.Id, $"{path}.{missing}", $"The observed-data has no {missing}, so it cannot be matched."));
            return null;
        }

        if (last < first || number < 1)
        {
            problems.Add(new Finding("hunt.observed-data", FindingSeverity.Error, data.Id, path,
                number < 1 ? $"number_observed must be at least 1, found {number}." : $"last_observed {last} is before first_observed {first}."));
            return null;
        }

        var objects = new List<ObservedObject>();
        if (data.Root.TryGetProperty("objects"u8, out var embedded) && embedded.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in embedded.EnumerateObject())
            {
                if (member.Value.ValueKind != JsonValueKind.Object || !member.Value.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
                {
                    problems.Add(new Finding("hunt.observed-object", FindingSeverity.Error, data.Id, $"{path}.objects.{member.Name}", "An embedded object must be a JSON object with a string type; it is ignored."));
                    continue;
                }

                objects.Add(new ObservedObject(member.Name, type.GetString()!, member.Value));
            }
        }
        else
        {
            var refs = data.ObjectRefs;
            for (var i = 0; i < refs.Count; i++)
            {
                var target = resolve(refs[i]);
                if (target is null)
                {
                    problems.Add(new Finding("hunt.unresolved-ref", FindingSeverity.Warning, data.Id, string.Create(CultureInfo.InvariantCulture, $"{path}.object_refs[{i}]"),
                        $"'{refs[i]}' is not in the input, so the observation is matched without it."));
                    continue;
                }

                objects.Add(new ObservedObject(target.Id, target.Type, target.Root));
            }
        }

        return new Observation(data.Id, first.Value, last.Value, number.Value, objects);
    }
}
