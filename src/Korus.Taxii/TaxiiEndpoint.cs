namespace Korus.Taxii;

/// <summary>The TAXII endpoints that take query parameters; each accepts its own set (§3 of the spec notes).</summary>
public enum TaxiiEndpoint
{
    /// <summary>GET {root}/collections/{id}/objects/.</summary>
    Objects,

    /// <summary>GET {root}/collections/{id}/manifest/.</summary>
    Manifest,

    /// <summary>GET {root}/collections/{id}/objects/{object-id}/.</summary>
    SingleObject,

    /// <summary>GET {root}/collections/{id}/objects/{object-id}/versions/.</summary>
    Versions,

    /// <summary>DELETE {root}/collections/{id}/objects/{object-id}/.</summary>
    Delete,
}
