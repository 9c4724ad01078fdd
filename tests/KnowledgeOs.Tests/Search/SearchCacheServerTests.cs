using KnowledgeOs.Application;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Retrieval.Cache;
using KnowledgeOs.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeOs.Tests.Search;

/// <summary><c>kos serve</c> searches through the in-memory cache (on by default), and a report posted over HTTP is found by the next search.</summary>
public sealed class SearchCacheServerTests
{
    [Fact]
    public async Task The_server_searches_through_the_cache_and_finds_a_report_at_once()
    {
        await using var server = await ApiServer.StartAsync();
        var cache = Assert.IsType<IndexedSearch>(Assert.IsType<RankedSearch>(server.App.Services.GetRequiredService<ISearchIndex>()).Lexical);
        await server.Client.LearnAsync("default", Http.Report("T-1", "igor", "Webhook retries need jitter"), onboard: true);
        // The first search of a team is the store's while the team loads in the background.
        Assert.Single((await server.Client.GetJsonAsync("api/v1/teams/default/search?q=jitter")).GetProperty("items").EnumerateArray());
        for (var i = 0; i < 200 && !cache.IsLoaded("default"); i++) await Task.Delay(50);
        Assert.True(cache.IsLoaded("default"));

        await server.Client.LearnAsync("default", Http.Report("T-2", "igor", "Kumquat caches warm on start"));

        var hits = (await server.Client.GetJsonAsync("api/v1/teams/default/search?q=kumquat")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(hits, h => h.GetProperty("text").GetString() == "Kumquat caches warm on start");
        Assert.True(cache.IsLoaded("default"));
    }
}
