using System.Globalization;
using System.Text;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>Full-text search on the FTS5 index the writer keeps beside the item rows (words matched, then BM25).</summary>
public sealed partial class SqliteEventStore : ISearchIndex
{
    // The first window of best-ranked matches (of each of the two queries) that the filters are applied to.
    private const int FirstWindow = 256;

    /// <inheritdoc/>
    /// <remarks>
    /// Candidates come from the FTS index alone: the best-ranked window of items holding every query word (each word
    /// any of its alternatives) and the best-ranked window of items holding any of them; only those windows are joined
    /// to the item rows (by their search document id) and filtered. CROSS JOIN fixes the join order (SQLite's planner
    /// otherwise walked every item row and probed the window). <see cref="SearchTerms.Rank"/> then orders them by words
    /// matched and BM25. When the filters leave fewer hits than asked for and a window was full, the windows grow and
    /// the query runs again.
    /// </remarks>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var plan = SearchTerms.Check(query);
        var keep = new StringBuilder("i.team = $team");
        var parameters = new List<(string, object)> { ("$all", MatchAll(plan)), ("$any", ""), ("$stems", MatchStems(plan)), ("$team", query.Team) };
        if (!query.IncludeRetracted) keep.Append(" AND i.status = 'active'");
        In(keep, parameters, "i.expert", "$e", query.Experts?.Distinct(StringComparer.Ordinal).ToList() ?? []);
        In(keep, parameters, "i.section", "$s", query.Sections?.Distinct().Select(s => s.Code()).ToList() ?? []);
        // rank (bm25) is lower for better matches. Each window's rows all come back with a keep flag, so one statement
        // tells both the candidates and whether a window held every match (its row count).
        static string Window(string match, int inAny) =>
            $"SELECT * FROM (SELECT rowid AS doc, rank, {inAny} AS in_any FROM search_fts WHERE search_fts MATCH {match} ORDER BY rank LIMIT $window)";
        string Sql(string from) => $"""
            WITH top AS (SELECT doc, min(rank) AS rank, max(in_any) AS in_any FROM ({from}) GROUP BY doc)
            SELECT i.expert, i.item_id, i.section, i.text, i.status, i.confirmations, i.terms, top.rank, {keep} AS keep, top.in_any
            FROM top CROSS JOIN items i ON i.doc = top.doc
            """;
        parameters.Add(("$window", 0));
        parameters.Add(("$scored", "[]"));
        // The documents listed in $scored, each joined to its item row, scored afterwards in C# (ScoredStepAsync).
        const string Scored = "SELECT value AS doc, 0.0 AS rank, 1 AS in_any FROM json_each($scored)";

        await using var db = await OpenReadAsync(ct);
        var wanted = query.Offset + query.Limit;
        var first = Math.Max(FirstWindow, 4L * wanted);
        // Items holding every word as written (or a form of it) rank first of all (SearchTerms.Rank), so when they fill
        // the page nothing else can change it: the plain AND of the words, as cheap as before translations existed.
        // Next, items holding every word through any alternative; only when those do not fill the page either does the
        // "any" query run, whose ranking must score every item holding any alternative of any word.
        // Each of these two steps first lists its matches unranked: when they fit the window, they are scored in C#
        // (ScoredStepAsync), since FTS5's ranking reads every document of each query phrase to weigh it.
        var bounds = await KeptCountsAsync(db, plan, ct);
        var (exact, _) = await ScoredStepAsync(db, MatchStems(plan), [.. plan.Groups.Select(g => g.Alternatives[0])], bounds,
            Sql(Window("$stems", 0)), Sql(Scored), parameters, first, query.Team, ct);
        if (exact.Count >= wanted) return SearchTerms.Rank(plan, exact, query.Offset, query.Limit);
        var (full, fullRows) = await ScoredStepAsync(db, MatchAll(plan), [.. plan.Groups.SelectMany(g => g.Alternatives)], bounds,
            Sql(Window("$all", 1)), Sql(Scored), parameters, first, query.Team, ct);
        if (full.Count >= wanted) return SearchTerms.Rank(plan, full, query.Offset, query.Limit);
        // Partial matches only through the words few items hold: the kept term counts tell, or when their bounds do not
        // settle it, a count that stops early (no ranking).
        var frequent = new List<bool>();
        foreach (var group in plan.Groups) frequent.Add(bounds.Frequent(group, _frequentWord) ?? await MoreMatchesThanAsync(db, Group(group), _frequentWord, ct));
        var partial = SearchTerms.PartialGroups(plan, frequent);
        parameters[1] = ("$any", MatchAny(partial));
        if (frequent.Contains(false))
        {
            // Every partial group is rare: count the groups each document holds (unranked), rank only those holding most.
            var counts = await GroupCountsAsync(db, [.. partial.Select(Group)], ct);
            parameters.Add(("$docs", ""));
            parameters.Add(("$above", ""));
            // One scan ("+rowid": no rowid lookup per document) ranks the documents holding the most groups; those above
            // the window's last count come first, then the best-ranked of that count, so only a window is read and ranked.
            var most = Sql(Window("$all", 0) + " UNION ALL SELECT doc, rank, in_any FROM (SELECT rowid AS doc, rank, 1 AS in_any,"
                + " rowid IN (SELECT value FROM json_each($above)) AS above FROM search_fts WHERE search_fts MATCH $any"
                + " AND +rowid IN (SELECT value FROM json_each($docs)) ORDER BY above DESC, rank LIMIT $window)");
            for (var window = first; ; window *= 8)
            {
                var (docs, above, more) = MostGroups(counts, window);
                parameters[^2] = ("$docs", docs);
                parameters[^1] = ("$above", above);
                var (candidates, _) = await CandidatesAsync(db, most, parameters, window, query.Team, ct);
                if (candidates.Count >= wanted || !more) return SearchTerms.Rank(plan, candidates, query.Offset, query.Limit);
            }
        }
        // Every word is frequent, so counting the documents of each is unbounded: the levels of words matched are read
        // from the top instead (SqlitePartialMatches), step 2's window standing for the top level when it held every match.
        return await FrequentLevelsAsync(db, plan, Sql(Window("$level", 1)), parameters, fullRows < first ? full : null, first, query, ct);
    }

    /// <summary>The kept candidates of one statement, and how many rows came from the "any" window.</summary>
    private async Task<(List<(SearchHit, string)> Candidates, long Any)> CandidatesAsync(SqliteConnection db, string sql, List<(string, object)> parameters,
        long window, string team, CancellationToken ct)
    {
        await using var command = Query(db, sql, [.. parameters]);
        command.Parameters["$window"].Value = window;
        var candidates = new List<(SearchHit, string)>();
        long any = 0;
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                any += reader.GetInt64(9);
                if (reader.GetInt64(8) == 0) continue;
                SectionCatalog.TryParse(reader.GetString(2), out var section);
                candidates.Add((new SearchHit(team, reader.GetString(0), reader.GetString(1), section, reader.GetString(3), ItemStatuses.FromStored(reader.GetString(4)),
                    reader.GetInt32(5), -reader.GetDouble(7)), reader.GetString(6)));
            }
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Map(Path, ex);
        }
        return (candidates, any);
    }

    /// <summary>An FTS5 query holding every group: each group its alternatives OR-ed, the groups AND-ed.</summary>
    internal static string MatchAll(QueryPlan plan) => string.Join(" AND ", plan.Groups.Select(Group));

    // One query word: its alternatives OR-ed.
    private static string Group(QueryGroup group) => "(" + string.Join(" OR ", group.Alternatives.Select(Phrase)) + ")";

    /// <summary>An FTS5 query holding every query word as written (each group's own term, AND-ed).</summary>
    internal static string MatchStems(QueryPlan plan) => string.Join(" AND ", plan.Groups.Select(g => Phrase(g.Alternatives[0])));

    /// <summary>An FTS5 query holding any alternative of any of the groups.</summary>
    private static string MatchAny(IReadOnlyList<QueryGroup> groups) =>
        string.Join(" OR ", groups.SelectMany(g => g.Alternatives).DistinctBy(a => (string.Join(' ', a.Terms), a.Prefix)).Select(Phrase));

    /// <summary>True when the match has more rows than <paramref name="count"/> (counted without ranking, stopping there).</summary>
    private async Task<bool> MoreMatchesThanAsync(SqliteConnection db, string match, long count, CancellationToken ct)
    {
        await using var command = Query(db, "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH $match LIMIT $n)",
            ("$match", match), ("$n", count + 1));
        try
        {
            return (long)(await command.ExecuteScalarAsync(ct))! > count;
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Map(Path, ex);
        }
    }

    // A quoted FTS5 phrase (its terms adjacent, in order), the last term a prefix when asked.
    internal static string Phrase(QueryAlternative alternative) =>
        "\"" + string.Join(' ', alternative.Terms.Select(t => t.Replace("\"", "\"\"", StringComparison.Ordinal))) + "\"" + (alternative.Prefix ? "*" : "");

    private static void In(StringBuilder sql, List<(string, object)> parameters, string column, string prefix, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return;
        sql.Append(" AND ").Append(column).Append(" IN (");
        for (var i = 0; i < values.Count; i++)
        {
            var name = prefix + i.ToString(CultureInfo.InvariantCulture);
            if (i > 0) sql.Append(", ");
            sql.Append(name);
            parameters.Add((name, values[i]));
        }
        sql.Append(')');
    }
}
