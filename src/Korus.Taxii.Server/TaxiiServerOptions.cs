namespace Korus.Taxii.Server;

/// <summary>Settings of the TAXII endpoints; <see cref="Check"/> reports every bad one at once.</summary>
public sealed record TaxiiServerOptions
{
    /// <summary>The default largest request body: 10 MiB.</summary>
    public const long DefaultMaxContentLength = 10 * 1024 * 1024;

    /// <summary>The default (and largest) page: 5,000 objects.</summary>
    public const int DefaultPageSize = 5000;

    /// <summary>The discovery title.</summary>
    public string Title { get; init; } = "Korus node";

    /// <summary>The discovery and API-root description.</summary>
    public string? Description { get; init; } = "A Korus node: STIX 2.1 threat intelligence shared over TAXII 2.1.";

    /// <summary>Who to contact about this node.</summary>
    public string? Contact { get; init; }

    /// <summary>The API root's path segment: the API root is <c>/{ApiRoot}/</c>.</summary>
    public string ApiRoot { get; init; } = "api";

    /// <summary>Largest request body in bytes (TAXII max_content_length); a larger POST gets 413.</summary>
    public long MaxContentLength { get; init; } = DefaultMaxContentLength;

    /// <summary>Most objects on one page, whatever limit the client asks for.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Every problem with these settings (empty when they are usable).</summary>
    public IReadOnlyList<string> Check()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Title))
        {
            problems.Add("Title is empty; TAXII discovery requires one.");
        }

        if (Storage.StoreNames.CheckCollectionId(ApiRoot, "API root name") is { } rootProblem || ApiRoot == "taxii2")
        {
            problems.Add($"ApiRoot '{ApiRoot}' is not usable: letters, digits, '-', '_' and '.', and not 'taxii2'.");
        }

        if (MaxContentLength < 1024)
        {
            problems.Add($"MaxContentLength {MaxContentLength} is below 1024 bytes.");
        }

        if (PageSize < 1)
        {
            problems.Add($"PageSize {PageSize} is below 1.");
        }

        return problems;
    }
}
