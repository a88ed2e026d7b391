using System.Globalization;

namespace Korus.Stix.Json;

/// <summary>Builds the JSON paths that findings carry (<c>$.objects[3].valid_until</c>).</summary>
public static class JsonPath
{
    /// <summary>The path of the element at <paramref name="index"/> of a container.</summary>
    public static string Element(StixContainerKind container, int index) => container switch
    {
        StixContainerKind.Bundle => string.Create(CultureInfo.InvariantCulture, $"$.objects[{index}]"),
        StixContainerKind.Array => string.Create(CultureInfo.InvariantCulture, $"$[{index}]"),
        _ => "$",
    };

    /// <summary>Appends a property name, bracket-quoting names that are not plain identifiers.</summary>
    public static string Property(string parent, string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-'))
            {
                return parent + "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
            }
        }

        return name.Length == 0 ? parent + "['']" : parent + "." + name;
    }

    /// <summary>Appends an array index.</summary>
    public static string Index(string parent, int index) => string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");
}
