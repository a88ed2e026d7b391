using Korus.Stix.Identifiers;
using System.Globalization;
using System.Text;
using Korus.Patterning.Matching;
using Korus.Patterning.Syntax;
using Korus.Stix;
using Korus.Stix.Model;

namespace Korus.Hunting;

/// <summary>Settings of one hunt.</summary>
public sealed record HuntOptions
{
    /// <summary>The name of the telemetry source (a file name), part of the ids of observed-data made from its lines.</summary>
    public string Source { get; init; } = "telemetry";

    /// <summary>The identity that sighted (where_sighted_refs and created_by_ref of the sightings).</summary>
    public required string IdentityId { get; init; }

    /// <summary>How many observed-data one sighting cites at most (its count stays exact; default 100).</summary>
    public int MaxRefsPerSighting { get; init; } = 100;

    /// <summary>How many observations a multi-observation pattern keeps while it waits for the rest (default 1,000).</summary>
    public int MaxPendingPerIndicator { get; init; } = 1_000;

    /// <summary>The clock for created/modified and for events without a time.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>One malformed telemetry line: where and why.</summary>
public sealed record MalformedLine(long Line, string Reason);

/// <summary>
/// One hunt: feeds events (JSON lines through a mapping, or STIX observations) through a compiled
/// engine, keeps the partial state of patterns that span several observations, and accumulates one
/// sighting per indicator that fired. Not thread-safe: one session per stream.
/// </summary>
public sealed class HuntSession
{
    private const int MaxMalformedKept = 1000;

    private readonly HuntEngine _engine;
    private readonly HuntOptions _options;
    private readonly TelemetryMapping? _mapping;
    private readonly (int PathId, IpFamily Family, ulong Required)[][] _reach;
    private readonly TelemetryEvent _event = new();
    private readonly List<BracketRef> _fired = new(16);
    private readonly List<BracketRef> _full = new(16);
    private readonly List<BracketRef> _networkHits = new(8);
    private byte[] _key = new byte[512];
    private readonly Dictionary<int, SightingRecord> _sightings = [];
    private readonly Dictionary<int, PendingObservations> _pending = [];
    private readonly Dictionary<string, IReadOnlyList<byte[]>> _cited = new(StringComparer.Ordinal);
    private readonly Dictionary<long, DeferredEvent> _deferred = [];
    private readonly List<MalformedLine> _malformed = [];
    private readonly StixTimestamp _started;

    /// <summary>Starts a hunt with <paramref name="engine"/>; <paramref name="mapping"/> is needed for JSON-lines telemetry.</summary>
    public HuntSession(HuntEngine engine, HuntOptions options, TelemetryMapping? mapping = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        _engine = engine;
        _options = options;
        _mapping = mapping;
        _started = StixTimestamp.FromDateTimeOffset(options.Time.GetUtcNow());
        _reach = mapping is null ? [] : new (int, IpFamily, ulong)[mapping.Fields.Length][];
        if (mapping is not null)
        {
            foreach (var field in mapping.Fields)
            {
                var list = new List<(int, IpFamily, ulong)>();
                foreach (var reach in field.Reach)
                {
                    if (engine.TryGetPathId(reach.Path, out var id))
                    {
                        list.Add((id, reach.Family, reach.RequiredSlots));
                    }
                }

                _reach[field.Ordinal] = [.. list];
            }
        }
    }

    /// <summary>Events read (lines or observed-data).</summary>
    public long Events { get; private set; }

    /// <summary>Lines that were not events (blank lines excluded).</summary>
    public long MalformedCount { get; private set; }

    /// <summary>The first malformed lines (up to 1,000), with line numbers and reasons.</summary>
    public IReadOnlyList<MalformedLine> Malformed => _malformed;

    /// <summary>Events without a timestamp field (the hunt's start time stood in).</summary>
    public long EventsWithoutTime { get; private set; }

    /// <summary>Matches (one per indicator per event, or per completed multi-observation binding).</summary>
    public long Matches { get; private set; }

    /// <summary>Brackets that fired outside their indicator's valid_from/valid_until window and were not counted.</summary>
    public long OutsideValidity { get; private set; }

    /// <summary>Evaluations stopped by the regular-expression timeout or the search limit (treated as no match).</summary>
    public long Undecided { get; private set; }

    /// <summary>Feeds one JSON-lines event.</summary>
    public void ProcessLine(ReadOnlyMemory<byte> line, long lineNumber)
    {
        if (_mapping is null)
        {
            throw new InvalidOperationException("A JSON-lines hunt needs a mapping.");
        }

        var span = line.Span;
        if (span.IsEmpty || span.Trim(" \t\r"u8).IsEmpty)
        {
            return;
        }

        if (!_event.TryRead(line, lineNumber, _mapping, out var error))
        {
            MalformedCount++;
            if (_malformed.Count < MaxMalformedKept)
            {
                _malformed.Add(new MalformedLine(lineNumber, error!));
            }

            return;
        }

        Events++;
        ProcessEvent(_event);
    }

    private void ProcessEvent(TelemetryEvent e)
    {
        _fired.Clear();
        _full.Clear();
        ulong own = 0;
        foreach (ref readonly var value in e.Values)
        {
            own |= 1UL << value.Field.Slot;
        }

        foreach (ref readonly var value in e.Values)
        {
            var reach = _reach[value.Field.Ordinal];
            if (reach.Length == 0)
            {
                continue;
            }

            var scalar = e.Scalar(value);
            var keyLength = ValueIndex.KeyOf(scalar, ref _key, out var keyTag, out var keyHash);
            var family = IpFamily.Any;
            foreach (var (pathId, needs, required) in reach)
            {
                if (needs != IpFamily.Any)
                {
                    if (family == IpFamily.Any)
                    {
                        family = scalar.Kind == ScalarKind.String && scalar.Utf8.Contains((byte)':') ? IpFamily.V6 : IpFamily.V4;
                    }

                    if (needs != family)
                    {
                        continue;
                    }
                }

                if ((required & ~own) != 0)
                {
                    continue;
                }

                Lookup(pathId, scalar, keyLength, keyTag, keyHash);
            }
        }

        if (_engine.ByType.Count > 0)
        {
            var present = EventMaterializer.Present(e, _mapping!);
            foreach (var slot in _mapping!.Slots)
            {
                if ((present & (1UL << slot.Index)) == 0)
                {
                    continue;
                }

                if (slot.Type == "ip")
                {
                    AddByType("ipv4-addr");
                    AddByType("ipv6-addr");
                }
                else
                {
                    AddByType(slot.Type);
                }
            }
        }

        if (_fired.Count == 0 && _full.Count == 0)
        {
            return;
        }

        Decide(e);
    }

    /// <summary>
    /// The rare part of an event: brackets that need the whole event, and hits. A single-bracket hit only
    /// notes the line (the observed-data is written out when the bundle is); multi-observation patterns
    /// need the observation now.
    /// </summary>
    private void Decide(TelemetryEvent e)
    {
        var time = EventTime(e);
        MaterializedEvent? materialized = null;
        if (_full.Count > 0)
        {
            materialized = EventMaterializer.Materialize(e, _mapping!, _options.Source, time, _started);
            foreach (var candidate in _full)
            {
                if (Holds(candidate, materialized.Observation))
                {
                    _fired.Add(candidate);
                }
            }
        }

        if (_fired.Count > 0)
        {
            Fire(time, new Citation(this, e, time, materialized));
        }
    }

    private StixTimestamp EventTime(TelemetryEvent e)
    {
        if (!e.Timestamp.IsEmpty && StixTimestamp.TryParse(e.Timestamp, out var time))
        {
            return time;
        }

        if (!e.Timestamp.IsEmpty && DateTimeOffset.TryParse(Encoding.UTF8.GetString(e.Timestamp), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return StixTimestamp.FromDateTimeOffset(parsed.ToUniversalTime());
        }

        EventsWithoutTime++;
        return _started;
    }

    private void AddByType(string type)
    {
        if (_engine.ByType.TryGetValue(type, out var list))
        {
            _full.AddRange(list);
        }
    }

    private void Lookup(int pathId, in ScalarValue scalar, int keyLength, byte keyTag, ulong keyHash)
    {
        if (keyLength >= 0 && _engine.Index.Find(pathId, keyTag, ValueIndex.Payload(scalar, _key, keyLength), keyHash) is { } hits)
        {
            foreach (var hit in hits)
            {
                (hit.Exact ? _fired : _full).Add(hit);
            }
        }

        if (scalar.Kind == ScalarKind.String && _engine.CidrByPath[pathId] is { } cidr)
        {
            _networkHits.Clear();
            if (IpNetwork.TryParseV4(scalar.Utf8, out var address))
            {
                cidr.FindV4(address, _networkHits);
            }
            else if (IpNetwork.TryParse(scalar.Utf8, out var network))
            {
                cidr.Find(network, _networkHits);
            }

            foreach (var hit in _networkHits)
            {
                (hit.Exact ? _fired : _full).Add(hit);
            }
        }

        if (_engine.DirectByPath[pathId] is { } direct)
        {
            var text = default(ValueText);
            foreach (var (bracket, test) in direct)
            {
                try
                {
                    if (test is ExistsComparison || ValueComparer.Test((Comparison)test, scalar, ref text))
                    {
                        _fired.Add(bracket);
                    }
                }
                catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
                {
                    Undecided++;
                }
            }
        }
    }

    private bool Holds(BracketRef candidate, Observation observation)
    {
        try
        {
            return PatternMatcher.MatchingRoot(_engine.Indicators[candidate.Indicator].Pattern.Brackets[candidate.Bracket].Body, observation) >= 0;
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            Undecided++;
            return false;
        }
    }

    /// <summary>Feeds one STIX observation; <paramref name="objects"/> are the JSON of its observed-data and objects, cited when it matches.</summary>
    public void Process(Observation observation, IReadOnlyList<byte[]> objects)
    {
        ArgumentNullException.ThrowIfNull(observation);
        Events++;
        _fired.Clear();
        _full.Clear();
        var values = new List<System.Text.Json.JsonElement>();
        foreach (var root in observation.Objects)
        {
            if (_engine.PathsByType.TryGetValue(root.Type, out var paths))
            {
                foreach (var pathId in paths)
                {
                    values.Clear();
                    var path = _engine.PathOf(pathId);
                    PathWalker.Values(observation, root.Json, path, values);
                    foreach (var value in values)
                    {
                        var scalar = PathWalker.Scalar(value, path.Encoding, out _);
                        var keyLength = ValueIndex.KeyOf(scalar, ref _key, out var keyTag, out var keyHash);
                        Lookup(pathId, scalar, keyLength, keyTag, keyHash);
                    }
                }
            }

            AddByType(root.Type);
        }

        foreach (var candidate in _full)
        {
            if (Holds(candidate, observation))
            {
                _fired.Add(candidate);
            }
        }

        if (_fired.Count > 0)
        {
            Fire(observation.FirstObserved, new Citation(this, observation, objects));
        }
    }

    private void Fire(StixTimestamp time, Citation citation)
    {
        _fired.Sort((a, b) => a.Indicator != b.Indicator ? a.Indicator.CompareTo(b.Indicator) : a.Bracket.CompareTo(b.Bracket));
        var previous = -1;
        foreach (var bracket in _fired)
        {
            if (bracket.Indicator == previous)
            {
                continue;
            }

            previous = bracket.Indicator;
            var indicator = _engine.Indicators[bracket.Indicator];
            if (!indicator.InForceAt(time))
            {
                OutsideValidity++;
                continue;
            }

            if (indicator.IsSingle)
            {
                var record = Record(indicator);
                if (record.Refs.Count < _options.MaxRefsPerSighting)
                {
                    citation.CiteIn(record);
                }

                record.Count(time, time);
                Matches++;
                continue;
            }

            var (obs, objs) = citation.Materialize();
            Pending(indicator, obs, objs);
        }
    }

    /// <summary>The event behind a hit: cited by id at once, written out as STIX only when the bundle is.</summary>
    private sealed class Citation
    {
        private readonly HuntSession _session;
        private readonly TelemetryEvent? _event;
        private readonly StixTimestamp _time;
        private MaterializedEvent? _materialized;
        private readonly Observation? _observation;
        private readonly IReadOnlyList<byte[]>? _objects;
        private string? _id;

        public Citation(HuntSession session, TelemetryEvent e, StixTimestamp time, MaterializedEvent? materialized)
        {
            _session = session;
            _event = e;
            _time = time;
            _materialized = materialized;
        }

        public Citation(HuntSession session, Observation observation, IReadOnlyList<byte[]> objects)
        {
            _session = session;
            _observation = observation;
            _objects = objects;
            _id = observation.Id;
        }

        public (Observation Observation, IReadOnlyList<byte[]> Objects) Materialize()
        {
            if (_observation is not null)
            {
                return (_observation, _objects!);
            }

            _materialized ??= EventMaterializer.Materialize(_event!, _session._mapping!, _session._options.Source, _time, _session._started);
            return (_materialized.Observation, _materialized.Objects);
        }

        public void CiteIn(SightingRecord record)
        {
            if (_observation is not null || _materialized is not null)
            {
                var (observation, objects) = Materialize();
                _session.Cite(record, observation, objects);
                return;
            }

            // The id (a hash of the line) is worked out when the bundle is written.
            if (!_session._deferred.TryGetValue(_event!.Line, out var deferred))
            {
                deferred = new DeferredEvent(_event.Raw.ToArray(), _event.Line, _time);
                _session._deferred[_event.Line] = deferred;
            }

            record.Refs.Add(deferred);
        }
    }

    private void Pending(CompiledIndicator indicator, Observation observation, IReadOnlyList<byte[]> objects)
    {
        if (!_pending.TryGetValue(indicator.Index, out var pending))
        {
            _pending[indicator.Index] = pending = new PendingObservations();
        }

        var roots = new int[indicator.Pattern.Brackets.Count];
        try
        {
            for (var b = 0; b < roots.Length; b++)
            {
                roots[b] = PatternMatcher.MatchingRoot(indicator.Pattern.Brackets[b].Body, observation);
            }
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            Undecided++;
            return;
        }

        pending.Add(observation, objects, roots, _options.MaxPendingPerIndicator);
        var candidates = new IReadOnlyList<(int, int)>[roots.Length];
        for (var b = 0; b < roots.Length; b++)
        {
            var list = new List<(int, int)>();
            for (var o = 0; o < pending.Observations.Count; o++)
            {
                if (pending.Roots[o][b] >= 0)
                {
                    list.Add((o, pending.Roots[o][b]));
                }
            }

            candidates[b] = list;
        }

        var result = PatternMatcher.Search(indicator.Pattern, pending.Observations, candidates);
        if (result.Status is MatchStatus.SearchLimit or MatchStatus.RegexTimeout)
        {
            Undecided++;
            return;
        }

        if (!result.IsMatch)
        {
            return;
        }

        var record = Record(indicator);
        var first = result.Binding.Min(b => b.Observation.FirstObserved);
        var last = result.Binding.Max(b => b.Observation.LastObserved);
        foreach (var bound in result.Binding)
        {
            if (record.Refs.Count < _options.MaxRefsPerSighting && !record.Refs.Contains(bound.Observation.Id))
            {
                Cite(record, bound.Observation, pending.ObjectsOf(bound.Observation));
            }
        }

        record.Count(first, last);
        Matches++;
        pending.Remove(result.Binding.Select(b => b.Observation).ToHashSet());
    }

    private SightingRecord Record(CompiledIndicator indicator)
    {
        if (!_sightings.TryGetValue(indicator.Index, out var record))
        {
            _sightings[indicator.Index] = record = new SightingRecord(indicator);
        }

        return record;
    }

    private void Cite(SightingRecord record, Observation observation, IReadOnlyList<byte[]> objects)
    {
        if (!record.Refs.Contains(observation.Id))
        {
            record.Refs.Add(observation.Id);
        }

        _cited.TryAdd(observation.Id, objects);
    }

    /// <summary>The ids of the indicators sighted so far.</summary>
    internal IEnumerable<string> SightedIndicatorIds => _sightings.Values.Select(s => s.Indicator.Id);

    /// <summary>Sightings so far: one per indicator that fired.</summary>
    public int SightingCount => _sightings.Count;

    /// <summary>Sightings whose references were capped at <see cref="HuntOptions.MaxRefsPerSighting"/>.</summary>
    public int CappedSightings => _sightings.Values.Count(s => s.Total > s.Refs.Count && s.Refs.Count >= _options.MaxRefsPerSighting);

    /// <summary>
    /// Writes the result as a STIX 2.1 bundle: the sightings (ids derived from the indicator, the identity
    /// and the hunt's start, so they are stable within a hunt), then every observed-data they cite with its
    /// objects. <paramref name="identity"/>, when given, is written first.
    /// </summary>
    public void WriteBundle(Stream output, byte[]? identity = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var json = new System.Text.Json.Utf8JsonWriter(output, new System.Text.Json.JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("type", "bundle");
        json.WriteString("id", "bundle--" + Guid.NewGuid().ToString("D"));
        json.WriteStartArray("objects");
        foreach (var o in BundleObjects(identity))
        {
            json.WriteRawValue(o, skipInputValidation: true);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// The objects of the result, in bundle order, each as JSON: <paramref name="identity"/> when given,
    /// the sightings, then every cited observed-data with its objects (each id once).
    /// </summary>
    public IEnumerable<byte[]> BundleObjects(byte[]? identity = null)
    {
        if (identity is not null)
        {
            yield return identity;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        foreach (var record in _sightings.Values.OrderBy(r => r.Indicator.Index))
        {
            buffer.ResetWrittenCount();
            using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                WriteSighting(json, record);
            }

            yield return buffer.WrittenSpan.ToArray();
        }

        var written = new HashSet<string>(StringComparer.Ordinal);
        var reread = new TelemetryEvent();
        var all = _cited.Values.ToList();
        foreach (var deferred in _deferred.Values)
        {
            reread.TryRead(deferred.Line, deferred.LineNumber, _mapping!, out _);
            all.Add(EventMaterializer.Materialize(reread, _mapping!, _options.Source, deferred.Time, _started).Objects);
        }

        foreach (var objects in all)
        {
            foreach (var o in objects)
            {
                using var doc = System.Text.Json.JsonDocument.Parse(o);
                if (written.Add(doc.RootElement.GetProperty("id").GetString()!))
                {
                    yield return o;
                }
            }
        }
    }

    private void WriteSighting(System.Text.Json.Utf8JsonWriter json, SightingRecord record)
    {
        var now = _started.ToString();
        var name = $"{record.Indicator.Id}\n{_options.IdentityId}\n{_options.Source}\n{now}";
        json.WriteStartObject();
        json.WriteString("type", "sighting");
        json.WriteString("spec_version", "2.1");
        json.WriteString("id", StableIds.Create("sighting", name));
        json.WriteString("created", now);
        json.WriteString("modified", now);
        json.WriteString("created_by_ref", _options.IdentityId);
        json.WriteString("first_seen", record.First.ToString());
        json.WriteString("last_seen", record.Last.ToString());
        json.WriteNumber("count", Math.Min(record.Total, 999_999_999));
        json.WriteString("sighting_of_ref", record.Indicator.Id);
        json.WriteStartArray("observed_data_refs");
        foreach (var cited in record.Refs)
        {
            json.WriteStringValue(cited as string ?? ((DeferredEvent)cited).Id(_options.Source));
        }

        json.WriteEndArray();
        json.WriteStartArray("where_sighted_refs");
        json.WriteStringValue(_options.IdentityId);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A cited JSON-lines event kept as its line until the bundle is written.</summary>
    private sealed record DeferredEvent(byte[] Line, long LineNumber, StixTimestamp Time)
    {
        private string? _id;

        public string Id(string source) => _id ??= EventMaterializer.ObservedDataId(LineNumber, Line, source);
    }

    private sealed class SightingRecord(CompiledIndicator indicator)
    {
        public CompiledIndicator Indicator { get; } = indicator;

        /// <summary>Cited observed-data: ids, or events whose id is worked out when the bundle is written.</summary>
        public List<object> Refs { get; } = [];

        public long Total { get; private set; }

        public StixTimestamp First { get; private set; }

        public StixTimestamp Last { get; private set; }

        public void Count(StixTimestamp first, StixTimestamp last)
        {
            First = Total == 0 || first < First ? first : First;
            Last = Total == 0 || last > Last ? last : Last;
            Total++;
        }
    }

    private sealed class PendingObservations
    {
        public List<Observation> Observations { get; } = [];

        public List<int[]> Roots { get; } = [];

        private readonly Dictionary<Observation, IReadOnlyList<byte[]>> _objects = [];

        public void Add(Observation observation, IReadOnlyList<byte[]> objects, int[] roots, int max)
        {
            if (Observations.Count >= max)
            {
                _objects.Remove(Observations[0]);
                Observations.RemoveAt(0);
                Roots.RemoveAt(0);
            }

            Observations.Add(observation);
            Roots.Add(roots);
            _objects[observation] = objects;
        }

        public IReadOnlyList<byte[]> ObjectsOf(Observation observation) => _objects[observation];

        public void Remove(HashSet<Observation> used)
        {
            for (var i = Observations.Count - 1; i >= 0; i--)
            {
                if (used.Contains(Observations[i]))
                {
                    _objects.Remove(Observations[i]);
                    Observations.RemoveAt(i);
                    Roots.RemoveAt(i);
                }
            }
        }
    }
}
