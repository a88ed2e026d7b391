using System.Text.Json;
using Korus.Stix.Json;

namespace Korus.Stix.Identifiers;

/// <summary>Looks up an object's top-level properties by UTF-8 name.</summary>
internal interface IJsonProperties
{
    /// <summary>The property's value, when present.</summary>
    bool TryGet(ReadOnlySpan<byte> utf8Name, out JsonItem value);
}
