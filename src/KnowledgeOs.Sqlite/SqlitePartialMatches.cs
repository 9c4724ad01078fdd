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
    // Most group instances a level's FTS5 query may hold (its k-subsets × k): every level of a query of up to six words.
    private const int MaxLevelGroups = 64;

    /// <summary>
    /// The partial step when every query word is frequent. Level k is the documents holding at least k of the n words
    /// (each k-subset of the groups AND-ed, the subsets OR-ed): ANDs of frequent words are bounded by their overlap,
    /// where counting each word's documents is not. Levels are read from the top, each a ranked window that grows 8×
    /// while the page is not full; the next level is read only when a level's window held all its matches, so every
    /// document holding more words is in hand before any holding fewer, and each document's score comes from the
    /// level of its own count. Past six words the lower levels would take too many subsets: the last level read is
    /// then the best-ranked window of items holding any word, as before levels existed.
    /// </summary>
    /// <param name="sql">The windowed statement over <c>$level</c>, its rows flagged (<c>in_any</c> = 1) so they count.</param>
    /// <param name="top">The kept items holding every word when step 2's window held them all, else null.</param>
    private async Task<IReadOnlyList<SearchHit>> FrequentLevelsAsync(SqliteConnection db, QueryPlan plan, string sql, List<(string, object)> parameters,
        List<(SearchHit Hit, string Terms)>? top, long first, SearchQuery query, CancellationToken ct)
    {
        var wanted = query.Offset + query.Limit;
        var found = top ?? [];
        var seen = found.Select(c => (c.Hit.Expert, c.Hit.ItemId)).ToHashSet();
        parameters.Add(("$level", ""));
        var n = plan.Groups.Count;
        for (var k = top is null ? n : n - 1; k >= 1; k--)
        {
            var level = AtLeast(plan.Groups, k);
            if (level is null) (k, level) = (1, AtLeast(plan.Groups, 1)!);
            parameters[^1] = ("$level", level);
            for (var window = first; ; window *= 8)
            {
                var (candidates, rows) = await CandidatesAsync(db, sql, parameters, window, query.Team, ct);
                var added = candidates.Where(c => !seen.Contains((c.Item1.Expert, c.Item1.ItemId))).ToList();
                if (found.Count + added.Count >= wanted) return SearchTerms.Rank(plan, [.. found, .. added], query.Offset, query.Limit);
                if (rows < window)
                {
                    // The level is complete (and the page not full): keep all of it and read the next.
                    found.AddRange(added);
                    foreach (var (hit, _) in added) seen.Add((hit.Expert, hit.ItemId));
                    break;
                }
            }
        }
        return SearchTerms.Rank(plan, found, query.Offset, query.Limit);
    }

    /// <summary>An FTS5 query for the documents holding at least <paramref name="k"/> of the groups, or null when it would hold too many.</summary>
    private static string? AtLeast(IReadOnlyList<QueryGroup> groups, int k)
    {
        if (k == 1) return MatchAny(groups);
        var subsets = Subsets(groups.Count, k).Take(MaxLevelGroups / k + 1).ToList();
        if (subsets.Count * k > MaxLevelGroups) return null;
        return string.Join(" OR ", subsets.Select(s => "(" + string.Join(" AND ", s.Select(i => Group(groups[i]))) + ")"));
    }

    // The k-subsets of 0..n-1 as index lists, in lexicographic order (stops early: the caller bounds their number).
    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        var pick = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return [.. pick];
            var i = k - 1;
            while (i >= 0 && pick[i] == n - k + i) i--;
            if (i < 0) yield break;
            pick[i]++;
            for (var j = i + 1; j < k; j++) pick[j] = pick[j - 1] + 1;
        }
    }

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
