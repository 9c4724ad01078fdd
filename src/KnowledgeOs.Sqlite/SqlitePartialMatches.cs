using System.Globalization;
using System.Text;
using KnowledgeOs.Retrieval;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// The partial-match step of a search: the documents holding the most query words are chosen first, by counting
/// without ranking, and only they are ranked, so an item matching more words is never hidden behind better-scored
/// items matching fewer.
/// </summary>
public sealed partial class SqliteEventStore
{
    /// <summary>
    /// Each document holding any of the groups, with how many of them it holds, most first. Every group here is one
    /// that at most <see cref="SearchTerms.FrequentWord"/> documents hold, so the rows are bounded and read unranked.
    /// </summary>
    private async Task<List<(long Doc, int Groups)>> GroupCountsAsync(SqliteConnection db, IReadOnlyList<string> groups, CancellationToken ct)
    {
        var matches = new StringBuilder();
        var parameters = new (string, object)[groups.Count];
        for (var i = 0; i < groups.Count; i++)
        {
            var name = "$g" + i.ToString(CultureInfo.InvariantCulture);
            if (i > 0) matches.Append(" UNION ALL ");
            matches.Append("SELECT rowid AS doc FROM search_fts WHERE search_fts MATCH ").Append(name);
            parameters[i] = (name, groups[i]);
        }
        await using var command = Query(db, $"SELECT doc, count(*) AS n FROM ({matches}) GROUP BY doc ORDER BY n DESC", parameters);
        var counts = new List<(long, int)>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) counts.Add((reader.GetInt64(0), reader.GetInt32(1)));
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Map(Path, ex);
        }
        return counts;
    }

    /// <summary>
    /// The documents holding the most groups: the first <paramref name="window"/> of them and the rest of the last
    /// count taken, as a JSON array; those holding more than that last count, as another; whether any are left out.
    /// The search keeps the latter and the best-ranked of the former up to the window.
    /// </summary>
    private static (string Docs, string Above, bool More) MostGroups(List<(long Doc, int Groups)> counts, long window)
    {
        if (counts.Count == 0) return ("[]", "[]", false);
        var last = counts[(int)Math.Min(window, counts.Count) - 1].Groups;
        var taken = 0;
        while (taken < counts.Count && counts[taken].Groups >= last) taken++;
        var docs = new StringBuilder("[");
        var above = new StringBuilder("[");
        for (var i = 0; i < taken; i++)
        {
            var doc = counts[i].Doc.ToString(CultureInfo.InvariantCulture);
            docs.Append(i > 0 ? "," : "").Append(doc);
            if (counts[i].Groups > last) above.Append(above.Length > 1 ? "," : "").Append(doc);
        }
        return (docs.Append(']').ToString(), above.Append(']').ToString(), window < counts.Count);
    }
}
