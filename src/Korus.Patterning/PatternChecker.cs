using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Korus.Patterning.Matching;
using Korus.Patterning.Syntax;
using Korus.Stix.Validation;

namespace Korus.Patterning;

/// <summary>
/// The rules beyond the grammar (../shared/docs/specs/stix-patterning.md §3): one qualifier of a kind
/// per observation expression, WITHIN &gt; 0, REPEATS ≥ 1, real timestamps, hash formats, regular
/// expressions that compile, networks for ISSUBSET/ISSUPERSET, limits; and warnings for what is legal
/// but suspect (mixed IN sets, AND across object types, unknown object types and properties, empty
/// START/STOP windows). It also prepares what matching needs (compiled regexes, LIKE text, networks).
/// </summary>
internal struct PatternChecker
{
    private static readonly Regex SsdeepShape = new("^[a-zA-Z0-9/+:.]{1,128}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private readonly string _text;
    private readonly PatternLimits _limits;
    private readonly bool _warn;
    private List<PatternError>? _errors;
    private List<PatternError>? _warnings;

    private PatternChecker(string text, PatternLimits limits, bool warn)
    {
        _text = text;
        _limits = limits;
        _warn = warn;
    }

    /// <summary>Every error and warning, each by position (empty lists are shared).</summary>
    public static (IReadOnlyList<PatternError> Errors, IReadOnlyList<PatternError> Warnings) Check(string text, ObservationExpression root, PatternLimits limits)
    {
        var checker = new PatternChecker(text, limits, warn: true);
        checker.Observation(root);
        checker._errors?.Sort(ByOffset);
        checker._warnings?.Sort(ByOffset);
        return (checker._errors ?? (IReadOnlyList<PatternError>)[], checker._warnings ?? (IReadOnlyList<PatternError>)[]);
    }

    /// <summary>
    /// The error <see cref="Check"/> would list first, or null when there is none; warnings, which cannot
    /// make a pattern invalid, are not worked out.
    /// </summary>
    public static PatternError? FirstError(string text, ObservationExpression root, PatternLimits limits)
    {
        var checker = new PatternChecker(text, limits, warn: false);
        checker.Observation(root);
        if (checker._errors is not { } errors)
        {
            return null;
        }

        errors.Sort(ByOffset);
        return errors[0];
    }

    private static int ByOffset(PatternError a, PatternError b) => a.Offset.CompareTo(b.Offset);

    /// <summary>1: one observation expression, no qualifiers; 2: plus AND/OR between them; 3: FOLLOWEDBY or qualifiers.</summary>
    public static int ConformanceLevel(ObservationExpression root) => root switch
    {
        ObservationBracket => 1,
        ObservationBinary { Operator: ObservationOperator.FollowedBy } => 3,
        ObservationBinary binary => Math.Max(2, Math.Max(ConformanceLevel(binary.Left), ConformanceLevel(binary.Right))),
        _ => 3,
    };

    private void Error(string code, int offset, string reason) => (_errors ??= []).Add(Lexer.ErrorAt(_text, code, offset, reason, found: Found(offset)));

    private void Warn(string code, int offset, string reason)
    {
        if (_warn)
        {
            (_warnings ??= []).Add(Lexer.ErrorAt(_text, code, offset, reason, found: Found(offset), warning: true));
        }
    }

    private string Found(int offset)
    {
        var end = offset;
        while (end < _text.Length && end - offset < 40 && !Lexer.IsWhiteSpace(_text[end]) && _text[end] is not (']' or ')'))
        {
            end++;
        }

        return end == offset ? "end of pattern" : "'" + _text[offset..end] + "'";
    }

    private void Observation(ObservationExpression node)
    {
        switch (node)
        {
            case ObservationBracket bracket:
                Comparisons(bracket.Body);
                break;
            case ObservationBinary binary:
                Observation(binary.Left);
                Observation(binary.Right);
                break;
            case QualifiedObservation qualified:
                Qualifier(qualified.Qualifier);
                for (var inner = qualified.Inner as QualifiedObservation; inner is not null; inner = inner.Inner as QualifiedObservation)
                {
                    if (inner.Qualifier.GetType() == qualified.Qualifier.GetType())
                    {
                        Error("pattern.duplicate-qualifier", qualified.Qualifier.Offset,
                            $"{Keyword(qualified.Qualifier)} is applied twice to the same observation expression (the first at column {Lexer.LineAndColumn(_text, inner.Qualifier.Offset).Column})");
                        break;
                    }
                }

                Observation(qualified.Inner);
                break;
        }
    }

    private static string Keyword(Qualifier qualifier) => qualifier switch
    {
        WithinQualifier => "WITHIN",
        RepeatsQualifier => "REPEATS",
        _ => "START/STOP",
    };

    private void Qualifier(Qualifier qualifier)
    {
        switch (qualifier)
        {
            case WithinQualifier within when within.Seconds <= 0:
                Error("pattern.within-range", within.Offset, $"WITHIN needs a number of seconds greater than 0, found {within.Text}");
                break;
            case RepeatsQualifier repeats when repeats.Count < 1:
                Error("pattern.repeats-range", repeats.Offset, $"REPEATS needs a count of at least 1, found {repeats.Count}");
                break;
            case RepeatsQualifier repeats when repeats.Count > _limits.MaxRepeats:
                Error("pattern.repeats-limit", repeats.Offset, $"REPEATS {repeats.Count} TIMES is past the limit of {_limits.MaxRepeats}");
                break;
            case StartStopQualifier window:
                var startOk = Timestamp(window.Start);
                var stopOk = Timestamp(window.Stop);
                if (startOk && stopOk && window.Start.Instant >= window.Stop.Instant)
                {
                    Warn("pattern.empty-window", window.Offset, $"START {window.Start} is not before STOP {window.Stop}, so this can never match");
                }

                break;
        }
    }

    private bool Timestamp(PatternConstant constant)
    {
        if (constant.Kind == ConstantKind.Timestamp && constant.Instant is null)
        {
            Error("pattern.invalid-timestamp", constant.Offset, $"{constant} is not a real instant (no such day in that month)");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Checks a comparison expression; returns the object types its comparisons name (which AND needs
    /// for its warning), or null when warnings are not worked out.
    /// </summary>
    private HashSet<string>? Comparisons(ComparisonExpression node)
    {
        switch (node)
        {
            case ComparisonBinary binary:
                var left = Comparisons(binary.Left);
                var right = Comparisons(binary.Right);
                if (left is null || right is null)
                {
                    return null;
                }

                if (binary.IsAnd && !left.Overlaps(right))
                {
                    Warn("pattern.mixed-object-types", binary.Right.Offset,
                        $"AND joins comparisons on different object types ({string.Join(", ", left.Order(StringComparer.Ordinal))} and {string.Join(", ", right.Order(StringComparer.Ordinal))}); one object cannot be both, so this can never match — use OR or separate observation expressions");
                }

                left.UnionWith(right);
                return left;
            case ExistsComparison exists:
                Path(exists.Path);
                return _warn ? [exists.Path.ObjectType] : null;
            case Comparison comparison:
                Path(comparison.Path);
                Comparison(comparison);
                return _warn ? [comparison.Path.ObjectType] : null;
            default:
                return _warn ? [] : null;
        }
    }

    private void Path(ObjectPath path)
    {
        if (!_warn)
        {
            return;
        }

        var type = path.ObjectType;
        if (!StixSchema.IsCyberObservable(type))
        {
            if (StixSchema.DefinesProperty(type, "id") is not null)
            {
                Warn("pattern.not-observable", path.Offset, $"'{type}' is not a cyber-observable type; patterns match the objects of observed-data, so this comparison never matches");
            }
            else if (type.Length is < 3 or > 250 || type.AsSpan().ContainsAnyExcept(CharSets.TypeName) || type.Contains("--", StringComparison.Ordinal))
            {
                Warn("pattern.object-type-name", path.Offset, $"'{type}' is not a valid STIX type name (3–250 characters: lower-case letters, digits and single hyphens)");
            }

            return;
        }

        var first = path.Steps[0].Name!;
        if (StixSchema.DefinesProperty(type, first) == false && !first.StartsWith("x_", StringComparison.Ordinal))
        {
            Warn("pattern.unknown-property", path.Offset, $"{type} has no property '{first}' in STIX 2.1 (a custom property would normally start with x_)");
        }
    }

    private void Comparison(Comparison comparison)
    {
        if (comparison.Set is { } set)
        {
            ConstantKind? kind = null;
            foreach (var member in set)
            {
                Timestamp(member);
                HashFormat(comparison.Path, member);
                var memberKind = member.Kind == ConstantKind.Float ? ConstantKind.Integer : member.Kind;
                if (kind is null)
                {
                    kind = memberKind;
                }
                else if (kind != memberKind)
                {
                    Warn("pattern.mixed-set", member.Offset, "the members of an IN set should all be of one type");
                    kind = memberKind;
                }
            }

            return;
        }

        var constant = comparison.Constant!;
        if (!Timestamp(constant))
        {
            return;
        }

        switch (comparison.Operator)
        {
            case ComparisonOperator.Equal or ComparisonOperator.NotEqual:
                HashFormat(comparison.Path, constant);
                break;
            case ComparisonOperator.Like:
                comparison.LikePattern = Unicode.Nfc.Normalize(constant.Text);
                comparison.LikeAscii = System.Text.Ascii.IsValid(constant.Text) ? Encoding.ASCII.GetBytes(constant.Text) : null;
                if (comparison.LikeAscii is { } ascii)
                {
                    (comparison.LikeShape, comparison.LikeLiteral) = LikeMatcher.Shape(ascii);
                }
                break;
            case ComparisonOperator.Matches:
                try
                {
                    comparison.Regex = CompileRegex(constant.Text, _limits.RegexTimeout);
                    comparison.RequiredLiteral = RequiredLiteral(constant.Text);
                }
                catch (ArgumentException e)
                {
                    Error("pattern.invalid-regex", constant.Offset, $"the regular expression {constant} does not compile: {e.Message}");
                }

                break;
            case ComparisonOperator.IsSubset or ComparisonOperator.IsSuperset:
                if (!IpNetwork.TryParse(constant.Text.AsSpan(), out var network))
                {
                    Error("pattern.invalid-network", constant.Offset, $"{constant} is not an IPv4 or IPv6 address or CIDR network (for example '198.51.100.0/24' or '2001:db8::/32')");
                }
                else
                {
                    comparison.Network = network;
                }

                var last = comparison.Path.Steps[^1];
                if (last.Kind != PathStepKind.Property || last.Name != "value")
                {
                    Warn("pattern.network-path", comparison.Path.Offset, "ISSUBSET and ISSUPERSET compare IP addresses: the path should end in the value of an ipv4-addr or ipv6-addr");
                }

                break;
        }
    }

    /// <summary>
    /// The literal run a regular expression starts with (after an optional ^), when every match must
    /// contain it: no alternation, no inline options, and the run stops before a character that a
    /// quantifier could make optional. Null when shorter than three characters.
    /// </summary>
    internal static byte[]? RequiredLiteral(string pattern)
    {
        if (pattern.Contains('|', StringComparison.Ordinal) || pattern.Contains("(?", StringComparison.Ordinal))
        {
            return null;
        }

        var literal = new StringBuilder();
        var i = pattern.StartsWith('^') ? 1 : 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            char next;
            int width;
            if (c == '\\' && i + 1 < pattern.Length && ".\\/-[](){}*+?^$|".Contains(pattern[i + 1], StringComparison.Ordinal))
            {
                next = pattern[i + 1];
                width = 2;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '_' or '/' or ':' or '=' or '@' or ',' or ';' or '%' or '!' or '"' or '\'' or '<' or '>' or '~' or '`' or '&' or '#')
            {
                next = c;
                width = 1;
            }
            else
            {
                break;
            }

            var after = i + width < pattern.Length ? pattern[i + width] : '\0';
            if (after is '*' or '?' or '{')
            {
                break;
            }

            literal.Append(next);
            i += width;
        }

        return literal.Length >= 3 && System.Text.Ascii.IsValid(literal.ToString()) ? Encoding.ASCII.GetBytes(literal.ToString()) : null;
    }

    /// <summary>
    /// A MATCHES expression (DOTALL, culture-invariant): the non-backtracking engine, whose run time is
    /// linear in the input so no timeout is needed, when the expression only uses what it supports;
    /// otherwise (backreferences, lookarounds, atomic groups) the backtracking engine with the timeout.
    /// </summary>
    /// <exception cref="ArgumentException">The expression does not compile.</exception>
    internal static Regex CompileRegex(string pattern, TimeSpan timeout)
    {
        try
        {
            return new Regex(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant, timeout);
        }
    }

    private void HashFormat(ObjectPath path, PatternConstant constant)
    {
        var steps = path.Steps;
        if (constant.Kind != ConstantKind.String || steps.Count < 2
            || steps[^1].Kind != PathStepKind.Property || steps[^2].Kind != PathStepKind.Property || steps[^2].Name != "hashes")
        {
            return;
        }

        var algorithm = steps[^1].Name!;
        var length = StixSchema.HashHexLength(steps[^1].Utf8Name);
        var value = constant.Text;
        if (length > 0 && (value.Length != length || value.AsSpan().ContainsAnyExcept(CharSets.Hex)))
        {
            Error("pattern.hash-format", constant.Offset, string.Create(CultureInfo.InvariantCulture,
                $"a {algorithm} hash is {length} hexadecimal digits; {constant} is not one"));
        }
        else if (algorithm == "SSDEEP" && !SsdeepShape.IsMatch(value))
        {
            Error("pattern.hash-format", constant.Offset, $"{constant} is not an SSDEEP hash (1–128 of letters, digits, '/', '+', ':', '.')");
        }
    }
}
