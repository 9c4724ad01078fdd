using System.Globalization;

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

    /// <summary>Parses <c>asOf</c>: a date-time, or a date meaning the end of that day (UTC), as <c>kos render --as-of</c>.</summary>
    /// <exception cref="InputException">Not a date.</exception>
    public static DateTimeOffset? AsOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        throw new InputException($"asOf '{value}' is not a date or date-time (e.g. 2026-03-01 or 2026-03-01T12:00:00Z).", "asOf");
    }

    /// <summary>Checks a route slug before it reaches the store.</summary>
    public static string Slug(string value, string field)
    {
        KnowledgeOs.Experts.ExpertDecider.ValidateSlug(value, field);
        return value;
    }
}
