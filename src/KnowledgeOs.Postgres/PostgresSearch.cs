using System.Text;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Postgres;

/// <summary>Full-text search on the GIN-indexed tsvector the item rows carry (words matched, then ts_rank).</summary>
public sealed partial class PostgresEventStore : ISearchIndex
{
    // Candidates read from each of the two queries ("all words", "any word") before ranking by words matched.
    private const int Window = 256;

    // Most query words whose pairs are looked for (28 pairs); a longer query goes to the partial step directly.
    private const int MaxPairedGroups = 8;

    /// <inheritdoc/>
    /// <remarks>
    /// Candidate windows, filtered in the query, each step only when the ones before fall short of the page: items
    /// holding every word as written, every word through any alternative, at least two words (three to eight words),
    /// then the partial step (docs/SEARCH.md, "How it is kept"). <see cref="SearchTerms.Rank"/> orders their union by
    /// words matched, then by ts_rank, as SQLite does with BM25.
    /// </remarks>
    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var plan = SearchTerms.Check(query);
        var filter = new StringBuilder("i.team = @team AND i.search @@ q");
        var parameters = new List<(string, object)> { ("all", MatchAll(plan)), ("any", ""), ("stems", MatchStems(plan)), ("team", query.Team) };
        if (!query.IncludeRetracted) filter.Append(" AND i.status = 'active'");
        if (query.Experts is { Count: > 0 } experts)
        {
            filter.Append(" AND i.expert = ANY(@experts)");
            parameters.Add(("experts", experts.Distinct(StringComparer.Ordinal).ToArray()));
        }
        if (query.Sections is { Count: > 0 } sections)
        {
            filter.Append(" AND i.section = ANY(@sections)");
            parameters.Add(("sections", sections.Distinct().Select(s => s.Code()).ToArray()));
        }
        string Select(string match) =>
            $"SELECT i.expert, i.item_id, i.section, i.text, i.status, i.confirmations, i.terms, ts_rank(i.search, q) AS rank FROM items i, to_tsquery('simple'::regconfig, @{match}) q WHERE {filter} ORDER BY rank DESC, i.expert, i.item_id LIMIT @window";
        var all = Select("all");
        var wanted = query.Offset + query.Limit;
        parameters.Add(("window", Math.Max(Window, 4 * wanted)));
        return ReadAsync<IReadOnlyList<SearchHit>>(async (db, token) =>
        {
            // Items holding every word as written rank first of all: when they fill the page, the plain AND decides it.
            // Then items holding every word through any alternative; the costlier "any" query runs only when both fall short.
            var candidates = await CandidatesAsync(db, Select("stems"), parameters, query.Team, token);
            if (candidates.Count >= wanted) return SearchTerms.Rank(plan, candidates, query.Offset, query.Limit);
            candidates = await CandidatesAsync(db, all, parameters, query.Team, token);
            if (candidates.Count >= wanted) return SearchTerms.Rank(plan, candidates, query.Offset, query.Limit);
            // Items holding at least two of the words, frequent or not (the index intersects their postings): every
            // one of them comes before every item holding one word, so when they fill the page they are the page,
            // and no word's frequency needs counting. With two words, "two of them" is the "all" step just run.
            if (plan.Groups.Count is > 2 and <= MaxPairedGroups)
            {
                var pairs = new List<(string, object)>(parameters) { ("pairs", MatchPairs(plan.Groups)) };
                pairs[pairs.FindIndex(p => p.Item1 == "any")] = ("any", MatchAny(plan.Groups));
                candidates.AddRange(await CandidatesAsync(db, MostGroupsSql(plan.Groups, filter.ToString(), pairs, scan: "pairs"), pairs, query.Team, token));
                if (candidates.DistinctBy(c => (c.Item1.Expert, c.Item1.ItemId)).Count() >= wanted) return SearchTerms.Rank(plan, candidates, query.Offset, query.Limit);
            }
            // Partial matches only through the words few items hold (a count that stops early, no ranking).
            var frequent = new List<bool>();
            foreach (var group in plan.Groups) frequent.Add(await MoreMatchesThanAsync(db, query.Team, Group(group), _options.FrequentWord, token));
            var any = parameters.FindIndex(p => p.Item1 == "any");
            var partial = SearchTerms.PartialGroups(plan, frequent);
            parameters[any] = ("any", MatchAny(partial));
            // Some words rare: rank only the items holding the most of them; every word frequent: the best-ranked items
            // holding any (those holding two or more are already among the candidates).
            var step = frequent.Contains(false) ? MostGroupsSql(partial, filter.ToString(), parameters) : Select("any");
            candidates.AddRange(await CandidatesAsync(db, step, parameters, query.Team, token));
            // The "all" rows come first: where an item is in both, its rank there is kept (the union is de-duplicated).
            return SearchTerms.Rank(plan, candidates, query.Offset, query.Limit);
        }, ct);
    }

    private async Task<List<(SearchHit, string)>> CandidatesAsync(Npgsql.NpgsqlConnection db, string sql, List<(string, object)> parameters, string team,
        CancellationToken ct)
    {
        await using var command = Query(db, sql, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var candidates = new List<(SearchHit, string)>();
        while (await reader.ReadAsync(ct))
        {
            SectionCatalog.TryParse(reader.GetString(2), out var section);
            candidates.Add((new SearchHit(team, reader.GetString(0), reader.GetString(1), section, reader.GetString(3), ItemStatuses.FromStored(reader.GetString(4)),
                reader.GetInt32(5), reader.GetFloat(7)), reader.GetString(6)));
        }
        return candidates;
    }

    /// <summary>A tsquery holding every group: each group its alternatives OR-ed, the groups AND-ed.</summary>
    private static string MatchAll(QueryPlan plan) => string.Join(" & ", plan.Groups.Select(Group));

    // One query word: its alternatives OR-ed.
    private static string Group(QueryGroup group) => "(" + string.Join(" | ", group.Alternatives.Select(Phrase)) + ")";

    /// <summary>A tsquery holding every query word as written (each group's own term, AND-ed).</summary>
    private static string MatchStems(QueryPlan plan) => string.Join(" & ", plan.Groups.Select(g => Phrase(g.Alternatives[0])));

    /// <summary>A tsquery holding any alternative of any of the groups.</summary>
    private static string MatchAny(IReadOnlyList<QueryGroup> groups) =>
        string.Join(" | ", groups.SelectMany(g => g.Alternatives).DistinctBy(a => (string.Join(' ', a.Terms), a.Prefix)).Select(Phrase));

    /// <summary>True when more than <paramref name="count"/> of the team's items match (counted without ranking, stopping there).</summary>
    private static async Task<bool> MoreMatchesThanAsync(Npgsql.NpgsqlConnection db, string team, string match, long count, CancellationToken ct)
    {
        await using var command = Query(db,
            "SELECT count(*) FROM (SELECT 1 FROM items i WHERE i.team = @team AND i.search @@ to_tsquery('simple'::regconfig, @match) LIMIT @n) x",
            ("team", team), ("match", match), ("n", count + 1));
        return (long)(await command.ExecuteScalarAsync(ct))! > count;
    }

    // A phrase: its terms quoted and adjacent (<->), the last one a prefix (:*) when asked.
    private static string Phrase(QueryAlternative alternative)
    {
        var parts = alternative.Terms.Select((t, i) =>
            "'" + t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'"
            + (alternative.Prefix && i == alternative.Terms.Count - 1 ? ":*" : ""));
        return alternative.Terms.Count == 1 ? parts.Single() : "(" + string.Join(" <-> ", parts) + ")";
    }
}
