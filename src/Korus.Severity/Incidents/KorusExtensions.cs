using System.Text;

namespace Korus.Severity.Incidents;

/// <summary>
/// The STIX extension-definitions Korus uses for severity (property extensions, so any STIX 2.1
/// consumer keeps them even without knowing them), and the OASIS incident core extension.
/// </summary>
public static class KorusExtensions
{
    /// <summary>The OASIS incident core extension (cti-stix-common-objects, incident-core).</summary>
    public const string IncidentCore = "extension-definition--ef765651-680c-498d-9894-99799f2fa126";

    /// <summary>Korus CSCF assessment: the assessment, its result and the escalation decisions, on each incident version.</summary>
    public const string Cscf = "extension-definition--1d3b5f0e-7c9a-4e2b-9f61-5a0c8d7e4b21";

    /// <summary>Korus escalation notice: on the report that notifies a partner.</summary>
    public const string Escalation = "extension-definition--6f2a9c41-3b8e-4d17-a5c2-0e9b7d1f3a68";

    /// <summary>Korus acknowledgement: on the note a partner returns for a notice.</summary>
    public const string Acknowledgement = "extension-definition--a47c0e93-5d21-4f8b-b6e3-9c1d2f0a7e54";

    /// <summary>The identity that publishes the Korus extension-definitions.</summary>
    public const string PublisherId = "identity--2f1a6c3e-8b7d-4c59-9e0a-1b2c3d4e5f60";

    /// <summary>The extension-definition objects and their publisher, as JSON objects to send with what uses them.</summary>
    public static IReadOnlyList<byte[]> DefinitionObjects { get; } =
    [
        Utf8($$"""{"type":"identity","spec_version":"2.1","id":"{{PublisherId}}","created":"2026-11-23T00:00:00.000Z","modified":"2026-11-23T00:00:00.000Z","name":"Korus","identity_class":"organization","description":"Publisher of the Korus STIX extensions."}"""),
        Definition(Cscf, "Korus CSCF assessment", "An incident's CSCF assessment, its score, level, factor contributions and fired rules, and the escalation decisions made on it."),
        Definition(Escalation, "Korus escalation notice", "A notice to a partner about an incident: CSCF level, response mode, deadline, reasons and the hashes of the policies that decided them."),
        Definition(Acknowledgement, "Korus notice acknowledgement", "A partner's acknowledgement of an escalation notice."),
    ];

    private static byte[] Definition(string id, string name, string description) =>
        Utf8($$"""{"type":"extension-definition","spec_version":"2.1","id":"{{id}}","created_by_ref":"{{PublisherId}}","created":"2026-11-23T00:00:00.000Z","modified":"2026-11-23T00:00:00.000Z","name":"{{name}}","description":"{{description}}","schema":"https://github.com/korus/korus/blob/main/docs/cscf.md","version":"1.0.0","extension_types":["property-extension"]}""");

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
