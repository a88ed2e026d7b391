namespace Korus.Patterning.Syntax;

/// <summary>
/// One token: its kind and where it is. Literals and names are decoded from the pattern text only when
/// the parser needs their value (<see cref="Lexer.TextOf"/>), so lexing allocates nothing.
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Start, int Length)
{
    /// <summary>The token's text as it appears in the pattern, for messages.</summary>
    public string Describe(string pattern) => Kind == TokenKind.End
        ? "end of pattern"
        : Kind switch
        {
            TokenKind.String or TokenKind.Hex or TokenKind.Binary or TokenKind.Timestamp => Shorten(pattern.Substring(Start, Length)),
            _ => "'" + Shorten(pattern.Substring(Start, Length)) + "'",
        };

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 37), "...");
}
