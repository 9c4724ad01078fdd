using KnowledgeOs.Experts;
using System.Globalization;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.OpenApi;
using KnowledgeOs.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeOs.Server.Search;

/// <summary>Full-text search over a team's knowledge items and task-level knowledge, on the store's own index (read-your-writes), ranked with usefulness.</summary>
public static class SearchApi
{
    /// <summary>Maps <c>GET /search</c> under a team group.</summary>
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder team)
    {
        team.MapGet("/search", Search).WithName("Search").WithSummary("Search items").WithTags("Search")
            .WithDescription("Items whose words match every word of q in any of its Russian or English forms, best first; " +
                "filter by expert and section (repeat or comma-separate), include retracted items, let the last word match as a prefix; paged (limit, cursor).")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return team;
    }

    /// <summary>GET search.</summary>
    public static async Task<Ok<Page<SearchHitView>>> Search(string team, string? q, string[]? expert, string[]? section, bool? includeRetracted,
        bool? prefix, int? limit, string? cursor, ISearchIndex index, KosServerOptions options, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var page = Paging.Read("search", limit, cursor, options);
        // Hits are ranked by relevance, which every write can change, so there is no sort key to resume after: the
        // cursor holds the rank reached (docs/API.md says what that means for a list read while it changes).
        var skip = page.AfterKey(0);
        if (skip < 0) throw PageCursor.Malformed(cursor!);
        var sections = Split(section).Select(s => SectionCatalog.ParseInput(s, "section")).ToList();
        var query = new SearchQuery(team, q ?? "", Split(expert), sections, includeRetracted ?? false, prefix ?? false, page.Limit + 1, skip);
        var hits = await index.SearchAsync(query, ct);
        var more = hits.Count > page.Limit;
        var shown = skip + Math.Min(hits.Count, page.Limit);
        return TypedResults.Ok(Paging.Respond(http, [.. hits.Take(page.Limit).Select(SearchHitView.Of)],
            more ? PageCursor.Encode(page.List, shown.ToString(CultureInfo.InvariantCulture)) : null, more));
    }

    private static List<string> Split(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}

/// <summary>One hit.</summary>
/// <param name="Expert">Expert slug.</param>
/// <param name="ItemId">Item id (GET /experts/{expert}/items/{itemId}).</param>
/// <param name="Section">Section code.</param>
/// <param name="Text">Item text as shown.</param>
/// <param name="Status"><c>active</c> or <c>retracted</c>.</param>
/// <param name="Confirmations">Later confirmations.</param>
/// <param name="Score">Relevance, higher is better (comparable within one response).</param>
/// <param name="Matches">Which query words the item matched and how (stem, lemma, glossary, teamGlossary, transliteration); more words rank first.</param>
/// <param name="Kind"><c>item</c>, or <c>task</c> for a task's task-level knowledge (section <c>task</c>, item id <c>task:</c> and the task id).</param>
/// <param name="TaskId">The task of a task hit; null for an item.</param>
/// <param name="Experts">The experts who took part in the task of a task hit; null for an item.</param>
/// <param name="Usefulness">The item's usefulness factor already in the score, when not 1; null otherwise (docs/RETRIEVAL.md, "Usefulness").</param>
/// <param name="Vector">Found by meaning: the cosine of the item's vector with the query's, when the server has embeddings and the vector side found the hit
/// (with no <c>matches</c>, by meaning alone); null otherwise (docs/EMBEDDINGS.md).</param>
public sealed record SearchHitView(string Expert, string ItemId, string Section, string Text, ItemStatus Status, int Confirmations, double Score,
    IReadOnlyList<TermMatch> Matches, string Kind, string? TaskId, IReadOnlyList<string>? Experts, double? Usefulness, double? Vector = null)
{
    /// <summary>The view of a hit.</summary>
    public static SearchHitView Of(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new SearchHitView(hit.Expert, hit.ItemId, hit.SectionCode, hit.Text, hit.Status, hit.Confirmations, Math.Round(hit.Score, 6),
            hit.Matches ?? [], hit.Kind == SearchHitKind.Task ? "task" : "item", hit.TaskId, hit.TaskExperts,
            hit.Usefulness == 1 ? null : Math.Round(hit.Usefulness, 4), VectorSimilarity.Shown(hit.Similarity));
    }
}
