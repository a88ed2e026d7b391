using System.Globalization;
using System.Text;

namespace Korus.Patterning;

/// <summary>
/// Why a pattern was refused: a stable code, where (offset, 1-based line and column), the token that
/// was found and what would have been accepted there. <see cref="Message"/> is formatted when read.
/// </summary>
public sealed class PatternError
{
    private readonly string? _reason;

    internal PatternError(string code, int offset, int line, int column, string found, IReadOnlyList<string> expected, string? reason, bool isWarning = false)
    {
        Code = code;
        Offset = offset;
        Line = line;
        Column = column;
        Found = found;
        Expected = expected;
        _reason = reason;
        IsWarning = isWarning;
    }

    /// <summary>A stable dotted code, for example <c>pattern.unexpected-token</c>.</summary>
    public string Code { get; }

    /// <summary>0-based offset in the pattern (UTF-16 code units).</summary>
    public int Offset { get; }

    /// <summary>1-based line.</summary>
    public int Line { get; }

    /// <summary>1-based column.</summary>
    public int Column { get; }

    /// <summary>The text of the token found at <see cref="Offset"/>, or "end of pattern".</summary>
    public string Found { get; }

    /// <summary>What would have been accepted at <see cref="Offset"/>; empty when the problem is not a missing token.</summary>
    public IReadOnlyList<string> Expected { get; }

    /// <summary>True for a finding that does not make the pattern invalid (it still matches).</summary>
    public bool IsWarning { get; }

    /// <summary>The plain-language reason.</summary>
    public string Message => _reason ?? (Expected.Count == 0
        ? string.Create(CultureInfo.InvariantCulture, $"unexpected {Found}")
        : string.Create(CultureInfo.InvariantCulture, $"expected {ListExpected(Expected)}, found {Found}"));

    /// <summary><c>line:column: code: message</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Line}:{Column}: {Code}: {Message}");

    /// <summary>"a", "a or b", "a, b or c".</summary>
    internal static string ListExpected(IReadOnlyList<string> expected)
    {
        if (expected.Count == 1)
        {
            return expected[0];
        }

        var text = new StringBuilder();
        for (var i = 0; i < expected.Count; i++)
        {
            if (i > 0)
            {
                text.Append(i == expected.Count - 1 ? " or " : ", ");
            }

            text.Append(expected[i]);
        }

        return text.ToString();
    }
}
