using System.Text.Json;
using Korus.Stix.Model;
using Xunit;

namespace Korus.Stix.Tests.Model;

public sealed class TypedObjectTests
{
    private const string Common = "\"spec_version\":\"2.1\",\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-02T00:00:00.000Z\"";

    [Fact]
    public void Relationship()
    {
        var r = Assert.IsType<Relationship>(StixObject.Parse($$"""{"type":"relationship","id":"relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad",{{Common}},"relationship_type":"uses","source_ref":"intrusion-set--4e1a7c2b-9d3f-4a5e-8b6c-1d2e3f4a5b6c","target_ref":"malware--7b2c9e1d-4f3a-4b5c-9d6e-8f7a6b5c4d3e","start_time":"2023-01-01T00:00:00Z","stop_time":"2023-06-01T00:00:00Z"}"""));
        Assert.Equal("uses", r.RelationshipType);
        Assert.Equal("intrusion-set--4e1a7c2b-9d3f-4a5e-8b6c-1d2e3f4a5b6c", r.SourceRef);
        Assert.Equal("malware--7b2c9e1d-4f3a-4b5c-9d6e-8f7a6b5c4d3e", r.TargetRef);
        Assert.Equal(StixTimestamp.Parse("2023-01-01T00:00:00Z"), r.StartTime);
        Assert.Equal(StixTimestamp.Parse("2023-06-01T00:00:00Z"), r.StopTime);
        Assert.Equal(StixKind.Relationship, r.Kind);
    }

    [Fact]
    public void Sighting()
    {
        var s = Assert.IsType<Sighting>(StixObject.Parse($$"""{"type":"sighting","id":"sighting--ee20065d-2555-424f-ad9e-0f8428623c75",{{Common}},"sighting_of_ref":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","observed_data_refs":["observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf"],"where_sighted_refs":["identity--b67d30ff-02ac-498a-92f9-32f845f448ff"],"count":3,"first_seen":"2024-01-01T00:00:00Z","last_seen":"2024-01-01T01:00:00Z","summary":true}"""));
        Assert.Equal("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", s.SightingOfRef);
        Assert.Equal(["observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf"], s.ObservedDataRefs);
        Assert.Equal(["identity--b67d30ff-02ac-498a-92f9-32f845f448ff"], s.WhereSightedRefs);
        Assert.Equal(3, s.Count);
        Assert.Equal(StixTimestamp.Parse("2024-01-01T00:00:00Z"), s.FirstSeen);
        Assert.Equal(StixTimestamp.Parse("2024-01-01T01:00:00Z"), s.LastSeen);
        Assert.True(s.Summary);
    }

    [Fact]
    public void Report_grouping_note_and_opinion_refs()
    {
        const string refs = "\"object_refs\":[\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"malware--7b2c9e1d-4f3a-4b5c-9d6e-8f7a6b5c4d3e\"]";
        var report = Assert.IsType<Report>(StixObject.Parse($$"""{"type":"report","id":"report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3",{{Common}},"name":"r","report_types":["campaign"],"published":"2024-01-03T00:00:00Z",{{refs}}}"""));
        Assert.Equal(2, report.ObjectRefs.Count);
        Assert.Equal(["campaign"], report.ReportTypes);
        Assert.Equal(StixTimestamp.Parse("2024-01-03T00:00:00Z"), report.Published);

        var grouping = Assert.IsType<Grouping>(StixObject.Parse($$"""{"type":"grouping","id":"grouping--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb4",{{Common}},"context":"suspicious-activity",{{refs}}}"""));
        Assert.Equal("suspicious-activity", grouping.Context);
        Assert.Equal("malware--7b2c9e1d-4f3a-4b5c-9d6e-8f7a6b5c4d3e", grouping.ObjectRefs[1]);

        var note = Assert.IsType<Note>(StixObject.Parse($$"""{"type":"note","id":"note--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",{{Common}},"abstract":"ab","content":"body","authors":["kim"],{{refs}}}"""));
        Assert.Equal("ab", note.Abstract);
        Assert.Equal("body", note.Content);
        Assert.Equal(["kim"], note.Authors);
        Assert.Equal(2, note.ObjectRefs.Count);

        var opinion = Assert.IsType<Opinion>(StixObject.Parse($$"""{"type":"opinion","id":"opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7",{{Common}},"opinion":"agree","explanation":"seen too",{{refs}}}"""));
        Assert.Equal("agree", opinion.Value);
        Assert.Equal("seen too", opinion.Explanation);
        Assert.Equal(2, opinion.ObjectRefs.Count);
    }

    [Theory]
    [InlineData(TlpMarkings.Tlp1White, TlpLevel.Clear)]
    [InlineData(TlpMarkings.Tlp1Amber, TlpLevel.Amber)]
    [InlineData(TlpMarkings.Tlp2AmberStrict, TlpLevel.AmberStrict)]
    [InlineData(TlpMarkings.Tlp2Red, TlpLevel.Red)]
    [InlineData("marking-definition--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", null)]
    public void Tlp_levels_are_known_by_id(string id, TlpLevel? level) => Assert.Equal(level, TlpMarkings.LevelOf(id));

    [Fact]
    public void Marking_definitions()
    {
        var tlp1 = Assert.IsType<MarkingDefinition>(StixObject.Parse("""{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:GREEN","definition":{"tlp":"green"}}"""));
        Assert.Equal(TlpLevel.Green, tlp1.Tlp);
        Assert.Equal("tlp", tlp1.DefinitionType);
        Assert.Null(tlp1.Statement);

        var tlp2 = Assert.IsType<MarkingDefinition>(StixObject.Parse("""{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1","created":"2022-10-01T00:00:00.000Z","name":"TLP:RED","extensions":{"EXT":{"extension_type":"property-extension","tlp_2_0":"red"}}}""".Replace("EXT", TlpMarkings.Tlp2ExtensionId, StringComparison.Ordinal).Replace("COMMON", Common, StringComparison.Ordinal)));
        Assert.Equal(TlpLevel.Red, tlp2.Tlp);

        // A copy of a TLP 2.0 marking under another id is still recognised by its extension.
        var copy = Assert.IsType<MarkingDefinition>(StixObject.Parse("""{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--11111111-4e03-4974-9ac4-e53a884c97c1","created":"2022-10-01T00:00:00.000Z","extensions":{"EXT":{"extension_type":"property-extension","tlp_2_0":"amber+strict"}}}""".Replace("EXT", TlpMarkings.Tlp2ExtensionId, StringComparison.Ordinal).Replace("COMMON", Common, StringComparison.Ordinal)));
        Assert.Equal(TlpLevel.AmberStrict, copy.Tlp);

        var statement = Assert.IsType<MarkingDefinition>(StixObject.Parse("""{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--22222222-4e03-4974-9ac4-e53a884c97c1","created":"2022-10-01T00:00:00.000Z","definition_type":"statement","definition":{"statement":"Copyright 2024 KISA"}}"""));
        Assert.Null(statement.Tlp);
        Assert.Equal("Copyright 2024 KISA", statement.Statement);
        Assert.Equal(JsonValueKind.Object, statement.Definition!.Value.ValueKind);
    }

    [Fact]
    public void Observed_data_in_both_forms()
    {
        var refs = Assert.IsType<ObservedData>(StixObject.Parse($$"""{"type":"observed-data","id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",{{Common}},"first_observed":"2024-01-01T00:00:00Z","last_observed":"2024-01-01T00:05:00Z","number_observed":50,"object_refs":["ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df"]}"""));
        Assert.Equal(50, refs.NumberObserved);
        Assert.Equal(StixTimestamp.Parse("2024-01-01T00:00:00Z"), refs.FirstObserved);
        Assert.Equal(StixTimestamp.Parse("2024-01-01T00:05:00Z"), refs.LastObserved);
        Assert.Equal(["ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df"], refs.ObjectRefs);
        Assert.Empty(refs.EmbeddedObjects);

        var embedded = Assert.IsType<ObservedData>(StixObject.Parse("""{"type":"observed-data","id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",COMMON,"first_observed":"2024-01-01T00:00:00Z","last_observed":"2024-01-01T00:05:00Z","number_observed":1,"objects":{"0":{"type":"ipv4-addr","value":"10.0.0.1"},"1":{"type":"network-traffic","dst_ref":"0","protocols":["tcp"]}}}""".Replace("EXT", TlpMarkings.Tlp2ExtensionId, StringComparison.Ordinal).Replace("COMMON", Common, StringComparison.Ordinal)));
        Assert.Empty(embedded.ObjectRefs);
        Assert.Equal(2, embedded.EmbeddedObjects.Count);
        Assert.Equal("10.0.0.1", embedded.EmbeddedObjects["0"].GetProperty("value").GetString());
    }

    [Fact]
    public void Incident_and_identity()
    {
        var incident = Assert.IsType<Incident>(StixObject.Parse($$"""{"type":"incident","id":"incident--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",{{Common}},"name":"Water utility intrusion","kill_chain_phases":[{"kill_chain_name":"mitre-ics-attack","phase_name":"impact"}]}"""));
        Assert.Equal("Water utility intrusion", incident.Name);
        Assert.Equal("impact", Assert.Single(incident.KillChainPhases).PhaseName);

        var identity = Assert.IsType<Identity>(StixObject.Parse($$"""{"type":"identity","id":"identity--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",{{Common}},"name":"KISA","identity_class":"organization","sectors":["government"],"contact_information":"soc@example.kr"}"""));
        Assert.Equal("organization", identity.IdentityClass);
        Assert.Equal(["government"], identity.Sectors);
        Assert.Equal("soc@example.kr", identity.ContactInformation);
    }

    [Fact]
    public void Cyber_observables()
    {
        var ip = Assert.IsType<CyberObservable>(StixObject.Parse("""{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df","value":"198.51.100.23","resolves_to_refs":["mac-addr--65cfcf98-8a6e-5a1b-8f61-379ac4f92d00"],"belongs_to_refs":["autonomous-system--f720c34b-98ae-597f-ade5-27ef187498fe"]}"""));
        Assert.Equal(StixKind.Observable, ip.Kind);
        Assert.Equal("198.51.100.23", ip.Value);
        Assert.Single(ip.ResolvesToRefs);
        Assert.Single(ip.BelongsToRefs);
        Assert.False(ip.Defanged);
        Assert.Null(ip.Created);
        Assert.Null(ip.Version);

        var domain = Assert.IsType<CyberObservable>(StixObject.Parse("""{"type":"domain-name","id":"domain-name--4e88643e-5365-5c2d-a0e4-6965c2edd122","value":"cdn-update.example.net","defanged":true}"""));
        Assert.True(domain.Defanged);
        Assert.Null(domain.SpecVersion);

        var file = Assert.IsType<FileObject>(StixObject.Parse("""{"type":"file","id":"file--78f1c2ed-2150-5ad2-a51a-da30d2027f58","name":"postinstall.js","size":1024,"mime_type":"text/javascript","hashes":{"SHA-256":"5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8","MD5":"0cc175b9c0f1b6a831c399e269772661"},"parent_directory_ref":"directory--8e2e2d2b-17d4-5cbf-938f-98ee46b3cd3f","contains_refs":["file--11111111-2150-5ad2-a51a-da30d2027f58"],"content_ref":"artifact--22222222-2150-5ad2-a51a-da30d2027f58"}"""));
        Assert.Equal("postinstall.js", file.Name);
        Assert.Equal(1024, file.Size);
        Assert.Equal("text/javascript", file.MimeType);
        Assert.Equal(2, file.Hashes.Count);
        Assert.Equal("0cc175b9c0f1b6a831c399e269772661", file.Hashes["MD5"]);
        Assert.Equal("directory--8e2e2d2b-17d4-5cbf-938f-98ee46b3cd3f", file.ParentDirectoryRef);
        Assert.Single(file.ContainsRefs);
        Assert.Equal("artifact--22222222-2150-5ad2-a51a-da30d2027f58", file.ContentRef);

        var traffic = Assert.IsType<NetworkTraffic>(StixObject.Parse("""{"type":"network-traffic","id":"network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d","src_ref":"ipv4-addr--aaaa0294-86c8-52cc-8448-ba43593736df","dst_ref":"ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df","src_port":49152,"dst_port":443,"protocols":["ipv4","tcp","tls"],"start":"2024-01-01T00:00:00Z","end":"2024-01-01T00:01:00Z","is_active":false}"""));
        Assert.Equal(49152, traffic.SrcPort);
        Assert.Equal(443, traffic.DstPort);
        Assert.Equal(["ipv4", "tcp", "tls"], traffic.Protocols);
        Assert.Equal("ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df", traffic.DstRef);
        Assert.Equal(StixTimestamp.Parse("2024-01-01T00:01:00Z"), traffic.End);
        Assert.False(traffic.IsActive);

        var process = Assert.IsType<ProcessObject>(StixObject.Parse("""{"type":"process","id":"process--f52a906a-0dfc-40bd-92f1-e7778ead38a9","pid":1221,"command_line":"node postinstall.js","cwd":"/tmp","image_ref":"file--78f1c2ed-2150-5ad2-a51a-da30d2027f58","parent_ref":"process--11111111-0dfc-40bd-92f1-e7778ead38a9","creator_user_ref":"user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c"}"""));
        Assert.Equal(1221, process.Pid);
        Assert.Equal("node postinstall.js", process.CommandLine);
        Assert.Equal("/tmp", process.Cwd);
        Assert.Equal("file--78f1c2ed-2150-5ad2-a51a-da30d2027f58", process.ImageRef);
        Assert.NotNull(process.ParentRef);
        Assert.NotNull(process.CreatorUserRef);

        var user = Assert.IsType<UserAccount>(StixObject.Parse("""{"type":"user-account","id":"user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c","user_id":"1001","account_login":"jdoe","account_type":"unix","display_name":"John Doe"}"""));
        Assert.Equal("1001", user.UserId);
        Assert.Equal("jdoe", user.AccountLogin);
        Assert.Equal("unix", user.AccountType);
        Assert.Equal("John Doe", user.DisplayName);

        var key = Assert.IsType<WindowsRegistryKey>(StixObject.Parse("""{"type":"windows-registry-key","id":"windows-registry-key--2ba37ae7-2745-5082-9dfd-9486dad41016","key":"HKEY_LOCAL_MACHINE\\System\\Foo","values":[{"name":"Run","data":"evil.exe","data_type":"REG_SZ"}]}"""));
        Assert.Equal("HKEY_LOCAL_MACHINE\\System\\Foo", key.Key);
        Assert.Equal(("Run", "evil.exe", "REG_SZ"), Assert.Single(key.Values));

        var email = Assert.IsType<EmailAddress>(StixObject.Parse("""{"type":"email-addr","id":"email-addr--2d77a846-6264-5d51-b586-e43822ea1ea3","value":"john@example.com","display_name":"John Doe","belongs_to_ref":"user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c"}"""));
        Assert.Equal("john@example.com", email.Value);
        Assert.Equal("John Doe", email.DisplayName);
        Assert.Equal("user-account--0d5b424b-93b8-5cd8-ac36-306e1789d63c", email.BelongsToRef);

        Assert.IsType<CyberObservable>(StixObject.Parse("""{"type":"mutex","id":"mutex--eba44954-d4e4-5d3b-814c-2b17dd8de300","name":"__CLEANSWEEP__"}"""));
    }
}
