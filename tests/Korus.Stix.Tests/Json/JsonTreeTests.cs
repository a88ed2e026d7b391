using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Korus.Stix.Json;
using Xunit;

namespace Korus.Stix.Tests.Json;

/// <summary>
/// <see cref="JsonTree"/> against <see cref="JsonDocument"/>: the same inputs accepted, the same errors
/// for the rest, and <see cref="JsonItem"/>/<see cref="JsonMember"/> answering as
/// <see cref="JsonElement"/>/<see cref="JsonProperty"/> do. Inputs are written with <c>%XX</c> standing
/// for the raw byte 0xXX (so invalid UTF-8 can be written); no input uses a percent sign otherwise.
/// </summary>
public sealed class JsonTreeTests
{
    private static readonly byte[] MutationBytes = "{}[]:,\"\\0-e. "u8.ToArray().Concat(new byte[] { 0x80, 0x01, (byte)'a' }).ToArray();

    public static TheoryData<string> ValidInputs => new()
    {
        // Every kind at the root.
        "0",
        "-1",
        "\"x\"",
        "\"\"",
        "true",
        "false",
        "null",
        "{}",
        "[]",
        "{\"a\":1}",
        "[1,\"b\",true,false,null,{},[]]",

        // Whitespace of all four kinds everywhere.
        " \t\r\n true \t\r\n",
        "\n\r\t 42\t\n\r ",
        " \"s\" ",
        " { } ",
        "[ ]",
        "{\n}",
        "[\t]",
        " \n{ \t\"a\" \r: \n[ 1 , \t2 ,\r\n{ } , [ ] ] , \"b\" : null ,\"c\"\t:\t\"d\"\r\n}\t",
        "[\r\n  {\r\n    \"type\": \"x\",\r\n    \"n\": -1.5e3\r\n  }\r\n]\r\n",

        // Nesting.
        "[[[[]]],{\"a\":{\"b\":{\"c\":[1,[2,[3]]]}}}]",
        "{\"a\":[{\"b\":[{\"c\":{}}]},[]],\"d\":{\"e\":[[],[[]]]}}",
        "[{},{},{\"a\":{}},[[],{}]]",

        // Escapes of every kind, in values and names.
        "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u00E9 \\ud83d\\ude00 \\u0000 \\u001f \\uFFFF \\u20ac\"",
        "\"\\\"\"",
        "\"\\\\\"",
        "\"\\\\\\\"\"",
        "\"a\\\\\"",
        "\"\\ud83d\\ude00\"",
        "\"\\uD83D\\uDE00x\"",
        "{\"\\u0061\":1,\"a\\nb\":2,\"\\ud83d\\ude00\":3,\"\\\"\":4,\"\\\\\":5,\"\\/\":6,\"\\b\\f\\r\\t\":7}",
        "{\"caf\\u00e9\":\"caf\\u00e9\",\"café\":\"café\"}",

        // Raw non-ASCII UTF-8.
        "{\"clé\":\"é中😀\",\"😀\":[\"ü\"],\"中文\":{\"ключ\":\"значение\"}}",
        "\"%EF%BF%BF\"",
        "\"%F4%8F%BF%BF\"",
        "\"%EF%BB%BF\"",
        "\"%7F\"",
        "[\"%C2%80\",\"%DF%BF\",\"%E0%A0%80\",\"%F0%90%80%80\"]",

        // Numbers of every form.
        "-0",
        "0.5",
        "-0.0",
        "1e5",
        "1E+5",
        "1e-5",
        "0e0",
        "0E-0",
        "-1.25e-3",
        "123.456E+789",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "-9223372036854775809",
        "12345678901234567890123456789012345678901234567890",
        "1e400",
        "-1e400",
        "1e-400",
        "4.9e-324",
        "1.7976931348623157e308",
        "[0,-0,1,-1,10,0.1,1.0,1e1,1E1,1e+1,1e-1,-1.5E-10]",
        "{\"n\":1.00000000000000000001,\"m\":100000000000000000000000}",

        // Duplicate keys: the last wins.
        "{\"a\":1,\"a\":2,\"b\":3,\"a\":{\"x\":1}}",
        "{\"a\":1,\"\\u0061\":2}",
        "{\"\":1,\"\":2}",
        "{\"abcdefgh\":1,\"abcdXfgh\":2,\"abcdefgh\":3}",
        "{\"x\":{\"y\":1,\"y\":[2]},\"x\":{\"y\":3}}",

        // Names sharing a key's bytes but not the name.
        "{\"abcdZZZZefgh\":1,\"abcdYYYYefgh\":2,\"abcd\":3,\"abc\":4,\"ab\":5,\"a\":6,\"\":7}",

        // Long strings around the scanner's 32-byte steps.
        "\"0123456789012345678901234567890\\\"12345678901234567890\"",
        "\"012345678901234567890123456789\\\"\"",
        "{\"0123456789012345678901234567890123456789\":\"0123456789012345678901234567890123\\\\\"}",
    };

    public static TheoryData<string> InvalidInputs => new()
    {
        // Nothing.
        "",
        " ",
        " \n\t\r",

        // Truncated.
        "{",
        "[",
        "{\"",
        "{\"a",
        "{\"a\"",
        "{\"a\":",
        "{\"a\":1",
        "{\"a\":1,",
        "{\"a\":1,\"",
        "[1",
        "[1,",
        "[{",
        "[[]",
        "{\"a\":{}",
        "\"",
        "\"abc",
        "\"ab\\",
        "\"ab\\\"",
        "\"\\u",
        "\"\\u12",
        "\"\\ud83d\\u",
        "t",
        "tru",
        "nul",
        "fals",
        "[true",
        "[tru",
        "[nul]",
        "{\"a\":fals}",

        // Commas and colons.
        "{\"a\":1,}",
        "[1,]",
        "[1,,2]",
        "[,]",
        "[,1]",
        "{,}",
        "{,\"a\":1}",
        "{\"a\" 1}",
        "{\"a\"::1}",
        "{\"a\":}",
        "{:1}",
        "{1:1}",
        "{\"a\":1 \"b\":2}",
        "[1 2]",
        "[\"a\" \"b\"]",
        "{\"a\":1,\"a\"}",
        "{\"a\",\"b\"}",
        "[\"a\":1]",

        // Brackets.
        "{}}",
        "[]]",
        "]",
        "}",
        ":",
        ",",
        "{\"a\":[}",
        "[{]",
        "[1}",
        "{\"a\":1]",

        // Quotes, comments and words.
        "{'a':1}",
        "['a']",
        "'a'",
        "// c\n1",
        "/* c */ 1",
        "[1 /* c */]",
        "1 // c",
        "{\"a\":1/**/}",
        "True",
        "NULL",
        "NaN",
        "Infinity",
        "-Infinity",
        "undefined",
        "truex",
        "nulll",
        "[falsey]",

        // Numbers.
        "01",
        "-01",
        "00",
        "[01]",
        "{\"a\":00}",
        "-",
        "[-]",
        "- 1",
        "1.",
        "1.e5",
        "[1.]",
        "1e",
        "1e+",
        "1E-",
        "[1e]",
        ".5",
        "[.5]",
        "+1",
        "[+1]",
        "0x10",
        "1a",
        "[1a]",
        "-a",
        "1.5.5",
        "1e5e5",
        "--1",

        // Escapes.
        "\"\\x\"",
        "\"\\a\"",
        "\"\\'\"",
        "\"\\U0041\"",
        "\"\\u12G4\"",
        "\"\\u12\"",
        "\"\\u123\"",
        "\"\\u 123\"",
        "{\"\\x\":1}",
        "{\"a\\u12\":1}",

        // Raw control characters in strings.
        "\"%01\"",
        "\"a%00b\"",
        "\"\t\"",
        "\"a\nb\"",
        "\"\r\"",
        "\"%1F\"",
        "{\"a%01\":1}",
        "[\"x\",\"%1Fy\"]",

        // Invalid UTF-8 outside strings.
        "%80",
        "%C3%A9",
        "[1,%E2%82]",
        "[%80]",
        "%00",

        // More than one value.
        "{} {}",
        "[] []",
        "1 2",
        "\"a\" \"b\"",
        "{}x",
        "{\"a\":1}x",
        "1,",
        "null null",

        // A byte order mark.
        "%EF%BB%BF{}",
        "%EF%BB%BF1",
        "%EF%BB%BF",
    };

    /// <summary>
    /// Invalid UTF-8 inside a string: <see cref="JsonDocument"/> does not check it when parsing (only
    /// <see cref="JsonElement.GetString"/> and <see cref="JsonProperty.Name"/> refuse it later); the tree
    /// refuses it when parsing, so nothing is ever read with a replacement character in it.
    /// </summary>
    public static TheoryData<string> InvalidUtf8InStrings => new()
    {
        "\"%80\"",
        "\"a%80b\"",
        "\"%E2%82\"",
        "\"%E2%82\" ",
        "\"%C0%AF\"",
        "\"%ED%A0%80\"",
        "\"%ED%BF%BF\"",
        "\"%FF\"",
        "\"%F5%80%80%80\"",
        "\"%F8%88%80%80%80\"",
        "\"\\n%80\"",
        "\"%80\\u0041\"",
        "\"\\ud800%80\"",
        "[\"%C3\",1]",
        "{\"a\":\"%C3\"}",
        "{\"%80\":1}",
        "{\"a\\n%C3\":1,\"b\":2}",
        "{\"x\":{\"%ED%A0%80\":[\"%C0%AF\"]}}",
    };

    /// <summary>
    /// Escaped lone surrogates: valid JSON to <see cref="JsonDocument"/> (only reading the string fails),
    /// but not Unicode text; the tree refuses them when parsing, at the escape.
    /// </summary>
    public static TheoryData<string, int> LoneSurrogateInputs => new()
    {
        { "\"\\ud800\"", 1 },
        { "\"\\udc00\"", 1 },
        { "\"a\\udfffb\"", 2 },
        { "\"\\ud83d\\u0041\"", 1 },
        { "\"\\ude00\\ud83d\"", 1 },
        { "\"\\ud83d\\ud83d\\ude00\"", 1 },
        { "{\"\\ud800\":1}", 2 },
        { "{\"a\\udfffb\":[1],\"b\":2}", 3 },
        { "[{\"\\udc00x\":\"\\ud800\"}]", 3 },
        { "[\"ok \\ud83d\\ude00\",\n \"\\u0041\\udbff\"]", 28 },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogateInputs))]
    public void An_escaped_lone_surrogate_is_refused_at_its_escape(string input, int offset)
    {
        var bytes = Bytes(input);
        using (JsonDocument.Parse(bytes.AsMemory(), Options(64)))
        {
            // JsonDocument accepts it.
        }

        var tree = new JsonTree();
        foreach (var depth in new[] { 64, 0 })
        {
            var refusal = Assert.Throws<JsonException>(() => tree.Parse(bytes.AsMemory(), depth));
            Assert.Equal(offset, FirstLoneSurrogateEscape(bytes));
            AssertRefusedAsLoneSurrogate(bytes, refusal);
        }

        // The tree stays usable after a refusal.
        tree.Parse(Bytes("{\"a\":\"\\ud83d\\ude00\"}").AsMemory(), 64);
        Assert.Equal("\ud83d\ude00", tree.Root.EnumerateObject().Single().Value.GetString());
    }

    [Theory]
    [MemberData(nameof(ValidInputs))]
    public void A_valid_input_reads_as_JsonDocument_reads_it(string input)
    {
        var bytes = Bytes(input);
        using (JsonDocument.Parse(bytes.AsMemory(), Options(64)))
        {
            // The table holds valid JSON only.
        }

        var tree = new JsonTree();
        foreach (var depth in new[] { 64, 0, 1, 2, 3, 4, 5 })
        {
            AssertSameOutcome(tree, bytes, depth, $"{Show(bytes)} at depth {depth}");
        }

        tree.Parse(bytes.AsMemory(), 64);
        Assert.Equal(Ascii.IsValid(bytes), tree.IsAscii);
    }

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public void An_invalid_input_fails_as_JsonDocument_fails_on_it(string input)
    {
        var bytes = Bytes(input);
        var tree = new JsonTree();
        foreach (var depth in new[] { 64, 0, 1, 2 })
        {
            AssertSameOutcome(tree, bytes, depth, $"{Show(bytes)} at depth {depth}");
        }
    }

    [Theory]
    [MemberData(nameof(InvalidUtf8InStrings))]
    public void Invalid_UTF8_inside_a_string_is_refused_at_its_first_bad_byte(string input)
    {
        // JsonDocument accepts these and fails only when the string is read; the tree refuses them whole.
        var bytes = Bytes(input);
        using (JsonDocument.Parse(bytes.AsMemory(), Options(64)))
        {
        }

        var tree = new JsonTree();
        foreach (var depth in new[] { 64, 0 })
        {
            var refusal = Assert.Throws<JsonException>(() => tree.Parse(bytes.AsMemory(), depth));
            AssertRefusedAsNotUtf8(bytes, refusal);
        }
    }

    [Fact]
    public void ValueEquals_on_null_answers_as_JsonElement_does()
    {
        // JsonElement.ValueEquals on a null value answers (text == null, so false) rather than throwing.
        var bytes = Bytes("[null]");
        using var document = JsonDocument.Parse(bytes.AsMemory(), Options(64));
        var tree = new JsonTree();
        tree.Parse(bytes.AsMemory(), 64);
        var element = document.RootElement[0];
        var item = tree.Root[0];
        AssertSameAnswer("ValueEquals(\"x\")", () => element.ValueEquals("x"), () => item.ValueEquals("x"));
        AssertSameAnswer("ValueEquals(\"\")", () => element.ValueEquals(""), () => item.ValueEquals(""));
        AssertSameAnswer("ValueEquals(\"null\"u8)", () => element.ValueEquals("null"u8), () => item.ValueEquals("null"u8));
    }

    [Fact]
    public void Every_invalid_input_is_refused_by_JsonDocument_and_by_the_tree()
    {
        // The table above checks agreement; this checks that each row really is invalid for both.
        var accepted = new List<string>();
        foreach (var row in InvalidInputs)
        {
            var bytes = Bytes(row.Data);
            var documentAccepts = TryParseDocument(bytes, 64);
            var treeAccepts = TryParseTree(bytes, 64);
            if (documentAccepts || treeAccepts)
            {
                accepted.Add($"{Show(bytes)} (JsonDocument {(documentAccepts ? "accepts" : "refuses")}, JsonTree {(treeAccepts ? "accepts" : "refuses")})");
            }
        }

        Assert.True(accepted.Count == 0, "Accepted: " + string.Join("; ", accepted));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(64)]
    public void Nesting_at_the_depth_limit_is_read_and_one_level_deeper_fails_as_in_JsonDocument(int maxDepth)
    {
        var tree = new JsonTree();
        foreach (var shape in new[] { "array", "object", "mixed" })
        {
            for (var levels = Math.Max(1, maxDepth - 2); levels <= maxDepth + 2; levels++)
            {
                var bytes = Encoding.UTF8.GetBytes(Nested(shape, levels));
                var label = $"{shape} {levels} levels at depth {maxDepth}: {Show(bytes)}";
                AssertSameOutcome(tree, bytes, maxDepth, label);
                Assert.True(TryParseTree(bytes, maxDepth) == (levels <= maxDepth), label);
            }
        }
    }

    [Fact]
    public void Nesting_with_eight_levels_is_the_most_a_depth_of_eight_reads()
    {
        var tree = new JsonTree();
        var seven = Encoding.UTF8.GetBytes(Nested("mixed", 7));
        var eight = Encoding.UTF8.GetBytes(Nested("mixed", 8));
        var nine = Encoding.UTF8.GetBytes(Nested("mixed", 9));
        AssertSameOutcome(tree, seven, 8, "seven");
        AssertSameOutcome(tree, eight, 8, "eight");
        AssertSameOutcome(tree, nine, 8, "nine");
        tree.Parse(eight.AsMemory(), 8);
        Assert.Equal(JsonValueKind.Object, tree.Root.ValueKind);
        var error = Assert.ThrowsAny<JsonException>(() => new JsonTree().Parse(nine.AsMemory(), 8));
        var expected = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(nine.AsMemory(), Options(8)).Dispose());
        Assert.Equal(expected.Message, error.Message);
    }

    [Fact]
    public void Strings_whose_stops_fall_around_the_32_byte_steps_read_as_in_JsonDocument()
    {
        var tree = new JsonTree();
        string[] stops = ["", "\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "\\ud83d\\ude00", "é", "😀", "\\ud800"];
        string[] badStops = ["%01", "\t", "%80", "%E2%82", "\\x", "\\u12", "\\"];
        for (var before = 0; before <= 70; before++)
        {
            var prefix = new string('a', before);
            foreach (var lead in new[] { "", " ", "  ", "[", "{\"k\":", "{\"a\":1, \"" })
            {
                var isName = lead.EndsWith('"');
                foreach (var tailLength in new[] { 0, 1, 3, 31, 32, 33, 40 })
                {
                    var tail = new string('b', tailLength % 7);
                    var close = lead switch
                    {
                        "[" => "," + new string(' ', tailLength) + "0]",
                        "{\"k\":" => new string('\n', tailLength) + "}",
                        "{\"a\":1, \"" => ":" + new string(' ', tailLength) + "2}",
                        _ => new string(' ', tailLength),
                    };
                    var head = isName ? lead : lead + "\"";
                    foreach (var stop in stops)
                    {
                        Check(head + prefix + stop + tail + "\"" + close);
                    }

                    foreach (var stop in badStops)
                    {
                        Check(head + prefix + stop + tail + "\"" + close);
                    }

                    // Unterminated at every length.
                    Check(head + prefix + tail);
                    Check(head + prefix + "\\\"" + tail);
                }
            }
        }

        void Check(string input)
        {
            var bytes = Bytes(input);
            AssertSameOutcome(tree, bytes, 64, Show(bytes));
        }
    }

    [Fact]
    public void Three_thousand_random_documents_read_as_in_JsonDocument()
    {
        var random = new Random(20240611);
        var generator = new Generator(random);
        var tree = JsonTree.Rent();
        try
        {
            for (var n = 0; n < 3000; n++)
            {
                var bytes = Encoding.UTF8.GetBytes(generator.Document());
                var label = $"document {n}: {Show(bytes)}";
                Assert.True(TryParseDocument(bytes, 64), label);
                AssertSameOutcome(tree, bytes, 64, label);
                var depth = random.Next(0, 8);
                AssertSameOutcome(tree, bytes, depth, $"{label} at depth {depth}");
            }
        }
        finally
        {
            JsonTree.Return(tree);
        }
    }

    [Fact]
    public void Random_documents_with_one_byte_changed_are_accepted_or_refused_as_by_JsonDocument()
    {
        var random = new Random(424242);
        var generator = new Generator(random);
        var tree = new JsonTree();
        var refused = 0;
        var total = 0;
        for (var n = 0; n < 400; n++)
        {
            var original = Encoding.UTF8.GetBytes(generator.Document());
            for (var m = 0; m < 8; m++)
            {
                var bytes = Mutate(random, original);
                var depth = random.Next(4) == 0 ? random.Next(1, 6) : 64;
                AssertSameOutcome(tree, bytes, depth, $"mutation {n}.{m} at depth {depth}: {Show(bytes)}");
                total++;
                if (!TryParseDocument(bytes, depth))
                {
                    refused++;
                }
            }
        }

        // The mutations must exercise both sides.
        Assert.InRange(refused, total / 4, total - (total / 20));
    }

    [Fact]
    public void A_value_in_the_middle_of_a_larger_array_keeps_its_raw_texts()
    {
        var tree = new JsonTree();
        var json = Bytes(" {\"a\":\"x\\\"y\",\"b\\n\":[1,-2.5e3,true,null,{\"c\":\"é\"}],\"d\":{}} ");
        foreach (var garbage in new[] { "", "]", "x\"}\\", "%FF%80[{\"", "{\"z\":1,  " })
        {
            var before = Bytes(garbage);
            var after = before.Reverse().Concat(Bytes("%01\"")).ToArray();
            var buffer = before.Concat(json).Concat(after).ToArray();
            var memory = new ReadOnlyMemory<byte>(buffer, before.Length, json.Length);
            foreach (var depth in new[] { 64, 0, 3 })
            {
                AssertSameOutcome(tree, memory, depth, $"{Show(buffer)} at {before.Length} depth {depth}");
                tree.Parse(memory, depth);
                Assert.True(tree.Root.RawUtf8.SequenceEqual(json.AsSpan(1, json.Length - 2)));
                Assert.True(tree.Root.TryGetProperty("a", out var a));
                Assert.Equal("\"x\\\"y\"", a.GetRawText());
                Assert.Equal("x\"y", a.GetString());
                Assert.True(tree.Root.TryGetProperty("b\n", out var b));
                Assert.Equal("[1,-2.5e3,true,null,{\"c\":\"é\"}]", b.GetRawText());
                Assert.Equal("-2.5e3", b[1].GetRawText());
                Assert.Equal("{\"c\":\"é\"}", b[4].GetRawText());
                Assert.Equal("\"é\"", b[4].EnumerateObject().Single().Value.GetRawText());
                Assert.Equal("b\\n", Encoding.UTF8.GetString(tree.RootMember(1).RawName));
                Assert.Equal("{}", tree.RootMember(2).Value.GetRawText());
            }
        }

        // Scalars at an offset, including one that ends the buffer.
        foreach (var scalar in new[] { "1", "-0.5e-7", "true", "null", "\"s\"", "\"\\u00e9\"" })
        {
            var text = Encoding.UTF8.GetBytes(scalar);
            foreach (var tail in new[] { "", "1", "]" })
            {
                var buffer = Encoding.UTF8.GetBytes("[[").Concat(text).Concat(Encoding.UTF8.GetBytes(tail)).ToArray();
                var memory = new ReadOnlyMemory<byte>(buffer, 2, text.Length);
                AssertSameOutcome(tree, memory, 64, Show(buffer));
                tree.Parse(memory, 64);
                Assert.Equal(scalar, tree.Root.GetRawText());
            }
        }
    }

    [Fact]
    public void Memory_that_is_not_an_array_is_read_too()
    {
        var tree = new JsonTree();
        var json = Bytes("{\"a\":[1,\"\\u00e9\",{\"b\":null}],\"a\":2}");
        using var manager = new NativeLikeMemory(json);
        AssertSameOutcome(tree, manager.Memory, 64, "memory manager");
        AssertSameOutcome(tree, manager.Memory, 0, "memory manager, depth 0");
        tree.Parse(manager.Memory, 64);
        Assert.True(tree.Root.TryGetProperty("a", out var a));
        Assert.Equal("2", a.GetRawText());
    }

    [Fact]
    public void An_element_parsed_into_a_tree_reads_as_the_element()
    {
        var bytes = Bytes("{\"a\":[1,{\"b\\u0041\":\"\\u00e9\",\"b\\u0041\":null}],\"c\":\"x\"}");
        using var document = JsonDocument.Parse(bytes.AsMemory(), Options(64));
        var tree = new JsonTree();
        foreach (var element in new[] { document.RootElement, document.RootElement.GetProperty("a"), document.RootElement.GetProperty("a")[1], document.RootElement.GetProperty("c") })
        {
            tree.Parse(element);
            AssertSame(element, tree.Root, "$", strict: true);
        }
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"s\"")]
    [InlineData("[1]")]
    [InlineData("{}")]
    public void A_negative_depth_is_refused_as_JsonDocumentOptions_refuses_it(string input)
    {
        // new JsonDocumentOptions { MaxDepth = -1 } throws ArgumentOutOfRangeException whatever the input.
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonTree().Parse(Bytes(input).AsMemory(), -1));
    }

    [Fact]
    public void A_rented_tree_is_given_back_and_reused()
    {
        var tree = JsonTree.Rent();
        tree.Parse(Bytes("{\"a\":[1,2]}").AsMemory(), 64);
        Assert.Equal(2, tree.Root.EnumerateObject().Single().Value.GetArrayLength());
        JsonTree.Return(tree);
        var again = JsonTree.Rent();
        Assert.Same(tree, again);
        var other = JsonTree.Rent();
        Assert.NotSame(again, other);
        again.Parse(Bytes("[\"x\"]").AsMemory(), 64);
        Assert.Equal(0, again.RootMemberCount);
        Assert.Equal("x", again.Root[0].GetString());
        JsonTree.Return(again);
    }

    [Theory]
    [InlineData("", -1)]
    [InlineData("\\", -1)]
    [InlineData("abc\\", -1)]
    [InlineData("\\u12", -1)]
    [InlineData("\\uZZZZ\\ud800", 6)]
    [InlineData("\\ud800", 0)]
    [InlineData("\\ud800\\u12", 0)]
    [InlineData("\\ud83d\\ude00", -1)]
    [InlineData("\\\\ud800", -1)]
    [InlineData("\"\\ud83d\",\"\\ude00\"", 1)]
    [InlineData("[\"\\ud83d\\ude00\",\"x\\udfff\"]", 18)]
    public void The_first_lone_surrogate_is_found_in_any_text_without_reading_past_it(string text, int expected)
    {
        // Backslash-escaped backslashes, broken escapes and text that is not JSON are all read safely.
        Assert.Equal(expected, JsonText.FirstLoneSurrogate(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Names_with_the_same_key_are_the_same_only_when_every_byte_is()
    {
        // SameName is asked only after the keys match; a key covers the first and last four bytes and the
        // length, so every other byte must still be compared, at every length.
        for (var length = 0; length <= 40; length++)
        {
            var a = Enumerable.Range(0, length).Select(i => (byte)('a' + (i % 26))).ToArray();
            Assert.True(JsonTree.SameName(a, a.ToArray()));
            for (var at = 0; at < length; at++)
            {
                var b = a.ToArray();
                b[at] = (byte)'_';
                if (JsonTree.Key(a) == JsonTree.Key(b))
                {
                    Assert.False(JsonTree.SameName(a, b), $"length {length}, byte {at}");
                }
            }

            Assert.False(JsonTree.SameName(a, a.Concat("x"u8.ToArray()).ToArray()));
        }
    }

    [Fact]
    public void A_tree_grown_by_a_huge_object_is_not_kept_by_the_thread()
    {
        var huge = JsonTree.Rent();
        huge.Parse(Bytes("[" + string.Join(",", Enumerable.Repeat("0", 200_000)) + "]").AsMemory(), 64);
        Assert.Equal(200_000, huge.Root.GetArrayLength());
        JsonTree.Return(huge);
        var next = JsonTree.Rent();
        Assert.NotSame(huge, next);
        JsonTree.Return(next);
        Assert.Same(next, JsonTree.Rent());
    }

    [Fact]
    public void A_tree_parsed_again_forgets_the_previous_document()
    {
        var tree = new JsonTree();
        var first = Bytes("{\"a\":1,\"b\\u0041\":{\"c\":[1,2,3]},\"d\":\"e\"}");
        var second = Bytes("{\"x\":[{\"y\":\"\\n\"}]}");
        tree.Parse(first.AsMemory(), 64);
        Assert.Equal(3, tree.RootMemberCount);

        // A refused parse in between leaves nothing behind.
        Assert.ThrowsAny<JsonException>(() => tree.Parse(Bytes("{\"q\":1,\"r\":[}").AsMemory(), 64));
        AssertSameOutcome(tree, second, 64, "second");
        Assert.Equal(1, tree.RootMemberCount);
        Assert.False(tree.Root.TryGetProperty("a", out _));
        AssertSameOutcome(tree, Bytes("7"), 64, "scalar");
        Assert.Equal(0, tree.RootMemberCount);
        Assert.True(tree.RootMemberKeys.IsEmpty);
    }

    [Theory]
    [InlineData("\\ud83d\\ude00", "F09F9880", true)]
    [InlineData("\\uD83D\\uDE00", "F09F9880", true)]
    [InlineData("\\ud800", "EFBFBD", false)]
    [InlineData("\\udbff", "EFBFBD", false)]
    [InlineData("\\udc00", "EFBFBD", false)]
    [InlineData("\\udfff", "EFBFBD", false)]
    [InlineData("a\\ud800b", "61EFBFBD62", false)]
    [InlineData("\\ud800\\ud800", "EFBFBDEFBFBD", false)]
    [InlineData("\\udc00\\ud800", "EFBFBDEFBFBD", false)]
    [InlineData("\\ud83d\\u0041", "EFBFBD41", false)]
    [InlineData("\\ud83d\\ud83d\\ude00", "EFBFBDF09F9880", false)]
    [InlineData("\\\"\\\\\\/\\b\\f\\n\\r\\t", "225C2F080C0A0D09", true)]
    [InlineData("\\u0000\\u001F\\u007f", "001F7F", true)]
    [InlineData("\\u00e9\\u00C9", "C3A9C389", true)]
    [InlineData("\\u20ac\\uFFFF", "E282ACEFBFBF", true)]
    [InlineData("plain", "706C61696E", true)]
    [InlineData("", "", true)]
    [InlineData("x\\\\u0041", "785C7530303431", true)]
    public void Unescape_decodes_every_escape(string raw, string hex, bool valid)
    {
        var input = Encoding.UTF8.GetBytes(raw);
        var output = new byte[input.Length];
        var written = JsonText.Unescape(input, output, out bool isValid);
        Assert.Equal(hex, Convert.ToHexString(output, 0, written));
        Assert.Equal(valid, isValid);
        Assert.True(written <= input.Length);
    }

    [Fact]
    public void Unescape_never_writes_more_than_it_reads()
    {
        string[] pieces = ["a", "é", "😀", "\\\"", "\\\\", "\\/", "\\b", "\\n", "\\u0041", "\\u00e9", "\\u20ac", "\\ud83d\\ude00", "\\ud800", "\\udc00", "\\ud83d", "\\ude00"];
        var random = new Random(7);
        for (var n = 0; n < 2000; n++)
        {
            var text = new StringBuilder();
            var count = random.Next(0, 12);
            for (var k = 0; k < count; k++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var input = Encoding.UTF8.GetBytes(text.ToString());

            // Exactly as long as the input: a longer output would throw.
            var output = new byte[input.Length];
            var written = JsonText.Unescape(input, output, out bool valid);
            Assert.InRange(written, 0, input.Length);

            var json = Encoding.UTF8.GetBytes("\"" + text + "\"");
            using var document = JsonDocument.Parse(json.AsMemory(), Options(64));
            string? decoded = null;
            try
            {
                decoded = document.RootElement.GetString();
            }
            catch (InvalidOperationException)
            {
            }

            Assert.Equal(decoded is not null, valid);
            if (decoded is not null)
            {
                Assert.Equal(Convert.ToHexString(Encoding.UTF8.GetBytes(decoded)), Convert.ToHexString(output, 0, written));
            }
        }
    }

    [Fact]
    public void Root_member_keys_and_accessors_follow_document_order()
    {
        var tree = new JsonTree();
        tree.Parse(Bytes("{\"type\":\"x\",\"id\":\"y\",\"t\\u0079pe\":1,\"\\u00e9\":2}").AsMemory(), 64);
        Assert.Equal(4, tree.RootMemberCount);
        Assert.Equal(JsonTree.Key("type"u8), tree.RootMemberKeys[0]);
        Assert.Equal(JsonTree.Key("id"u8), tree.RootMemberKeys[1]);
        Assert.Equal(JsonTree.Key("type"u8), tree.RootMemberKeys[2]);
        Assert.Equal(JsonTree.Key("é"u8), tree.RootMemberKeys[3]);
        Assert.Equal("type", tree.RootMember(2).Name);
        Assert.Equal("t\\u0079pe", Encoding.UTF8.GetString(tree.RootMember(2).RawName));
        Assert.True(tree.RootMember(2).IsEscaped);
        Assert.False(tree.RootMember(0).IsEscaped);
        Assert.Equal("é", tree.RootMember(3).Name);
        Assert.True(tree.Root.TryGetProperty("type", out var type));
        Assert.Equal("1", type.GetRawText());
        Assert.True(tree.IsAscii);
    }

    // ---- The comparer -------------------------------------------------------------------------------

    private static JsonDocumentOptions Options(int maxDepth) => new()
    {
        MaxDepth = maxDepth,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    private static bool TryParseDocument(byte[] bytes, int maxDepth)
    {
        try
        {
            JsonDocument.Parse(bytes.AsMemory(), Options(maxDepth)).Dispose();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryParseTree(byte[] bytes, int maxDepth)
    {
        try
        {
            new JsonTree().Parse(bytes.AsMemory(), maxDepth);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Both parsers accept <paramref name="json"/> and read it alike, or both refuse it with the same
    /// exception type, message and position.
    /// </summary>
    private static void AssertSameOutcome(JsonTree tree, ReadOnlyMemory<byte> json, int maxDepth, string label, bool strictUtf8 = false)
    {
        try
        {
            JsonDocument? document = null;
            JsonException? expected = null;
            try
            {
                document = JsonDocument.Parse(json, Options(maxDepth));
            }
            catch (JsonException e)
            {
                expected = e;
            }

            JsonException? actual = null;
            try
            {
                tree.Parse(json, maxDepth);
            }
            catch (JsonException e)
            {
                actual = e;
            }

            using (document)
            {
                if (expected is null && !System.Text.Unicode.Utf8.IsValid(json.Span))
                {
                    // JsonDocument leaves the bytes inside strings to be checked when read; the tree refuses
                    // text that is not UTF-8 at once, naming the first bad byte.
                    Assert.NotNull(actual);
                    AssertRefusedAsNotUtf8(json.Span, actual!);
                    return;
                }

                if (expected is null && FirstLoneSurrogateEscape(json.Span) >= 0)
                {
                    // Likewise an escaped lone surrogate: JsonDocument fails only when the string is read.
                    Assert.NotNull(actual);
                    AssertRefusedAsLoneSurrogate(json.Span, actual!);
                    return;
                }

                if (expected is not null || actual is not null)
                {
                    Assert.True(expected is not null && actual is not null, $"JsonDocument: {expected?.Message ?? "accepts"}; JsonTree: {actual?.Message ?? "accepts"}");
                    Assert.Equal(expected!.GetType(), actual!.GetType());
                    Assert.Equal(expected.Message, actual.Message);
                    Assert.Equal(expected.LineNumber, actual.LineNumber);
                    Assert.Equal(expected.BytePositionInLine, actual.BytePositionInLine);
                    return;
                }

                Assert.Equal(Ascii.IsValid(json.Span), tree.IsAscii);
                AssertSame(document!.RootElement, tree.Root, "$", strictUtf8);
                AssertRootMembers(document.RootElement, tree);
            }
        }
        catch (Exception e) when (e is not Xunit.Sdk.FailException)
        {
            Assert.Fail($"{label}\n{e}");
        }
    }

    private static void AssertRefusedAsLoneSurrogate(ReadOnlySpan<byte> json, JsonException refusal)
    {
        var at = FirstLoneSurrogateEscape(json);
        Assert.True(at >= 0);
        Assert.StartsWith("The text escapes a lone surrogate (\\u", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"at byte {at} of the object:", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(json[..at].Count((byte)'\n'), refusal.LineNumber);
        Assert.Equal(at - (json[..at].LastIndexOf((byte)'\n') + 1), refusal.BytePositionInLine);
    }

    /// <summary>
    /// The offset of the first <c>\uXXXX</c> escape of a lone surrogate in any string or name, found
    /// independently of the tree: Utf8JsonReader's tokens, each escaped one decoded by hand. -1 when none.
    /// </summary>
    private static int FirstLoneSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 1000 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || !reader.ValueIsEscaped)
                {
                    continue;
                }

                var value = reader.ValueSpan;
                var start = (int)reader.TokenStartIndex + 1;
                var previousHigh = -1;
                for (var i = 0; i < value.Length; i++)
                {
                    if (value[i] != (byte)'\\')
                    {
                        if (previousHigh >= 0)
                        {
                            return start + previousHigh;
                        }

                        continue;
                    }

                    if (value[i + 1] != (byte)'u')
                    {
                        if (previousHigh >= 0)
                        {
                            return start + previousHigh;
                        }

                        i++;
                        continue;
                    }

                    var code = Convert.ToInt32(Encoding.ASCII.GetString(value.Slice(i + 2, 4)), 16);
                    if (code is >= 0xDC00 and <= 0xDFFF)
                    {
                        if (previousHigh < 0)
                        {
                            return start + i;
                        }

                        previousHigh = -1;
                    }
                    else if (previousHigh >= 0)
                    {
                        return start + previousHigh;
                    }
                    else if (code is >= 0xD800 and <= 0xDBFF)
                    {
                        previousHigh = i;
                    }

                    i += 5;
                }

                if (previousHigh >= 0)
                {
                    return start + previousHigh;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: nothing for this check to find.
        }

        return -1;
    }

    private static void AssertRefusedAsNotUtf8(ReadOnlySpan<byte> json, JsonException refusal)
    {
        var at = 0;
        while (System.Text.Rune.DecodeFromUtf8(json[at..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            at += consumed;
        }

        Assert.StartsWith("The text is not valid UTF-8: 0x", refusal.Message, StringComparison.Ordinal);
        Assert.Contains($"at byte {at} of the object ", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(json[..at].Count((byte)'\n'), refusal.LineNumber);
        Assert.Equal(at - (json[..at].LastIndexOf((byte)'\n') + 1), refusal.BytePositionInLine);
    }

    private static void AssertRootMembers(JsonElement root, JsonTree tree)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Assert.Equal(0, tree.RootMemberCount);
            Assert.True(tree.RootMemberKeys.IsEmpty);
            return;
        }

        var properties = root.EnumerateObject().ToList();
        Assert.Equal(properties.Count, tree.RootMemberCount);
        Assert.Equal(properties.Count, tree.RootMemberKeys.Length);
        for (var i = 0; i < properties.Count; i++)
        {
            var member = tree.RootMember(i);
            Assert.True(JsonMarshal.GetRawUtf8PropertyName(properties[i]).SequenceEqual(member.RawName), $"root member {i} raw name");
            Assert.True(JsonMarshal.GetRawUtf8Value(properties[i].Value).SequenceEqual(member.Value.RawUtf8), $"root member {i} raw value");
            var name = TryName(properties[i]);
            var decoded = name is null ? member.Utf8Name.ToArray() : Encoding.UTF8.GetBytes(name);
            Assert.Equal(JsonTree.Key(decoded), tree.RootMemberKeys[i]);
            Assert.Equal(tree.RootMemberKeys[i], member.Key);
        }
    }

    /// <summary>
    /// Walks <paramref name="element"/> and <paramref name="item"/> together and asserts they answer alike.
    /// Text that is not UTF-8 (which <see cref="JsonDocument"/> accepts inside strings) is only compared
    /// byte for byte unless <paramref name="strict"/>.
    /// </summary>
    private static void AssertSame(JsonElement element, JsonItem item, string path, bool strict)
    {
        Assert.Equal(element.ValueKind, item.ValueKind);
        var raw = JsonMarshal.GetRawUtf8Value(element);
        Assert.True(raw.SequenceEqual(item.RawUtf8), $"{path}: raw text {Encoding.UTF8.GetString(raw)} vs {Encoding.UTF8.GetString(item.RawUtf8)}");
        var utf8 = System.Text.Unicode.Utf8.IsValid(raw);

        // Whatever the kind, the same answer or the same refusal.
        if (utf8 || strict)
        {
            AssertSameAnswer(path + " GetString", element.GetString, item.GetString);
        }

        AssertSameAnswer(path + " GetArrayLength", element.GetArrayLength, item.GetArrayLength);
        if (element.ValueKind is not JsonValueKind.String and not JsonValueKind.Null)
        {
            AssertSameAnswer(path + " ValueEquals", () => element.ValueEquals("x"), () => item.ValueEquals("x"));
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            AssertSameAnswer(path + " TryGetProperty", () => element.TryGetProperty("x", out _), () => item.TryGetProperty("x", out _));
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                AssertSameString(element, item, path, strict);
                break;
            case JsonValueKind.Number:
                Assert.Equal(element.TryGetInt64(out var expectedLong), item.TryGetInt64(out var actualLong));
                Assert.Equal(expectedLong, actualLong);
                Assert.Equal(element.TryGetDouble(out var expectedDouble), item.TryGetDouble(out var actualDouble));
                Assert.Equal(BitConverter.DoubleToInt64Bits(expectedDouble), BitConverter.DoubleToInt64Bits(actualDouble));
                break;
            case JsonValueKind.Array:
                var items = element.EnumerateArray().ToList();
                var mine = item.EnumerateArray().ToList();
                Assert.Equal(items.Count, mine.Count);
                Assert.Equal(element.GetArrayLength(), item.GetArrayLength());
                for (var i = 0; i < items.Count; i++)
                {
                    AssertSame(items[i], mine[i], $"{path}[{i}]", strict);
                    Assert.True(JsonMarshal.GetRawUtf8Value(element[i]).SequenceEqual(item[i].RawUtf8), $"{path}[{i}] by index");
                }

                Assert.Throws<ArgumentOutOfRangeException>(() => item[items.Count]);
                break;
            case JsonValueKind.Object:
                AssertSameObject(element, item, path, strict);
                break;
        }

        if (utf8 || strict)
        {
            AssertSameAnswer(path + " GetRawText", element.GetRawText, item.GetRawText);
        }
    }

    private static void AssertSameString(JsonElement element, JsonItem item, string path, bool strict)
    {
        Assert.Equal(JsonMarshal.GetRawUtf8Value(element).IndexOf((byte)'\\') >= 0, item.IsEscaped);
        // The tree refuses text that is not UTF-8 and escaped lone surrogates, so what it holds decodes.
        Assert.True(System.Text.Unicode.Utf8.IsValid(item.RawUtf8), $"{path}: the tree accepted a string that is not UTF-8");
        var text = TryString(element);
        Assert.True(text is not null, $"{path}: the tree accepted a string that is not Unicode");
        _ = strict;

        var utf8 = Encoding.UTF8.GetBytes(text);
        Assert.True(item.ValueEquals(text), path);
        Assert.True(item.ValueEquals(utf8), path);
        Assert.True(element.ValueEquals(text), path);
        foreach (var other in new[] { "", "x", text + "x", "x" + text, text + "\0" })
        {
            Assert.Equal(element.ValueEquals(other), item.ValueEquals(other));
        }

        if (utf8.Length > 0)
        {
            Assert.Equal(element.ValueEquals(utf8.AsSpan(0, utf8.Length - 1)), item.ValueEquals(utf8.AsSpan(0, utf8.Length - 1)));
            Assert.Equal(element.ValueEquals(utf8.AsSpan(1)), item.ValueEquals(utf8.AsSpan(1)));
        }
    }

    private static void AssertSameObject(JsonElement element, JsonItem item, string path, bool strict)
    {
        var properties = element.EnumerateObject().ToList();
        var members = item.EnumerateObject().ToList();
        Assert.Equal(properties.Count, members.Count);
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            var member = members[i];
            var rawName = JsonMarshal.GetRawUtf8PropertyName(property);
            Assert.True(rawName.SequenceEqual(member.RawName), $"{path} member {i}: raw name");
            Assert.Equal(rawName.IndexOf((byte)'\\') >= 0, member.IsEscaped);
            // The tree refuses names that are not UTF-8 or escape a lone surrogate, so every name decodes.
            Assert.True(System.Text.Unicode.Utf8.IsValid(rawName), $"{path} member {i}: the tree accepted a name that is not UTF-8");
            var name = TryName(property);
            Assert.True(name is not null, $"{path} member {i}: the tree accepted a name that is not Unicode");
            var childPath = $"{path}.{name}";
            Assert.Equal(name, member.Name);
            var utf8 = Encoding.UTF8.GetBytes(name);
            Assert.True(member.Utf8Name.SequenceEqual(utf8), childPath);
            Assert.True(member.NameEquals(name), childPath);
            Assert.True(member.NameEquals(utf8), childPath);
            Assert.True(property.NameEquals(name), childPath);
            Assert.Equal(property.NameEquals(name + "x"), member.NameEquals(name + "x"));
            Assert.Equal(property.NameEquals("x" + name), member.NameEquals("x" + name));
            Assert.Equal(JsonTree.Key(utf8), member.Key);
            AssertSame(property.Value, member.Value, childPath, strict);

            // Looking the name up finds the last member of that name in both.
            AssertSameLookup(element, item, members, name, childPath);
            foreach (var other in new[] { name + "x", "x" + name, name.Length > 0 ? name[..^1] : "\u0001" })
            {
                if (other.Length == 0 || !char.IsSurrogate(other[^1]))
                {
                    AssertSameLookup(element, item, members, other, $"{childPath} (as {other})");
                }
            }
        }

        AssertSameLookup(element, item, members, "\u0001missing", path);
    }

    /// <summary>
    /// <see cref="JsonItem.TryGetProperty(string, out JsonItem)"/> finds the very value (not just equal text)
    /// that the last member of that decoded name holds, and that <see cref="JsonElement"/> finds.
    /// </summary>
    private static void AssertSameLookup(JsonElement element, JsonItem item, List<JsonMember> members, string name, string path)
    {
        var utf8 = Encoding.UTF8.GetBytes(name);
        var last = members.FindLastIndex(m => m.Utf8Name.SequenceEqual(utf8));
        var found = item.TryGetProperty(name, out var actual);
        Assert.True(found == (last >= 0), $"{path}: lookup of {name}");
        Assert.Equal(found, item.TryGetProperty(utf8, out var actualByBytes));
        if (found)
        {
            Assert.True(SameSpan(members[last].Value.RawUtf8, actual.RawUtf8), $"{path}: lookup of {name} finds the last member");
            Assert.True(SameSpan(actual.RawUtf8, actualByBytes.RawUtf8), $"{path}: lookup of {name} by UTF-8");
        }

        bool expectedFound;
        JsonElement expected;
        try
        {
            expectedFound = element.TryGetProperty(name, out expected);
        }
        catch (InvalidOperationException)
        {
            // JsonDocument unescapes the candidate names as it compares them and throws on an escaped lone
            // surrogate; the tree answers (checked above against its own members).
            return;
        }

        Assert.True(expectedFound == found, $"{path}: JsonElement lookup of {name} {(expectedFound ? "finds" : "misses")} it");
        if (found)
        {
            Assert.Equal(expected.ValueKind, actual.ValueKind);
            // The same place in the object (the tree may hold a copy of the text, so offsets are compared).
            var at = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(item.RawUtf8), ref MemoryMarshal.GetReference(actual.RawUtf8));
            var expectedAt = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(JsonMarshal.GetRawUtf8Value(element)), ref MemoryMarshal.GetReference(JsonMarshal.GetRawUtf8Value(expected)));
            Assert.True(at == expectedAt, $"{path}: lookup of {name} finds the value at {at}, JsonElement at {expectedAt}");
            Assert.True(JsonMarshal.GetRawUtf8Value(expected).SequenceEqual(actual.RawUtf8), $"{path}: lookup of {name}");
            Assert.True(element.TryGetProperty(utf8, out var expectedByBytes));
            Assert.True(JsonMarshal.GetRawUtf8Value(expectedByBytes).SequenceEqual(JsonMarshal.GetRawUtf8Value(expected)), $"{path}: JsonElement lookup of {name} by UTF-8");
        }
    }

    private static bool SameSpan(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.Length == b.Length && Unsafe.AreSame(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b));

    private static bool Throws(Func<string> read)
    {
        try
        {
            read();
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string? TryString(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? TryName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void AssertSameAnswer<T>(string what, Func<T> expected, Func<T> actual)
    {
        T? expectedValue = default;
        Exception? expectedError = null;
        try
        {
            expectedValue = expected();
        }
        catch (Exception e)
        {
            expectedError = e;
        }

        T? actualValue = default;
        Exception? actualError = null;
        try
        {
            actualValue = actual();
        }
        catch (Exception e)
        {
            actualError = e;
        }

        Assert.True((expectedError is null) == (actualError is null), $"{what}: JsonElement {expectedError?.GetType().Name ?? "answers " + expectedValue}, JsonItem {actualError?.GetType().Name ?? "answers " + actualValue}");
        if (expectedError is null)
        {
            Assert.Equal(expectedValue, actualValue);
        }
        else
        {
            Assert.IsAssignableFrom<InvalidOperationException>(expectedError);
            Assert.IsAssignableFrom<InvalidOperationException>(actualError);
        }
    }

    // ---- Inputs ------------------------------------------------------------------------------------

    /// <summary>The UTF-8 of <paramref name="input"/> with each <c>%XX</c> replaced by the byte 0xXX.</summary>
    private static byte[] Bytes(string input)
    {
        var bytes = new List<byte>();
        var utf8 = Encoding.UTF8.GetBytes(input);
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'%')
            {
                bytes.Add(byte.Parse(Encoding.ASCII.GetString(utf8, i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                bytes.Add(utf8[i]);
            }
        }

        return [.. bytes];
    }

    /// <summary>The bytes as printable ASCII, anything else as <c>%XX</c>.</summary>
    private static string Show(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length + 2);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7F && b != (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static string Nested(string shape, int levels)
    {
        var open = new StringBuilder();
        var close = new StringBuilder();
        for (var level = 0; level < levels; level++)
        {
            var isObject = shape switch
            {
                "object" => true,
                "array" => false,
                _ => level % 2 == 0,
            };
            var innermost = level == levels - 1;
            if (isObject)
            {
                open.Append(innermost ? "{\"v\":1" : "{\"k\":");
                close.Insert(0, '}');
            }
            else
            {
                open.Append(innermost ? "[1" : "[");
                close.Insert(0, ']');
            }
        }

        return open.ToString() + close;
    }

    private static byte[] Mutate(Random random, byte[] original)
    {
        var bytes = new List<byte>(original);
        var replacement = MutationBytes[random.Next(MutationBytes.Length)];
        var at = random.Next(bytes.Count + 1);
        switch (random.Next(3))
        {
            case 0 when at < bytes.Count:
                bytes[at] = replacement;
                break;
            case 1 when at < bytes.Count:
                bytes.RemoveAt(at);
                break;
            default:
                bytes.Insert(at, replacement);
                break;
        }

        return [.. bytes];
    }

    /// <summary>Random JSON documents: nested containers, names and strings with escapes and non-ASCII, numbers of every form.</summary>
    private sealed class Generator(Random random)
    {
        private static readonly string[] Escapes = ["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u00e9", "\\u0041", "\\u20AC", "\\ud83d\\ude00", "\\u0000", "\\u001f"];
        private static readonly string[] Wide = ["é", "中", "😀", "ü", "\u007f", "ß"];
        private static readonly string[] LoneSurrogates = ["\\ud800", "\\udbff", "\\udc00", "\\udfff"];
        private static readonly string[] Spaces = [" ", "\t", "\n", "\r", "  ", "\r\n"];

        private readonly StringBuilder _text = new();
        private readonly List<string> _names = [];

        public string Document()
        {
            _text.Clear();
            _names.Clear();
            Space();
            switch (random.Next(10))
            {
                case < 6:
                    Object(0);
                    break;
                case < 8:
                    Array(0);
                    break;
                default:
                    Value(5);
                    break;
            }

            Space();
            return _text.ToString();
        }

        private void Space()
        {
            if (random.Next(4) == 0)
            {
                var count = random.Next(1, 3);
                for (var i = 0; i < count; i++)
                {
                    _text.Append(Spaces[random.Next(Spaces.Length)]);
                }
            }
        }

        private void Value(int depth)
        {
            switch (random.Next(depth < 5 ? 12 : 8))
            {
                case 0:
                case 1:
                case 2:
                    String(random.Next(4) == 0 ? 80 : 20);
                    break;
                case 3:
                case 4:
                    Number();
                    break;
                case 5:
                    _text.Append("true");
                    break;
                case 6:
                    _text.Append("false");
                    break;
                case 7:
                    _text.Append("null");
                    break;
                case 8:
                case 9:
                    Array(depth);
                    break;
                default:
                    Object(depth);
                    break;
            }
        }

        private void Array(int depth)
        {
            _text.Append('[');
            Space();
            var count = random.Next(0, 7);
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    _text.Append(',');
                    Space();
                }

                Value(depth + 1);
                Space();
            }

            _text.Append(']');
        }

        private void Object(int depth)
        {
            _text.Append('{');
            Space();
            var count = random.Next(0, 8);
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    _text.Append(',');
                    Space();
                }

                if (_names.Count > 0 && random.Next(5) == 0)
                {
                    _text.Append('"').Append(_names[random.Next(_names.Count)]).Append('"');
                }
                else
                {
                    var start = _text.Length;
                    String(random.Next(3) == 0 ? 40 : 10);
                    _names.Add(_text.ToString(start + 1, _text.Length - start - 2));
                }

                Space();
                _text.Append(':');
                Space();
                Value(depth + 1);
                Space();
            }

            _text.Append('}');
        }

        private void String(int maxPieces)
        {
            _text.Append('"');
            var count = random.Next(0, maxPieces + 1);
            for (var i = 0; i < count; i++)
            {
                var pick = random.Next(1000);
                if (pick < 650)
                {
                    _text.Append((char)random.Next(0x20, 0x7F) switch
                    {
                        '"' => 'q',
                        '\\' => 's',
                        var c => c,
                    });
                }
                else if (pick < 825)
                {
                    _text.Append(Escapes[random.Next(Escapes.Length)]);
                }
                else if (pick < 995)
                {
                    _text.Append(Wide[random.Next(Wide.Length)]);
                }
                else
                {
                    _text.Append(LoneSurrogates[random.Next(LoneSurrogates.Length)]);
                }
            }

            _text.Append('"');
        }

        private void Number()
        {
            if (random.Next(3) == 0)
            {
                _text.Append('-');
            }

            if (random.Next(3) == 0)
            {
                _text.Append('0');
            }
            else
            {
                _text.Append((char)('1' + random.Next(9)));
                Digits(random.Next(0, random.Next(3) == 0 ? 25 : 6));
            }

            if (random.Next(3) == 0)
            {
                _text.Append('.');
                Digits(random.Next(1, 8));
            }

            if (random.Next(4) == 0)
            {
                _text.Append(random.Next(2) == 0 ? 'e' : 'E');
                switch (random.Next(3))
                {
                    case 0:
                        _text.Append('+');
                        break;
                    case 1:
                        _text.Append('-');
                        break;
                }

                Digits(random.Next(1, 4));
            }
        }

        private void Digits(int count)
        {
            for (var i = 0; i < count; i++)
            {
                _text.Append((char)('0' + random.Next(10)));
            }
        }
    }

    /// <summary>Memory that <see cref="MemoryMarshal.TryGetArray{T}"/> cannot see as an array.</summary>
    private sealed class NativeLikeMemory(byte[] bytes) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => bytes;

        public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException();

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
