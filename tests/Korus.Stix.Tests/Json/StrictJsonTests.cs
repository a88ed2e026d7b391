using System.Text;
using System.Text.Json;
using Korus.Stix.Json;
using Xunit;

namespace Korus.Stix.Tests.Json;

/// <summary>
/// <see cref="StrictJson"/>: what <see cref="JsonDocument"/> accepts, it accepts with the same content,
/// and an escaped lone surrogate, which <see cref="JsonDocument"/> lets through and then cannot read,
/// becomes a <see cref="JsonException"/> with its line and column.
/// </summary>
public sealed class StrictJsonTests
{
    public static TheoryData<string, string> LoneSurrogates => new()
    {
        { "{\"a\": \"x\\ud800\"}", "\\ud800" },
        { "{\"a\": \"\\udfff\"}", "\\udfff" },
        { "{\"a\": \"\\ud83d\\ud83d\\ude00\"}", "\\ud83d" }, // a high surrogate followed by a whole pair
        { "{\"a\": \"\\ud83d x\\ude00\"}", "\\ud83d" }, // a pair broken by a character
        { "{\"a\": \"\\ude00\\ud83d\"}", "\\ude00" }, // in the wrong order
        { "{\n  \"list\": [1, 2,\n    \"\\uD800\"]\n}", "\\uD800" },
        { "{\"\\ud800\": 1}", "\\ud800" },
        { "{\"a\": {\"b\": [{\"x_\\udbff\": true}]}}", "\\udbff" },
        { "[\"\\ud800\\\\\"]", "\\ud800" },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public void An_escaped_lone_surrogate_is_refused_with_its_line_and_column(string json, string escape)
    {
        var at = json.IndexOf(escape, StringComparison.Ordinal);
        var line = json[..at].Count(c => c == '\n');
        var column = at - (json.LastIndexOf('\n', at) + 1);

        foreach (var options in new[] { default, new JsonDocumentOptions { AllowDuplicateProperties = false } })
        {
            var error = Assert.Throws<JsonException>(() => StrictJson.Parse(Encoding.UTF8.GetBytes(json), options).Dispose());
            Assert.Equal($"The text escapes a lone surrogate ({escape}) at line {line + 1}, column {column + 1}: a JSON string must be Unicode text, and half of a surrogate pair is not a character.", error.Message);
            Assert.Equal((line, column), (error.LineNumber, error.BytePositionInLine));
        }

        var inObject = Assert.Throws<JsonException>(() => StrictJson.Parse(Encoding.UTF8.GetBytes(json), what: "object").Dispose());
        Assert.Contains($"({escape}) at byte {at} of the object:", inObject.Message, StringComparison.Ordinal);

        // JsonDocument itself takes the text and fails only when the string or name is read.
        using var document = JsonDocument.Parse(json);
        Assert.Throws<InvalidOperationException>(() => ReadAll(document.RootElement));
    }

    [Theory]
    [InlineData("{\"a\": \"x%C0\"}", 0, 8)]
    [InlineData("{\n  \"b%FF\": 1}", 1, 4)]
    [InlineData("[\"ok\", \"%E2%82\"]", 0, 8)] // a character cut short
    [InlineData("{\"a\": \"%ED%A0%80\"}", 0, 7)] // a surrogate encoded in UTF-8
    public void A_string_that_is_not_UTF_8_is_refused_with_its_line_and_column(string input, int line, int column)
    {
        var bytes = Bytes(input);

        foreach (var options in new[] { default, new JsonDocumentOptions { AllowDuplicateProperties = false } })
        {
            var error = Assert.Throws<JsonException>(() => StrictJson.Parse(bytes, options).Dispose());
            Assert.Equal($"The text is not valid UTF-8: 0x{bytes[IndexOf(bytes, line, column)]:X2} at line {line + 1}, column {column + 1} does not start or continue a character.", error.Message);
            Assert.Equal((line, column), (error.LineNumber, error.BytePositionInLine));
        }

        Assert.True(StrictJson.TryFindInvalidUtf8(bytes, out var foundLine, out var foundColumn, out _));
        Assert.Equal((line, column), (foundLine, foundColumn));
        Assert.False(StrictJson.TryFindInvalidUtf8("{\"a\": \"\u00e9\ud83d\ude00\"}"u8, out _, out _, out _));

        // JsonDocument itself takes the text and fails only when the string or name is read.
        using var document = JsonDocument.Parse(bytes);
        Assert.Throws<InvalidOperationException>(() => ReadAll(document.RootElement));

        static int IndexOf(byte[] text, int line, int column)
        {
            var start = 0;
            for (var l = 0; l < line; l++)
            {
                start = Array.IndexOf(text, (byte)'\n', start) + 1;
            }

            return start + column;
        }
    }

    /// <summary>The bytes of <paramref name="input"/>, <c>%XX</c> standing for the byte 0xXX.</summary>
    private static byte[] Bytes(string input)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == '%')
            {
                bytes.Add(Convert.ToByte(input.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(input[i].ToString()));
            }
        }

        return [.. bytes];
    }

    [Theory]
    [InlineData("{\"a\": \"\\ud83d\\ude00 \\u00e9 \\\\ud800 \\\\\\\\\"}")] // a pair, an escaped backslash before "ud800"
    [InlineData("{\"\\ud83d\\ude00\": [\"\\uD83D\\uDE00\", 1, null, {\"\\\"\": \"\\/\"}]}")]
    [InlineData("\"plain\"")]
    [InlineData("[]")]
    public void Text_without_lone_surrogates_reads_as_JsonDocument_reads_it(string json)
    {
        using var strict = StrictJson.Parse(Encoding.UTF8.GetBytes(json));
        using var plain = JsonDocument.Parse(json);

        Assert.Equal(ReadAll(plain.RootElement), ReadAll(strict.RootElement));
    }

    [Theory]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{\"a\": \"\\ud800")]
    [InlineData("[1, 2")]
    [InlineData("{\"a\": \"\\uZZZZ\"}")]
    public void Invalid_JSON_gets_the_reader_s_own_error(string json)
    {
        var expected = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(json).Dispose());
        var actual = Assert.ThrowsAny<JsonException>(() => StrictJson.Parse(Encoding.UTF8.GetBytes(json)).Dispose());

        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal((expected.LineNumber, expected.BytePositionInLine), (actual.LineNumber, actual.BytePositionInLine));
    }

    [Fact]
    public void A_duplicate_property_is_still_refused_when_duplicates_are_not_allowed()
    {
        var options = new JsonDocumentOptions { AllowDuplicateProperties = false };
        Assert.ThrowsAny<JsonException>(() => StrictJson.Parse("{\"a\": 1, \"a\": 2}"u8.ToArray(), options).Dispose());
        Assert.ThrowsAny<JsonException>(() => StrictJson.Parse("{\"\\ud83d\\ude00\": 1, \"\\uD83D\\uDE00\": 2}"u8.ToArray(), options).Dispose());
    }

    [Fact]
    public void A_stream_is_read_whole_with_its_byte_order_mark_skipped()
    {
        using (var document = StrictJson.Parse(new MemoryStream([.. "\uFEFF"u8, .. "{\"a\": \"b\"}"u8])))
        {
            Assert.Equal("b", document.RootElement.GetProperty("a").GetString());
        }

        var error = Assert.Throws<JsonException>(() => StrictJson.Parse(new MemoryStream("{\n\"a\": \"\\ud800\"}"u8.ToArray())).Dispose());
        Assert.Equal((1L, 6L), (error.LineNumber, error.BytePositionInLine));
    }

    [Fact]
    public void ParseValue_checks_only_the_value_the_reader_stands_on()
    {
        var text = "{\"a\": \"\\ud83d\\ude00\"} {\"b\": \"\\ud800\"}"u8.ToArray();
        var reader = new Utf8JsonReader(text, new JsonReaderOptions { AllowMultipleValues = true });
        using (var first = StrictJson.ParseValue(ref reader))
        {
            Assert.Equal("\ud83d\ude00", first.RootElement.GetProperty("a").GetString());
        }

        var error = Assert.Throws<JsonException>(() => ReadSecond(text));
        Assert.Contains("(\\ud800) at line 1, column 8:", error.Message, StringComparison.Ordinal);

        static void ReadSecond(byte[] text)
        {
            var reader = new Utf8JsonReader(text, new JsonReaderOptions { AllowMultipleValues = true });
            reader.Read();
            reader.Skip();
            reader.Read();
            StrictJson.ParseValue(ref reader).Dispose();
        }
    }

    /// <summary>Every name and string of the value, in order: reading them is what fails on a lone surrogate.</summary>
    private static List<string> ReadAll(JsonElement element)
    {
        var all = new List<string>();
        Walk(element);
        return all;

        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var member in e.EnumerateObject())
                    {
                        all.Add(member.Name);
                        Walk(member.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in e.EnumerateArray())
                    {
                        Walk(item);
                    }

                    break;
                case JsonValueKind.String:
                    all.Add(e.GetString()!);
                    break;
                default:
                    all.Add(e.GetRawText());
                    break;
            }
        }
    }
}
