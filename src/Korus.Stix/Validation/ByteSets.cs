using System.Buffers;

namespace Korus.Stix.Validation;

/// <summary>Character sets the validator searches UTF-8 values with.</summary>
internal static class ByteSets
{
    public static readonly SearchValues<byte> Hex = SearchValues.Create("0123456789abcdefABCDEF"u8);

    public static readonly SearchValues<byte> DictionaryKey = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"u8);

    public static readonly SearchValues<byte> Digits = SearchValues.Create("0123456789"u8);

    public static readonly SearchValues<byte> LowerHyphenated = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-"u8);
}
