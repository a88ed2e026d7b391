using System.Text.Json;
using Korus.Stix;

namespace Korus.Patterning.Matching;

/// <summary>One cyber-observable object of an observation: the key it is referenced by (its id, or its
/// key in the deprecated <c>objects</c> dictionary), its type and its JSON.</summary>
public sealed record ObservedObject(string Key, string Type, JsonElement Json);

/// <summary>
/// What the matcher matches against: one observed-data — its id, its time interval, how many
/// instances it stands for (number_observed) and its cyber-observable objects. References
/// (<c>_ref</c>, <c>_refs</c>) are followed only to objects in <see cref="Objects"/>.
/// </summary>
public sealed class Observation
{
    private readonly Dictionary<string, int>? _byKey;

    /// <summary>Creates an observation.</summary>
    /// <exception cref="ArgumentException">last_observed is before first_observed, or number_observed is below 1.</exception>
    public Observation(string id, StixTimestamp firstObserved, StixTimestamp lastObserved, long numberObserved, IReadOnlyList<ObservedObject> objects)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(objects);
        if (lastObserved < firstObserved)
        {
            throw new ArgumentException($"last_observed {lastObserved} is before first_observed {firstObserved}.", nameof(lastObserved));
        }

        if (numberObserved < 1)
        {
            throw new ArgumentException($"number_observed must be at least 1, found {numberObserved}.", nameof(numberObserved));
        }

        Id = id;
        FirstObserved = firstObserved;
        LastObserved = lastObserved;
        NumberObserved = numberObserved;
        Objects = objects;
        FirstNanos = Nanos(firstObserved);
        LastNanos = Nanos(lastObserved);
        if (objects.Count > 8)
        {
            _byKey = new Dictionary<string, int>(objects.Count, StringComparer.Ordinal);
            for (var i = 0; i < objects.Count; i++)
            {
                _byKey.TryAdd(objects[i].Key, i);
            }
        }
    }

    /// <summary>The observed-data id.</summary>
    public string Id { get; }

    /// <summary>first_observed.</summary>
    public StixTimestamp FirstObserved { get; }

    /// <summary>last_observed.</summary>
    public StixTimestamp LastObserved { get; }

    /// <summary>number_observed: how many observation instances this stands for.</summary>
    public long NumberObserved { get; }

    /// <summary>The cyber-observable objects; each is a candidate root for a bracketed expression.</summary>
    public IReadOnlyList<ObservedObject> Objects { get; }

    internal long FirstNanos { get; }

    internal long LastNanos { get; }

    internal static long Nanos(StixTimestamp t) => (t.UnixSeconds * 1_000_000_000L) + t.Nanoseconds;

    /// <summary>The object a reference value (a JSON string) points to, or -1 when it is not in this observation.</summary>
    internal int Resolve(JsonElement reference)
    {
        if (_byKey is not null)
        {
            return _byKey.TryGetValue(reference.GetString()!, out var index) ? index : -1;
        }

        for (var i = 0; i < Objects.Count; i++)
        {
            if (reference.ValueEquals(Objects[i].Key))
            {
                return i;
            }
        }

        return -1;
    }
}
