using System.Globalization;
using System.Text;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>Full-text search on the FTS5 index the writer keeps beside the item rows (BM25 ranking).</summary>
public sealed partial class SqliteEventStore : ISearchIndex
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var terms = SearchTerms.Check(query);
        var sql = new StringBuilder("""
            SELECT d.expert, d.item_id, i.section, i.text, i.status, i.confirmations, bm25(search_fts) AS rank
            FROM search_fts
            JOIN search_docs d ON d.doc = search_fts.rowid
            JOIN items i ON i.team = d.team AND i.expert = d.expert AND i.item_id = d.item_id
            WHERE search_fts MATCH $match AND d.team = $team
            """);
        var parameters = new List<(string, object)> { ("$match", Match(terms, query.Prefix)), ("$team", query.Team) };
        if (!query.IncludeRetracted) sql.Append(" AND i.status = 'active'");
        In(sql, parameters, "d.expert", "$e", query.Experts?.Distinct(StringComparer.Ordinal).ToList() ?? []);
        In(sql, parameters, "i.section", "$s", query.Sections?.Distinct().Select(s => s.Code()).ToList() ?? []);
        // bm25() is lower for better matches; ties break on the item's identity so pages are stable.
        sql.Append(" ORDER BY rank, d.expert, d.item_id LIMIT $limit OFFSET $offset");
        parameters.Add(("$limit", query.Limit));
        parameters.Add(("$offset", query.Offset));

        await using var db = await OpenReadAsync(ct);
        await using var command = Query(db, sql.ToString(), [.. parameters]);
        var hits = new List<SearchHit>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                SectionCatalog.TryParse(reader.GetString(2), out var section);
                hits.Add(new SearchHit(query.Team, reader.GetString(0), reader.GetString(1), section, reader.GetString(3), reader.GetString(4),
                    reader.GetInt32(5), -reader.GetDouble(6)));
            }
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Map(Path, ex);
        }
        return hits;
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
