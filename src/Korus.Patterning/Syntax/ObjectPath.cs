using System.Text;

namespace Korus.Patterning.Syntax;

/// <summary>What one step of an object path does.</summary>
public enum PathStepKind
{
    /// <summary><c>.name</c> (or the first property after the colon).</summary>
    Property,

    /// <summary><c>[n]</c>.</summary>
    Index,

    /// <summary><c>[*]</c>.</summary>
    AnyIndex,
}

/// <summary>One step of an object path.</summary>
public readonly record struct PathStep(PathStepKind Kind, string? Name, long Index)
{
    /// <summary>The property name as UTF-8, for lookups without transcoding.</summary>
    internal byte[]? Utf8Name { get; init; }

    /// <summary>Whether the property is a reference (<c>_ref</c>) or list of references (<c>_refs</c>).</summary>
    internal bool IsReference => Name is not null && (Name.EndsWith("_ref", StringComparison.Ordinal) || Name.EndsWith("_refs", StringComparison.Ordinal));

    /// <summary>A property step.</summary>
    public static PathStep Property(string name) => new(PathStepKind.Property, name, 0) { Utf8Name = Encoding.UTF8.GetBytes(name) };
}

/// <summary><c>object-type:property(.property|[n]|[*])*</c>.</summary>
public sealed class ObjectPath
{
    internal ObjectPath(int offset, string objectType, IReadOnlyList<PathStep> steps)
    {
        Offset = offset;
        ObjectType = objectType;
        Steps = steps;
        var last = -1;
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Kind == PathStepKind.Property)
            {
                last = i;
            }
        }

        var lastName = steps[last].Name!;
        Encoding = lastName.EndsWith("_bin", StringComparison.Ordinal) ? ValueEncoding.Base64
            : lastName.EndsWith("_hex", StringComparison.Ordinal) ? ValueEncoding.Hex
            : ValueEncoding.None;
    }

    /// <summary>Where the path starts in the pattern text.</summary>
    public int Offset { get; }

    /// <summary>The object type before the colon.</summary>
    public string ObjectType { get; }

    /// <summary>The steps after the colon; the first is always a property.</summary>
    public IReadOnlyList<PathStep> Steps { get; }

    /// <summary>How the selected values are encoded: <c>_bin</c> properties hold base64, <c>_hex</c> hex.</summary>
    internal ValueEncoding Encoding { get; }

    /// <summary>The path in canonical form.</summary>
    public override string ToString() => CanonicalPrinter.Print(this);
}

/// <summary>How a property's string value encodes bytes.</summary>
internal enum ValueEncoding
{
    None,
    Base64,
    Hex,
}
