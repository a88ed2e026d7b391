using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Korus.Stix.Json;

/// <summary>
/// Reads a STIX input — a bundle, a JSON array of objects or a single object — from a stream, one
/// object at a time, handing out each object's exact UTF-8 bytes. Memory stays bounded by the largest
/// object (at most <see cref="StixReaderOptions.MaxObjectBytes"/>), not by the input, so a bundle of
/// any size streams. Problems with the input as a whole (JSON syntax, the bundle's own properties) are
/// collected in <see cref="Findings"/>; a syntax error ends the read, after every object before it has
/// been handed out.
/// </summary>
public sealed class StixStreamReader : IDisposable
{
    private const int InitialBufferBytes = 256 * 1024;
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly StixReaderOptions _options;
    private readonly List<Finding> _findings = [];
    private readonly Dictionary<string, string> _bundleProperties = new(StringComparer.Ordinal);
    private readonly List<string> _duplicateBundleKeys = [];

    private byte[] _buffer;
    private int _pos;
    private int _length;
    private bool _endOfStream;
    private long _bufferBase;
    private JsonReaderState _state;

    private long _linesCountedTo;
    private long _line = 1;
    private long _lastNewline = -1;

    // Elements found by scanning (CheckObjectSyntax off) leave the JSON reader's state where a reader
    // left it after the first element of the same array: that state, and the line and column it was at.
    // Line numbers in later syntax errors are corrected by how far the input has moved on since.
    private JsonReaderState? _afterElement;
    private long _afterElementLine;
    private long _afterElementColumn;
    private long _lineShift;
    private long _columnShift;
    private bool _bomSkipped;

    private Phase _phase = Phase.Start;
    private int _index;
    private bool _disposed;

    /// <summary>Creates a reader over <paramref name="stream"/>; the stream is not disposed with the reader.</summary>
    public StixStreamReader(Stream stream, StixReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _options = options ?? StixReaderOptions.Default;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        _state = new JsonReaderState(new JsonReaderOptions { MaxDepth = _options.MaxDepth + 2, CommentHandling = JsonCommentHandling.Disallow });
    }

    private enum Phase
    {
        Start,
        BundleMembers,
        ArrayElements,
        BundleObjects,
        Done,
    }

    /// <summary>What the top level of the input turned out to be.</summary>
    public StixContainerKind Container { get; private set; }

    /// <summary>Findings about the input as a whole; complete once <see cref="TryRead"/> has returned false.</summary>
    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>The bundle's id, when the input is a bundle that has a string id.</summary>
    public string? BundleId => _bundleProperties.GetValueOrDefault("id");

    /// <summary>How many bytes of input have been consumed.</summary>
    public long BytesConsumed => _bufferBase + _pos;

    /// <summary>True when the read stopped at a syntax error or a limit rather than at the end of the input.</summary>
    public bool Aborted { get; private set; }

    /// <summary>
    /// Reads the next element. Returns false at the end of the input or after a fatal syntax error (see
    /// <see cref="Findings"/>). The slice's bytes are valid until the next call.
    /// </summary>
    /// <exception cref="IOException">The stream could not be read.</exception>
    public bool TryRead(out StixObjectSlice slice)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        slice = default;
        try
        {
            return ReadNext(out slice);
        }
        catch (LimitReachedException)
        {
            return false;
        }
        catch (JsonException ex)
        {
            Fail(SyntaxFinding(ex));
            return false;
        }
    }

    private bool ReadNext(out StixObjectSlice slice)
    {
        slice = default;
        while (true)
        {
            switch (_phase)
            {
                case Phase.Start:
                    if (!Start(out slice, out var produced))
                    {
                        return false;
                    }

                    if (produced)
                    {
                        return true;
                    }

                    break;
                case Phase.ArrayElements:
                case Phase.BundleObjects:
                    if (NextElement(out slice))
                    {
                        return true;
                    }

                    if (_phase == Phase.BundleObjects)
                    {
                        _phase = Phase.BundleMembers;
                        break;
                    }

                    FinishTopLevel();
                    return false;
                case Phase.BundleMembers:
                    if (ReadBundleMembers())
                    {
                        break;
                    }

                    FinishTopLevel();
                    return false;
                default:
                    return false;
            }
        }
    }

    /// <summary>Reads the first token and decides what the container is.</summary>
    private bool Start(out StixObjectSlice slice, out bool produced)
    {
        slice = default;
        produced = false;
        SkipBom();
        var reader = NewReader();
        while (!reader.Read())
        {
            if (_endOfStream)
            {
                Fail(new Finding(FindingCodes.Json, FindingSeverity.Error, null, "$", "The input is empty: expected a STIX bundle, object or array of objects.") { Line = 1, Column = 1 });
                return false;
            }

            Fill(_pos);
            reader = NewReader();
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                Container = StixContainerKind.Array;
                Commit(ref reader);
                _phase = Phase.ArrayElements;
                return true;
            case JsonTokenType.StartObject:
                // Bundle or single object: decided by looking at the members.
                return StartObject(out slice, out produced);
            default:
                Fail(new Finding(FindingCodes.Json, FindingSeverity.Error, null, "$", $"Expected a STIX bundle, object or array of objects, found {Describe(reader.TokenType)}.") { Line = 1, Column = 1 });
                return false;
        }
    }

    /// <summary>
    /// The top level is an object. Members are read until either a <c>type</c> other than bundle is seen
    /// (then the whole object is one STIX object) or an <c>objects</c> array (then it is a bundle and the
    /// array streams). Everything is kept in the buffer until that decision.
    /// </summary>
    private bool StartObject(out StixObjectSlice slice, out bool produced)
    {
        slice = default;
        produced = false;
        var topState = _state;
        var topPos = _pos;
        var topLine = LineAt(_bufferBase + _pos);
        var topColumn = (_bufferBase + _pos) - _lastNewline;

        while (true)
        {
            // Scan members from the top object's start each time more data is needed: the scan only
            // looks at member names, so the cost is small next to reading the objects themselves.
            var reader = new Utf8JsonReader(_buffer.AsSpan(topPos, _length - topPos), _endOfStream, topState);
            (long Offset, string Reason)? textProblem = null;
            var decision = ScanTopMembers(ref reader, _bufferBase + topPos, ref textProblem, out var consumed);
            if (decision == TopDecision.NeedMore)
            {
                if (_endOfStream)
                {
                    throw Truncated();
                }

                var shift = topPos;
                Fill(topPos);
                topPos -= shift;
                continue;
            }

            if (decision == TopDecision.SingleObject)
            {
                _pos = topPos;
                _state = topState;
                Container = StixContainerKind.SingleObject;
                _phase = Phase.Done;
                slice = ReadWholeElement(topLine, topColumn);
                produced = true;
                ExpectEnd();
                return true;
            }

            // A bundle: the members before "objects" were small and have been recorded; continue after "[".
            // (A single object's bad text is the object's to report; a bundle's own members are reported here.)
            ReportText(textProblem);

            Container = StixContainerKind.Bundle;
            _pos = topPos + consumed;
            _state = reader.CurrentState;
            _phase = Phase.BundleObjects;
            return true;
        }
    }

    private enum TopDecision
    {
        NeedMore,
        SingleObject,
        Bundle,
    }

    private TopDecision ScanTopMembers(ref Utf8JsonReader reader, long baseOffset, ref (long Offset, string Reason)? textProblem, out int consumed)
    {
        consumed = 0;
        if (!reader.Read())
        {
            return TopDecision.NeedMore;
        }

        // reader is on the top StartObject.
        _bundleProperties.Clear();
        _duplicateBundleKeys.Clear();
        while (true)
        {
            if (!reader.Read())
            {
                return TopDecision.NeedMore;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                // No "objects" array: a single object (possibly an empty bundle, which the validator reports).
                return TopDecision.SingleObject;
            }

            var name = TokenText(ref reader, baseOffset, ref textProblem);
            if (!reader.Read())
            {
                return TopDecision.NeedMore;
            }

            if (name == "objects" && reader.TokenType == JsonTokenType.StartArray
                && (!_bundleProperties.TryGetValue("type", out var t) || t == "bundle"))
            {
                consumed = (int)reader.BytesConsumed;
                return TopDecision.Bundle;
            }

            string? text = null;
            if (reader.TokenType == JsonTokenType.String)
            {
                text = TokenText(ref reader, baseOffset, ref textProblem);
                if (name == "type" && text != "bundle")
                {
                    return TopDecision.SingleObject;
                }
            }

            var start = (int)reader.TokenStartIndex;
            if (!reader.TrySkip())
            {
                return TopDecision.NeedMore;
            }

            if (_bundleProperties.Count < 64 && !_bundleProperties.ContainsKey(name))
            {
                _bundleProperties[name] = text ?? RawText(ref reader, start);
            }
            else if (_bundleProperties.ContainsKey(name))
            {
                _duplicateBundleKeys.Add(name);
            }
        }
    }

    /// <summary>Reports a bundle member's name or string that is not Unicode text (from <see cref="TokenText"/>), at its line and column.</summary>
    private void ReportText((long Offset, string Reason)? problem)
    {
        if (problem is { } bad)
        {
            _findings.Add(new Finding(FindingCodes.Json, FindingSeverity.Error, null, "$", bad.Reason) { Line = LineAt(bad.Offset), Column = bad.Offset - _lastNewline });
        }
    }

    /// <summary>
    /// The text of the name or string the reader is on. Text that is not UTF-8 or escapes a lone surrogate
    /// (which <see cref="Utf8JsonReader.GetString"/> throws on) is read with U+FFFD in its place, and the
    /// first such place is noted in <paramref name="problem"/> (absolute offset: <paramref name="baseOffset"/>
    /// is where the reader's input starts) unless a problem is noted already.
    /// </summary>
    private static string TokenText(ref Utf8JsonReader reader, long baseOffset, ref (long Offset, string Reason)? problem)
    {
        ReadOnlySpan<byte> raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        var textStart = baseOffset + reader.TokenStartIndex + 1; // after the opening quote
        if (!Utf8.IsValid(raw))
        {
            var at = JsonText.FirstInvalidUtf8(raw);
            problem ??= (textStart + at, string.Create(CultureInfo.InvariantCulture, $"Invalid JSON: The text is not valid UTF-8: 0x{raw[at]:X2} does not start or continue a character; STIX JSON must be UTF-8."));
            return Encoding.UTF8.GetString(raw);
        }

        if (!reader.ValueIsEscaped)
        {
            return Encoding.UTF8.GetString(raw);
        }

        var decoded = raw.Length <= 512 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        var length = JsonText.Unescape(raw, decoded, out int lone);
        if (lone >= 0)
        {
            problem ??= (textStart + lone, "Invalid JSON: " + StrictJson.LoneSurrogateReason(raw.Slice(lone, 6), position: null));
        }

        return Encoding.UTF8.GetString(decoded[..length]);
    }

    private static string RawText(ref Utf8JsonReader reader, int start)
    {
        var length = (int)reader.BytesConsumed - start;
        return length > 200 ? "(long value)" : "(non-string)";
    }

    /// <summary>Reads the members of a bundle after its objects array ends; true if another objects array starts.</summary>
    private bool ReadBundleMembers()
    {
        while (true)
        {
            var reader = NewReader();
            if (!reader.Read())
            {
                NeedMoreOrThrow();
                continue;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                Commit(ref reader);
                return false;
            }

            (long Offset, string Reason)? problem = null;
            var name = TokenText(ref reader, _bufferBase + _pos, ref problem);
            if (!reader.Read())
            {
                NeedMoreOrThrow();
                continue;
            }

            if (name == "objects" && reader.TokenType == JsonTokenType.StartArray)
            {
                // A second objects array: report the duplicate key but still read every object in it.
                _findings.Add(new Finding(FindingCodes.Json, FindingSeverity.Error, BundleId, "$.objects", "The bundle has the key 'objects' more than once.") { Line = LineAt(_bufferBase + _pos), Column = 1 });
                Commit(ref reader);
                _phase = Phase.BundleObjects;
                return true;
            }

            if (!reader.TrySkip())
            {
                NeedMoreOrThrow();
                continue;
            }

            var text = reader.TokenType == JsonTokenType.String ? TokenText(ref reader, _bufferBase + _pos, ref problem) : "(non-string)";
            if (_bundleProperties.ContainsKey(name) || name == "objects")
            {
                _duplicateBundleKeys.Add(name);
            }
            else
            {
                _bundleProperties[name] = text;
            }

            ReportText(problem);

            Commit(ref reader);
        }
    }

    private void NeedMoreOrThrow()
    {
        if (_endOfStream)
        {
            throw Truncated();
        }

        Fill(_pos);
    }

    /// <summary>After the top-level value, only white space may follow.</summary>
    private void ExpectEnd()
    {
        _phase = Phase.Done;
        while (true)
        {
            var reader = NewReader();
            if (reader.Read())
            {
                var offset = _bufferBase + _pos + reader.TokenStartIndex;
                Fail(new Finding(FindingCodes.Json, FindingSeverity.Error, null, "$", $"Unexpected {Describe(reader.TokenType)} after the end of the top-level value.") { Line = LineAt(offset), Column = offset - _lastNewline });
                return;
            }

            if (_endOfStream)
            {
                return;
            }

            Fill(_pos);
        }
    }

    private void FinishTopLevel()
    {
        ExpectEnd();
        if (Container == StixContainerKind.Bundle)
        {
            CheckBundleProperties();
        }
    }

    private void CheckBundleProperties()
    {
        var id = BundleId;
        foreach (var key in _duplicateBundleKeys)
        {
            _findings.Add(new Finding(FindingCodes.Json, FindingSeverity.Error, id, JsonPath.Property("$", key), $"The bundle has the key '{key}' more than once."));
        }

        if (!_bundleProperties.TryGetValue("type", out var type))
        {
            _findings.Add(new Finding(FindingCodes.Bundle, FindingSeverity.Error, id, "$.type", "The bundle has no 'type'; expected \"bundle\"."));
        }
        else if (type != "bundle")
        {
            _findings.Add(new Finding(FindingCodes.Bundle, FindingSeverity.Error, id, "$.type", $"An object with an 'objects' array must be a bundle, but its type is '{type}'."));
        }

        if (id is null)
        {
            _findings.Add(new Finding(FindingCodes.Bundle, FindingSeverity.Error, null, "$.id", "The bundle has no string 'id'; expected bundle--<uuid>."));
        }
        else if (!StixId.IsValid(id, "bundle"))
        {
            _findings.Add(new Finding(FindingCodes.Bundle, FindingSeverity.Error, id, "$.id", $"The bundle id '{Truncate(id)}' is not of the form bundle--<RFC 4122 UUID>."));
        }

        if (_bundleProperties.TryGetValue("spec_version", out var version) && !(_options.AcceptStix20Bundles && version == "2.0"))
        {
            _findings.Add(new Finding(FindingCodes.Bundle, FindingSeverity.Error, id, "$.spec_version",
                version == "2.0"
                    ? "The bundle has spec_version \"2.0\": this is a STIX 2.0 bundle; STIX 2.1 bundles carry no spec_version."
                    : $"A STIX 2.1 bundle carries no spec_version (found '{Truncate(version)}')."));
        }

        if (_index == 0)
        {
            _findings.Add(new Finding(FindingCodes.Bundle, FindingSeverity.Warning, id, "$.objects", "The bundle's objects list is empty; omit it instead of sending []."));
        }
    }

    /// <summary>Reads the next element of the array being streamed; false at the closing bracket.</summary>
    private bool NextElement(out StixObjectSlice slice)
    {
        slice = default;
        while (true)
        {
            var reader = NewReader();
            if (!reader.Read())
            {
                NeedMoreOrThrow();
                continue;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                Commit(ref reader);
                return false;
            }

            var offset = _bufferBase + _pos + reader.TokenStartIndex;
            var line = LineAt(offset);
            var column = offset - _lastNewline;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var found = Describe(reader.TokenType);
                // Skip the value (it may be an array) then report it as not an object.
                var r2 = NewReader();
                r2.Read();
                if (!r2.TrySkip())
                {
                    NeedMoreOrThrow();
                    continue;
                }

                Commit(ref r2);
                var path = JsonPath.Element(Container, _index);
                slice = new StixObjectSlice(Container, _index++, default, offset, line, column,
                    new Finding(FindingCodes.Json, FindingSeverity.Error, null, path, $"Expected a STIX object, found {found}.") { Line = line, Column = column });
                return true;
            }

            if (!_options.CheckObjectSyntax && _afterElement is { } after)
            {
                var start = _pos + (int)reader.TokenStartIndex;
                var length = ObjectScanner.Length(_buffer.AsSpan(start, _length - start), _options.MaxDepth);
                if (length > 0)
                {
                    _pos = start + length;
                    MoveStateTo(after, _bufferBase + _pos);
                    slice = ElementSlice(start, length, line, column);
                    return true;
                }
            }

            slice = ReadWholeElement(line, column);
            if (!_options.CheckObjectSyntax && _afterElement is null && slice.Problem is null)
            {
                RememberAfterElement();
            }

            return true;
        }
    }

    /// <summary>Keeps the reader's state after an element, and where it is, for elements found by scanning.</summary>
    private void RememberAfterElement()
    {
        // The state's own line and column are read back by provoking an error with it on one byte.
        var probe = new Utf8JsonReader("x"u8, isFinalBlock: true, _state);
        try
        {
            probe.Read();
            return;
        }
        catch (JsonException ex)
        {
            _afterElement = _state;
            _afterElementLine = ex.LineNumber ?? 0;
            _afterElementColumn = ex.BytePositionInLine ?? 0;
        }
    }

    /// <summary>
    /// Puts back the reader state kept after an element, now at <paramref name="absolute"/>, and notes how
    /// far its line and column are from the real ones there.
    /// </summary>
    private void MoveStateTo(JsonReaderState after, long absolute)
    {
        _state = after;
        var line = LineAt(absolute) - 1;
        var column = absolute - _lastNewline - 1 - (_bomSkipped && _lastNewline < 0 ? Bom.Length : 0);
        _lineShift = line - _afterElementLine;
        _columnShift = column - _afterElementColumn;
    }

    /// <summary>Reads one whole object starting at <see cref="_pos"/>, growing the buffer as needed.</summary>
    private StixObjectSlice ReadWholeElement(long line, long column)
    {
        while (true)
        {
            var reader = NewReader();
            if (!reader.Read())
            {
                NeedMoreOrThrow();
                continue;
            }

            var start = _pos + (int)reader.TokenStartIndex;
            if (!reader.TrySkip())
            {
                if (_endOfStream)
                {
                    // Skip on a final block throws the precise syntax error.
                    reader.Skip();
                }

                if (_length - _pos >= _options.MaxObjectBytes)
                {
                    return SkipOversized(line, column);
                }

                Fill(_pos);
                continue;
            }

            var end = _pos + (int)reader.BytesConsumed;
            Commit(ref reader);
            return ElementSlice(start, end - start, line, column);
        }
    }

    /// <summary>The element held in the buffer at <paramref name="start"/>, or a finding when it is too large or not UTF-8.</summary>
    private StixObjectSlice ElementSlice(int start, int length, long line, long column)
    {
        var index = _index++;
        var offset = _bufferBase + start;
        var json = _buffer.AsMemory(start, length);
        if (json.Length > _options.MaxObjectBytes)
        {
            return new StixObjectSlice(Container, index, default, offset, line, column, OversizedFinding(JsonPath.Element(Container, index), line, column));
        }

        var ascii = System.Text.Ascii.IsValid(json.Span);
        if (!ascii && !Utf8.IsValid(json.Span))
        {
            var badOffset = offset + JsonText.FirstInvalidUtf8(json.Span);
            return new StixObjectSlice(Container, index, default, offset, line, column,
                new Finding(FindingCodes.Json, FindingSeverity.Error, null, JsonPath.Element(Container, index),
                    string.Create(CultureInfo.InvariantCulture, $"The object contains invalid UTF-8 at byte offset {badOffset} of the input; STIX JSON must be UTF-8.")) { Line = line, Column = column });
        }

        return new StixObjectSlice(Container, index, json, offset, line, column, null) { IsAscii = ascii };
    }

    /// <summary>Skips an object too large to buffer, token by token, and reports it.</summary>
    private StixObjectSlice SkipOversized(long line, long column)
    {
        var offset = _bufferBase + _pos;
        var path = JsonPath.Element(Container, _index);
        var depth = 0;
        do
        {
            var reader = NewReader();
            var progressed = false;
            while (reader.Read())
            {
                progressed = true;
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        depth++;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        depth--;
                        break;
                }

                if (depth == 0)
                {
                    break;
                }
            }

            Commit(ref reader);
            if (depth != 0)
            {
                if (_endOfStream)
                {
                    throw Truncated();
                }

                if (!progressed && _length - _pos >= _buffer.Length)
                {
                    // One token bigger than the whole buffer: give up on the input rather than buffer it.
                    Fail(new Finding(FindingCodes.LimitObjectSize, FindingSeverity.Error, null, path,
                        string.Create(CultureInfo.InvariantCulture, $"A single JSON value is larger than the {_options.MaxObjectBytes}-byte object limit; reading stopped.")) { Line = line, Column = column });
                    throw new LimitReachedException();
                }

                Fill(_pos);
            }
        }
        while (depth != 0);

        return new StixObjectSlice(Container, _index++, default, offset, line, column, OversizedFinding(path, line, column));
    }

    private Finding OversizedFinding(string path, long line, long column) =>
        new(FindingCodes.LimitObjectSize, FindingSeverity.Error, null, path,
            string.Create(CultureInfo.InvariantCulture, $"The object is larger than the {_options.MaxObjectBytes}-byte limit (MaxObjectBytes) and was not read.")) { Line = line, Column = column };

    private Utf8JsonReader NewReader() => new(_buffer.AsSpan(_pos, _length - _pos), _endOfStream, _state);

    private void Commit(ref Utf8JsonReader reader)
    {
        _pos += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
    }

    private void SkipBom()
    {
        while (_length - _pos < 3 && !_endOfStream)
        {
            Fill(_pos);
        }

        if (_buffer.AsSpan(_pos, _length - _pos).StartsWith(Bom))
        {
            _pos += 3;
            _bomSkipped = true;
            _linesCountedTo = _bufferBase + _pos;
        }
    }

    /// <summary>
    /// Discards the bytes before <paramref name="keepFrom"/>, grows the buffer when it is full, and reads
    /// more input. Marks the end of the stream when nothing more comes.
    /// </summary>
    private void Fill(int keepFrom)
    {
        LineAt(_bufferBase + keepFrom);
        var kept = _length - keepFrom;
        if (keepFrom > 0)
        {
            Buffer.BlockCopy(_buffer, keepFrom, _buffer, 0, kept);
            _bufferBase += keepFrom;
            _pos -= keepFrom;
            _length = kept;
        }

        if (_length == _buffer.Length)
        {
            var limit = _options.MaxObjectBytes + (1 << 20);
            if (_buffer.Length >= limit)
            {
                Fail(new Finding(FindingCodes.LimitObjectSize, FindingSeverity.Error, null, "$",
                    string.Create(CultureInfo.InvariantCulture, $"A JSON value is larger than the {_options.MaxObjectBytes}-byte limit (MaxObjectBytes); reading stopped.")) { Line = _line, Column = 1 });
                throw new LimitReachedException();
            }

            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, limit));
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _length);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        while (_length < _buffer.Length)
        {
            var read = _stream.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
            {
                _endOfStream = true;
                return;
            }

            _length += read;
            if (_length - _pos >= 64 * 1024)
            {
                return;
            }
        }
    }

    /// <summary>The 1-based line of an absolute offset at or after the last one asked for.</summary>
    private long LineAt(long absoluteOffset)
    {
        if (absoluteOffset > _linesCountedTo)
        {
            var from = (int)(_linesCountedTo - _bufferBase);
            var to = (int)(absoluteOffset - _bufferBase);
            var span = _buffer.AsSpan(from, to - from);
            var count = span.Count((byte)'\n');
            if (count > 0)
            {
                _line += count;
                _lastNewline = _bufferBase + from + span.LastIndexOf((byte)'\n');
            }

            _linesCountedTo = absoluteOffset;
        }

        return _line;
    }

    private JsonException Truncated()
    {
        var end = _bufferBase + _length;
        var line = LineAt(end);
        return new JsonException("The input ended before the JSON was complete (truncated).", null, line - 1, end - _lastNewline - 1);
    }

    private void Fail(Finding finding)
    {
        Aborted = true;
        _phase = Phase.Done;
        _findings.Add(finding);
    }

    private Finding SyntaxFinding(JsonException ex)
    {
        var line = ex.LineNumber ?? 0;
        var column = ex.BytePositionInLine ?? 0;
        // A state put back after a scanned element counts from an earlier place (see MoveStateTo); until
        // one is, both shifts are 0.
        column += line == _afterElementLine ? _columnShift : 0;
        line += _lineShift + 1;
        column++;
        var reason = WithoutPosition(ex.Message);

        if (reason.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
        {
            return new Finding(FindingCodes.LimitDepth, FindingSeverity.Error, null, "$",
                string.Create(CultureInfo.InvariantCulture, $"JSON nesting is deeper than the limit of {_options.MaxDepth} levels inside one object (MaxDepth); reading stopped.")) { Line = line, Column = column };
        }

        if (_endOfStream && (reason.Contains("end of the JSON", StringComparison.OrdinalIgnoreCase) || reason.Contains("truncated", StringComparison.Ordinal)))
        {
            reason = "The input ended before the JSON was complete (truncated)";
        }

        return new Finding(FindingCodes.Json, FindingSeverity.Error, null, "$", "Invalid JSON: " + reason.TrimEnd('.') + ".") { Line = line, Column = column };
    }

    /// <summary>A parser message without its trailing "LineNumber: … | BytePositionInLine: …" (findings carry the place).</summary>
    internal static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..77] + "...";

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Thrown internally when a limit makes further reading impossible; already reported.</summary>
    private sealed class LimitReachedException : JsonException
    {
    }
}
