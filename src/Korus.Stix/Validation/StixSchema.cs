namespace Korus.Stix.Validation;

/// <summary>
/// What the validator's catalog knows about STIX 2.1 types, for other parts that check references to
/// them (the patterning engine checks object paths and hash constants against it).
/// </summary>
public static class StixSchema
{
    /// <summary>Whether <paramref name="type"/> is one of the STIX 2.1 cyber-observable types.</summary>
    public static bool IsCyberObservable(string type) => TypeCatalog.KindOf(type) == StixKind.Observable;

    /// <summary>
    /// Whether the STIX 2.1 type <paramref name="type"/> defines the top-level property
    /// <paramref name="property"/> (common properties included); null when the type is not a STIX 2.1 type.
    /// </summary>
    public static bool? DefinesProperty(string type, string property)
    {
        ArgumentNullException.ThrowIfNull(property);
        if (!TypeCatalog.Lookup.TryGetValue(type, out var spec))
        {
            return null;
        }

        return spec.Lookup.ContainsKey(property)
            || (spec.Kind == StixKind.Observable ? TypeCatalog.CustomObservable : TypeCatalog.CustomDomain).ContainsKey(property);
    }

    /// <summary>
    /// The number of hexadecimal digits a hash of the named algorithm has (MD5 32, SHA-1 40, SHA-256 and
    /// SHA3-256 64, SHA-512 and SHA3-512 128); -1 for SSDEEP and TLSH, whose values are not fixed-length
    /// hex; 0 for a name outside hash-algorithm-ov.
    /// </summary>
    public static int HashHexLength(ReadOnlySpan<byte> algorithm) => algorithm switch
    {
        _ when algorithm.SequenceEqual("MD5"u8) => 32,
        _ when algorithm.SequenceEqual("SHA-1"u8) => 40,
        _ when algorithm.SequenceEqual("SHA-256"u8) || algorithm.SequenceEqual("SHA3-256"u8) => 64,
        _ when algorithm.SequenceEqual("SHA-512"u8) || algorithm.SequenceEqual("SHA3-512"u8) => 128,
        _ when algorithm.SequenceEqual("SSDEEP"u8) || algorithm.SequenceEqual("TLSH"u8) => -1,
        _ => 0,
    };
}
