using System.Text;

namespace Korus.Cli.Terminal;

/// <summary>
/// Writes to a terminal with every character that could steer it made visible as <c>\uXXXX</c>: the
/// C0 controls but tab and line feed (ESC starts the sequences that recolour, retitle or clear a
/// terminal; carriage return and backspace overwrite what was printed), DEL, the C1 controls, and the
/// bidirectional overrides and isolates that reorder what is shown. Findings and tables quote what
/// untrusted input holds (names, ids, values); a STIX object from a partner must not be able to rewrite
/// what the analyst reads. Used only when the stream is a terminal: output redirected to a file or a
/// pipe (a bundle written to standard output) stays byte for byte.
/// </summary>
internal sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
{
    public override Encoding Encoding => inner.Encoding;

    /// <summary>True for the characters this writer makes visible.</summary>
    public static bool Steers(char c) =>
        (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F)
        || c is '\u200E' or '\u200F' or '\u061C' || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');

    /// <summary><paramref name="text"/> with the characters that steer a terminal written as <c>\uXXXX</c>.</summary>
    public static string Printable(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Steers(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public override void Write(char value)
    {
        if (Steers(value))
        {
            inner.Write(Printable([value]));
        }
        else
        {
            inner.Write(value);
        }
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        foreach (var c in buffer)
        {
            if (Steers(c))
            {
                inner.Write(Printable(buffer));
                return;
            }
        }

        inner.Write(buffer);
    }

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void WriteLine(string? value)
    {
        Write(value.AsSpan());
        inner.WriteLine();
    }

    public override void WriteLine() => inner.WriteLine();

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        inner.WriteLine();
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync()
    {
        inner.WriteLine();
        return Task.CompletedTask;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
