using KnowledgeOs.Rendering;

namespace KnowledgeOs.Server.Problems;

/// <summary>
/// The language a client asks its problems in: <c>?lang=ru|en</c>, else the best of Russian and English in
/// <c>Accept-Language</c> by its q-values (<c>ru</c>, <c>ru-RU</c>; <c>q=0</c> refuses one), else English — the language
/// problem+json has always been in, so a client that asks nothing gets the same document as before.
/// </summary>
public static class ProblemLanguage
{
    /// <summary>The language of a request's problem; never throws (a problem is being written already).</summary>
    public static RenderLanguage Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var asked = request.Query["lang"].ToString().Trim().ToLowerInvariant();
        if (asked is "ru") return RenderLanguage.Ru;
        if (asked is "en") return RenderLanguage.En;
        IList<Microsoft.Net.Http.Headers.StringWithQualityHeaderValue> ranges;
        try
        {
            ranges = request.GetTypedHeaders().AcceptLanguage;
        }
        catch (FormatException)
        {
            return RenderLanguage.En;
        }
        // The highest q wins; among equal ones the first listed (a stable sort keeps the header's order).
        var best = ranges
            .Select(r => (Tag: r.Value.ToString().ToLowerInvariant(), Q: r.Quality ?? 1))
            .Where(r => r.Q > 0 && (Is(r.Tag, "ru") || Is(r.Tag, "en")))
            .OrderByDescending(r => r.Q)
            .FirstOrDefault();
        return best.Tag is { } tag && Is(tag, "ru") ? RenderLanguage.Ru : RenderLanguage.En;
    }

    private static bool Is(string tag, string language) => tag == language || tag.StartsWith(language + "-", StringComparison.Ordinal);
}
