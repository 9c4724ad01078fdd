using System.Net;
using KnowledgeOs.Application;
using KnowledgeOs.Server.Hosting;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeOs.Tests.Api;

/// <summary>A SQLite server holds each expert's state once: the write decisions and the reads share one cache.</summary>
public sealed class OneStateCacheTests
{
    [Fact]
    public async Task After_a_POST_the_state_the_write_decided_on_and_the_state_reads_serve_are_one_cached_entry()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var posted = await server.Client.PostAsync("api/v1/teams/demo/reports", Http.Json(Http.Report("T-1", "igor", "Alpha fact")));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);

        var states = server.App.Services.GetService<StateCache>();
        Assert.NotNull(states);
        var igor = new StreamId("demo", "igor");
        var written = states.Get(igor);
        Assert.NotNull(written);
        Assert.Equal(3, written.Snapshot.Version);
        var read = await server.App.Services.GetRequiredService<CachingEventStore>().LoadAsync(igor, default);
        Assert.Same(written.Snapshot, read);
        // Read-your-writes: the GET after the acknowledged POST shows it.
        Assert.Equal(3, (await server.Client.GetJsonAsync("api/v1/teams/demo/experts/igor")).GetProperty("version").GetInt64());
    }
}
