using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace Korus.Patterning.Syntax;

/// <summary>
/// Splits a pattern into tokens following STIXPattern.g4: case-sensitive upper-case keywords, lower-case
/// booleans, identifiers with and without hyphens, signed integers and floats, quoted strings with only
/// <c>\'</c> and <c>\\</c> as escapes, hex, base64 and timestamp literals; Unicode white space and
/// <c>/* */</c> and <c>//</c> comments are skipped.
/// </summary>
internal struct Lexer
{
    private static readonly FrozenDictionary<string, TokenKind> Keywords = new Dictionary<string, TokenKind>(StringComparer.Ordinal)
    {
        ["AND"] = TokenKind.And,
        ["OR"] = TokenKind.Or,
        ["NOT"] = TokenKind.Not,
        ["FOLLOWEDBY"] = TokenKind.FollowedBy,
        ["LIKE"] = TokenKind.Like,
        ["MATCHES"] = TokenKind.Matches,
        ["ISSUBSET"] = TokenKind.IsSubset,
        ["ISSUPERSET"] = TokenKind.IsSuperset,
        ["EXISTS"] = TokenKind.Exists,
        ["IN"] = TokenKind.In,
        ["START"] = TokenKind.Start,
        ["STOP"] = TokenKind.Stop,
        ["WITHIN"] = TokenKind.Within,
        ["SECONDS"] = TokenKind.Seconds,
        ["REPEATS"] = TokenKind.Repeats,
        ["TIMES"] = TokenKind.Times,
        ["LAST"] = TokenKind.Last,
        ["true"] = TokenKind.Bool,
        ["false"] = TokenKind.Bool,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, TokenKind>.AlternateLookup<ReadOnlySpan<char>> KeywordLookup =
        Keywords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Object types and property names that most patterns use, so the parser can take the string from
    /// here instead of allocating one for each pattern (the value is the same either way).
    /// </summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> CommonNames = new[]
    {
        "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message", "file", "ipv4-addr",
        "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process", "software", "url", "user-account",
        "windows-registry-key", "x509-certificate",
        "value", "hashes", "name", "size", "path", "key", "values", "extensions", "number", "protocols", "pid",
        "command_line", "mime_type", "payload_bin", "subject", "body", "issuer", "serial_number", "user_id",
        "account_login", "display_name", "src_ref", "dst_ref", "src_port", "dst_port", "from_ref", "to_refs",
        "sender_ref", "resolves_to_refs", "parent_directory_ref", "contains_refs", "created", "modified", "ctime",
        "mtime", "atime", "cwd", "data", "data_type", "vendor", "version", "cpe", "languages",
        "MD5", "SHA-1", "SHA-256", "SHA-512", "SHA3-256", "SHA3-512", "SSDEEP", "TLSH",
    }.ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> IdentifierChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    private readonly string _text;
    private int _pos;

    public Lexer(string text) => _text = text;

    /// <summary>Whether <paramref name="name"/> is a keyword or boolean, so it must be quoted as a property name.</summary>
    public static bool IsReserved(ReadOnlySpan<char> name) => KeywordLookup.ContainsKey(name);

    /// <summary>A property name that can be written without quotes: <c>[a-zA-Z_][a-zA-Z0-9_]*</c> and not a keyword.</summary>
    public static bool IsPlainIdentifier(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return !IsReserved(name);
    }

    /// <summary>Unicode White_Space, which separates tokens.</summary>
    public static bool IsWhiteSpace(char c) => c switch
    {
        ' ' or '\t' or '\n' or '\r' or '\v' or '\f' or '\u0085' or '\u00A0' or '\u1680' or '\u2028' or '\u2029'
            or '\u202F' or '\u205F' or '\u3000' => true,
        >= '\u2000' and <= '\u200A' => true,
        _ => false,
    };

    /// <summary>
    /// The decoded text of a literal or name token: an identifier as written, a string without its
    /// quotes and escapes, an integer without a plus sign, a decimal number with its sign, whole part
    /// (no leading zeros, at least 0) and fraction, hex digits in lower case, base64 and timestamp bodies.
    /// </summary>
    public static string TextOf(string text, Token token)
    {
        var span = text.AsSpan(token.Start, token.Length);
        switch (token.Kind)
        {
            case TokenKind.String:
                return Unquote(span[1..^1]);
            case TokenKind.IntPositive:
                return (span[0] == '+' ? span[1..] : span).ToString();
            case TokenKind.IntNegative:
                return span.ToString();
            case TokenKind.FloatPositive or TokenKind.FloatNegative:
            {
                var negative = span[0] == '-';
                var digits = span[0] is '+' or '-' ? span[1..] : span;
                var point = digits.IndexOf('.');
                var whole = digits[..point].TrimStart('0');
                return string.Concat(negative ? "-" : string.Empty, whole.IsEmpty ? "0" : whole, ".", digits[(point + 1)..]);
            }

            case TokenKind.Hex:
                return string.Create(span.Length - 3, (text, token.Start + 2), static (destination, state) =>
                    state.text.AsSpan(state.Item2, destination.Length).ToLowerInvariant(destination));
            case TokenKind.Binary or TokenKind.Timestamp:
                return span[2..^1].ToString();
            case TokenKind.Bool:
                return span[0] == 't' ? "true" : "false";
            default:
                return span.ToString();
        }
    }

    /// <summary>The text of an object type or property name token (<see cref="TextOf"/>), shared for common names.</summary>
    public static string NameOf(string text, Token token)
    {
        var span = text.AsSpan(token.Start, token.Length);
        if (token.Kind == TokenKind.String)
        {
            span = span[1..^1];
            if (span.Contains('\\'))
            {
                return Unquote(span);
            }
        }

        return CommonNames.TryGetValue(span, out var name) ? name : span.ToString();
    }

    /// <summary>A string literal's body without its escapes (the lexer has checked that only \' and \\ occur).</summary>
    private static string Unquote(ReadOnlySpan<char> body)
    {
        var escape = body.IndexOf('\\');
        if (escape < 0)
        {
            return body.ToString();
        }

        var builder = new StringBuilder(body.Length);
        while (escape >= 0)
        {
            builder.Append(body[..escape]).Append(body[escape + 1]);
            body = body[(escape + 2)..];
            escape = body.IndexOf('\\');
        }

        return builder.Append(body).ToString();
    }

    /// <summary>The next token, or the lexical error that stops the stream.</summary>
    public PatternError? Next(out Token token)
    {
        token = default;
        var skip = SkipTrivia();
        if (skip is not null)
        {
            return skip;
        }

        var start = _pos;
        if (_pos >= _text.Length)
        {
            token = new Token(TokenKind.End, _pos, 0);
            return null;
        }

        var c = _text[_pos];
        switch (c)
        {
            case '[': return Single(TokenKind.LeftBracket, out token);
            case ']': return Single(TokenKind.RightBracket, out token);
            case '(': return Single(TokenKind.LeftParen, out token);
            case ')': return Single(TokenKind.RightParen, out token);
            case ':': return Single(TokenKind.Colon, out token);
            case ',': return Single(TokenKind.Comma, out token);
            case '*': return Single(TokenKind.Star, out token);
            case '=':
                _pos += Peek(1) == '=' ? 2 : 1;
                token = new Token(TokenKind.Equal, start, _pos - start);
                return null;
            case '!':
                if (Peek(1) != '=')
                {
                    return Error("pattern.invalid-token", start, "'!' must be followed by '=' (the operator is !=)");
                }

                _pos += 2;
                token = new Token(TokenKind.NotEqual, start, 2);
                return null;
            case '<':
                var next = Peek(1);
                _pos += next is '=' or '>' ? 2 : 1;
                token = new Token(next == '=' ? TokenKind.LessOrEqual : next == '>' ? TokenKind.NotEqual : TokenKind.Less, start, _pos - start);
                return null;
            case '>':
                _pos += Peek(1) == '=' ? 2 : 1;
                token = new Token(_pos - start == 2 ? TokenKind.GreaterOrEqual : TokenKind.Greater, start, _pos - start);
                return null;
            case '\'':
                return LexString(out token);
            case '.':
                if (char.IsAsciiDigit(Peek(1)))
                {
                    return LexNumber(out token);
                }

                return Single(TokenKind.Dot, out token);
            case '+' or '-':
                if (char.IsAsciiDigit(Peek(1)) || (Peek(1) == '.' && char.IsAsciiDigit(Peek(2))))
                {
                    return LexNumber(out token);
                }

                return Error("pattern.invalid-token", start, $"'{c}' must begin a number");
        }

        if (char.IsAsciiDigit(c))
        {
            return LexNumber(out token);
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            if (Peek(1) == '\'')
            {
                switch (c)
                {
                    case 'h': return LexHex(out token);
                    case 'b': return LexBinary(out token);
                    case 't': return LexTimestamp(out token);
                }
            }

            return LexIdentifier(out token);
        }

        return Error("pattern.invalid-token", start, char.IsControl(c)
            ? $"unexpected control character U+{(int)c:X4}"
            : $"unexpected character '{c}'");
    }

    private char Peek(int ahead) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private PatternError? Single(TokenKind kind, out Token token)
    {
        token = new Token(kind, _pos, 1);
        _pos++;
        return null;
    }

    private PatternError? SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (IsWhiteSpace(c))
            {
                _pos++;
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return Error("pattern.unterminated-comment", _pos, "the comment starting here is not closed with */");
                }

                _pos = end + 2;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                var end = _text.AsSpan(_pos).IndexOfAny('\r', '\n');
                _pos = end < 0 ? _text.Length : _pos + end;
            }
            else
            {
                break;
            }
        }

        return null;
    }

    private PatternError? LexIdentifier(out Token token)
    {
        var start = _pos;
        var length = _text.AsSpan(start).IndexOfAnyExcept(IdentifierChars);
        _pos = length < 0 ? _text.Length : start + length;
        var span = _text.AsSpan(start, _pos - start);
        var hyphen = span.Contains('-');
        if (!hyphen && KeywordLookup.TryGetValue(span, out var keyword))
        {
            token = new Token(keyword, start, span.Length);
            return null;
        }

        token = new Token(hyphen ? TokenKind.HyphenIdentifier : TokenKind.Identifier, start, span.Length);
        return null;
    }

    private PatternError? LexNumber(out Token token)
    {
        token = default;
        var start = _pos;
        var negative = false;
        if (_text[_pos] is '+' or '-')
        {
            negative = _text[_pos] == '-';
            _pos++;
        }

        var digitsStart = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        var intDigits = _text.AsSpan(digitsStart, _pos - digitsStart);
        if (_pos + 1 < _text.Length && _text[_pos] == '.' && char.IsAsciiDigit(_text[_pos + 1]))
        {
            _pos++;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            token = new Token(negative ? TokenKind.FloatNegative : TokenKind.FloatPositive, start, _pos - start);
            return null;
        }

        if (intDigits.Length > 1 && intDigits[0] == '0')
        {
            return Error("pattern.invalid-number", start, "an integer must not have leading zeros");
        }

        token = new Token(negative ? TokenKind.IntNegative : TokenKind.IntPositive, start, _pos - start);
        return null;
    }

    private PatternError? LexString(out Token token)
    {
        token = default;
        var start = _pos;
        _pos++;
        while (_pos < _text.Length)
        {
            var next = _text.AsSpan(_pos).IndexOfAny('\'', '\\');
            if (next < 0)
            {
                break;
            }

            _pos += next;
            if (_text[_pos] == '\'')
            {
                _pos++;
                token = new Token(TokenKind.String, start, _pos - start);
                return null;
            }

            var escaped = Peek(1);
            if (escaped is not ('\'' or '\\'))
            {
                return Error("pattern.invalid-escape", _pos, escaped == '\0' && _pos + 1 >= _text.Length
                    ? "the string ends with a lone backslash"
                    : $"'\\{escaped}' is not an escape: only \\' and \\\\ may follow a backslash in a pattern string (write \\\\ for a backslash)");
            }

            _pos += 2;
        }

        return Error("pattern.unterminated-string", start, "the string starting here has no closing quote");
    }

    private PatternError? LexHex(out Token token)
    {
        token = default;
        var start = _pos;
        var end = _text.IndexOf('\'', _pos + 2);
        if (end < 0)
        {
            return Error("pattern.unterminated-string", start, "the hex constant starting here has no closing quote");
        }

        var digits = _text.AsSpan(_pos + 2, end - _pos - 2);
        for (var i = 0; i < digits.Length; i++)
        {
            if (!char.IsAsciiHexDigit(digits[i]))
            {
                return Error("pattern.invalid-hex", _pos + 2 + i, $"'{digits[i]}' is not a hexadecimal digit");
            }
        }

        if (digits.Length % 2 != 0)
        {
            return Error("pattern.invalid-hex", start, $"a hex constant needs pairs of digits, found {digits.Length} digit(s)");
        }

        _pos = end + 1;
        token = new Token(TokenKind.Hex, start, _pos - start);
        return null;
    }

    private PatternError? LexBinary(out Token token)
    {
        token = default;
        var start = _pos;
        var end = _text.IndexOf('\'', _pos + 2);
        if (end < 0)
        {
            return Error("pattern.unterminated-string", start, "the binary constant starting here has no closing quote");
        }

        var body = _text.AsSpan(_pos + 2, end - _pos - 2);
        var padding = body.Length - body.TrimEnd('=').Length;
        for (var i = 0; i < body.Length - padding; i++)
        {
            var c = body[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
            {
                return Error("pattern.invalid-binary", _pos + 2 + i, $"'{c}' is not a base64 character");
            }
        }

        if (body.Length == 0 || body.Length % 4 != 0 || padding > 2 || padding == body.Length)
        {
            return Error("pattern.invalid-binary", start,
                "a binary constant must be padded base64: at least one group of four characters, at most two '=' at the end");
        }

        _pos = end + 1;
        token = new Token(TokenKind.Binary, start, _pos - start);
        return null;
    }

    private PatternError? LexTimestamp(out Token token)
    {
        token = default;
        var start = _pos;
        var end = _text.IndexOf('\'', _pos + 2);
        if (end < 0)
        {
            return Error("pattern.unterminated-string", start, "the timestamp constant starting here has no closing quote");
        }

        var body = _text.AsSpan(_pos + 2, end - _pos - 2);
        var problem = TimestampShape(body);
        if (problem is not null)
        {
            return Error("pattern.invalid-timestamp", start, $"t'{body}' is not a timestamp of the form t'YYYY-MM-DDTHH:MM:SS[.s+]Z': {problem}");
        }

        _pos = end + 1;
        token = new Token(TokenKind.Timestamp, start, _pos - start);
        return null;
    }

    /// <summary>The grammar's timestamp shape: month 01–12, day 01–31, hour 00–23, minute 00–59, second 00–60, upper-case T and Z.</summary>
    private static string? TimestampShape(ReadOnlySpan<char> s)
    {
        static bool Digits(ReadOnlySpan<char> s, int at, int count)
        {
            for (var i = at; i < at + count; i++)
            {
                if (i >= s.Length || !char.IsAsciiDigit(s[i]))
                {
                    return false;
                }
            }

            return true;
        }

        static int Two(ReadOnlySpan<char> s, int at) => (s[at] - '0') * 10 + s[at + 1] - '0';

        if (!Digits(s, 0, 4) || s.Length < 5 || s[4] != '-')
        {
            return "the year must be four digits followed by '-'";
        }

        if (!Digits(s, 5, 2) || Two(s, 5) is < 1 or > 12 || s.Length < 8 || s[7] != '-')
        {
            return "the month must be 01–12";
        }

        if (!Digits(s, 8, 2) || Two(s, 8) is < 1 or > 31)
        {
            return "the day must be 01–31";
        }

        if (s.Length < 11 || s[10] != 'T')
        {
            return "the date must be followed by an upper-case 'T'";
        }

        if (!Digits(s, 11, 2) || Two(s, 11) > 23 || s.Length < 14 || s[13] != ':')
        {
            return "the hour must be 00–23";
        }

        if (!Digits(s, 14, 2) || Two(s, 14) > 59 || s.Length < 17 || s[16] != ':')
        {
            return "the minute must be 00–59";
        }

        if (!Digits(s, 17, 2) || Two(s, 17) > 60)
        {
            return "the second must be 00–60";
        }

        var i = 19;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var digits = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return "a '.' must be followed by fraction digits";
            }
        }

        if (i >= s.Length || s[i] != 'Z')
        {
            return "it must end with an upper-case 'Z' (UTC)";
        }

        return i == s.Length - 1 ? null : "nothing may follow the 'Z'";
    }

    private PatternError Error(string code, int offset, string reason) => ErrorAt(_text, code, offset, reason);

    /// <summary>An error at <paramref name="offset"/> with line and column worked out from the text.</summary>
    public static PatternError ErrorAt(string text, string code, int offset, string reason, IReadOnlyList<string>? expected = null, string? found = null, bool warning = false)
    {
        var (line, column) = LineAndColumn(text, offset);
        found ??= offset >= text.Length ? "end of pattern" : $"'{char.ConvertFromUtf32(char.IsSurrogatePair(text, offset) ? char.ConvertToUtf32(text, offset) : text[offset])}'";
        return new PatternError(code, offset, line, column, found, expected ?? [], reason, warning);
    }

    /// <summary>1-based line and column of <paramref name="offset"/>.</summary>
    public static (int Line, int Column) LineAndColumn(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }
}
