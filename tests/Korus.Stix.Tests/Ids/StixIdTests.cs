using System.Text;
using Xunit;

namespace Korus.Stix.Tests.Ids;

/// <summary>Identifier syntax on UTF-8: the fast shape check against the platform's own UUID parser.</summary>
public sealed class StixIdTests
{
    [Theory]
    [InlineData("indicator--8519a9b8-859a-422b-a091-725567948417", true, 4)]
    [InlineData("indicator--8519A9B8-859A-422B-A091-725567948417", true, 4)]
    [InlineData("file--95a480f2-39e2-51ad-ac69-ae1417855710", true, 5)]
    [InlineData("indicator--8519a9b8-859a-422b-a091-72556794841", false, 0)]
    [InlineData("indicator--8519a9b8-859a-422b-a091-7255679484177", false, 0)]
    [InlineData("indicator--8519a9b8-859a-422b-a091_725567948417", false, 0)]
    [InlineData("indicator--8519a9b8-859a-422b-a091-72556794841g", false, 0)]
    [InlineData("indicator--g519a9b8-859a-422b-a091-725567948417", false, 0)]
    [InlineData("indicator--8519a9b8-859a-622b-a091-725567948417", false, 0)]
    [InlineData("indicator--8519a9b8-859a-422b-c091-725567948417", false, 0)]
    [InlineData("Indicator--8519a9b8-859a-422b-a091-725567948417", false, 0)]
    public void Identifiers_are_parsed_from_utf8(string id, bool valid, int version)
    {
        Assert.Equal(valid, StixId.TryParseUtf8(Encoding.UTF8.GetBytes(id), out var typeLength, out var uuidVersion));
        if (valid)
        {
            Assert.Equal(id.IndexOf("--", StringComparison.Ordinal), typeLength);
            Assert.Equal(version, uuidVersion);
        }
    }

    [Fact]
    public void The_uuid_check_agrees_with_the_platform_parser_on_every_single_byte_change()
    {
        // Every position of a valid UUID replaced by bytes around the edges of the hex ranges, hyphens,
        // and non-ASCII bytes: accepted exactly when Guid.TryParseExact("D") accepts the text and the
        // version and variant are RFC 4122's.
        var uuid = Encoding.ASCII.GetBytes("8519a9b8-859a-422b-a091-725567948417");
        byte[] probes = [(byte)'0', (byte)'9', (byte)'/', (byte)':', (byte)'a', (byte)'f', (byte)'g', (byte)'`', (byte)'A', (byte)'F', (byte)'G', (byte)'@', (byte)'-', (byte)' ', 0x00, 0x7F, 0x80, 0xC1, 0xE1, 0xFF];
        for (var position = 0; position < uuid.Length; position++)
        {
            foreach (var probe in probes)
            {
                var changed = (byte[])uuid.Clone();
                changed[position] = probe;
                var id = Encoding.ASCII.GetBytes("indicator--").Concat(changed).ToArray();
                var text = Encoding.Latin1.GetString(changed);
                var expected = Guid.TryParseExact(text, "D", out _)
                    && text[14] is >= '1' and <= '5'
                    && text[19] is '8' or '9' or 'a' or 'b' or 'A' or 'B';
                Assert.True(expected == StixId.TryParseUtf8(id, out _, out _), $"position {position}, byte 0x{probe:x2}");
            }
        }
    }
}
