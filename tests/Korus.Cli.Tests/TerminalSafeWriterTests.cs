using Korus.Cli.Terminal;
using Xunit;

namespace Korus.Cli.Tests;

/// <summary>On a terminal, text quoted from untrusted input is shown, not obeyed.</summary>
public sealed class TerminalSafeWriterTests
{
    [Theory]
    [InlineData("x\u001b[31mRED", "x\\u001B[31mRED")] // colour
    [InlineData("\u001b]0;title\u0007", "\\u001B]0;title\\u0007")] // window title
    [InlineData("ok\rvalid", "ok\\u000Dvalid")] // overwrite the line
    [InlineData("a\bb\0c\u007f", "a\\u0008b\\u0000c\\u007F")]
    [InlineData("\u009b2J", "\\u009B2J")] // C1 control sequence introducer
    [InlineData("evil\u202Efdp.exe \u2067x\u2069 \u200f", "evil\\u202Efdp.exe \\u2067x\\u2069 \\u200F")] // bidirectional overrides
    [InlineData("tab\there\nline 한국어 😀 é", "tab\there\nline 한국어 😀 é")] // left as they are
    public async Task Characters_that_steer_a_terminal_are_made_visible(string text, string shown)
    {
        Assert.Equal(shown, TerminalSafeWriter.Printable(text));

        var inner = new StringWriter();
        var writer = new TerminalSafeWriter(inner);
        writer.Write(text);
        writer.Write(text[0]);
        writer.WriteLine(text);
        await writer.WriteAsync(text);
        await writer.WriteLineAsync(text.AsMemory(), TestContext.Current.CancellationToken);
        writer.Write(text.ToCharArray(), 0, text.Length);
        writer.Flush();

        var first = TerminalSafeWriter.Printable(text.AsSpan(0, 1));
        Assert.Equal(shown + first + shown + inner.NewLine + shown + shown + inner.NewLine + shown, inner.ToString());
    }

    [Fact]
    public async Task Validate_on_a_terminal_quotes_an_escape_sequence_from_the_input_instead_of_sending_it()
    {
        var path = CliRunner.TempFile("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = '198.51.100.1']\",\"pattern_type\":\"stix\",\"valid_from\":\"2024-01-01T00:00:00Z\",\"lang\":\"\\u001b[2J\\u001b]0;pwned\\u0007\"}");
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var console = new CliConsole { Out = new TerminalSafeWriter(output), Error = new TerminalSafeWriter(error), OpenStandardInput = () => Stream.Null };

            var code = await KorusApp.RunAsync(["validate", path], console, TestContext.Current.CancellationToken);

            Assert.Equal(1, code);
            Assert.Contains("lang '\\u001B[2J\\u001B]0;pwned\\u0007' is not an RFC 5646 language tag", output.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', output.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
