using System.Globalization;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>The steps of a search whose few matches are scored in C# (<see cref="SqliteBm25"/>) instead of by FTS5's ranking.</summary>
public sealed partial class SqliteEventStore
{
    /// <summary>
    /// One step of the plan: its matches listed unranked (at most the window and one more); when they fit the window,
    /// every one is joined to its item row and scored in C# with FTS5's bm25 formula, so FTS5 does not read each query
    /// phrase's documents to weigh it; otherwise FTS5 ranks its best window as before. Either way the same items with
    /// the same scores: all the matches when they fit the window, the best window when they do not.
    /// </summary>
    /// <returns>The kept candidates and how many matches the window held (before the filters).</returns>
    private async Task<(List<(SearchHit, string)> Candidates, long Rows)> ScoredStepAsync(SqliteConnection db, string match, IReadOnlyList<QueryAlternative> phrases,
        FrequentWordBounds kept, string rankedSql, string scoredSql, List<(string, object)> parameters, long window, string team, CancellationToken ct)
    {
        var docs = await DocsAsync(db, match, window + 1, ct);
        if (docs.Count > window) return await CandidatesAsync(db, rankedSql, parameters, window, team, ct);
        if (docs.Count == 0) return ([], 0);
        parameters[parameters.FindIndex(p => p.Item1 == "$scored")] = ("$scored", "[" + string.Join(',', docs.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]");
        var (candidates, _) = await CandidatesAsync(db, scoredSql, parameters, window, team, ct);
        if (candidates.Count == 0) return ([], docs.Count);
        try
        {
            var stats = await SqliteBm25.ReadStatsAsync(db, ct);
            var idf = await SqliteBm25.IdfAsync(db, stats, phrases, kept.Terms, Phrase, ct);
            return ([.. candidates.Select(c => (c.Item1 with
            {
                Score = SqliteBm25.Score(phrases, idf, stats.AverageLength, c.Item2.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
            }, c.Item2))], docs.Count);
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Map(Path, ex);
        }
    }

    /// <summary>The kept counts of the terms a plan names (<see cref="SqliteTermDocs"/>).</summary>
    private async Task<FrequentWordBounds> KeptCountsAsync(SqliteConnection db, QueryPlan plan, CancellationToken ct)
    {
        try
        {
            return await SqliteTermDocs.ReadAsync(db, plan.Groups, ct);
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Map(Path, ex);
        }
    }

    /// <summary>The documents matching, unranked, at most <paramref name="limit"/> of them.</summary>
    private async Task<List<long>> DocsAsync(SqliteConnection db, string match, long limit, CancellationToken ct)
    {
        await using var command = Query(db, "SELECT rowid FROM search_fts WHERE search_fts MATCH $match LIMIT $n", ("$match", match), ("$n", limit));
        var docs = new List<long>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) docs.Add(reader.GetInt64(0));
        }
        catch (SqliteException ex)
        {
            throw SqliteErrors.Map(Path, ex);
        }
        return docs;
    }
}
