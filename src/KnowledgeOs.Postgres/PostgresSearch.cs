using System.Text;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Postgres;

/// <summary>Full-text search on the GIN-indexed tsvector the item rows carry (ts_rank ranking).</summary>
public sealed partial class PostgresEventStore : ISearchIndex
{
    /// <inheritdoc/>
    public Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var terms = SearchTerms.Check(query);
        var sql = new StringBuilder("""
            SELECT i.expert, i.item_id, i.section, i.text, i.status, i.confirmations, ts_rank(i.search, q) AS rank
            FROM items i, to_tsquery('simple'::regconfig, @match) q
            WHERE i.team = @team AND i.search @@ q
            """);
        var parameters = new List<(string, object)> { ("match", Match(terms, query.Prefix)), ("team", query.Team) };
        if (!query.IncludeRetracted) sql.Append(" AND i.status = 'active'");
        if (query.Experts is { Count: > 0 } experts)
        {
            sql.Append(" AND i.expert = ANY(@experts)");
            parameters.Add(("experts", experts.Distinct(StringComparer.Ordinal).ToArray()));
        }
        if (query.Sections is { Count: > 0 } sections)
        {
            sql.Append(" AND i.section = ANY(@sections)");
            parameters.Add(("sections", sections.Distinct().Select(s => s.Code()).ToArray()));
        }
        // Ties break on the item's identity so pages are stable.
        sql.Append(" ORDER BY rank DESC, i.expert, i.item_id LIMIT @limit OFFSET @offset");
        parameters.Add(("limit", query.Limit));
        parameters.Add(("offset", query.Offset));
        return ReadAsync<IReadOnlyList<SearchHit>>(async (db, token) =>
        {
            await using var command = Query(db, sql.ToString(), [.. parameters]);
            await using var reader = await command.ExecuteReaderAsync(token);
            var hits = new List<SearchHit>();
            while (await reader.ReadAsync(token))
            {
                SectionCatalog.TryParse(reader.GetString(2), out var section);
                hits.Add(new SearchHit(query.Team, reader.GetString(0), reader.GetString(1), section, reader.GetString(3), reader.GetString(4),
                    reader.GetInt32(5), reader.GetFloat(6)));
            }
            return hits;
        }, ct);
    }

    /// <summary>A tsquery: every term quoted and AND-ed, the last one a prefix (<c>:*</c>) when asked.</summary>
    private static string Match(IReadOnlyList<string> terms, bool prefix)
    {
        var match = new StringBuilder();
        for (var i = 0; i < terms.Count; i++)
        {
            if (i > 0) match.Append(" & ");
            match.Append('\'').Append(terms[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal)).Append('\'');
            if (prefix && i == terms.Count - 1) match.Append(":*");
        }
        return match.ToString();
    }
}
