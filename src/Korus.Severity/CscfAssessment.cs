using System.Text.Json;

namespace Korus.Severity;

/// <summary>
/// One CSCF assessment: an option for every factor, plus what is known of the actor. Built only
/// through <see cref="Create"/> or <see cref="Read(JsonElement, string, List{Korus.Stix.Finding})"/>,
/// so every factor always has a valid option; nothing is ever defaulted.
/// </summary>
public sealed partial class CscfAssessment
{
    private readonly byte[] _options;

    private CscfAssessment(byte[] options, string? actorCountry, string? actorRef, string? notes)
    {
        _options = options;
        ActorCountry = actorCountry;
        ActorRef = actorRef;
        Notes = notes;
    }

    /// <summary>The actor's country as an ISO 3166-1 alpha-2 code (KP, CN, RU), when known.</summary>
    public string? ActorCountry { get; }

    /// <summary>The intrusion-set the actor is tracked as, when known.</summary>
    public string? ActorRef { get; }

    /// <summary>The analyst's free-text notes on this assessment.</summary>
    public string? Notes { get; }

    /// <summary>The position (0 = least severe) of the option chosen for <paramref name="factor"/>.</summary>
    public int this[CscfFactor factor] => _options[(int)factor];

    internal ReadOnlySpan<byte> OptionIndexes => _options;

    /// <summary>The wire name of the option chosen for <paramref name="factor"/>.</summary>
    public string Option(CscfFactor factor) => CscfVocabulary.Options(factor)[_options[(int)factor]];

    /// <summary>An assessment from option names, in factor order.</summary>
    /// <exception cref="ArgumentException">An option is not one of its factor's, or a field is malformed.</exception>
    public static CscfAssessment Create(IReadOnlyDictionary<CscfFactor, string> options, string? actorCountry = null, string? actorRef = null, string? notes = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var indexes = new byte[CscfVocabulary.FactorCount];
        foreach (var factor in CscfVocabulary.Factors)
        {
            if (!options.TryGetValue(factor, out var option))
            {
                throw new ArgumentException($"{CscfVocabulary.Name(factor)} is missing.", nameof(options));
            }

            var index = CscfVocabulary.OptionIndex(factor, option);
            if (index < 0)
            {
                throw new ArgumentException($"{CscfVocabulary.Name(factor)}: '{option}' is not an option; expected {CscfVocabulary.DescribeOptions(factor)}.", nameof(options));
            }

            indexes[(int)factor] = (byte)index;
        }

        if (actorCountry is not null && Korus.Policies.PolicyReader.CheckCountry(actorCountry) is { } countryProblem)
        {
            throw new ArgumentException(countryProblem, nameof(actorCountry));
        }

        if (actorRef is not null && CheckActorRef(actorRef) is { } refProblem)
        {
            throw new ArgumentException(refProblem, nameof(actorRef));
        }

        return new CscfAssessment(indexes, actorCountry, actorRef, notes);
    }

    /// <summary>An assessment from option positions (0 = least severe), in factor order; for generators and benchmarks.</summary>
    /// <exception cref="ArgumentException">A position is out of its factor's range.</exception>
    public static CscfAssessment FromIndexes(ReadOnlySpan<int> indexes, string? actorCountry = null)
    {
        if (indexes.Length != CscfVocabulary.FactorCount)
        {
            throw new ArgumentException($"Expected {CscfVocabulary.FactorCount} option positions, got {indexes.Length}.", nameof(indexes));
        }

        var options = new byte[CscfVocabulary.FactorCount];
        for (var i = 0; i < options.Length; i++)
        {
            var count = CscfVocabulary.Options((CscfFactor)i).Count;
            if ((uint)indexes[i] >= (uint)count)
            {
                throw new ArgumentException($"{CscfVocabulary.Name((CscfFactor)i)}: position {indexes[i]} is outside 0..{count - 1}.", nameof(indexes));
            }

            options[i] = (byte)indexes[i];
        }

        return new CscfAssessment(options, actorCountry, null, null);
    }

    /// <summary>A copy with <paramref name="factor"/> set to the option at <paramref name="index"/>.</summary>
    public CscfAssessment With(CscfFactor factor, int index)
    {
        var count = CscfVocabulary.Options(factor).Count;
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)count, nameof(index));
        var options = (byte[])_options.Clone();
        options[(int)factor] = (byte)index;
        return new CscfAssessment(options, ActorCountry, ActorRef, Notes);
    }

    /// <summary>Writes the assessment as JSON (the shape <see cref="Read(JsonElement, string, List{Korus.Stix.Finding})"/> reads).</summary>
    public void WriteTo(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        foreach (var factor in CscfVocabulary.Factors)
        {
            json.WriteString(CscfVocabulary.Name(factor), Option(factor));
        }

        if (ActorCountry is not null)
        {
            json.WriteString("actor_country", ActorCountry);
        }

        if (ActorRef is not null)
        {
            json.WriteString("actor_ref", ActorRef);
        }

        if (Notes is not null)
        {
            json.WriteString("notes", Notes);
        }

        json.WriteEndObject();
    }

    internal static string? CheckActorRef(string value) =>
        value.StartsWith("intrusion-set--", StringComparison.Ordinal) && Guid.TryParseExact(value.AsSpan("intrusion-set--".Length), "D", out _)
            ? null
            : $"'{value}' is not an intrusion-set id (intrusion-set--<UUID>).";
}
