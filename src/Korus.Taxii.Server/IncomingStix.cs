using System.Globalization;
using System.Text;
using System.Text.Json;
using Korus.Stix;
using Korus.Stix.Validation;
using Korus.Storage;

namespace Korus.Taxii.Server;

/// <summary>
/// One incoming STIX object described for the store after validation, wherever it comes from (a TAXII
/// POST, a pull from a partner): valid objects are described by <see cref="ObjectVersion.Describe"/>;
/// an invalid one becomes a rejected item whose reason lists the validator's errors.
/// </summary>
public static class IncomingStix
{
    /// <summary>Validates <paramref name="element"/> (its exact bytes are <paramref name="json"/>); <paramref name="findings"/> is scratch space, cleared first.</summary>
    public static IncomingObject Describe(JsonElement element, ReadOnlyMemory<byte> json, string position, StixValidator validator, List<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(findings);
        findings.Clear();
        if (validator.Validate(element, "$." + position, findings))
        {
            return ObjectVersion.Describe(element, json, position);
        }

        var id = element.TryGetProperty("id"u8, out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : position;
        var version = element.TryGetProperty("modified"u8, out var modified) && modified.ValueKind == JsonValueKind.String ? modified.GetString()
            : element.TryGetProperty("created"u8, out var created) && created.ValueKind == JsonValueKind.String ? created.GetString() : null;
        return IncomingObject.Rejected(id, version, Reasons(findings));
    }

    private static string Reasons(List<Finding> findings)
    {
        var text = new StringBuilder("Invalid STIX: ");
        var shown = 0;
        var errors = 0;
        foreach (var finding in findings)
        {
            if (!finding.IsError)
            {
                continue;
            }

            errors++;
            if (shown < 5)
            {
                text.Append(shown == 0 ? "" : "; ").Append(finding.Code).Append(" at ").Append(finding.Path).Append(": ").Append(finding.Message);
                shown++;
            }
        }

        if (errors > shown)
        {
            text.Append(CultureInfo.InvariantCulture, $"; and {errors - shown} more");
        }

        return text.ToString();
    }
}
