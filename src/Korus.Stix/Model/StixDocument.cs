using System.Text;
using Korus.Stix.Json;

namespace Korus.Stix.Model;

/// <summary>
/// A STIX input read whole: a bundle, a JSON array of objects, or a single object, with every object it
/// holds and every problem met while reading. An element that cannot be read as an object is reported
/// in <see cref="Problems"/> with its path and reason, and the rest are still read; a JSON syntax error
/// ends the read after the objects before it. For inputs too large to hold, use <see cref="ReadObjects"/>,
/// which streams.
/// </summary>
public sealed class StixDocument
{
    private StixDocument(StixContainerKind container, string? bundleId, IReadOnlyList<StixObject> objects, IReadOnlyList<Finding> problems)
    {
        Container = container;
        BundleId = bundleId;
        Objects = objects;
        Problems = problems;
    }

    /// <summary>What the top level of the input was.</summary>
    public StixContainerKind Container { get; }

    /// <summary>The bundle's id, when the input was a bundle.</summary>
    public string? BundleId { get; }

    /// <summary>The objects, in input order.</summary>
    public IReadOnlyList<StixObject> Objects { get; }

    /// <summary>Problems with the input: syntax errors, limits, elements that are not STIX objects.</summary>
    public IReadOnlyList<Finding> Problems { get; }

    /// <summary>True when every element of the input was read as an object.</summary>
    public bool IsComplete => Problems.All(p => !p.IsError);

    /// <summary>Reads a whole input from a stream.</summary>
    /// <exception cref="IOException">The stream could not be read.</exception>
    public static StixDocument Load(Stream stream, StixReaderOptions? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var objects = new List<StixObject>();
        var problems = new List<Finding>();
        using var reader = new StixStreamReader(stream, limits);
        foreach (var obj in ReadFrom(reader, problems.Add, limits))
        {
            objects.Add(obj);
        }

        return new StixDocument(reader.Container, reader.BundleId, objects, problems);
    }

    /// <summary>Reads a whole input from a file.</summary>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static StixDocument Load(string path, StixReaderOptions? limits = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Load(stream, limits);
    }

    /// <summary>Reads a whole input from UTF-8 bytes.</summary>
    public static StixDocument Parse(ReadOnlyMemory<byte> utf8Json, StixReaderOptions? limits = null)
    {
        using var stream = new ReadOnlyMemoryStream(utf8Json);
        return Load(stream, limits);
    }

    /// <summary>Reads a whole input from JSON text.</summary>
    public static StixDocument Parse(string json, StixReaderOptions? limits = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), limits);
    }

    /// <summary>
    /// Streams the objects of an input one at a time, holding only the current object in memory (each
    /// returned object owns a copy of its bytes). Every problem is passed to <paramref name="onProblem"/>
    /// when it is met, so nothing is dropped silently.
    /// </summary>
    public static IEnumerable<StixObject> ReadObjects(Stream stream, Action<Finding> onProblem, StixReaderOptions? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onProblem);
        return Iterate(stream, onProblem, limits);

        static IEnumerable<StixObject> Iterate(Stream stream, Action<Finding> onProblem, StixReaderOptions? limits)
        {
            using var reader = new StixStreamReader(stream, limits);
            foreach (var obj in ReadFrom(reader, onProblem, limits))
            {
                yield return obj;
            }
        }
    }

    /// <summary>Writes the document back in its container form; each object's bytes are written unchanged.</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        switch (Container)
        {
            case StixContainerKind.SingleObject when Objects.Count == 1:
                Objects[0].WriteTo(stream);
                break;
            case StixContainerKind.Array:
                StixBundleWriter.WriteArray(stream, Objects);
                break;
            default:
                StixBundleWriter.WriteBundle(stream, Objects, BundleId);
                break;
        }
    }

    private static IEnumerable<StixObject> ReadFrom(StixStreamReader reader, Action<Finding> onProblem, StixReaderOptions? limits)
    {
        var reported = 0;
        while (reader.TryRead(out var slice))
        {
            if (slice.Problem is { } problem)
            {
                onProblem(problem);
                continue;
            }

            if (StixObject.TryParse(slice.Json, slice.Path, out var obj, out var error, limits))
            {
                yield return obj;
            }
            else
            {
                onProblem(InInput(error, slice.Line, slice.Column));
            }

            reported = Report(reader, onProblem, reported);
        }

        Report(reader, onProblem, reported);
    }

    /// <summary>Moves a finding's position from the object's own text to the input's.</summary>
    private static Finding InInput(Finding error, long objectLine, long objectColumn)
    {
        if (error.Line is not { } line)
        {
            return error with { Line = objectLine, Column = objectColumn };
        }

        return line == 1
            ? error with { Line = objectLine, Column = objectColumn + (error.Column ?? 1) - 1 }
            : error with { Line = objectLine + line - 1 };
    }

    private static int Report(StixStreamReader reader, Action<Finding> onProblem, int reported)
    {
        var findings = reader.Findings;
        for (; reported < findings.Count; reported++)
        {
            onProblem(findings[reported]);
        }

        return reported;
    }

    /// <summary>A read-only stream over memory, without copying.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => memory.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
