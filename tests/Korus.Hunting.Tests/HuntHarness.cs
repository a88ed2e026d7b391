using System.Text;
using System.Text.Json;
using Korus.Stix;
using Korus.Stix.Model;
using Korus.Stix.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Korus.Hunting.Tests;

/// <summary>Builds indicators, runs a hunt over in-memory telemetry, and reads the bundle back.</summary>
internal static class HuntHarness
{
    public const string Identity = "identity--0b6a1c52-3d4e-4f5a-8b6c-7d8e9f0a1b2c";

    public static readonly StixTimestamp Now = StixTimestamp.Parse("2026-11-23T00:00:00Z");

    private static int _counter;

    public static string Indicator(string pattern, string? validFrom = "2020-01-01T00:00:00Z", string? validUntil = null, string patternType = "stix", bool revoked = false, string? id = null)
    {
        id ??= $"indicator--{Guid.NewGuid():D}";
        var extra = new StringBuilder();
        if (validUntil is not null)
        {
            extra.Append($",\"valid_until\":\"{validUntil}\"");
        }

        if (revoked)
        {
            extra.Append(",\"revoked\":true");
        }

        Interlocked.Increment(ref _counter);
        return $$"""{"type":"indicator","spec_version":"2.1","id":"{{id}}","created":"2020-01-01T00:00:00.000Z","modified":"2020-01-01T00:00:00.000Z","pattern":{{JsonSerializer.Serialize(pattern)}},"pattern_type":"{{patternType}}","valid_from":"{{validFrom}}"{{extra}}}""";
    }

    public static HuntEngine Engine(params string[] indicators) =>
        HuntEngine.Compile(StixDocument.Parse("[" + string.Join(",", indicators) + "]").Objects, Now);

    public static HuntSession Session(HuntEngine engine, TelemetryMapping? mapping = null, int maxRefs = 100) =>
        new(engine, new HuntOptions
        {
            Source = "test.jsonl",
            IdentityId = Identity,
            MaxRefsPerSighting = maxRefs,
            Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)),
        }, mapping);

    /// <summary>Feeds JSON lines through the ECS mapping (or another) and returns the session.</summary>
    public static HuntSession HuntLines(HuntEngine engine, string lines, TelemetryMapping? mapping = null, int maxRefs = 100)
    {
        var session = Session(engine, mapping ?? TelemetryMapping.Ecs, maxRefs);
        TelemetryFeeder.FeedLinesAsync(new MemoryStream(Encoding.UTF8.GetBytes(lines)), session, null, CancellationToken.None).GetAwaiter().GetResult();
        return session;
    }

    /// <summary>The session's bundle, checked to be valid STIX 2.1 (and, when strict, without warnings).</summary>
    public static JsonDocument Bundle(HuntSession session, bool strict = true)
    {
        var buffer = new MemoryStream();
        session.WriteBundle(buffer, Encoding.UTF8.GetBytes($$"""{"type":"identity","spec_version":"2.1","id":"{{Identity}}","created":"2026-11-23T00:00:00.000Z","modified":"2026-11-23T00:00:00.000Z","name":"Test centre","identity_class":"organization"}"""));
        buffer.Position = 0;
        var findings = new List<Finding>();
        var run = new StixValidator(new StixValidatorOptions { PatternChecker = Korus.Patterning.PatternSyntaxChecker.Default })
            .ValidateStream(buffer, (_, found) => findings.AddRange(found));
        if (run.Errors > 0 || (strict && run.Warnings > 0) || run.InputFindings.Count > 0)
        {
            throw new InvalidOperationException("the sightings bundle is not clean STIX: " + string.Join("; ", findings.Concat(run.InputFindings)));
        }

        return JsonDocument.Parse(buffer.ToArray());
    }

    public static List<JsonElement> OfType(JsonDocument bundle, string type) =>
        bundle.RootElement.GetProperty("objects").EnumerateArray().Where(o => o.GetProperty("type").GetString() == type).ToList();
}
