using System.Buffers;

namespace Korus.Patterning;

/// <summary>Character sets used when checking and decoding constants.</summary>
internal static class CharSets
{
    public static readonly SearchValues<char> Hex = SearchValues.Create("0123456789abcdefABCDEF");

    public static readonly SearchValues<char> TypeName = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");
}
