using System.Text.Json;
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
/// Routing and context packs with embeddings: the task's vector brings items that share no word with it, on a real
/// store and the real loopback embedding endpoint; a provider that is down leaves the lexical answer unchanged.
/// Both stores run these same assertions; a backend says how to make a store.
/// </summary>
public abstract class HybridRetrievalContract : EmbedderAndFolder
{
    private const string Charge = "Идемпотентность ключа защищает от двойного списания";
    private readonly List<IAsyncDisposable> _opened = [];
    private readonly List<IDisposable> _stacks = [];

    private static CancellationToken Ct => CancellationToken.None;

    /// <summary>A store over a new, empty database.</summary>
    protected abstract Task<IEventStore> CreateStoreAsync(TimeProvider time);

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        foreach (var stack in _stacks) stack.Dispose();
        foreach (var opened in _opened) await opened.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<(RetrievalService Lexical, RetrievalService Hybrid, EmbeddingStack Stack)> NewAsync()
    {
        var store = await CreateStoreAsync(TimeProvider.System);
        _opened.Add(store);
        var options = EmbeddingOptions.Resolve(Embedder.Ollama)! with { RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetries = 1 };
        var stack = new EmbeddingStack(await ServerDatabase.OpenAsync(store, Ct), options, TimeProvider.System);
        _stacks.Add(stack);
        var service = new KnowledgeService(store, TimeProvider.System);
        await service.OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", Ct);
        await service.OnboardAsync("atra", new OnboardExpert("anna", "Анна", "QA Engineer", "ATRA"), "manual:test", Ct);
        await Add(service, "igor", Charge);
        await Add(service, "igor", "Retries must carry an idempotency key");
        await Add(service, "anna", "Флаки-тесты изолируют базу на каждый прогон");
        await Add(service, "anna", "Outbox pattern publishes events with the state");
        await stack.Indexer.DrainAsync(null, Ct);
        return (new RetrievalService(service), new RetrievalService(service, stack.Neighbours()), stack);
    }

    private static Task Add(KnowledgeService service, string slug, string text) =>
        service.AddAsync("atra", slug, new AddKnowledge(SectionKind.Learned, text, new Dictionary<string, string>()), "task:T-1", Ct);

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [SkippableFact]
    public async Task A_task_that_shares_no_word_with_an_item_gets_it_by_meaning_into_the_pack_and_its_expert_routed()
    {
        var (lexical, hybrid, _) = await NewAsync();
        // "charge" and «списание» share no word, and no glossary joins them: only the model does.
        Assert.Empty(await lexical.RouteAsync("atra", "charge", null, 5, Ct));
        Assert.Equal(0, (await lexical.ContextAsync("atra", new ContextPackRequest("charge"), Ct)).Included);

        var routed = await hybrid.RouteAsync("atra", "charge", null, 5, Ct);
        var pack = await hybrid.ContextAsync("atra", new ContextPackRequest("charge"), Ct);

        Assert.Equal("igor", routed[0].Expert);
        Assert.True(routed[0].Knowledge > 0);
        Assert.Equal(1, routed[0].VectorItems);
        Assert.Empty(routed[0].MatchedTerms);
        // The reason says how the item was found, in both languages, with no empty word list.
        Assert.StartsWith("1 item by meaning (1 learned)", routed[0].Why, StringComparison.Ordinal);
        Assert.StartsWith("найдено по смыслу: 1 (", KnowledgeOs.Rendering.CliLabels.For(KnowledgeOs.Rendering.RenderLanguage.Ru).RouteWhy(routed[0]), StringComparison.Ordinal);
        var item = Assert.Single(pack.Experts.Single(e => e.Expert == "igor").Items, i => i.Text == Charge);
        Assert.Empty(item.Matched);
        Assert.InRange(item.Vector!.Value, 0.3, 1);
        Assert.Contains($"vector {item.Vector.Value:0.00}", pack.Markdown.Replace(',', '.'), StringComparison.Ordinal);
        Assert.DoesNotContain(pack.Experts.SelectMany(e => e.Items), i => i.Text.StartsWith("Outbox", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_provider_that_is_down_gives_exactly_the_lexical_answer()
    {
        var (lexical, hybrid, _) = await NewAsync();
        Embedder.Down = true;
        const string task = "retries with an idempotency key; flaky tests";

        Assert.Equal(Json(await lexical.RouteAsync("atra", task, null, 5, Ct)), Json(await hybrid.RouteAsync("atra", task, null, 5, Ct)));
        var request = new ContextPackRequest(task);
        Assert.Equal(Json(await lexical.ContextAsync("atra", request, Ct)), Json(await hybrid.ContextAsync("atra", request, Ct)));
        Assert.Empty(await hybrid.RouteAsync("atra", "charge", null, 5, Ct));
    }
}
