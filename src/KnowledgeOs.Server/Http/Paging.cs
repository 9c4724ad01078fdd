using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;

namespace KnowledgeOs.Server.Http;

/// <summary>A checked <c>limit</c> and <c>cursor</c> of one list.</summary>
/// <param name="List">The list's name (inside its cursors).</param>
/// <param name="Limit">Items per page, within the server's bounds.</param>
/// <param name="After">The sort key the page starts after; null for the first page.</param>
public sealed record PageRequest(string List, int Limit, string? After)
{
    /// <summary>The key the page starts after, parsed as the list's key type; <paramref name="first"/> for the first page.</summary>
    /// <exception cref="InputException">A cursor whose key is not of that type (field <c>cursor</c>).</exception>
    public TKey AfterKey<TKey>(TKey first) where TKey : IParsable<TKey> =>
        After is null ? first
        : TKey.TryParse(After, CultureInfo.InvariantCulture, out var key) ? key
        : throw PageCursor.Malformed(PageCursor.Encode(List, After));
}

/// <summary>Cursor paging, once for every list endpoint: reads <c>limit</c> and <c>cursor</c>, slices, and links the next page.</summary>
public static class Paging
{
    /// <summary>Checks <c>limit</c> (default and maximum from the server options) and <c>cursor</c>.</summary>
    /// <exception cref="InputException">limit out of range, or a malformed cursor.</exception>
    public static PageRequest Read(string list, int? limit, string? cursor, KosServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var l = limit ?? options.DefaultPageSize;
        if (l < 1 || l > options.MaxPageSize)
            throw InputException.Of($"limit must be between 1 and {options.MaxPageSize} (default {options.DefaultPageSize}).", "limit",
                ErrorCodes.NumberNotBetween, "limit", "1", options.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new PageRequest(list, l, PageCursor.Decode(cursor, list));
    }

    /// <summary>The page after the cursor of a list kept in memory, ordered by a unique key.</summary>
    public static Page<TView> Slice<TSource, TKey, TView>(IEnumerable<TSource> source, Func<TSource, TKey> keyOf, IComparer<TKey> order,
        Func<TSource, TView> view, PageRequest request, HttpContext http) where TKey : IParsable<TKey>
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = request.After is not null;
        var after = request.AfterKey(default(TKey)!);
        var rest = source.Where(s => !started || order.Compare(keyOf(s), after) > 0).OrderBy(keyOf, order).Take(request.Limit + 1).ToList();
        var page = rest.Take(request.Limit).ToList();
        var cursor = rest.Count > request.Limit ? PageCursor.Encode(request.List, Key(keyOf(page[^1]))) : null;
        return Respond(http, [.. page.Select(view)], cursor, cursor is not null);
    }

    /// <summary>A page with its cursor: sets <c>next</c> and the <c>Link</c> header when there is more.</summary>
    public static Page<T> Respond<T>(HttpContext http, IReadOnlyList<T> items, string? cursor, bool more)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!more || cursor is null) return new Page<T>(items, null, cursor);
        var next = NextUrl(http.Request, cursor);
        http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        return new Page<T>(items, next, cursor);
    }

    /// <summary>This request's path and query with <c>cursor</c> set (and <c>after</c>, which it replaces, dropped).</summary>
    private static string NextUrl(HttpRequest request, string cursor)
    {
        var query = new QueryBuilder();
        foreach (var (name, values) in request.Query)
        {
            if (name is "cursor" or "after") continue;
            foreach (var value in values) query.Add(name, value ?? "");
        }
        query.Add("cursor", cursor);
        return request.PathBase.Add(request.Path).ToUriComponent() + query.ToQueryString().ToUriComponent();
    }

    private static string Key<TKey>(TKey key) => Convert.ToString(key, CultureInfo.InvariantCulture) ?? "";
}
