namespace Korus.Stix.Tests.Reading;

/// <summary>Bundle text for reader tests: the opening up to the objects list, and numbered identities.</summary>
internal static class BundleText
{
    public const string Head = """{"type":"bundle","id":"bundle--0f1e2d3c-4b5a-4697-a8b9-cadbecfd0e1f","objects":[""";

    public static string Identity(int i, string extra = "") =>
        $$"""{"type":"identity","spec_version":"2.1","id":"identity--{{new Guid(i, 1, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 1):D}}","created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z","name":"n{{i}}"{{extra}}}""";
}
