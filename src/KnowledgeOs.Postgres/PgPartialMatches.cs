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
    /// items hold): one index scan of <c>@any</c>, each item's groups counted on its own tsvector (one <c>@@</c> per
    /// group, no ranking), and the window of those holding the most (with the whole last count reached) ranked by
    /// <c>ts_rank</c> against <c>@any</c>. Adds a parameter per group.
    /// </summary>
    private static string MostGroupsSql(IReadOnlyList<QueryGroup> groups, string filter, List<(string, object)> parameters)
    {
        var queries = new StringBuilder();
        var held = new StringBuilder();
        for (var i = 0; i < groups.Count; i++)
        {
            var name = "g" + i.ToString(CultureInfo.InvariantCulture);
            queries.Append($", to_tsquery('simple'::regconfig, @{name}) {name}");
            held.Append(i > 0 ? " + " : "").Append($"(i.search @@ {name})::int");
            parameters.Add((name, Group(groups[i])));
        }
        return $"""
            WITH held AS MATERIALIZED (SELECT i.expert, i.item_id, i.section, i.text, i.status, i.confirmations, i.terms, i.search, {held} AS n
                FROM items i, to_tsquery('simple'::regconfig, @any) q{queries} WHERE {filter}),
            cut AS (SELECT coalesce((SELECT n FROM held ORDER BY n DESC LIMIT 1 OFFSET @window - 1), 0) AS n)
            SELECT m.expert, m.item_id, m.section, m.text, m.status, m.confirmations, m.terms, ts_rank(m.search, q) AS rank
            FROM held m, to_tsquery('simple'::regconfig, @any) q
            WHERE m.n >= (SELECT n FROM cut)
            ORDER BY m.n DESC, rank DESC, m.expert, m.item_id LIMIT @window
            """;
    }
}
