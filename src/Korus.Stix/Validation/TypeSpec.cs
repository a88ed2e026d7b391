using System.Collections.Frozen;

namespace Korus.Stix.Validation;

/// <summary>A STIX type's rules: its kind, its properties and which are required, and its own checks.</summary>
internal sealed class TypeSpec
{
    public required string Name { get; init; }

    public required StixKind Kind { get; init; }

    public required FrozenDictionary<string, PropertySpec> Properties
    {
        get;
        init
        {
            field = value;
            Lookup = value.GetAlternateLookup<ReadOnlySpan<char>>();
            Utf8Properties = new Utf8NameTable<PropertySpec>(value);
        }
    }

    public FrozenDictionary<string, PropertySpec>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; private set; }

    /// <summary>The same properties, looked up by raw UTF-8 name.</summary>
    public Utf8NameTable<PropertySpec> Utf8Properties { get; private set; } = null!;

    public required string[] Required
    {
        get;
        init
        {
            field = value;
            RequiredUtf8 = [.. value.Select(System.Text.Encoding.UTF8.GetBytes)];
        }
    }

    /// <summary><see cref="Required"/> as UTF-8, for lookups without transcoding.</summary>
    public byte[][] RequiredUtf8 { get; private set; } = [];

    /// <summary>Checks that involve several properties or the type's own logic.</summary>
    public Action<ObjectCheck>? Rules { get; init; }
}
