using System.Globalization;

namespace KnowledgeOs.Server.Http;

/// <summary>
/// ETag = stream version (<c>"12"</c>); <c>If-Match</c> carries the version a client read. A view of what the projections
/// hold (a knowledge base rendered, an expert read) also names the projection generation once a writing rebuild moved it
/// (<c>"12-g3"</c>): a rebuild appends no event, so without it a client holding the old tag would get a stale 304.
/// </summary>
public static class Versions
{
    /// <summary>The ETag of a version.</summary>
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The ETag of a view of a version under a projection generation: the version's own before any rebuild.</summary>
    public static string ViewETag(long version, long generation) => generation == 0
        ? ETag(version)
        : $"\"{version.ToString(CultureInfo.InvariantCulture)}-g{generation.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Sets the ETag header.</summary>
    public static void SetETag(HttpResponse response, long version) => response.Headers.ETag = ETag(version);

    /// <summary>The version named by <c>If-Match</c>, or null when absent or <c>*</c>.</summary>
    /// <exception cref="InputException">The header is not a version ETag.</exception>
    public static long? IfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.Length == 0 || value == "*") return null;
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        value = value.Trim('"');
        // A view's tag names the projection generation too ("12-g3"); the version is what a write is checked against.
        if (value.IndexOf("-g", StringComparison.Ordinal) is var g and > 0
            && long.TryParse(value.AsSpan(g + 2), NumberStyles.None, CultureInfo.InvariantCulture, out _)) value = value[..g];
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 0
            ? version
            : throw InputException.Of($"If-Match '{request.Headers.IfMatch}' is not a version ETag such as \"3\" (take it from the ETag of GET).", "If-Match",
                ErrorCodes.VersionTagInvalid, request.Headers.IfMatch.ToString());
    }

    /// <summary>True when <c>If-None-Match</c> already names this ETag (the client's copy is current).</summary>
    public static bool NotModified(HttpRequest request, string etag)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var v in request.Headers.IfNoneMatch)
        {
            if (v is null) continue;
            foreach (var part in v.Split(','))
            {
                var p = part.Trim();
                if (p == "*" || p == etag || p == "W/" + etag) return true;
            }
        }
        return false;
    }
}
