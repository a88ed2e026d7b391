using System.Text.Json;
using Korus.Patterning;
using Korus.Patterning.Matching;
using Korus.Patterning.Syntax;
using Korus.Stix;
using Korus.Stix.Model;

namespace Korus.Hunting;

/// <summary>
/// Every in-force indicator with a STIX pattern, compiled into one engine. Each bracketed expression
/// is filed where an event can find it without looking at the others: under (path, value) in the
/// equality index when an = or IN comparison must hold for it, under (path, network) in the CIDR index
/// for ISSUBSET, under its path when it is one comparison that cannot be indexed (LIKE, MATCHES, ranges,
/// !=), or under its object types when it can only be decided on the whole object. Indicators that
/// cannot be compiled are listed in <see cref="Skipped"/> with the reason, never dropped silently.
/// </summary>
public sealed class HuntEngine
{
    private readonly Dictionary<string, int> _pathIds = new(StringComparer.Ordinal);
    private readonly List<ObjectPath> _paths = [];

    private HuntEngine(PatternLimits limits) => Limits = limits;

    /// <summary>The compiled indicators.</summary>
    public int IndicatorCount => Indicators.Count;

    /// <summary>Indicators left out, with the reason.</summary>
    public IReadOnlyList<SkippedIndicator> Skipped { get; private set; } = [];

    /// <summary>The pattern limits the indicators were compiled with.</summary>
    public PatternLimits Limits { get; }

    internal List<CompiledIndicator> Indicators { get; } = [];

    internal ValueIndex Index { get; } = new();

    internal Dictionary<int, CidrIndex> Cidr { get; } = [];

    internal Dictionary<int, List<(BracketRef Bracket, ComparisonExpression Test)>> Direct { get; } = [];

    // The same two maps as arrays by path id: read for every value of every event, where a dictionary
    // lookup per value showed in the profile.
    internal CidrIndex?[] CidrByPath { get; private set; } = [];

    internal List<(BracketRef Bracket, ComparisonExpression Test)>?[] DirectByPath { get; private set; } = [];

    internal Dictionary<string, List<BracketRef>> ByType { get; } = new(StringComparer.Ordinal);

    /// <summary>For STIX telemetry: the indexed or directly tested paths of each root object type.</summary>
    internal Dictionary<string, List<int>> PathsByType { get; } = new(StringComparer.Ordinal);

    internal ObjectPath PathOf(int id) => _paths[id];

    internal bool TryGetPathId(string path, out int id) => _pathIds.TryGetValue(path, out id);

    /// <summary>
    /// Compiles the indicators among <paramref name="objects"/> (other objects are ignored). Only the
    /// newest version of an id counts; revoked indicators, indicators whose valid_until has passed at
    /// <paramref name="now"/>, patterns of other types and invalid patterns are skipped with the reason.
    /// </summary>
    public static HuntEngine Compile(IEnumerable<StixObject> objects, StixTimestamp now, PatternLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var engine = new HuntEngine(limits ?? PatternLimits.Default);
        var latest = new Dictionary<string, Indicator>(StringComparer.Ordinal);
        var skipped = new List<SkippedIndicator>();
        foreach (var o in objects)
        {
            if (o is not Indicator indicator)
            {
                continue;
            }

            try
            {
                if (!latest.TryGetValue(indicator.Id, out var existing) || (indicator.Modified ?? default) > (existing.Modified ?? default))
                {
                    latest[indicator.Id] = indicator;
                }
            }
            catch (StixFormatException e)
            {
                skipped.Add(new SkippedIndicator(indicator.Id, "hunt.invalid-indicator", e.Message));
            }
        }

        foreach (var indicator in latest.Values)
        {
            engine.Add(indicator, now, skipped);
        }

        engine.Skipped = skipped;
        engine.CidrByPath = new CidrIndex?[engine._paths.Count];
        engine.DirectByPath = new List<(BracketRef, ComparisonExpression)>?[engine._paths.Count];
        foreach (var (id, cidr) in engine.Cidr)
        {
            engine.CidrByPath[id] = cidr;
        }

        foreach (var (id, direct) in engine.Direct)
        {
            engine.DirectByPath[id] = direct;
        }

        return engine;
    }

    private void Add(Indicator indicator, StixTimestamp now, List<SkippedIndicator> skipped)
    {
        string? pattern, patternType;
        StixTimestamp? from, until;
        try
        {
            pattern = indicator.Pattern;
            patternType = indicator.PatternType;
            from = indicator.ValidFrom;
            until = indicator.ValidUntil;
            if (indicator.Revoked)
            {
                skipped.Add(new SkippedIndicator(indicator.Id, "hunt.revoked", "the indicator is revoked"));
                return;
            }
        }
        catch (StixFormatException e)
        {
            skipped.Add(new SkippedIndicator(indicator.Id, "hunt.invalid-indicator", e.Message));
            return;
        }

        if (pattern is null)
        {
            skipped.Add(new SkippedIndicator(indicator.Id, "hunt.no-pattern", "the indicator has no pattern"));
            return;
        }

        if (patternType != "stix")
        {
            skipped.Add(new SkippedIndicator(indicator.Id, "hunt.pattern-type", $"pattern_type is '{patternType}'; only stix patterns are hunted"));
            return;
        }

        if (until is { } end && end <= now)
        {
            skipped.Add(new SkippedIndicator(indicator.Id, "hunt.expired", $"valid_until {end} has passed"));
            return;
        }

        var check = StixPattern.Check(pattern, Limits);
        if (check.Pattern is not { } compiled)
        {
            skipped.Add(new SkippedIndicator(indicator.Id, "hunt.invalid-pattern", check.Errors[0].ToString()));
            return;
        }

        var compiledIndicator = new CompiledIndicator(Indicators.Count, indicator.Id, compiled, from, until, indicator.CreatedByRef);
        Indicators.Add(compiledIndicator);
        foreach (var bracket in compiled.Brackets)
        {
            File(compiledIndicator.Index, bracket);
        }
    }

    private int PathId(ObjectPath path)
    {
        var text = path.ToString();
        if (!_pathIds.TryGetValue(text, out var id))
        {
            id = _paths.Count;
            _pathIds[text] = id;
            _paths.Add(path);
            if (!PathsByType.TryGetValue(path.ObjectType, out var list))
            {
                PathsByType[path.ObjectType] = list = [];
            }

            list.Add(id);
        }

        return id;
    }

    private void File(int indicator, ObservationBracket bracket)
    {
        var body = bracket.Body;
        var anchors = Anchors(body);
        if (anchors is not null)
        {
            var exact = body is Comparison;
            var reference = new BracketRef(indicator, bracket.Index, exact);
            foreach (var (path, constant, network) in anchors)
            {
                var id = PathId(path);
                if (constant is not null)
                {
                    Index.Add(id, ConstantValue(constant), reference);
                }
                else
                {
                    if (!Cidr.TryGetValue(id, out var cidr))
                    {
                        Cidr[id] = cidr = new CidrIndex();
                    }

                    cidr.Add(network, reference);
                }
            }

            return;
        }

        if (body is Comparison or ExistsComparison { Negated: false } && DirectPath(body) is { } directPath)
        {
            var id = PathId(directPath);
            if (!Direct.TryGetValue(id, out var list))
            {
                Direct[id] = list = [];
            }

            list.Add((new BracketRef(indicator, bracket.Index, true), body));
            return;
        }

        foreach (var type in Types(body))
        {
            if (!ByType.TryGetValue(type, out var list))
            {
                ByType[type] = list = [];
            }

            list.Add(new BracketRef(indicator, bracket.Index, false));
        }
    }

    private static ObjectPath? DirectPath(ComparisonExpression body)
    {
        var path = body is Comparison c ? c.Path : ((ExistsComparison)body).Path;
        return Simple(path) ? path : null;
    }

    /// <summary>A path the fast paths can follow: no [n] steps and no _bin/_hex decoding.</summary>
    private static bool Simple(ObjectPath path)
    {
        if (path.Encoding != ValueEncoding.None)
        {
            return false;
        }

        foreach (var step in path.Steps)
        {
            if (step.Kind == PathStepKind.Index)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Index entries such that the bracket can only hold where one of them matches, or null when there
    /// are none: a plain = or IN gives its values, ISSUBSET its network; AND needs one side's, OR both sides'.
    /// </summary>
    private static List<(ObjectPath Path, PatternConstant? Constant, IpNetwork Network)>? Anchors(ComparisonExpression node)
    {
        switch (node)
        {
            case Comparison { Negated: false } c when Simple(c.Path):
                if (c.Operator == ComparisonOperator.Equal && Indexable(c.Constant!))
                {
                    return [(c.Path, c.Constant, default)];
                }

                if (c.Operator == ComparisonOperator.In && c.Set!.Count > 0 && c.Set.All(Indexable))
                {
                    return [.. c.Set.Select(m => (c.Path, (PatternConstant?)m, default(IpNetwork)))];
                }

                if (c.Operator == ComparisonOperator.IsSubset && c.Network.IsValid)
                {
                    return [(c.Path, null, c.Network)];
                }

                return null;
            case ComparisonBinary { IsAnd: true } and:
                var left = Anchors(and.Left);
                var right = Anchors(and.Right);
                return left is null ? right : right is null || left.Count <= right.Count ? left : right;
            case ComparisonBinary or:
                var l = Anchors(or.Left);
                var r = l is null ? null : Anchors(or.Right);
                return l is null || r is null ? null : [.. l, .. r];
            default:
                return null;
        }
    }

    private static bool Indexable(PatternConstant constant) => constant.Kind switch
    {
        ConstantKind.String => constant.Utf8.Length < 4000,
        ConstantKind.Integer or ConstantKind.Float or ConstantKind.Boolean => true,
        _ => false,
    };

    private static ScalarValue ConstantValue(PatternConstant constant) => constant.Kind switch
    {
        ConstantKind.String => new ScalarValue(ScalarKind.String, constant.Utf8),
        ConstantKind.Integer => new ScalarValue(ScalarKind.Integer, integer: constant.Integer),
        ConstantKind.Float => new ScalarValue(ScalarKind.Float, number: constant.Number),
        _ => new ScalarValue(ScalarKind.Boolean, integer: constant.Integer),
    };

    private static HashSet<string> Types(ComparisonExpression node) => node switch
    {
        ComparisonBinary binary => [.. Types(binary.Left), .. Types(binary.Right)],
        Comparison c => [c.Path.ObjectType],
        ExistsComparison e => [e.Path.ObjectType],
        _ => [],
    };
}
