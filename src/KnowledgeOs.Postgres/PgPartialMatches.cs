using System.Globalization;
using System.Text;
using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Postgres;

/// <summary>
/// The partial-match step of a search: the items holding the most query words are chosen first, by counting
/// without ranking, and only they are ranked, so an item matching more words is never hidden behind better-ranked
/// items matching fewer.
/// </summary>
public sealed partial class PostgresEventStore
{
    /// <summary>
    /// A statement over the filtered items holding any of the groups (each at most <see cref="SearchTerms.FrequentWord"/>
    /// items hold): each group is matched on its own without ranking, the items are counted per group held, and the
    /// window of those holding the most (with the whole last count reached) is ranked by <c>ts_rank</c> against
    /// <c>@any</c>. Adds a parameter per group.
    /// </summary>
    private static string MostGroupsSql(IReadOnlyList<QueryGroup> groups, string filter, List<(string, object)> parameters)
    {
        var hits = new StringBuilder();
        for (var i = 0; i < groups.Count; i++)
        {
            var name = "g" + i.ToString(CultureInfo.InvariantCulture);
            if (i > 0) hits.Append(" UNION ALL ");
            hits.Append($"SELECT i.expert, i.item_id FROM items i, to_tsquery('simple'::regconfig, @{name}) q WHERE {filter}");
            parameters.Add((name, Group(groups[i])));
        }
        return $"""
            WITH held AS (SELECT expert, item_id, count(*) AS n FROM ({hits}) h GROUP BY expert, item_id),
            cut AS (SELECT coalesce((SELECT n FROM held ORDER BY n DESC LIMIT 1 OFFSET @window - 1), 0) AS n)
            SELECT i.expert, i.item_id, i.section, i.text, i.status, i.confirmations, i.terms, ts_rank(i.search, q) AS rank
            FROM held m JOIN items i ON i.team = @team AND i.expert = m.expert AND i.item_id = m.item_id, to_tsquery('simple'::regconfig, @any) q
            WHERE m.n >= (SELECT n FROM cut)
            ORDER BY m.n DESC, rank DESC, i.expert, i.item_id LIMIT @window
            """;
    }
}
