using System.Globalization;
using System.Text;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>Full-text search on the FTS5 index the writer keeps beside the item rows (BM25 ranking).</summary>
public sealed partial class SqliteEventStore : ISearchIndex
{
    // The first window of best-ranked matches that the filters (team, status, expert, section) are applied to.
    private const int FirstWindow = 256;

    /// <inheritdoc/>
    /// <remarks>
    /// CROSS JOIN fixes the join order (SQLite's planner otherwise walked every item row and probed the window).
    /// Ranking runs on the FTS index alone, over a window of the best matches, and only that window is joined to
    /// the item rows (by their search document id): joining every match of a frequent word before sorting cost most of a slow query. When the
    /// filters leave fewer hits than asked for and the window was full, the window grows and the query runs again,
    /// so the hits are exactly those of ranking every match.
    /// </remarks>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var terms = SearchTerms.Check(query);
        // The window's rows all come back through the joins with a keep flag, so one statement tells both the page
        // (kept rows) and whether the window held every match (its row count).
        var keep = new StringBuilder("i.team = $team");
        var parameters = new List<(string, object)> { ("$match", Match(terms, query.Prefix)), ("$team", query.Team) };
        if (!query.IncludeRetracted) keep.Append(" AND i.status = 'active'");
        In(keep, parameters, "i.expert", "$e", query.Experts?.Distinct(StringComparer.Ordinal).ToList() ?? []);
        In(keep, parameters, "i.section", "$s", query.Sections?.Distinct().Select(s => s.Code()).ToList() ?? []);
        // rank (bm25) is lower for better matches; ties break on the item's identity so pages are stable.
        var sql = $"""
            WITH top AS (SELECT rowid AS doc, rank FROM search_fts WHERE search_fts MATCH $match ORDER BY rank LIMIT $window),
            candidates AS (
                SELECT i.expert, i.item_id, i.section, i.text, i.status, i.confirmations, top.rank, count(*) OVER () AS seen, {keep} AS keep
                FROM top CROSS JOIN items i ON i.doc = top.doc)
            SELECT expert, item_id, section, text, status, confirmations, rank, seen FROM candidates WHERE keep
            ORDER BY rank, expert, item_id LIMIT $limit OFFSET $offset
            """;
        parameters.Add(("$limit", query.Limit));
        parameters.Add(("$offset", query.Offset));
        parameters.Add(("$window", 0));

        await using var db = await OpenReadAsync(ct);
        var wanted = query.Offset + query.Limit;
        for (long window = Math.Max(FirstWindow, 4L * wanted); ; window *= 8)
        {
            await using var command = Query(db, sql, [.. parameters]);
            command.Parameters["$window"].Value = window;
            var hits = new List<SearchHit>();
            long seen = -1;
            try
            {
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    SectionCatalog.TryParse(reader.GetString(2), out var section);
                    hits.Add(new SearchHit(query.Team, reader.GetString(0), reader.GetString(1), section, reader.GetString(3), reader.GetString(4),
                        reader.GetInt32(5), -reader.GetDouble(6)));
                    seen = reader.GetInt64(7);
                }
            }
            catch (SqliteException ex)
            {
                throw SqliteErrors.Map(Path, ex);
            }
            // A full page, or a window that held every match: nothing outside the window can change the answer.
            if (hits.Count == query.Limit || (seen >= 0 && seen < window)) return hits;
            // Nothing kept: only a separate count can tell whether the window held every match.
            if (seen < 0 && !await MoreMatchesThanAsync(db, (string)parameters[0].Item2, window, ct)) return hits;
        }
    }

    /// <summary>True when the match has more rows than a window held (the window was full), false when it held them all.</summary>
    private static async Task<bool> MoreMatchesThanAsync(SqliteConnection db, string match, long window, CancellationToken ct)
    {
        await using var command = Query(db, "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH $match LIMIT $n)",
            ("$match", match), ("$n", window + 1));
        return (long)(await command.ExecuteScalarAsync(ct))! > window;
    }

    /// <summary>An FTS5 query: every term a quoted string (implicit AND), the last one a prefix when asked.</summary>
    private static string Match(IReadOnlyList<string> terms, bool prefix)
    {
        var match = new StringBuilder();
        for (var i = 0; i < terms.Count; i++)
        {
            if (i > 0) match.Append(' ');
            match.Append('"').Append(terms[i].Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            if (prefix && i == terms.Count - 1) match.Append('*');
        }
        return match.ToString();
    }

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
