using System.Text.Json.Serialization;

namespace Korus.Taxii;

/// <summary>The discovery resource (GET /taxii2/).</summary>
public sealed record TaxiiDiscovery(
    string Title,
    string? Description,
    string? Contact,
    string? Default,
    IReadOnlyList<string>? ApiRoots);

/// <summary>An API root resource.</summary>
public sealed record TaxiiApiRoot(
    string Title,
    string? Description,
    IReadOnlyList<string> Versions,
    long MaxContentLength);

/// <summary>A collection resource, as a given caller sees it.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The TAXII specification's name for the resource.")]
public sealed record TaxiiCollection(
    string Id,
    string Title,
    string? Description,
    string? Alias,
    bool CanRead,
    bool CanWrite,
    IReadOnlyList<string>? MediaTypes);

/// <summary>The collections resource; <see cref="Collections"/> is omitted when there are none.</summary>
public sealed record TaxiiCollections(IReadOnlyList<TaxiiCollection>? Collections);

/// <summary>One entry of a status resource's successes, failures or pendings.</summary>
public sealed record TaxiiStatusDetails(string Id, string Version, string? Message);

/// <summary>The status resource of an add-objects request.</summary>
public sealed record TaxiiStatus(
    string Id,
    string Status,
    string? RequestTimestamp,
    int TotalCount,
    int SuccessCount,
    IReadOnlyList<TaxiiStatusDetails>? Successes,
    int FailureCount,
    IReadOnlyList<TaxiiStatusDetails>? Failures,
    int PendingCount,
    IReadOnlyList<TaxiiStatusDetails>? Pendings);

/// <summary>One manifest record: one stored object version.</summary>
public sealed record TaxiiManifestRecord(string Id, string DateAdded, string Version, string? MediaType);

/// <summary>The manifest resource (Korus adds <see cref="Next"/>, which clients may ignore).</summary>
public sealed record TaxiiManifest(bool? More, string? Next, IReadOnlyList<TaxiiManifestRecord>? Objects);

/// <summary>The versions resource (Korus adds <see cref="Next"/>).</summary>
public sealed record TaxiiVersions(bool? More, string? Next, IReadOnlyList<string>? Versions);

/// <summary>The error resource; <see cref="HttpStatus"/> is a string equal to the HTTP status code.</summary>
public sealed record TaxiiError(
    string Title,
    string? Description,
    string? ErrorId,
    string? ErrorCode,
    string? HttpStatus,
    string? ExternalDetails,
    IReadOnlyDictionary<string, string>? Details);

/// <summary>Source-generated JSON for the TAXII resources: snake_case names, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(TaxiiDiscovery))]
[JsonSerializable(typeof(TaxiiApiRoot))]
[JsonSerializable(typeof(TaxiiCollections))]
[JsonSerializable(typeof(TaxiiCollection))]
[JsonSerializable(typeof(TaxiiStatus))]
[JsonSerializable(typeof(TaxiiManifest))]
[JsonSerializable(typeof(TaxiiVersions))]
[JsonSerializable(typeof(TaxiiError))]
public sealed partial class TaxiiJsonContext : JsonSerializerContext;

/// <summary>The TAXII JSON context to use: <see cref="TaxiiJsonContext"/> with relaxed escaping, so '+' and quotes stay readable.</summary>
public static class TaxiiJson
{
    /// <summary>The shared context instance.</summary>
    public static TaxiiJsonContext Context { get; } = new(new System.Text.Json.JsonSerializerOptions(TaxiiJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
