using System.Buffers;
using System.Text.Json;
using Korus.Patterning.Matching;
using Korus.Stix;
using Korus.Stix.Json;
using Korus.Stix.Model;

namespace Korus.Hunting;

/// <summary>The shapes telemetry comes in.</summary>
public enum TelemetryFormat
{
    /// <summary>One JSON event per line, read through a field mapping.</summary>
    JsonLines,

    /// <summary>A STIX bundle, array or object holding observed-data and their objects (streamed).</summary>
    Stix,

    /// <summary>One STIX bundle or object per line.</summary>
    StixLines,
}

/// <summary>Reads telemetry from a stream into a <see cref="HuntSession"/>, reporting progress in bytes.</summary>
public static class TelemetryFeeder
{
    /// <summary>Guesses the format from the first bytes: '[' or a multi-line JSON value is STIX; a first line with a STIX type and id is STIX lines; else JSON lines.</summary>
    public static TelemetryFormat Detect(ReadOnlySpan<byte> head)
    {
        var trimmed = head.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return TelemetryFormat.JsonLines;
        }

        if (trimmed[0] == (byte)'[')
        {
            return TelemetryFormat.Stix;
        }

        var end = trimmed.IndexOf((byte)'\n');
        var first = end < 0 ? trimmed : trimmed[..end];
        try
        {
            using var document = JsonDocument.Parse(first.ToArray());
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && (type.ValueEquals("bundle") || root.TryGetProperty("id", out _))
                ? TelemetryFormat.StixLines
                : TelemetryFormat.JsonLines;
        }
        catch (JsonException)
        {
            // The first line is not a whole JSON value: a pretty-printed bundle, or a malformed first event.
            return end >= 0 && trimmed[0] == (byte)'{' && IsBundleStart(trimmed) ? TelemetryFormat.Stix : TelemetryFormat.JsonLines;
        }
    }

    private static bool IsBundleStart(ReadOnlySpan<byte> text)
    {
        var window = text[..Math.Min(text.Length, 4096)];
        return window.IndexOf("\"bundle\""u8) >= 0 || window.IndexOf("\"objects\""u8) >= 0;
    }

    /// <summary>Feeds every line of <paramref name="stream"/> to the session; <paramref name="progress"/> gets bytes read.</summary>
    public static Task FeedLinesAsync(Stream stream, HuntSession session, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return ForEachLineAsync(stream, session.ProcessLine, progress, cancellationToken);
    }

    /// <summary>
    /// Hands each line of <paramref name="stream"/> (without its newline; the last may lack one) with its
    /// 1-based number to <paramref name="onLine"/>. The line is a slice of a pooled buffer, valid only
    /// during the call. <paramref name="progress"/> gets the bytes consumed after each read.
    /// </summary>
    private static async Task ForEachLineAsync(Stream stream, Action<ReadOnlyMemory<byte>, long> onLine, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var filled = 0;
            long line = 0;
            long consumed = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                var end = filled + read;
                var start = 0;
                while (true)
                {
                    var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        break;
                    }

                    onLine(buffer.AsMemory(start, newline), ++line);
                    start += newline + 1;
                }

                if (read == 0)
                {
                    if (start < end)
                    {
                        onLine(buffer.AsMemory(start, end - start), ++line);
                    }

                    progress?.Invoke(consumed + end);
                    return;
                }

                consumed += start;
                progress?.Invoke(consumed);
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                filled = end - start;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Feeds the observed-data of a STIX stream: those with embedded objects at once, those with
    /// object_refs as soon as every referenced object has been read, the rest at the end with what was found.
    /// </summary>
    public static void FeedStix(Stream stream, HuntSession session, ICollection<Finding> problems, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(problems);
        var counting = new CountingStream(stream);
        var objects = new Dictionary<string, StixObject>(StringComparer.Ordinal);
        var waiting = new List<(ObservedData Data, int Index)>();
        var index = 0;
        foreach (var o in StixDocument.ReadObjects(counting, problems.Add))
        {
            objects.TryAdd(o.Id, o);
            if (o is ObservedData data)
            {
                if (Ready(data, objects))
                {
                    Feed(data, index, objects, session, problems);
                }
                else
                {
                    waiting.Add((data, index));
                }
            }

            index++;
            if ((index & 1023) == 0)
            {
                progress?.Invoke(counting.BytesRead);
                for (var i = waiting.Count - 1; i >= 0; i--)
                {
                    if (Ready(waiting[i].Data, objects))
                    {
                        Feed(waiting[i].Data, waiting[i].Index, objects, session, problems);
                        waiting.RemoveAt(i);
                    }
                }
            }
        }

        foreach (var (data, i) in waiting)
        {
            Feed(data, i, objects, session, problems);
        }

        progress?.Invoke(counting.BytesRead);
    }

    /// <summary>Feeds STIX JSON lines: each line a bundle or a single object.</summary>
    public static Task FeedStixLinesAsync(Stream stream, HuntSession session, ICollection<Finding> problems, Action<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(problems);
        var objects = new Dictionary<string, StixObject>(StringComparer.Ordinal);
        return ForEachLineAsync(stream, (text, line) =>
        {
            if (text.Span.Trim(" \t\r"u8).IsEmpty)
            {
                return;
            }

            var document = StixDocument.Parse(text);
            foreach (var problem in document.Problems)
            {
                problems.Add(problem with { Line = line, Message = $"line {line}: {problem.Message}" });
            }

            foreach (var o in document.Objects)
            {
                objects[o.Id] = o;
            }

            var index = 0;
            foreach (var o in document.Objects)
            {
                if (o is ObservedData data)
                {
                    Feed(data, index, objects, session, problems);
                }

                index++;
            }
        }, progress, cancellationToken);
    }

    private static bool Ready(ObservedData data, Dictionary<string, StixObject> objects)
    {
        if (data.Root.TryGetProperty("objects"u8, out _))
        {
            return true;
        }

        foreach (var id in data.ObjectRefs)
        {
            if (!objects.ContainsKey(id))
            {
                return false;
            }
        }

        return true;
    }

    private static void Feed(ObservedData data, int index, Dictionary<string, StixObject> objects, HuntSession session, ICollection<Finding> problems)
    {
        var observation = ObservationReader.Read(data, $"$.objects[{index}]", id => objects.GetValueOrDefault(id), problems);
        if (observation is null)
        {
            return;
        }

        var json = new List<byte[]>(observation.Objects.Count + 1) { data.Json.ToArray() };
        foreach (var o in observation.Objects)
        {
            if (objects.TryGetValue(o.Key, out var sco))
            {
                json.Add(sco.Json.ToArray());
            }
        }

        session.Process(observation, json);
    }
}
