using KnowledgeOs.Bench;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Retrieval.Cache;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Search;

/// <summary>
/// The cache answers as the store does: on the 22 ATRA knowledge bases in one SQLite file (one team, so both weigh
/// BM25 over the same statistics), every judged query and a few hundred generated from the items' own words — with
/// filters, pages and prefixes — give the same hits in the same order, with scores equal to 1e-9.
/// </summary>
public sealed class IndexedSearchEquivalenceTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [SkippableFact]
    public async Task The_cache_gives_the_stores_hits_in_the_stores_order_on_the_ATRA_bases()
    {
        Skip.If(Repo.Fixtures is null, Repo.FixturesAbsent);
        await using var store = await SqliteEventStore.OpenAsync(_folder.File("kos.db"), _time, default);
        await SearchEvaluation.LoadAtraAsync(store, Repo.Fixtures!, "atra", _time, default);
        var cache = IndexedSearchTestCaches.Inline(store);
        var queries = new List<SearchQuery>();
        foreach (var set in new[] { "atra-queries.json", "atra-queries-holdout.json", "samples-queries.json" })
            foreach (var judged in SearchEvaluation.Load(Repo.EvalSet(set)))
                queries.Add(new SearchQuery("atra", judged.Query, Limit: 10));
        queries.AddRange(await GeneratedAsync(store));

        var differences = new List<string>();
        foreach (var query in queries)
        {
            IReadOnlyList<SearchHit> expected;
            try
            {
                expected = await store.SearchAsync(query, default);
            }
            catch (InputException)
            {
                await Assert.ThrowsAsync<InputException>(() => cache.SearchAsync(query, default));
                continue;
            }
            var actual = await cache.SearchAsync(query, default);
            var a = expected.Select(h => $"{h.Expert}/{h.ItemId}").ToList();
            var b = actual.Select(h => $"{h.Expert}/{h.ItemId}").ToList();
            if (!a.SequenceEqual(b)) differences.Add($"'{query.Text}' (limit {query.Limit}, offset {query.Offset}, prefix {query.Prefix}): store [{string.Join(", ", a)}] cache [{string.Join(", ", b)}]");
            else if (expected.Zip(actual).FirstOrDefault(p => Math.Abs(p.First.Score - p.Second.Score) > 1e-9 || !p.First.Matches!.SequenceEqual(p.Second.Matches!)) is ({ } x, { } y))
                differences.Add($"'{query.Text}': {x.ItemId} store score {x.Score:R} cache {y.Score:R}");
        }

        Assert.True(queries.Count >= 400, $"{queries.Count} queries");
        Assert.True(differences.Count == 0, $"{differences.Count} of {queries.Count} queries differ:\n{string.Join("\n", differences.Take(15))}");
        Assert.True(cache.IsLoaded("atra"));
    }

    // Queries made of the items' own words: 1–4 words of a random item, some with a filter, a page past the first or a prefix.
    private static async Task<List<SearchQuery>> GeneratedAsync(SqliteEventStore store)
    {
        var rows = new List<SearchItemRow>();
        await foreach (var row in store.ReadSearchItemsAsync("atra", null, default)) rows.Add(row);
        var random = new Random(12);
        var queries = new List<SearchQuery>();
        for (var i = 0; i < 400; i++)
        {
            var row = rows[random.Next(rows.Count)];
            var words = row.Text.Split([' ', ',', '.', ':', '(', ')', '«', '»', '"'], StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            var start = random.Next(words.Length);
            var text = string.Join(' ', words.Skip(start).Take(1 + random.Next(4)));
            var query = new SearchQuery("atra", text, Limit: 1 + random.Next(25));
            query = (i % 8) switch
            {
                1 => query with { Experts = [row.Expert] },
                2 => query with { Sections = [row.Section, SectionKind.Learned] },
                3 => query with { Offset = random.Next(30) },
                4 => query with { Prefix = true, Text = text.Length > 5 ? text[..^2] : text },
                5 => query with { Limit = 200 },
                _ => query,
            };
            queries.Add(query);
        }
        return queries;
    }
}
