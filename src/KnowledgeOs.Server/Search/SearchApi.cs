using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Server.Http;
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
                "filter by expert and section (repeat or comma-separate), include retracted items, let the last word match as a prefix.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return team;
    }

    /// <summary>GET search.</summary>
    public static async Task<Ok<SearchResults>> Search(string team, string? q, string[]? expert, string[]? section, bool? includeRetracted,
        bool? prefix, int? offset, int? limit, ISearchIndex index, KosServerOptions options, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var (o, l) = Queries.Page(offset, limit, options);
        var sections = Split(section).Select(s => SectionCatalog.TryParse(s, out var kind) ? kind
            : throw new InputException($"Unknown section '{s}' (expected {SectionCatalog.Codes}).", "section")).ToList();
        var query = new SearchQuery(team, q ?? "", Split(expert), sections, includeRetracted ?? false, prefix ?? false, l, o);
        var hits = await index.SearchAsync(query, ct);
        return TypedResults.Ok(new SearchResults(q ?? "", [.. hits.Select(SearchHitView.Of)], o, l));
    }

    private static List<string> Split(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}

/// <summary>A page of search hits.</summary>
/// <param name="Query">The query as given.</param>
/// <param name="Hits">Hits, best first.</param>
/// <param name="Offset">Hits skipped.</param>
/// <param name="Limit">Hits asked for at most.</param>
public sealed record SearchResults(string Query, IReadOnlyList<SearchHitView> Hits, int Offset, int Limit);

/// <summary>One hit.</summary>
/// <param name="Expert">Expert slug.</param>
/// <param name="ItemId">Item id (GET /experts/{expert}/items/{itemId}).</param>
/// <param name="Section">Section code.</param>
/// <param name="Text">Item text as shown.</param>
/// <param name="Status"><c>active</c> or <c>retracted</c>.</param>
/// <param name="Confirmations">Later confirmations.</param>
/// <param name="Score">Relevance, higher is better (comparable within one response).</param>
/// <param name="Matches">Which query words the item matched and how (stem, glossary, teamGlossary, transliteration); more words rank first.</param>
/// <param name="Kind"><c>item</c>, or <c>task</c> for a task's task-level knowledge (section <c>task</c>, item id <c>task:</c> and the task id).</param>
/// <param name="TaskId">The task of a task hit; null for an item.</param>
/// <param name="Experts">The experts who took part in the task of a task hit; null for an item.</param>
/// <param name="Usefulness">The item's usefulness factor already in the score, when not 1; null otherwise (docs/RETRIEVAL.md, "Usefulness").</param>
public sealed record SearchHitView(string Expert, string ItemId, string Section, string Text, string Status, int Confirmations, double Score,
    IReadOnlyList<TermMatch> Matches, string Kind, string? TaskId, IReadOnlyList<string>? Experts, double? Usefulness)
{
    /// <summary>The view of a hit.</summary>
    public static SearchHitView Of(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new SearchHitView(hit.Expert, hit.ItemId, hit.SectionCode, hit.Text, hit.Status.Code(), hit.Confirmations, Math.Round(hit.Score, 6),
            hit.Matches ?? [], hit.Kind == SearchHitKind.Task ? "task" : "item", hit.TaskId, hit.TaskExperts,
            hit.Usefulness == 1 ? null : Math.Round(hit.Usefulness, 4));
    }
}
