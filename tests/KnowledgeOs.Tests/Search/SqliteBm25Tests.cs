using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Search;

/// <summary>
/// bm25 scored in C# (<see cref="SqliteBm25"/>, with single terms' document counts from the kept <c>term_docs</c>)
/// equals FTS5's own <c>bm25()</c> on a real SQLite file: repeated terms, glossary phrases, prefixes, two teams (FTS5's
/// row count and document counts are over the whole index).
/// </summary>
public sealed class SqliteBm25Tests : IDisposable
{
    private readonly SqliteTestStores _stores = new();
    private readonly FakeTimeProvider _clock = new(KnowledgeOs.Tests.Storage.Domain.Start);

    private static CancellationToken Ct => CancellationToken.None;

    [Theory]
    [InlineData("ретраи идемпотентность", false)]
    [InlineData("горячий путь latency", false)]
    [InlineData("retries retry", false)]
    [InlineData("ключ идемпот", true)]
    [InlineData("hot pat", true)]
    public async Task Scores_equal_fts5s_bm25(string text, bool prefix)
    {
        await using (var store = await _stores.CreateAsync(_clock))
        {
            var service = new KnowledgeService(store, _clock);
            foreach (var team in new[] { "atra", "other" })
                await service.OnboardAsync(team, new OnboardExpert("igor", "Igor", "Backend Developer", "ATRA"), "manual:test", Ct);
            string[] texts =
            [
                "Ретраи без ключа идемпотентности дают двойные списания",
                "Ретраи ретраи ретраи и ещё раз ретраи: ключ идемпотентности обязателен",
                "Retries must carry an idempotency key; retries retries",
                "Горячий путь: снизить латентность, hot path latency budget",
                "Hot path profiling cuts latency on the hot path of every request",
                "Ключи идемпотентности хранятся сутки",
            ];
            for (var i = 0; i < texts.Length; i++)
                await service.AddAsync(i % 2 == 0 ? "atra" : "other", "igor", new AddKnowledge(SectionKind.Learned, texts[i]), "task:T-1", Ct);
        }
        SqliteConnection.ClearAllPools();
        await using var db = new SqliteConnection($"Data Source={_stores.Path};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        var plan = SearchTerms.Check(new SearchQuery("atra", text, Prefix: prefix));
        var kept = await SqliteTermDocs.ReadAsync(db, plan.Groups, Ct);
        var stats = await SqliteBm25.ReadStatsAsync(db, Ct);
        var compared = 0;
        foreach (var (match, phrases) in new[]
        {
            (SqliteEventStore.MatchStems(plan), plan.Groups.Select(g => g.Alternatives[0]).ToList()),
            (SqliteEventStore.MatchAll(plan), plan.Groups.SelectMany(g => g.Alternatives).ToList()),
            (string.Join(" OR ", plan.Groups.SelectMany(g => g.Alternatives).Select(SqliteEventStore.Phrase)), plan.Groups.SelectMany(g => g.Alternatives).ToList()),
        })
        {
            var idf = await SqliteBm25.IdfAsync(db, stats, phrases, kept.Terms, SqliteEventStore.Phrase, Ct);
            await using var command = db.CreateCommand();
            command.CommandText = "SELECT i.terms, bm25(search_fts) FROM search_fts JOIN items i ON i.doc = search_fts.rowid WHERE search_fts MATCH $m";
            command.Parameters.AddWithValue("$m", match);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var ours = SqliteBm25.Score(phrases, idf, stats.AverageLength, reader.GetString(0).Split(' ', StringSplitOptions.RemoveEmptyEntries));
                Assert.Equal(-reader.GetDouble(1), ours, 1e-9);
                compared++;
            }
        }
        Assert.True(compared >= 3, $"only {compared} scores compared for '{text}'");
    }

    /// <inheritdoc/>
    public void Dispose() => _stores.Dispose();
}
