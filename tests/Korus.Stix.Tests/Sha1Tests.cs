using System.Security.Cryptography;
using System.Text;
using Korus.Stix.Identifiers;
using Xunit;

namespace Korus.Stix.Tests;

/// <summary>The managed SHA-1 behind UUIDv5 agrees with the FIPS 180 vectors and the platform's SHA-1 at every length.</summary>
public sealed class Sha1Tests
{
    [Theory]
    [InlineData("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1")]
    public void Known_vectors(string input, string hex)
    {
        Span<byte> digest = stackalloc byte[20];
        Sha1.HashData(Encoding.ASCII.GetBytes(input), digest);
        Assert.Equal(hex, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void Agrees_with_the_platform_at_every_length_up_to_300()
    {
        var random = new Random(1234);
        Span<byte> mine = stackalloc byte[20];
        Span<byte> theirs = stackalloc byte[20];
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Sha1.HashData(data, mine);
#pragma warning disable CA5350 // Comparing against the platform implementation.
            SHA1.HashData(data, theirs);
#pragma warning restore CA5350
            Assert.True(mine.SequenceEqual(theirs), $"length {length}");
        }
    }

    [Fact]
    public void Uuid5_matches_rfc_example()
    {
        // uuid5(NAMESPACE_DNS, "python.org") as published with Python's uuid module.
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal("886313e1-3b8a-5372-9b90-0c9aee199e5d", Uuid5.Format(Uuid5.Create(dns, "python.org"u8)));
    }
}
