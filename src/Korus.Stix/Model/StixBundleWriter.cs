using System.Text.Json;

namespace Korus.Stix.Model;

/// <summary>
/// Writes a STIX bundle (or a JSON array) to a stream one object at a time, each object's exact bytes
/// unchanged, so a bundle of any size can be written without holding it. Call <see cref="Complete"/>
/// (or dispose) to close the bundle.
/// </summary>
public sealed class StixBundleWriter : IDisposable
{
    private readonly Utf8JsonWriter _writer;
    private bool _completed;

    /// <summary>Starts a bundle (or, with <paramref name="asArray"/>, a plain JSON array) on <paramref name="stream"/>.</summary>
    /// <param name="stream">Where to write; not disposed with the writer.</param>
    /// <param name="bundleId">The bundle id; a new <c>bundle--</c> UUIDv4 when null.</param>
    /// <param name="asArray">Write a JSON array of objects instead of a bundle.</param>
    public StixBundleWriter(Stream stream, string? bundleId = null, bool asArray = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _writer = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (asArray)
        {
            _writer.WriteStartArray();
            return;
        }

        _writer.WriteStartObject();
        _writer.WriteString("type"u8, "bundle"u8);
        _writer.WriteString("id"u8, bundleId ?? NewBundleId());
        _writer.WriteStartArray("objects"u8);
    }

    /// <summary>How many objects have been written.</summary>
    public long Count { get; private set; }

    /// <summary>A new bundle id.</summary>
    public static string NewBundleId() => "bundle--" + Guid.NewGuid().ToString("D");

    /// <summary>Appends an object.</summary>
    public void Write(StixObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        WriteRaw(obj.Json);
    }

    /// <summary>Appends an object given as its UTF-8 JSON, written unchanged (the caller vouches it is one JSON object).</summary>
    public void WriteRaw(ReadOnlySpan<byte> utf8Json)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _writer.WriteRawValue(utf8Json, skipInputValidation: true);
        Count++;
        if (_writer.BytesPending > 1 << 16)
        {
            _writer.Flush();
        }
    }

    /// <summary>Closes the array (and the bundle) and flushes.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        _writer.WriteEndArray();
        if (_writer.CurrentDepth > 0)
        {
            _writer.WriteEndObject();
        }

        _writer.Flush();
    }

    /// <summary>Completes the bundle if needed and releases the writer.</summary>
    public void Dispose()
    {
        Complete();
        _writer.Dispose();
    }

    /// <summary>Writes a whole bundle.</summary>
    public static void WriteBundle(Stream stream, IEnumerable<StixObject> objects, string? bundleId = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        using var writer = new StixBundleWriter(stream, bundleId);
        foreach (var obj in objects)
        {
            writer.Write(obj);
        }
    }

    /// <summary>Writes a JSON array of objects.</summary>
    public static void WriteArray(Stream stream, IEnumerable<StixObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        using var writer = new StixBundleWriter(stream, asArray: true);
        foreach (var obj in objects)
        {
            writer.Write(obj);
        }
    }
}
