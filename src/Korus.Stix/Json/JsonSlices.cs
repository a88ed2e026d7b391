using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Korus.Stix.Json;

/// <summary>Raw JSON of parsed elements as slices of the memory they were parsed from, without copying.</summary>
public static class JsonSlices
{
    /// <summary>
    /// The exact bytes of <paramref name="element"/> as a slice of <paramref name="source"/>, the memory its
    /// document was parsed from (<see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
    /// keeps pointing into it). The slice keeps <paramref name="source"/> alive; when the element does not
    /// lie inside it, a copy is returned.
    /// </summary>
    public static ReadOnlyMemory<byte> RawValue(ReadOnlyMemory<byte> source, JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var offset = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(source.Span), ref MemoryMarshal.GetReference(raw));
        return offset >= 0 && offset + raw.Length <= source.Length ? source.Slice((int)offset, raw.Length) : raw.ToArray();
    }
}
