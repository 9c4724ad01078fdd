using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;

namespace KnowledgeOs.Tests.Api;

/// <summary>The server keeps knowledge bases in memory; the CLI may write the same file from another process.</summary>
public sealed class ExternalWriterTests
{
    [Fact]
    public async Task A_change_made_by_another_process_reaches_readers_and_writers_of_the_server()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        Assert.Equal(1, (await server.Client.GetJsonAsync("api/v1/teams/demo/experts/igor")).GetProperty("version").GetInt64());

        // Another process (as kos item add would) writes the same file behind the server's back.
        await using (var cli = await SqliteEventStore.OpenAsync(server.DataPath, TimeProvider.System, default))
        {
            var service = new KnowledgeService(cli, TimeProvider.System);
            await service.AddAsync("demo", "igor", new AddKnowledge(SectionKind.Learned, "Written by the CLI"), "manual:cli", default);
        }

        // A write through the server decided on the old version is refused by the store and retried on fresh state.
        using var added = await server.Client.PostAsync("api/v1/teams/demo/experts/igor/sections/learned/items", Http.Json(new { text = "Written over HTTP" }));
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        Assert.Equal(3, (await added.BodyAsync()).GetProperty("version").GetInt64());

        var items = await server.Client.GetJsonAsync("api/v1/teams/demo/experts/igor/items");
        Assert.Equal(["Written by the CLI", "Written over HTTP"], items.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task A_read_sees_another_process_write_within_the_poll_interval()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        Assert.DoesNotContain("Written by the CLI", await server.Client.GetStringAsync("api/v1/teams/demo/experts/igor/knowledge.md"), StringComparison.Ordinal);
        await using (var cli = await SqliteEventStore.OpenAsync(server.DataPath, TimeProvider.System, default))
        {
            var service = new KnowledgeService(cli, TimeProvider.System);
            await service.AddAsync("demo", "igor", new AddKnowledge(SectionKind.Learned, "Written by the CLI"), "manual:cli", default);
            await service.OnboardAsync("demo", new OnboardExpert("anna", "Анна", "QA"), "manual:cli", default);
        }
        string markdown;
        var tries = 0;
        do
        {
            await Task.Delay(50);
            markdown = await server.Client.GetStringAsync("api/v1/teams/demo/experts/igor/knowledge.md");
        }
        while (!markdown.Contains("Written by the CLI", StringComparison.Ordinal) && ++tries < 200);
        Assert.Contains("Written by the CLI", markdown, StringComparison.Ordinal);
        var experts = await server.Client.GetJsonAsync("api/v1/teams/demo/experts");
        Assert.Equal(["anna", "igor"], experts.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("slug").GetString()));
    }
}
