using System.Text.Json;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Embeddings;

/// <summary><c>kos route --embeddings</c> and <c>kos context --embeddings</c> through the real command tree on the demo team.</summary>
public sealed class HybridRetrievalCliTests : EmbedderAndFolder
{
    private Task<KosRun> Kos(params string[] args) => Support.Kos.RunAsync([.. args, "--data", Dir.File("kos.db"), "--team", "demo"]);

    [Fact]
    public async Task Route_and_context_with_embeddings_bring_items_that_share_no_word_with_the_task()
    {
        Assert.Equal(0, (await Kos("demo", "--samples", Repo.Samples)).ExitCode);
        Assert.Equal(0, (await Kos("reindex", "--embeddings", Embedder.Ollama)).ExitCode);

        var route = await Kos("route", "charge", "--json", "--embeddings", Embedder.Ollama);
        var pack = await Kos("context", "--task", "charge", "--json", "--embeddings", Embedder.Ollama);
        var lexicalPack = await Kos("context", "--task", "charge", "--json");

        Assert.Equal(0, route.ExitCode);
        Assert.Contains(JsonDocument.Parse(route.Out).RootElement.EnumerateArray(), e => e.GetProperty("vectorItems").GetInt32() > 0);
        var items = JsonDocument.Parse(pack.Out).RootElement.GetProperty("experts").EnumerateArray().SelectMany(e => e.GetProperty("items").EnumerateArray()).ToList();
        var byMeaning = items.Where(i => i.GetProperty("matched").GetArrayLength() == 0).ToList();
        Assert.NotEmpty(byMeaning);
        Assert.All(byMeaning, i => Assert.InRange(i.GetProperty("vector").GetDouble(), 0.3, 1));
        // The sample team writes in Russian: the pack line says so in Russian, with the cosine.
        Assert.Matches(@"· по смыслу, vector [01]\.\d\d", JsonDocument.Parse(pack.Out).RootElement.GetProperty("markdown").GetString());
        Assert.DoesNotContain("\"vector\"", lexicalPack.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_with_embeddings_says_which_hits_were_found_by_meaning()
    {
        Assert.Equal(0, (await Kos("demo", "--samples", Repo.Samples)).ExitCode);
        Assert.Equal(0, (await Kos("reindex", "--embeddings", Embedder.Ollama)).ExitCode);

        var json = await Kos("search", "charge", "--json", "--embeddings", Embedder.Ollama);
        var table = await Kos("search", "charge", "--embeddings", Embedder.Ollama);
        var lexical = await Kos("search", "идемпотентность", "--json");

        var hits = JsonDocument.Parse(json.Out).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(hits);
        var byMeaning = hits.Where(h => h.GetProperty("matches").GetArrayLength() == 0).ToList();
        Assert.NotEmpty(byMeaning);
        Assert.All(byMeaning, h => Assert.InRange(h.GetProperty("vector").GetDouble(), 0.2, 1));
        // The sample team writes in Russian: the reason is worded in Russian, with a decimal comma.
        Assert.Matches(@"по смыслу 0,\d\d", table.Out);
        Assert.Equal(0, lexical.ExitCode);
        Assert.DoesNotContain("\"vector\"", lexical.Out, StringComparison.Ordinal);
    }
}
