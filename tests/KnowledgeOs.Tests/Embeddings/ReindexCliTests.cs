using System.Text.Json;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Embeddings;

/// <summary><c>kos reindex --embeddings</c> and <c>kos search --embeddings</c> through the real command tree on the demo team.</summary>
public sealed class ReindexCliTests : EmbedderAndFolder
{
    private Task<KosRun> Kos(params string[] args) => Support.Kos.RunAsync([.. args, "--data", Dir.File("kos.db"), "--team", "demo"]);

    [Fact]
    public async Task Reindex_embeds_every_item_once_and_search_then_finds_by_meaning()
    {
        Assert.Equal(0, (await Kos("demo", "--samples", Repo.Samples)).ExitCode);

        var first = await Kos("reindex", "--embeddings", Embedder.OpenAi, "--json");
        Assert.Equal(0, first.ExitCode);
        using var doc = JsonDocument.Parse(first.Out);
        var embedded = doc.RootElement.GetProperty("embedded").GetInt32();
        Assert.True(embedded > 0);
        Assert.Equal(embedded, Embedder.Texts);
        Assert.Equal("openai:fake-embed", doc.RootElement.GetProperty("model").GetString());

        var again = await Kos("reindex", "--embeddings", Embedder.OpenAi, "--lang", "en");
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("0 items embedded", again.Out, StringComparison.Ordinal);
        Assert.Equal(embedded, Embedder.Texts);

        var all = await Kos("reindex", "--embeddings", Embedder.OpenAi, "--all", "--lang", "en");
        Assert.Contains($"{embedded:N0} items embedded", all.Out, StringComparison.Ordinal);

        // "charge" meets «списание» only through the model; the glossary has no such pair.
        var lexical = await Kos("search", "charge", "--json");
        var hybrid = await Kos("search", "charge", "--json", "--embeddings", Embedder.OpenAi);
        Assert.Equal(0, hybrid.ExitCode);
        Assert.True(JsonDocument.Parse(hybrid.Out).RootElement.GetArrayLength() > JsonDocument.Parse(lexical.Out).RootElement.GetArrayLength(),
            $"words: {lexical.Out}\nwith vectors: {hybrid.Out}");
    }

    [Fact]
    public async Task Reindex_without_a_provider_or_with_a_wrong_one_says_what_is_wrong()
    {
        Assert.Equal(0, (await Kos("demo", "--samples", Repo.Samples)).ExitCode);

        var none = await Kos("reindex");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--embeddings", none.Error, StringComparison.Ordinal);

        var bad = await Kos("reindex", "--embeddings", "cohere:x");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'cohere' is not a provider", bad.Error, StringComparison.Ordinal);
        Assert.Equal(0, Embedder.Requests);
    }
}
