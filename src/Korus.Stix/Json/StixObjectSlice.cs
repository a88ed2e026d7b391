namespace Korus.Stix.Json;

/// <summary>
/// One element read from a STIX input: the exact UTF-8 bytes of an object, or the reason it could not be
/// read as one. The bytes are valid only until the reader is advanced.
/// </summary>
public readonly struct StixObjectSlice
{
    internal StixObjectSlice(StixContainerKind container, int index, ReadOnlyMemory<byte> json, long byteOffset, long line, long column, Finding? problem)
    {
        Container = container;
        Index = index;
        Json = json;
        ByteOffset = byteOffset;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The container the element came from, which decides its JSON path.</summary>
    public StixContainerKind Container { get; }

    /// <summary>Zero-based position of the element in its container.</summary>
    public int Index { get; }

    /// <summary>The element's exact UTF-8 JSON; empty when <see cref="Problem"/> is set.</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>Offset of the element's first byte in the input.</summary>
    public long ByteOffset { get; }

    /// <summary>1-based line where the element starts.</summary>
    public long Line { get; }

    /// <summary>1-based column (bytes) where the element starts.</summary>
    public long Column { get; }

    /// <summary>Why the element could not be read as an object (not an object, too large, invalid UTF-8), or null.</summary>
    public Finding? Problem { get; }

    /// <summary>True when the reader found the element's text to be plain ASCII (so UTF-8 with nothing to check).</summary>
    internal bool IsAscii { get; init; }

    /// <summary>The element's JSON path: <c>$.objects[3]</c>, <c>$[3]</c> or <c>$</c>.</summary>
    public string Path => JsonPath.Element(Container, Index);
}
