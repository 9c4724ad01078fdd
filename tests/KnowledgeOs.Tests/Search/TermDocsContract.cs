using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Search;

/// <summary>
/// The per-term document counts the writer keeps beside the search index (<c>term_docs</c>) equal a recount of the
/// items' terms after every kind of write: adds, confirmations, a solution added, a retraction, a merge (items
/// removed), a rebuild and an archive restore. Each store says how its counts are keyed and how to read them.
/// Runs on SQLite only: PostgreSQL keeps no <c>term_docs</c> (its rows per team, expert and term made search and
/// rebuild slower, docs/BENCHMARKS.md), and counts a word's matches as on main.
/// </summary>
public abstract class TermDocsContract : IAsyncLifetime
{
    private readonly List<IEventStore> _opened = [];
    private readonly FakeTimeProvider _clock = new(KnowledgeOs.Tests.Storage.Domain.Start);

    private static CancellationToken Ct => CancellationToken.None;

    /// <summary>A store over a new, empty database.</summary>
    protected abstract Task<IEventStore> CreateStoreAsync(TimeProvider time);

    /// <summary>The kept counts of the database created last, by key, zero counts left out.</summary>
    protected abstract Task<Dictionary<string, long>> KeptAsync();

    /// <summary>Every indexed item row of the database created last: team, expert and terms.</summary>
    protected abstract Task<List<(string Team, string Expert, string Terms)>> IndexedItemsAsync();

    /// <summary>The key a store counts a term under (the term alone over the whole index, or with team and expert).</summary>
    protected abstract string Key(string team, string expert, string term);

    /// <summary>Sets every kept count of a term in the database created last; returns the rows changed.</summary>
    protected abstract Task<long> SetKeptAsync(string term, long docs);

    /// <inheritdoc/>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened) await store.DisposeAsync();
    }

    private async Task<(IEventStore Store, KnowledgeService Service)> NewAsync()
    {
        var store = await CreateStoreAsync(_clock);
        _opened.Add(store);
        return (store, new KnowledgeService(store, _clock));
    }

    /// <summary>Asserts the kept counts equal a recount of the indexed items' terms.</summary>
    protected async Task AssertCountsMatchItemsAsync(string after)
    {
        var recount = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (team, expert, terms) in await IndexedItemsAsync())
        {
            foreach (var term in terms.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal))
            {
                var key = Key(team, expert, term);
                recount[key] = recount.GetValueOrDefault(key) + 1;
            }
        }
        var kept = await KeptAsync();
        Assert.True(recount.Count > 0, after);
        var wrong = recount.Keys.Union(kept.Keys).Where(k => recount.GetValueOrDefault(k) != kept.GetValueOrDefault(k))
            .Select(k => $"{k}: kept {kept.GetValueOrDefault(k)}, items {recount.GetValueOrDefault(k)}").Take(10).ToList();
        Assert.True(wrong.Count == 0, $"after {after}: " + string.Join("; ", wrong));
    }

    private static Task Add(KnowledgeService service, string team, string slug, SectionKind section, string text, params (string Key, string Value)[] fields) =>
        service.AddAsync(team, slug, new AddKnowledge(section, text, fields.ToDictionary(f => f.Key, f => f.Value)), "task:T-1", Ct);

    [SkippableFact]
    public async Task The_kept_counts_equal_a_recount_of_the_items_after_every_kind_of_write()
    {
        var (store, service) = await NewAsync();
        foreach (var (team, slug) in new[] { ("atra", "igor"), ("atra", "anna"), ("atra", "anya"), ("other", "igor") })
            await service.OnboardAsync(team, new OnboardExpert(slug, slug, "Backend Developer", "ATRA"), "manual:test", Ct);
        await Add(service, "atra", "igor", SectionKind.Learned, "Ретраи без ключа идемпотентности дают двойные списания");
        await Add(service, "atra", "igor", SectionKind.Learned, "Retries must carry an idempotency key, retries retries");
        await Add(service, "atra", "anna", SectionKind.Learned, "Ретраи в тестах скрывают гонки");
        await Add(service, "atra", "anna", SectionKind.Problem, "Флаки-тесты в CI", (ItemFields.Solution, "Изолировать базу данных на каждый тест"));
        await Add(service, "atra", "anya", SectionKind.Learned, "Ретраи в тестах скрывают гонки");
        await Add(service, "atra", "anya", SectionKind.Known, "Индексы ускоряют выборки");
        await Add(service, "other", "igor", SectionKind.Learned, "Ретраи с экспоненциальной задержкой");
        await AssertCountsMatchItemsAsync("adds");

        await Add(service, "atra", "igor", SectionKind.Learned, "Ретраи без ключа идемпотентности дают двойные списания");
        await AssertCountsMatchItemsAsync("a confirmation");

        await Add(service, "atra", "anna", SectionKind.Problem, "Флаки-тесты в CI", (ItemFields.Solution, "Фиксировать seed генератора"));
        await AssertCountsMatchItemsAsync("a solution added");

        var snapshot = await service.GetAsync("atra", "igor", null, Ct);
        await service.RetractAsync("atra", "igor", snapshot.State.Items.Values.First().Id, "нет", "manual:test", Ct);
        await AssertCountsMatchItemsAsync("a retraction");

        await service.MergeAsync("atra", "anya", "anna", "manual:test", Ct);
        await AssertCountsMatchItemsAsync("a merge");

        Assert.Empty((await ProjectionRebuilder.RebuildAsync(store, write: true, null, Ct)).Mismatches);
        await AssertCountsMatchItemsAsync("a rebuild");
        var rebuilt = await KeptAsync();

        var records = new List<ArchiveRecord>();
        await foreach (var record in ((IStoreArchive)store).ExportAsync(Ct)) records.Add(record);
        var (target, _) = await NewAsync();
        await ((IStoreArchive)target).ImportAsync(records.ToAsyncEnumerable(), Ct);
        await AssertCountsMatchItemsAsync("an archive restore");
        Assert.Equal(rebuilt, await KeptAsync());
    }

    [SkippableFact]
    public async Task Whether_a_word_is_frequent_is_read_from_the_kept_counts()
    {
        var (store, service) = await NewAsync();
        await service.OnboardAsync("atra", new OnboardExpert("igor", "igor", "Backend Developer", "ATRA"), "manual:test", Ct);
        await Add(service, "atra", "igor", SectionKind.Learned, "Ямб первый");
        await Add(service, "atra", "igor", SectionKind.Learned, "Дюк второй");
        Task<IReadOnlyList<SearchHit>> Search() => ((ISearchIndex)store).SearchAsync(new SearchQuery("atra", "ямб дюк"), Ct);
        Assert.Equal(2, (await Search()).Count);

        // The counts say more than SearchTerms.FrequentWord items hold «ямб»: it makes no partial match on its own, and
        // nothing counted its two matches to find out otherwise.
        Assert.True(await SetKeptAsync("ямб", SearchTerms.FrequentWord + 1) > 0);

        Assert.Equal(["Дюк второй"], (await Search()).Select(h => h.Text));
    }
}
