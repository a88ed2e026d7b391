using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Korus.Stix.Json;

/// <summary>
/// Reads JSON that comes from outside the process (files, request bodies, a partner's or a server's
/// answers) into a <see cref="JsonDocument"/>, refusing what <see cref="JsonDocument"/> lets through but
/// cannot read back: a string or a name that is not UTF-8, or that escapes a lone surrogate (<c>\ud800</c>
/// without its pair).
/// <see cref="JsonDocument"/> accepts both and throws <see cref="InvalidOperationException"/> only when the
/// string is read (or, with duplicate properties disallowed, while checking names), far from where the
/// input is checked. Here it is a <see cref="JsonException"/> at once, with its line and byte, like any
/// other malformed JSON, so every reader's existing handling of bad JSON covers it.
/// </summary>
public static class StrictJson
{
    /// <summary>Parses <paramref name="utf8"/> with <paramref name="options"/>.</summary>
    /// <param name="utf8">The JSON text; the document refers to it (it is not copied).</param>
    /// <param name="options">The parser's options.</param>
    /// <param name="what">
    /// Null when the text is a whole input (a file, a body): the message names the line and column. Else
    /// what the text is, when it is part of a larger input whose reader gives the position itself: the
    /// message names the byte "of the <paramref name="what"/>" (for example "of the object").
    /// </param>
    /// <exception cref="JsonException">The text is not valid JSON, holds a string that is not UTF-8, or escapes a lone surrogate; the exception gives the line and byte.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options = default, string? what = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, options);
        }
        catch (InvalidOperationException) when (Refusal(utf8.Span, what) is { } undecodable)
        {
            // The duplicate-property check decodes names, and throws on a name it cannot decode.
            throw undecodable;
        }

        if (Refusal(utf8.Span, what) is { } refusal)
        {
            document.Dispose();
            throw refusal;
        }

        return document;
    }

    /// <summary>Reads <paramref name="stream"/> to its end and parses it as <see cref="Parse(ReadOnlyMemory{byte}, JsonDocumentOptions, string)"/> does (a UTF-8 byte order mark is skipped).</summary>
    /// <exception cref="JsonException">The text is not valid JSON, holds a string that is not UTF-8, or escapes a lone surrogate.</exception>
    public static JsonDocument Parse(Stream stream, JsonDocumentOptions options = default, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        ReadOnlyMemory<byte> text = memory.GetBuffer().AsMemory(0, (int)memory.Length); // the document keeps the buffer
        return Parse(text.Span.StartsWith("\uFEFF"u8) ? text[3..] : text, options, what);
    }

    /// <summary>Parses the value at <paramref name="reader"/> as <see cref="JsonDocument.ParseValue(ref Utf8JsonReader)"/> does, refusing text in it that is not UTF-8 or escapes a lone surrogate.</summary>
    /// <exception cref="JsonException">The value is not valid JSON, holds a string that is not UTF-8, or escapes a lone surrogate.</exception>
    public static JsonDocument ParseValue(ref Utf8JsonReader reader, string? what = null)
    {
        var document = JsonDocument.ParseValue(ref reader);
        if (Refusal(JsonMarshal.GetRawUtf8Value(document.RootElement), what) is { } refusal)
        {
            document.Dispose();
            throw refusal;
        }

        return document;
    }

    /// <summary>
    /// Where <paramref name="text"/> stops being UTF-8: false when it is UTF-8 throughout; else true with
    /// the zero-based <paramref name="line"/> and <paramref name="column"/> (in bytes) of the first byte
    /// that does not start or continue a character, and <paramref name="value"/>, that byte.
    /// </summary>
    public static bool TryFindInvalidUtf8(ReadOnlySpan<byte> text, out int line, out int column, out byte value)
    {
        (line, column, value) = (0, 0, 0);
        if (FirstInvalidUtf8(text) is not (var at and >= 0))
        {
            return false;
        }

        (line, column) = JsonText.LineAndColumn(text, at);
        value = text[at];
        return true;
    }

    /// <summary>Why JSON text that parsed cannot be read: a byte that is not UTF-8 (only strings can hold one) or an escaped lone surrogate; null when it can.</summary>
    private static JsonException? Refusal(ReadOnlySpan<byte> text, string? what)
    {
        if (FirstInvalidUtf8(text) is var at and >= 0)
        {
            return At(text, at, InvalidUtf8Message(text, at, what));
        }

        return JsonText.FirstLoneSurrogate(text) is var lone and >= 0 ? At(text, lone, LoneSurrogateMessage(text, lone, what)) : null;
    }

    /// <summary>The offset of the first byte of <paramref name="text"/> that does not start or continue a UTF-8 character, or -1.</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> text) =>
        System.Text.Unicode.Utf8.IsValid(text) ? -1 : JsonText.FirstInvalidUtf8(text);

    /// <summary>A refusal at offset <paramref name="at"/> of <paramref name="text"/>, with its zero-based line and byte as the reader gives them.</summary>
    internal static JsonException At(ReadOnlySpan<byte> text, int at, string message)
    {
        var (line, column) = JsonText.LineAndColumn(text, at);
        return new JsonException(message, path: null, line, column);
    }

    /// <summary>"line L, column C" of a whole input, or "byte N of the <paramref name="what"/>" of part of one.</summary>
    private static string Where(ReadOnlySpan<byte> text, int at, string? what)
    {
        if (what is not null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"byte {at} of the {what}");
        }

        var (line, column) = JsonText.LineAndColumn(text, at);
        return string.Create(CultureInfo.InvariantCulture, $"line {line + 1}, column {column + 1}");
    }

    /// <summary>The reason given for the byte at <paramref name="at"/> of <paramref name="text"/>, which does not start or continue a UTF-8 character.</summary>
    internal static string InvalidUtf8Message(ReadOnlySpan<byte> text, int at, string? what) =>
        string.Create(CultureInfo.InvariantCulture, $"The text is not valid UTF-8: 0x{text[at]:X2} at {Where(text, at, what)} does not start or continue a character.");

    /// <summary>The reason given for an escaped lone surrogate at <paramref name="at"/> (its backslash) of <paramref name="text"/>.</summary>
    internal static string LoneSurrogateMessage(ReadOnlySpan<byte> text, int at, string? what) =>
        LoneSurrogateReason(text.Slice(at, 6), Where(text, at, what));

    /// <summary>The reason given for the escape <paramref name="escape"/> (six bytes, <c>\uXXXX</c>) of a lone surrogate, at <paramref name="position"/> when given.</summary>
    internal static string LoneSurrogateReason(ReadOnlySpan<byte> escape, string? position) =>
        $"The text escapes a lone surrogate ({Encoding.ASCII.GetString(escape)}){(position is null ? "" : " at " + position)}: a JSON string must be Unicode text, and half of a surrogate pair is not a character.";
}
