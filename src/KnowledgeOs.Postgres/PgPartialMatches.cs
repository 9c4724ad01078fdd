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
    /// A statement over the filtered items <paramref name="scan"/> matches (a tsquery parameter): one index scan, each
    /// item's groups counted on its own tsvector (one <c>@@</c> per group, no ranking), and the window of those holding
    /// the most (with the whole last count reached) ranked by <c>ts_rank</c> against <c>@any</c>. Only the ids, the
    /// counts and the tsvectors are held while counting; the text and terms are read for the window alone.
    /// Adds a parameter per group.
    /// </summary>
    private static string MostGroupsSql(IReadOnlyList<QueryGroup> groups, string filter, List<(string, object)> parameters, string scan = "any")
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
            WITH held AS MATERIALIZED (SELECT i.ctid AS id, i.expert, i.item_id, i.search, {held} AS n
                FROM items i, to_tsquery('simple'::regconfig, @{scan}) q{queries} WHERE {filter}),
            cut AS (SELECT coalesce((SELECT n FROM held ORDER BY n DESC LIMIT 1 OFFSET @window - 1), 0) AS n),
            best AS (SELECT m.id, m.expert, m.item_id, m.n, ts_rank(m.search, r) AS rank FROM held m, to_tsquery('simple'::regconfig, @any) r
                WHERE m.n >= (SELECT n FROM cut) ORDER BY m.n DESC, rank DESC, m.expert, m.item_id LIMIT @window)
            SELECT i.expert, i.item_id, i.section, i.text, i.status, i.confirmations, i.terms, b.rank
            FROM best b JOIN items i ON i.ctid = b.id
            ORDER BY b.n DESC, b.rank DESC, b.expert, b.item_id
            """;
    }

    /// <summary>A tsquery of the items holding at least two of the groups: every pair of groups AND-ed, the pairs OR-ed.</summary>
    private static string MatchPairs(IReadOnlyList<QueryGroup> groups) =>
        string.Join(" | ", groups.SelectMany((a, i) => groups.Skip(i + 1).Select(b => $"({Group(a)} & {Group(b)})")));
}
