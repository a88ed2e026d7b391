using System.Collections.Frozen;

namespace Korus.Stix.Validation;

/// <summary>What a property's value must be.</summary>
internal enum PropertyKind
{
    String,
    Timestamp,
    Integer,
    Float,
    Boolean,
    Ref,
    RefList,
    StringList,
    OpenVocab,
    OpenVocabList,
    Enum,
    EnumList,
    Dictionary,
    Hashes,
    KillChainPhases,
    ExternalReferences,
    GranularMarkings,
    Extensions,
    Lang,
    Binary,
    Hex,
    Object,
    ObjectList,
    Any,
}

/// <summary>
/// Which objects a reference may point at. Named kinds accept ids of unknown (custom) types too, since
/// a custom type may be of that kind.
/// </summary>
internal enum RefTarget
{
    Types,
    AnyObject,
    DomainObject,
    Observable,
    DomainOrObservable,
    ObservableOrRelationship,
    NotBundleOrLanguageContent,
}

/// <summary>One property's rule in the type catalog.</summary>
internal sealed class PropertySpec
{
    public required PropertyKind Kind { get; init; }

    /// <summary>The rule code reported when the value breaks this spec.</summary>
    public string Code { get; init; } = FindingCodes.PropertyType;

    public FrozenSet<string>? Values
    {
        get;
        init
        {
            field = value;
            ValuesLookup = value?.GetAlternateLookup<ReadOnlySpan<char>>();
        }
    }

    /// <summary><see cref="Values"/> looked up by characters, so a word read from JSON needs no string.</summary>
    public FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>>? ValuesLookup { get; private set; }

    public string? VocabularyName { get; init; }

    public RefTarget Target { get; init; } = RefTarget.AnyObject;

    public FrozenSet<string>? TargetTypes
    {
        get;
        init
        {
            field = value;
            TargetTypesUtf8 = value is null ? null : new Utf8NameTable<string>(value.Select(t => KeyValuePair.Create(t, t)));
        }
    }

    /// <summary><see cref="TargetTypes"/> looked up by raw UTF-8 type name.</summary>
    public Utf8NameTable<string>? TargetTypesUtf8 { get; private set; }

    public double Min { get; init; } = double.MinValue;

    public double Max { get; init; } = double.MaxValue;

    public string Describe() => Kind switch
    {
        PropertyKind.String => "a string",
        PropertyKind.Timestamp => "a timestamp",
        PropertyKind.Integer => "an integer",
        PropertyKind.Float => "a number",
        PropertyKind.Boolean => "a boolean",
        PropertyKind.Ref => "an identifier",
        PropertyKind.RefList => "a list of identifiers",
        PropertyKind.StringList or PropertyKind.OpenVocabList or PropertyKind.EnumList => "a list of strings",
        PropertyKind.OpenVocab or PropertyKind.Enum or PropertyKind.Lang or PropertyKind.Binary or PropertyKind.Hex => "a string",
        PropertyKind.Dictionary or PropertyKind.Hashes or PropertyKind.Extensions or PropertyKind.Object => "an object",
        PropertyKind.KillChainPhases or PropertyKind.ExternalReferences or PropertyKind.GranularMarkings or PropertyKind.ObjectList => "a list of objects",
        _ => "a value",
    };
}
