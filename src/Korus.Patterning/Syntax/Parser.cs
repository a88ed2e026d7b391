using System.Globalization;
using System.Text;

namespace Korus.Patterning.Syntax;

/// <summary>
/// Recursive-descent parser for STIXPattern.g4 (precedence loosest first: FOLLOWEDBY, OR, AND,
/// qualifiers; inside brackets OR, then AND). The first error stops it, with the position, the token
/// found and the tokens that would have been accepted.
/// </summary>
internal struct Parser
{
    private static readonly string[] AfterObservation = ["AND", "OR", "FOLLOWEDBY", "WITHIN", "REPEATS", "START", "end of pattern"];
    private static readonly string[] ObservationStart = ["'['", "'('"];
    private static readonly string[] ComparisonOperators = ["=", "!=", "<", "<=", ">", ">=", "IN", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET", "NOT"];

    private readonly string _text;
    private readonly PatternLimits _limits;
    private readonly List<ObservationBracket>? _brackets;
    private Lexer _lexer;

    // The token the parser is at, lexed when first asked for; once End is reached it stays.
    private Token _current;
    private bool _lexed;
    private int _bracketCount;
    private int _depth;
    private PatternError? _error;

    private Parser(string text, PatternLimits limits, bool collectBrackets)
    {
        _text = text;
        _lexer = new Lexer(text);
        _limits = limits;
        _brackets = collectBrackets ? new List<ObservationBracket>(1) : null;
    }

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="error"/> set on the first syntax error.</summary>
    public static ObservationExpression? Parse(string text, PatternLimits limits, out IReadOnlyList<ObservationBracket> brackets, out PatternError? error)
    {
        var root = Run(text, limits, true, out var collected, out error);
        brackets = root is null ? [] : collected!;
        return root;
    }

    /// <summary>Parses <paramref name="text"/> without collecting its brackets; null with <paramref name="error"/> set on the first syntax error.</summary>
    public static ObservationExpression? Parse(string text, PatternLimits limits, out PatternError? error) =>
        Run(text, limits, false, out _, out error);

    private static ObservationExpression? Run(string text, PatternLimits limits, bool collectBrackets, out List<ObservationBracket>? brackets, out PatternError? error)
    {
        brackets = null;
        if (text.Length > limits.MaxLength)
        {
            error = Lexer.ErrorAt(text, "pattern.too-long", limits.MaxLength, $"the pattern is {text.Length} characters long; the limit is {limits.MaxLength}");
            return null;
        }

        var parser = new Parser(text, limits, collectBrackets);
        var root = parser.ObservationSequence();
        if (root is not null && parser.Current.Kind != TokenKind.End)
        {
            root = parser.Unexpected(AfterObservation, parser.LowerCaseKeywordHint());
        }

        error = parser._error;
        if (root is null || error is not null)
        {
            return null;
        }

        brackets = parser._brackets;
        return root;
    }

    private Token Current
    {
        get
        {
            if (!_lexed)
            {
                Lex();
            }

            return _current;
        }
    }

    /// <summary>The current token, moving past it (the end of the pattern is never passed).</summary>
    private Token Advance()
    {
        var token = Current;
        _lexed = token.Kind == TokenKind.End;
        return token;
    }

    private bool At(TokenKind kind) => Current.Kind == kind;

    /// <summary>
    /// Tokens are lexed as the parser reaches them, so a syntax error is reported where the parser first
    /// fails even when the text further on would not lex. A lexical error ends the token stream.
    /// </summary>
    private void Lex()
    {
        var lexError = _lexer.Next(out var token);
        if (lexError is not null)
        {
            _error ??= lexError;
            token = new Token(TokenKind.End, lexError.Offset, 0);
        }

        _current = token;
        _lexed = true;
    }

    private string TextOf(Token token) => Lexer.TextOf(_text, token);

    private T? Unexpected<T>(IReadOnlyList<string> expected, string? reason = null)
        where T : class
    {
        var token = Current;
        var found = token.Describe(_text);
        _error ??= Lexer.ErrorAt(_text, "pattern.unexpected-token", token.Start,
            reason is null ? $"expected {PatternError.ListExpected(expected)}, found {found}" : $"expected {PatternError.ListExpected(expected)}, found {found} ({reason})",
            expected, found);
        return null;
    }

    private ObservationExpression? Unexpected(IReadOnlyList<string> expected, string? reason = null) => Unexpected<ObservationExpression>(expected, reason);

    private T? Fail<T>(string code, int offset, string reason)
        where T : class
    {
        _error ??= Lexer.ErrorAt(_text, code, offset, reason);
        return null;
    }

    private string? LowerCaseKeywordHint()
    {
        var token = Current;
        if (token.Kind is TokenKind.Identifier && TextOf(token) is { } text && Lexer.IsReserved(text.ToUpperInvariant()))
        {
            return $"keywords are upper-case: write {text.ToUpperInvariant()}";
        }

        return null;
    }

    private bool Enter(int offset)
    {
        if (++_depth > _limits.MaxDepth)
        {
            Fail<object>("pattern.too-deep", offset, $"brackets and parentheses nest deeper than the limit of {_limits.MaxDepth}");
            return false;
        }

        return true;
    }

    // obs_seq := obs_or ("FOLLOWEDBY" obs_or)*
    private ObservationExpression? ObservationSequence()
    {
        var left = ObservationOr();
        while (left is not null && At(TokenKind.FollowedBy))
        {
            Advance();
            var right = ObservationOr();
            left = right is null ? null : new ObservationBinary(left.Offset, ObservationOperator.FollowedBy, left, right);
        }

        return left;
    }

    private ObservationExpression? ObservationOr()
    {
        var left = ObservationAnd();
        while (left is not null && At(TokenKind.Or))
        {
            Advance();
            var right = ObservationAnd();
            left = right is null ? null : new ObservationBinary(left.Offset, ObservationOperator.Or, left, right);
        }

        return left;
    }

    private ObservationExpression? ObservationAnd()
    {
        var left = ObservationQualified();
        while (left is not null && At(TokenKind.And))
        {
            Advance();
            var right = ObservationQualified();
            left = right is null ? null : new ObservationBinary(left.Offset, ObservationOperator.And, left, right);
        }

        return left;
    }

    // obs_q := obs_atom qualifier*
    private ObservationExpression? ObservationQualified()
    {
        var inner = ObservationAtom();
        while (inner is not null && Current.Kind is TokenKind.Within or TokenKind.Repeats or TokenKind.Start)
        {
            var qualifier = Qualifier();
            inner = qualifier is null ? null : new QualifiedObservation(inner.Offset, inner, qualifier);
        }

        return inner;
    }

    private ObservationExpression? ObservationAtom()
    {
        var token = Current;
        if (token.Kind == TokenKind.LeftBracket)
        {
            if (!Enter(token.Start))
            {
                return null;
            }

            Advance();
            var body = ComparisonOr();
            if (body is null)
            {
                return null;
            }

            if (!At(TokenKind.RightBracket))
            {
                return Unexpected(["']'", "AND", "OR"], LowerCaseKeywordHint());
            }

            Advance();
            _depth--;
            var bracket = new ObservationBracket(token.Start, body) { Index = _bracketCount++ };
            _brackets?.Add(bracket);
            return bracket;
        }

        if (token.Kind == TokenKind.LeftParen)
        {
            if (!Enter(token.Start))
            {
                return null;
            }

            Advance();
            var inner = ObservationSequence();
            if (inner is null)
            {
                return null;
            }

            if (!At(TokenKind.RightParen))
            {
                return Unexpected(["')'", "AND", "OR", "FOLLOWEDBY", "WITHIN", "REPEATS", "START"], LowerCaseKeywordHint());
            }

            Advance();
            _depth--;
            return inner;
        }

        return Unexpected(ObservationStart, token.Kind is TokenKind.Identifier or TokenKind.HyphenIdentifier
            ? "a comparison must be inside brackets: [object-type:property = value]"
            : null);
    }

    private Qualifier? Qualifier()
    {
        var keyword = Advance();
        switch (keyword.Kind)
        {
            case TokenKind.Within:
            {
                var number = Current;
                if (number.Kind is not (TokenKind.IntPositive or TokenKind.FloatPositive))
                {
                    return Unexpected<Qualifier>(["a positive number of seconds"]);
                }

                Advance();
                if (!At(TokenKind.Seconds))
                {
                    return Unexpected<Qualifier>(["SECONDS"]);
                }

                Advance();
                var text = TextOf(number).TrimStart('+');
                if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
                {
                    return Fail<Qualifier>("pattern.invalid-number", number.Start, $"{text} seconds is out of range");
                }

                return new WithinQualifier(keyword.Start, seconds, text);
            }

            case TokenKind.Repeats:
            {
                var number = Current;
                if (number.Kind != TokenKind.IntPositive)
                {
                    return Unexpected<Qualifier>(["a positive whole number"]);
                }

                Advance();
                if (!At(TokenKind.Times))
                {
                    return Unexpected<Qualifier>(["TIMES"]);
                }

                Advance();
                var numberText = TextOf(number);
                if (!long.TryParse(numberText.TrimStart('+'), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                {
                    return Fail<Qualifier>("pattern.invalid-number", number.Start, $"REPEATS {numberText} is out of range");
                }

                return new RepeatsQualifier(keyword.Start, count);
            }

            default:
            {
                if (!At(TokenKind.Timestamp))
                {
                    return Unexpected<Qualifier>(["a timestamp t'…'"]);
                }

                var start = Constant(Advance());
                if (!At(TokenKind.Stop))
                {
                    return Unexpected<Qualifier>(["STOP"]);
                }

                Advance();
                if (!At(TokenKind.Timestamp))
                {
                    return Unexpected<Qualifier>(["a timestamp t'…'"]);
                }

                var stop = Constant(Advance());
                return new StartStopQualifier(keyword.Start, start!, stop!);
            }
        }
    }

    private ComparisonExpression? ComparisonOr()
    {
        var left = ComparisonAnd();
        while (left is not null && At(TokenKind.Or))
        {
            Advance();
            var right = ComparisonAnd();
            left = right is null ? null : new ComparisonBinary(left.Offset, false, left, right);
        }

        return left;
    }

    private ComparisonExpression? ComparisonAnd()
    {
        var left = Test();
        while (left is not null && At(TokenKind.And))
        {
            Advance();
            var right = Test();
            left = right is null ? null : new ComparisonBinary(left.Offset, true, left, right);
        }

        return left;
    }

    private ComparisonExpression? Test()
    {
        var token = Current;
        if (token.Kind == TokenKind.LeftParen)
        {
            if (!Enter(token.Start))
            {
                return null;
            }

            Advance();
            var inner = ComparisonOr();
            if (inner is null)
            {
                return null;
            }

            if (!At(TokenKind.RightParen))
            {
                return Unexpected<ComparisonExpression>(["')'", "AND", "OR"], LowerCaseKeywordHint());
            }

            Advance();
            _depth--;
            return inner;
        }

        if (token.Kind is TokenKind.Not or TokenKind.Exists)
        {
            var negated = token.Kind == TokenKind.Not;
            Advance();
            if (negated && !At(TokenKind.Exists))
            {
                return Unexpected<ComparisonExpression>(["EXISTS"], "NOT before a path is only allowed as NOT EXISTS; write path NOT = value");
            }

            if (negated)
            {
                Advance();
            }

            var existsPath = Path();
            return existsPath is null ? null : new ExistsComparison(token.Start, existsPath, negated);
        }

        var path = Path();
        if (path is null)
        {
            return null;
        }

        var not = false;
        if (At(TokenKind.Not))
        {
            not = true;
            Advance();
        }

        var opToken = Current;
        ComparisonOperator op;
        switch (opToken.Kind)
        {
            case TokenKind.Equal: op = ComparisonOperator.Equal; break;
            case TokenKind.NotEqual: op = ComparisonOperator.NotEqual; break;
            case TokenKind.Less: op = ComparisonOperator.Less; break;
            case TokenKind.LessOrEqual: op = ComparisonOperator.LessOrEqual; break;
            case TokenKind.Greater: op = ComparisonOperator.Greater; break;
            case TokenKind.GreaterOrEqual: op = ComparisonOperator.GreaterOrEqual; break;
            case TokenKind.In: op = ComparisonOperator.In; break;
            case TokenKind.Like: op = ComparisonOperator.Like; break;
            case TokenKind.Matches: op = ComparisonOperator.Matches; break;
            case TokenKind.IsSubset: op = ComparisonOperator.IsSubset; break;
            case TokenKind.IsSuperset: op = ComparisonOperator.IsSuperset; break;
            default:
                return Unexpected<ComparisonExpression>(not ? ComparisonOperators[..^1] : ComparisonOperators,
                    opToken.Kind == TokenKind.Dot ? "a property name must follow '.' with no space" : LowerCaseKeywordHint());
        }

        Advance();
        if (op == ComparisonOperator.In)
        {
            var set = Set();
            return set is null ? null : new Comparison(path.Offset, path, not, op, null, set);
        }

        var literal = Current;
        var ok = op switch
        {
            ComparisonOperator.Equal or ComparisonOperator.NotEqual => IsLiteral(literal.Kind),
            ComparisonOperator.Less or ComparisonOperator.LessOrEqual or ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual
                => IsLiteral(literal.Kind) && literal.Kind != TokenKind.Bool,
            _ => literal.Kind == TokenKind.String,
        };

        if (!ok)
        {
            var expected = op switch
            {
                ComparisonOperator.Equal or ComparisonOperator.NotEqual => "a constant (string, number, boolean, h'…', b'…' or t'…')",
                ComparisonOperator.Less or ComparisonOperator.LessOrEqual or ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual
                    => "an orderable constant (string, number, h'…', b'…' or t'…')",
                _ => $"a string constant for {opToken.Describe(_text)}",
            };

            var literalText = literal.Kind == TokenKind.Identifier ? TextOf(literal) : null;
            var reason = literal.Kind switch
            {
                TokenKind.Bool => "booleans cannot be ordered",
                TokenKind.Identifier when literalText!.Equals("true", StringComparison.OrdinalIgnoreCase) || literalText.Equals("false", StringComparison.OrdinalIgnoreCase)
                    => $"booleans are lower-case: {literalText.ToLowerInvariant()}",
                TokenKind.Identifier or TokenKind.HyphenIdentifier => "strings must be quoted: 'text'",
                _ => null,
            };
            return Unexpected<ComparisonExpression>([expected], reason);
        }

        var constant = Constant(Advance());
        if (constant is null)
        {
            return null;
        }

        var after = Current;
        if (constant.Kind is ConstantKind.Float or ConstantKind.Integer && after.Kind == TokenKind.FloatPositive
            && _text[after.Start] == '.' && after.Start == literal.Start + literal.Length)
        {
            return Fail<ComparisonExpression>("pattern.unexpected-token", literal.Start,
                "a dotted address or version must be quoted as a string, for example '198.51.100.1'");
        }

        return new Comparison(path.Offset, path, not, op, constant, null);
    }

    private static bool IsLiteral(TokenKind kind) => kind is TokenKind.String or TokenKind.IntPositive or TokenKind.IntNegative
        or TokenKind.FloatPositive or TokenKind.FloatNegative or TokenKind.Bool or TokenKind.Hex or TokenKind.Binary or TokenKind.Timestamp;

    private List<PatternConstant>? Set()
    {
        if (!At(TokenKind.LeftParen))
        {
            return Unexpected<List<PatternConstant>>(["'(' starting the IN set"]);
        }

        Advance();
        var set = new List<PatternConstant>();
        if (At(TokenKind.RightParen))
        {
            Advance();
            return set;
        }

        while (true)
        {
            if (!IsLiteral(Current.Kind))
            {
                return Unexpected<List<PatternConstant>>(["a constant"], Current.Kind is TokenKind.Identifier or TokenKind.HyphenIdentifier ? "strings must be quoted: 'text'" : null);
            }

            if (set.Count == _limits.MaxSetSize)
            {
                return Fail<List<PatternConstant>>("pattern.set-too-large", Current.Start, $"an IN set may have at most {_limits.MaxSetSize} members");
            }

            var constant = Constant(Advance());
            if (constant is null)
            {
                return null;
            }

            set.Add(constant);
            if (At(TokenKind.RightParen))
            {
                Advance();
                return set;
            }

            if (!At(TokenKind.Comma))
            {
                return Unexpected<List<PatternConstant>>(["','", "')'"]);
            }

            Advance();
        }
    }

    // path := object_type ":" first_step step*
    private ObjectPath? Path()
    {
        var typeToken = Current;
        if (typeToken.Kind is not (TokenKind.Identifier or TokenKind.HyphenIdentifier))
        {
            return Unexpected<ObjectPath>(["an object path (object-type:property)", "EXISTS", "'('"],
                typeToken.Kind is TokenKind.String ? "the object type is written without quotes"
                : IsKeyword(typeToken.Kind) ? "a keyword cannot be an object type" : null);
        }

        Advance();
        if (!At(TokenKind.Colon))
        {
            return Unexpected<ObjectPath>(["':' after the object type"]);
        }

        Advance();
        var first = PropertyName();
        if (first is null)
        {
            return null;
        }

        // Most paths have one or two steps.
        var steps = new List<PathStep>(2) { PathStep.Property(first) };
        while (true)
        {
            if (At(TokenKind.Dot))
            {
                Advance();
                var name = PropertyName();
                if (name is null)
                {
                    return null;
                }

                steps.Add(PathStep.Property(name));
            }
            else if (At(TokenKind.FloatPositive) && _text[Current.Start] == '.')
            {
                return Fail<ObjectPath>("pattern.unexpected-token", Current.Start, "a property name cannot start with a digit; quote it: .'0'");
            }
            else if (At(TokenKind.LeftBracket))
            {
                var open = Advance();
                var index = Current;
                if (index.Kind == TokenKind.Star)
                {
                    Advance();
                    steps.Add(new PathStep(PathStepKind.AnyIndex, null, 0));
                }
                else if (index.Kind is TokenKind.IntPositive or TokenKind.IntNegative)
                {
                    Advance();
                    var indexText = TextOf(index);
                    if (!long.TryParse(indexText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                    {
                        return Fail<ObjectPath>("pattern.invalid-number", index.Start, $"the list index {indexText} is out of range");
                    }

                    steps.Add(new PathStep(PathStepKind.Index, null, n));
                }
                else
                {
                    return Unexpected<ObjectPath>(["a list index (a whole number or *)"]);
                }

                if (!At(TokenKind.RightBracket))
                {
                    return Unexpected<ObjectPath>([$"']' closing the index opened at column {Lexer.LineAndColumn(_text, open.Start).Column}"]);
                }

                Advance();
            }
            else
            {
                break;
            }
        }

        return new ObjectPath(typeToken.Start, Lexer.NameOf(_text, typeToken), steps);
    }

    private string? PropertyName()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Identifier:
            case TokenKind.String:
                Advance();
                var name = Lexer.NameOf(_text, token);
                if (name.Length == 0)
                {
                    return Fail<string>("pattern.empty-property", token.Start, "a property name cannot be empty");
                }

                return name;
            case TokenKind.HyphenIdentifier:
                var text = TextOf(token);
                return Unexpected<string>(["a property name"], $"'{text}' contains '-': quote it as '{text}'");
            default:
                return Unexpected<string>(["a property name"], IsKeyword(token.Kind)
                    ? $"{_text.Substring(token.Start, token.Length)} is a keyword: quote it as '{_text.Substring(token.Start, token.Length)}'"
                    : null);
        }
    }

    private static bool IsKeyword(TokenKind kind) => kind is >= TokenKind.And and <= TokenKind.Bool;

    private PatternConstant? Constant(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.String:
                // Its UTF-8 bytes are worked out when matching first needs them.
                return new PatternConstant(token.Start, ConstantKind.String, TextOf(token));
            case TokenKind.IntPositive or TokenKind.IntNegative:
                // The token is the digits with an optional sign, which parses to the same value as its text.
                if (!long.TryParse(_text.AsSpan(token.Start, token.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    return Fail<PatternConstant>("pattern.invalid-number", token.Start, $"{TextOf(token)} is outside the 64-bit integer range");
                }

                return new PatternConstant(token.Start, ConstantKind.Integer, integer.ToString(CultureInfo.InvariantCulture)) { Integer = integer, Number = integer };
        }

        var text = TextOf(token);
        switch (token.Kind)
        {
            case TokenKind.FloatPositive or TokenKind.FloatNegative:
                var number = double.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                return new PatternConstant(token.Start, ConstantKind.Float, text) { Number = number };
            case TokenKind.Bool:
                return new PatternConstant(token.Start, ConstantKind.Boolean, text) { Integer = text == "true" ? 1 : 0 };
            case TokenKind.Hex:
                return new PatternConstant(token.Start, ConstantKind.Hex, text) { Bytes = Convert.FromHexString(text) };
            case TokenKind.Binary:
                return new PatternConstant(token.Start, ConstantKind.Binary, text) { Bytes = Convert.FromBase64String(text) };
            default:
                var valid = Korus.Stix.StixTimestamp.TryParse(Encoding.ASCII.GetBytes(text), out var instant);
                return new PatternConstant(token.Start, ConstantKind.Timestamp, text) { Instant = valid ? instant : null };
        }
    }
}
