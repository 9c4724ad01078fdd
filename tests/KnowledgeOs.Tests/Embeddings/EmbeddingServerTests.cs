using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using KnowledgeOs.Hosting.Embeddings;
using KnowledgeOs.Server.Embeddings;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Embeddings;

/// <summary>A real server with an embedding provider: new items are embedded in the background, search fuses both sides.</summary>
public sealed class EmbeddingServerTests : IAsyncLifetime
{
    private const string Search = "api/v1/teams/demo/search?q=";
    private LoopbackEmbedder _embedder = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync() => _embedder = await LoopbackEmbedder.StartAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync() => await _embedder.DisposeAsync();

    private Task<ApiServer> StartAsync() => ApiServer.StartAsync(o => o with
    {
        Embeddings = EmbeddingOptions.Resolve(_embedder.Ollama)! with { RetryDelay = TimeSpan.FromMilliseconds(20), IdleInterval = TimeSpan.FromMilliseconds(200) },
    });

    /// <summary>Searches until <paramref name="found"/> holds for the hit texts, or a minute has gone (then the last texts are returned).</summary>
    private static async Task<List<string>> SearchUntilAsync(ApiServer server, string q, Func<List<string>, bool> found)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var body = await server.Client.GetJsonAsync(Search + Uri.EscapeDataString(q));
            var texts = body.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("text").GetString()!).ToList();
            if (found(texts) || DateTime.UtcNow > deadline) return texts;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_reported_lesson_is_embedded_in_the_background_and_found_from_the_other_language()
    {
        await using var server = await StartAsync();
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Идемпотентность ключа защищает от двойного списания", "Outbox pattern"), onboard: true);

        // "charge" meets «списание» only through the model (the glossary has no such pair).
        var texts = await SearchUntilAsync(server, "charge", t => t.Count > 0);

        Assert.Equal(["Идемпотентность ключа защищает от двойного списания"], texts);
        Assert.Equal(2, server.App.Services.GetRequiredService<EmbeddingWorker>().Embedded);
    }

    [Fact]
    public async Task Route_and_context_over_HTTP_bring_an_item_by_meaning_with_its_cosine()
    {
        await using var server = await StartAsync();
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Идемпотентность ключа защищает от двойного списания", "Outbox pattern"), onboard: true);
        await SearchUntilAsync(server, "charge", t => t.Count > 0);

        var route = await (await server.Client.PostAsync("api/v1/teams/demo/route", Http.Json(new { task = "charge" }))).BodyAsync();
        var pack = await (await server.Client.PostAsync("api/v1/teams/demo/context", Http.Json(new { task = "charge" }))).BodyAsync();

        var first = route.GetProperty("experts")[0];
        Assert.Equal("igor", first.GetProperty("expert").GetString());
        Assert.Equal(1, first.GetProperty("vectorItems").GetInt32());
        var item = pack.GetProperty("experts")[0].GetProperty("items")[0];
        Assert.Equal("Идемпотентность ключа защищает от двойного списания", item.GetProperty("text").GetString());
        Assert.Empty(item.GetProperty("matched").EnumerateArray());
        Assert.InRange(item.GetProperty("vector").GetDouble(), 0.3, 1);
    }

    [Fact]
    public async Task A_search_hit_the_vectors_found_carries_its_cosine_over_HTTP_and_MCP()
    {
        await using var server = await StartAsync();
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Идемпотентность ключа защищает от двойного списания", "Outbox pattern"), onboard: true);
        await SearchUntilAsync(server, "charge", t => t.Count > 0);

        var meaning = (await server.Client.GetJsonAsync(Search + "charge")).GetProperty("items")[0];
        var words = (await server.Client.GetJsonAsync(Search + "outbox")).GetProperty("items")[0];

        Assert.Empty(meaning.GetProperty("matches").EnumerateArray());
        Assert.InRange(meaning.GetProperty("vector").GetDouble(), 0.2, 0.8);
        Assert.Equal("Outbox pattern", words.GetProperty("text").GetString());
        Assert.NotEmpty(words.GetProperty("matches").EnumerateArray());
        // "outbox" is a word of its item and of no other; the vector side found it too, so it says so.
        Assert.InRange(words.GetProperty("vector").GetDouble(), 0.5, 1);

        // The MCP tool answers the same.
        await using var mcp = await Mcp.McpHttpTests.ConnectAsync(server, team: "demo");
        var tool = JsonDocument.Parse(Mcp.McpHttpTests.Text(await mcp.CallToolAsync("search_knowledge", new Dictionary<string, object?> { ["query"] = "charge" }))).RootElement;
        Assert.Equal(meaning.GetProperty("vector").GetDouble(), Assert.Single(tool.EnumerateArray()).GetProperty("vector").GetDouble());
    }

    [Fact]
    public async Task While_the_provider_is_down_search_is_lexical_and_the_worker_catches_up_when_it_returns()
    {
        _embedder.Down = true;
        await using var server = await StartAsync();
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Идемпотентность ключа защищает от двойного списания", "Outbox pattern"), onboard: true);

        Assert.Equal(["Outbox pattern"], await SearchUntilAsync(server, "outbox", t => t.Count > 0));
        Assert.Empty((await server.Client.GetJsonAsync(Search + "charge")).GetProperty("items").EnumerateArray());
        // The worker has tried and failed at least once before the provider comes back.
        while (_embedder.Requests < 2) await Task.Delay(20);
        _embedder.Down = false;

        Assert.Equal(["Идемпотентность ключа защищает от двойного списания"], await SearchUntilAsync(server, "charge", t => t.Count > 0));
    }
}
