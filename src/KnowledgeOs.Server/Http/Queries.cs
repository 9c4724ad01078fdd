using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Http;

/// <summary>Checks common query parameters and names the one at fault.</summary>
public static class Queries
{
    /// <summary>Offset and limit within the server's page size limit.</summary>
    /// <exception cref="InputException">Out of range.</exception>
    public static (int Offset, int Limit) Page(int? offset, int? limit, KosServerOptions options)
    {
        var o = offset ?? 0;
        var l = limit ?? options.DefaultPageSize;
        if (o < 0) throw new InputException("offset must be 0 or more.", "offset");
        if (l < 1 || l > options.MaxPageSize) throw new InputException($"limit must be between 1 and {options.MaxPageSize}.", "limit");
        return (o, l);
    }

    /// <summary>Parses <c>asOf</c> (what had happened by then) or <c>recordedAsOf</c> (what had been recorded by then), at most one:
    /// a date-time, or a date meaning the end of that day (UTC), as <c>kos render --as-of</c> (docs/TIME.md).</summary>
    /// <exception cref="InputException">Not a date, or both given.</exception>
    public static AsOf? PointOfView(string? asOf, string? recordedAsOf) => AsOf.Parse(asOf, recordedAsOf, "asOf", "recordedAsOf");

    /// <summary>Checks a route slug before it reaches the store.</summary>
    public static string Slug(string value, string field)
    {
        KnowledgeOs.Experts.ExpertDecider.ValidateSlug(value, field);
        return value;
    }
}
