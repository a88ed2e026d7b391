using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Korus.Stix.Json;

/// <summary>
/// Reads JSON that comes from outside the process (files, request bodies, a partner's or a server's
/// answers) into a <see cref="JsonDocument"/>, refusing what <see cref="JsonDocument"/> lets through but
/// cannot read back: a string or a name that escapes a lone surrogate (<c>\ud800</c> without its pair).
/// <see cref="JsonDocument"/> accepts it and throws <see cref="InvalidOperationException"/> only when the
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
    /// <exception cref="JsonException">The text is not valid JSON or escapes a lone surrogate; the exception gives the line and byte.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, JsonDocumentOptions options = default, string? what = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, options);
        }
        catch (InvalidOperationException) when (JsonText.FirstLoneSurrogate(utf8.Span) is var at and >= 0)
        {
            // The duplicate-property check decodes names, and throws on a name that escapes a lone surrogate.
            throw LoneSurrogate(utf8.Span, at, what);
        }

        if (JsonText.FirstLoneSurrogate(utf8.Span) is var lone and >= 0)
        {
            document.Dispose();
            throw LoneSurrogate(utf8.Span, lone, what);
        }

        return document;
    }

    /// <summary>Reads <paramref name="stream"/> to its end and parses it as <see cref="Parse(ReadOnlyMemory{byte}, JsonDocumentOptions, string)"/> does (a UTF-8 byte order mark is skipped).</summary>
    /// <exception cref="JsonException">The text is not valid JSON or escapes a lone surrogate.</exception>
    public static JsonDocument Parse(Stream stream, JsonDocumentOptions options = default, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        ReadOnlyMemory<byte> text = memory.ToArray();
        return Parse(text.Span.StartsWith("\uFEFF"u8) ? text[3..] : text, options, what);
    }

    /// <summary>Parses the value at <paramref name="reader"/> as <see cref="JsonDocument.ParseValue(ref Utf8JsonReader)"/> does, refusing an escaped lone surrogate in it.</summary>
    /// <exception cref="JsonException">The value is not valid JSON or escapes a lone surrogate.</exception>
    public static JsonDocument ParseValue(ref Utf8JsonReader reader, string? what = null)
    {
        var document = JsonDocument.ParseValue(ref reader);
        var raw = JsonMarshal.GetRawUtf8Value(document.RootElement);
        if (JsonText.FirstLoneSurrogate(raw) is var lone and >= 0)
        {
            var error = LoneSurrogate(raw, lone, what);
            document.Dispose();
            throw error;
        }

        return document;
    }

    /// <summary>The refusal of the escaped lone surrogate at <paramref name="at"/> (its backslash) of <paramref name="text"/>, with its zero-based line and byte.</summary>
    internal static JsonException LoneSurrogate(ReadOnlySpan<byte> text, int at, string? what)
    {
        var (line, column) = JsonText.LineAndColumn(text, at);
        return new JsonException(LoneSurrogateMessage(text, at, what), path: null, line, column);
    }

    /// <summary>The reason given for an escaped lone surrogate at <paramref name="at"/> (its backslash) of <paramref name="text"/>.</summary>
    internal static string LoneSurrogateMessage(ReadOnlySpan<byte> text, int at, string? what)
    {
        string where;
        if (what is null)
        {
            var (line, column) = JsonText.LineAndColumn(text, at);
            where = string.Create(CultureInfo.InvariantCulture, $"line {line + 1}, column {column + 1}");
        }
        else
        {
            where = string.Create(CultureInfo.InvariantCulture, $"byte {at} of the {what}");
        }

        return $"The text escapes a lone surrogate ({Encoding.ASCII.GetString(text.Slice(at, 6))}) at {where}: a JSON string must be Unicode text, and half of a surrogate pair is not a character.";
    }
}
