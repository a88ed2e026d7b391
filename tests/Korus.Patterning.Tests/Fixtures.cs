using System.Text;
using Korus.Patterning.Matching;
using Korus.Stix;
using Korus.Stix.Model;

namespace Korus.Patterning.Tests;

/// <summary>The fixtures of the matching table (../shared/docs/specs/stix-patterning.md §5), as STIX 2.1 JSON.</summary>
internal static class Fixtures
{
    private static readonly Dictionary<string, string> Json = new(StringComparer.Ordinal)
    {
        ["IP1"] = Data("IP1", "10:00:00", "10:00:00", 1, Ipv4("ip1", "198.51.100.1")),
        ["IP1b"] = Data("IP1b", "10:01:00", "10:01:00", 1, Ipv4("ip1b", "198.51.100.1")),
        ["IP6"] = Data("IP6", "10:07:00", "10:07:00", 1, """{"type":"ipv6-addr","spec_version":"2.1","id":"ipv6-addr--00000000-0000-4000-8000-000000000006","value":"2001:db8::1"}"""),
        ["NETBLK"] = Data("NETBLK", "10:09:00", "10:09:00", 1, Ipv4("netblk", "198.51.100.0/24")),
        ["DOM"] = Data("DOM", "10:00:30", "10:00:30", 1,
            Domain("dom", "evil.example.com", "ipv4-addr--" + Uuid("dom-ip")), Ipv4("dom-ip", "203.0.113.7")),
        ["MIX"] = Data("MIX", "10:04:00", "10:04:00", 1,
            Domain("mix", "evil.example.com", "ipv4-addr--" + Uuid("mix-ip")), Ipv4("mix-ip", "198.51.100.1")),
        ["FILE"] = Data("FILE", "10:02:00", "10:02:00", 1,
            """{"type":"file","spec_version":"2.1","id":"file--00000000-0000-4000-8000-0000000000f1","name":"O'Brien.exe","size":25536,"hashes":{"SHA-256":"aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f","MD5":"79054025255fb1a26e4bc422aef54eb4"},"ctime":"2024-05-01T09:00:00.000Z","parent_directory_ref":"directory--00000000-0000-4000-8000-0000000000d1"}""",
            """{"type":"directory","spec_version":"2.1","id":"directory--00000000-0000-4000-8000-0000000000d1","path":"C:\\Windows\\System32"}"""),
        ["NET"] = Data("NET", "10:03:00", "10:03:00", 1,
            """{"type":"network-traffic","spec_version":"2.1","id":"network-traffic--00000000-0000-4000-8000-0000000000a1","src_ref":"ipv4-addr--00000000-0000-4000-8000-0000000000a2","dst_ref":"ipv4-addr--00000000-0000-4000-8000-0000000000a3","src_port":49152,"dst_port":443,"protocols":["ipv4","tcp"]}""",
            """{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--00000000-0000-4000-8000-0000000000a2","value":"192.0.2.10"}""",
            """{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--00000000-0000-4000-8000-0000000000a3","value":"198.51.100.1"}"""),
        ["NET2"] = Data("NET2", "10:03:00", "10:03:00", 1,
            """{"type":"network-traffic","spec_version":"2.1","id":"network-traffic--00000000-0000-4000-8000-0000000000b1","src_ref":"ipv4-addr--00000000-0000-4000-8000-0000000000b3","protocols":["tcp"]}""",
            """{"type":"network-traffic","spec_version":"2.1","id":"network-traffic--00000000-0000-4000-8000-0000000000b2","dst_ref":"ipv4-addr--00000000-0000-4000-8000-0000000000b4","protocols":["tcp"]}""",
            """{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--00000000-0000-4000-8000-0000000000b3","value":"192.0.2.10"}""",
            """{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--00000000-0000-4000-8000-0000000000b4","value":"198.51.100.1"}"""),
        ["PROC"] = Data("PROC", "10:00:00", "11:00:00", 3,
            """{"type":"process","spec_version":"2.1","id":"process--00000000-0000-4000-8000-0000000000c1","pid":4242,"command_line":"powershell.exe -enc SQBFAFgA"}"""),
        ["ART"] = Data("ART", "10:05:00", "10:05:00", 1,
            """{"type":"artifact","spec_version":"2.1","id":"artifact--00000000-0000-4000-8000-0000000000e1","mime_type":"application/octet-stream","payload_bin":"aGVsbG8="}"""),
        ["MAIL"] = Data("MAIL", "10:06:00", "10:06:00", 1,
            """{"type":"email-message","spec_version":"2.1","id":"email-message--00000000-0000-4000-8000-0000000000e2","is_multipart":false,"subject":"Invoice 2024","from_ref":"email-addr--00000000-0000-4000-8000-0000000000e3"}""",
            """{"type":"email-addr","spec_version":"2.1","id":"email-addr--00000000-0000-4000-8000-0000000000e3","value":"billing@evil.example"}"""),
        ["CUST"] = Data("CUST", "10:08:00", "10:08:00", 1,
            """{"type":"x-korus-device","spec_version":"2.1","id":"x-korus-device--00000000-0000-4000-8000-0000000000e4","serial":"ABC123"}"""),
    };

    /// <summary>A bundle holding the named fixtures.</summary>
    public static string Bundle(params string[] names)
    {
        var builder = new StringBuilder("""{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":[""");
        for (var i = 0; i < names.Length; i++)
        {
            builder.Append(i > 0 ? "," : string.Empty).Append(Json[names[i]]);
        }

        return builder.Append("]}").ToString();
    }

    /// <summary>The observations of the named fixtures.</summary>
    public static List<Observation> Observations(params string[] names)
    {
        var document = StixDocument.Parse(Bundle(names));
        var problems = new List<Finding>();
        var observations = ObservationReader.Read(document.Objects, problems);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join("; ", problems));
        }

        return observations;
    }

    /// <summary>The id of a fixture's observed-data.</summary>
    public static string ObservedDataId(string name) => "observed-data--" + Uuid(name);

    private static string Uuid(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var hex = Convert.ToHexStringLower(hash);
        return $"{hex[..8]}-{hex[8..12]}-4{hex[13..16]}-8{hex[17..20]}-{hex[20..32]}";
    }

    private static string Ipv4(string key, string value) =>
        $$"""{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--{{Uuid(key)}}","value":"{{value}}"}""";

    private static string Domain(string key, string value, string resolvesTo) =>
        $$"""{"type":"domain-name","spec_version":"2.1","id":"domain-name--{{Uuid(key)}}","value":"{{value}}","resolves_to_refs":["{{resolvesTo}}"]}""";

    /// <summary>An observed-data dated 2024-05-01 with its objects listed in object_refs, followed by the objects.</summary>
    private static string Data(string name, string first, string last, int number, params string[] objects)
    {
        var refs = string.Join(",", objects.Select(o => "\"" + System.Text.Json.JsonDocument.Parse(o).RootElement.GetProperty("id").GetString() + "\""));
        var data = $$"""{"type":"observed-data","spec_version":"2.1","id":"{{ObservedDataId(name)}}","created":"2024-05-01T12:00:00.000Z","modified":"2024-05-01T12:00:00.000Z","first_observed":"2024-05-01T{{first}}Z","last_observed":"2024-05-01T{{last}}Z","number_observed":{{number}},"object_refs":[{{refs}}]}""";
        return data + "," + string.Join(",", objects);
    }
}
