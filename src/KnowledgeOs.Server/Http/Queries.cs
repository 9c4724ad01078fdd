using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Http;

/// <summary>Checks common query parameters and names the one at fault.</summary>
public static class Queries
{
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
