using Korus.Patterning.Unicode;
using Xunit;

namespace Korus.Patterning.Tests;

public sealed class NfcTests
{
    [Theory]
    [InlineData("cafe\u0301", "caf\u00e9")]
    [InlineData("caf\u00e9", "caf\u00e9")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]
    [InlineData("\uAC00\u11A8", "\uAC01")]
    [InlineData("A\u030A", "\u00C5")]
    [InlineData("\u212B", "\u00C5")]
    [InlineData("q\u0307\u0323", "q\u0323\u0307")]
    [InlineData("\u1E0B\u0323", "\u1E0D\u0307")]
    [InlineData("\u0301a", "\u0301a")]
    [InlineData("e\u0301\u0301", "\u00e9\u0301")]
    [InlineData("\u0958", "\u0915\u093C")]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("\ud83d\ude00e\u0301", "\ud83d\ude00\u00e9")]
    public void Text_is_normalised_to_NFC(string input, string expected)
    {
        Assert.Equal(expected, Nfc.Normalize(input));
    }
}
