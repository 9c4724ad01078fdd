using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Hosting;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Hosting.Embeddings;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Embeddings;

/// <summary>
/// Vector search fused with word search, on a real store and a real embedding endpoint on loopback (both wire
/// formats). Both stores run these same assertions; a backend says how to make a store.
/// </summary>
public abstract class HybridSearchContract : EmbedderAndFolder
{
    private readonly List<IAsyncDisposable> _opened = [];
    private readonly List<IDisposable> _stacks = [];

    /// <summary>A store over a new, empty database.</summary>
    protected abstract Task<IEventStore> CreateStoreAsync(TimeProvider time);

    private static CancellationToken Ct => CancellationToken.None;

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        foreach (var stack in _stacks) stack.Dispose();
        foreach (var opened in _opened) await opened.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<(ISearchIndex Lexical, EmbeddingStack Stack, KnowledgeService Service)> NewAsync(string? wire = null,
        Func<EmbeddingOptions, EmbeddingOptions>? tune = null)
    {
        var store = await CreateStoreAsync(TimeProvider.System);
        _opened.Add(store);
        var options = EmbeddingOptions.Resolve(wire == "openai" ? Embedder.OpenAi : Embedder.Ollama)! with { RetryDelay = TimeSpan.FromMilliseconds(20) };
        var stack = new EmbeddingStack(await ServerDatabase.OpenAsync(store, Ct), tune is null ? options : tune(options), TimeProvider.System);
        _stacks.Add(stack);
        var service = new KnowledgeService(store, TimeProvider.System);
        await SeedAsync(service);
        return ((ISearchIndex)store, stack, service);
    }

    private static async Task SeedAsync(KnowledgeService service)
    {
        await service.OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", Ct);
        await service.OnboardAsync("atra", new OnboardExpert("anna", "Анна", "QA Engineer", "ATRA"), "manual:test", Ct);
        await service.OnboardAsync("other", new OnboardExpert("igor", "Igor", "Backend Developer", "X"), "manual:test", Ct);
        await Add(service, "atra", "igor", "Идемпотентность ключа защищает от двойного списания");
        await Add(service, "atra", "igor", "Retries must carry an idempotency key");
        await Add(service, "atra", "anna", "Флаки-тесты изолируют базу на каждый прогон");
        await Add(service, "atra", "anna", "Outbox pattern publishes events with the state");
        await Add(service, "other", "igor", "Идемпотентность в другой команде");
    }

    private static Task Add(KnowledgeService service, string team, string slug, string text) =>
        service.AddAsync(team, slug, new AddKnowledge(SectionKind.Learned, text, new Dictionary<string, string>()), "task:T-1", Ct);

    private static async Task<List<string>> Texts(ISearchIndex index, string text, IReadOnlyList<string>? experts = null, bool retracted = false) =>
        [.. (await index.SearchAsync(new SearchQuery("atra", text, experts, IncludeRetracted: retracted), Ct)).Select(h => h.Text)];

    [SkippableTheory]
    [InlineData("ollama")]
    [InlineData("openai")]
    public async Task A_query_in_English_finds_a_Russian_item_through_its_vector(string wire)
    {
        var (lexical, stack, _) = await NewAsync(wire);
        // The glossary already joins «идемпотентность» and "idempotency"; "charge" and «списание» only the model joins.
        Assert.Empty(await Texts(lexical, "charge"));

        Assert.Equal(5, await stack.Indexer.DrainAsync(null, Ct));

        var hybrid = stack.Search(lexical);
        var texts = await Texts(hybrid, "charge");
        Assert.Contains("Идемпотентность ключа защищает от двойного списания", texts);
        Assert.DoesNotContain("Идемпотентность в другой команде", texts);
        Assert.DoesNotContain("Outbox pattern publishes events with the state", texts);
    }

    [SkippableFact]
    public async Task An_item_both_sides_find_ranks_above_one_only_the_vectors_find()
    {
        var (lexical, stack, _) = await NewAsync();
        await stack.Indexer.DrainAsync(null, Ct);

        var texts = await Texts(stack.Search(lexical), "idempotency key");

        Assert.Equal(["Retries must carry an idempotency key", "Идемпотентность ключа защищает от двойного списания"], texts);
    }

    [SkippableFact]
    public async Task Each_hit_says_whether_the_vectors_found_it_and_their_cosine()
    {
        var (lexical, stack, _) = await NewAsync();
        await stack.Indexer.DrainAsync(null, Ct);
        var hybrid = stack.Search(lexical);

        var both = (await hybrid.SearchAsync(new SearchQuery("atra", "idempotency key"), Ct)).Single(h => h.Text == "Retries must carry an idempotency key");
        var meaning = (await hybrid.SearchAsync(new SearchQuery("atra", "charge"), Ct)).Single();
        var words = await lexical.SearchAsync(new SearchQuery("atra", "idempotency key"), Ct);

        Assert.NotEmpty(both.Matches!);
        Assert.InRange(both.Similarity!.Value, 0.5, 1);
        Assert.Equal("Идемпотентность ключа защищает от двойного списания", meaning.Text);
        Assert.Empty(meaning.Matches ?? []);
        Assert.InRange(meaning.Similarity!.Value, 0.2, 0.8);
        Assert.NotEmpty(words);
        Assert.All(words, h => Assert.Null(h.Similarity));
    }

    [SkippableFact]
    public async Task A_provider_outage_leaves_word_search_working()
    {
        var (lexical, stack, _) = await NewAsync();
        var hybrid = stack.Search(lexical);
        Embedder.Down = true;

        // Down before anything was embedded, then down with vectors stored: the words still find what they find.
        Assert.Equal(await Texts(lexical, "outbox"), await Texts(hybrid, "outbox"));
        await Assert.ThrowsAnyAsync<Exception>(() => stack.Indexer.DrainAsync(null, Ct));
        Embedder.Down = false;
        await stack.Indexer.DrainAsync(null, Ct);
        Embedder.Down = true;

        Assert.Equal(["Retries must carry an idempotency key"], await Texts(hybrid, "retries"));
        Assert.Empty(await Texts(hybrid, "profiling"));
    }

    [SkippableFact]
    public async Task Transient_faults_are_retried_until_every_item_has_a_vector()
    {
        var (_, stack, _) = await NewAsync();
        Embedder.FailNext(3);

        var embedded = await stack.Indexer.DrainAsync(null, Ct);

        Assert.Equal(5, embedded);
        Assert.Equal(0, await stack.Indexer.CountPendingAsync(Ct));
        Assert.True(Embedder.Requests > 3, $"{Embedder.Requests} requests: the failed ones were not retried");
    }

    [SkippableFact]
    public async Task Only_items_without_a_vector_are_embedded_again()
    {
        var (_, stack, service) = await NewAsync();
        await stack.Indexer.DrainAsync(null, Ct);
        var texts = Embedder.Texts;

        Assert.Equal(0, await stack.Indexer.DrainAsync(null, Ct));
        await Add(service, "atra", "anna", "Задержка растёт под нагрузкой");
        Assert.Equal(1, await stack.Indexer.CountPendingAsync(Ct));
        Assert.Equal(1, await stack.Indexer.DrainAsync(null, Ct));
        Assert.Equal(texts + 1, Embedder.Texts);
    }

    [SkippableFact]
    public async Task Filters_and_retraction_hold_on_the_vector_side()
    {
        var (lexical, stack, service) = await NewAsync();
        await stack.Indexer.DrainAsync(null, Ct);
        var hybrid = stack.Search(lexical);

        Assert.Empty(await Texts(hybrid, "idempotency", experts: ["anna"]));
        var item = (await hybrid.SearchAsync(new SearchQuery("atra", "idempotency"), Ct)).Single(h => h.Text.StartsWith("Идемпотентность", StringComparison.Ordinal));
        await service.RetractAsync("atra", "igor", item.ItemId, "superseded", "manual:test", Ct);

        Assert.DoesNotContain(item.Text, await Texts(hybrid, "idempotency"));
        Assert.Contains(item.Text, await Texts(hybrid, "idempotency", retracted: true));
    }

    [SkippableFact]
    public async Task Paging_the_fused_hits_gives_each_hit_once()
    {
        var (lexical, stack, _) = await NewAsync();
        await stack.Indexer.DrainAsync(null, Ct);
        var hybrid = stack.Search(lexical);

        var all = await hybrid.SearchAsync(new SearchQuery("atra", "idempotency key"), Ct);
        var first = await hybrid.SearchAsync(new SearchQuery("atra", "idempotency key", Limit: 1), Ct);
        var second = await hybrid.SearchAsync(new SearchQuery("atra", "idempotency key", Limit: 1, Offset: 1), Ct);

        Assert.Equal(all.Select(h => h.ItemId).Take(2), first.Concat(second).Select(h => h.ItemId));
    }
}
