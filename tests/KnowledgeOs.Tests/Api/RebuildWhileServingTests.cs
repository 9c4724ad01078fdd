using System.Diagnostics;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Server.Dashboard;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Api;

/// <summary>A writing <c>kos rebuild</c> in another process while <c>kos serve</c> runs on the same file: the server drops what it kept.</summary>
public sealed class RebuildWhileServingTests : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <inheritdoc/>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    /// <summary>A store whose projections differ from its log (what a changed projection, or a damaged row, leaves): the
    /// lesson's text and the expert's name read "Damaged" until a writing rebuild repairs them from the log.</summary>
    private async Task<string> DamagedStoreAsync()
    {
        var data = _temp.File("kos.db");
        await using (var store = await SqliteEventStore.OpenAsync(data, TimeProvider.System, CancellationToken.None))
        {
            var service = new KnowledgeService(store, TimeProvider.System);
            await service.OnboardAsync("demo", new OnboardExpert("igor", "Igor", "Backend Developer"), "manual:test", CancellationToken.None);
            await service.AddAsync("demo", "igor", new AddKnowledge(SectionKind.Learned, "Original wording of the lesson"), "manual:test", CancellationToken.None);
            // Whole snapshots (state_version = version), so the damage below is what a load reads.
            await ProjectionRebuilder.RebuildAsync(store, write: true, null, CancellationToken.None);
        }
        await using (var db = new SqliteConnection($"Data Source={data}"))
        {
            await db.OpenAsync();
            await using var damage = db.CreateCommand();
            damage.CommandText = """
                UPDATE experts SET state_json = replace(replace(state_json, 'Original wording', 'Damaged wording'), '"Igor"', '"Damaged Igor"'),
                    display_name = 'Damaged Igor';
                UPDATE items SET text = replace(text, 'Original wording', 'Damaged wording');
                """;
            await damage.ExecuteNonQueryAsync();
            // experts is a view over the expert's row and its snapshot (SQLite migration 10): its UPDATE runs in a
            // trigger, which SQLite's change count leaves out, so the damage is read back instead.
            damage.CommandText = """
                SELECT (SELECT count(*) FROM experts WHERE display_name = 'Damaged Igor'
                        AND state_json LIKE '%Damaged wording%' AND state_json LIKE '%"Damaged Igor"%')
                    + (SELECT count(*) FROM items WHERE text LIKE 'Damaged wording%')
                """;
            Assert.Equal(2L, await damage.ExecuteScalarAsync());
        }
        SqliteConnection.ClearAllPools();
        return data;
    }

    private static async Task RebuildAsync(string data)
    {
        var rebuild = await KosProcess.RunAsync("rebuild", "--data", data);
        Assert.True(rebuild.ExitCode == 0, $"kos rebuild exited {rebuild.ExitCode}: {rebuild.Error}");
    }

    [Fact]
    public async Task The_server_answers_from_the_rebuilt_projections_soon_after_a_rebuild_by_another_process()
    {
        var data = await DamagedStoreAsync();
        await using var server = await ApiServer.StartAsync(ApiServer.Options(data));
        const string markdownPath = "api/v1/teams/demo/experts/igor/knowledge.md";
        const string itemsPath = "api/v1/teams/demo/experts/igor/items";
        Assert.Contains("Damaged wording", await server.Client.GetStringAsync(markdownPath), StringComparison.Ordinal);
        Assert.Contains("Damaged wording", await server.Client.GetStringAsync(itemsPath), StringComparison.Ordinal);

        await RebuildAsync(data);

        var watch = Stopwatch.StartNew();
        string markdown, items;
        do
        {
            await Task.Delay(50);
            markdown = await server.Client.GetStringAsync(markdownPath);
            items = await server.Client.GetStringAsync(itemsPath);
        }
        while ((markdown.Contains("Damaged", StringComparison.Ordinal) || items.Contains("Damaged", StringComparison.Ordinal))
            && watch.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Contains("Original wording of the lesson", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Damaged", markdown, StringComparison.Ordinal);
        Assert.Contains("Original wording of the lesson", items, StringComparison.Ordinal);
        Assert.DoesNotContain("Damaged", items, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_holding_the_ETag_from_before_a_rebuild_gets_the_rebuilt_document_not_a_304()
    {
        var data = await DamagedStoreAsync();
        await using var server = await ApiServer.StartAsync(ApiServer.Options(data));
        const string markdownPath = "api/v1/teams/demo/experts/igor/knowledge.md";
        using var before = await server.Client.GetAsync(markdownPath);
        Assert.Contains("Damaged wording", await before.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var held = before.Headers.ETag!;
        using (var again = new HttpRequestMessage(HttpMethod.Get, markdownPath))
        {
            again.Headers.IfNoneMatch.Add(held);
            using var unchanged = await server.Client.SendAsync(again);
            Assert.Equal(System.Net.HttpStatusCode.NotModified, unchanged.StatusCode);
        }

        await RebuildAsync(data);

        // The rebuild appends no event, so the stream version stays; the projection generation moves, and the ETag with it.
        var watch = Stopwatch.StartNew();
        HttpResponseMessage after;
        do
        {
            await Task.Delay(50);
            using var conditional = new HttpRequestMessage(HttpMethod.Get, markdownPath);
            conditional.Headers.IfNoneMatch.Add(held);
            after = await server.Client.SendAsync(conditional);
        }
        while (after.StatusCode == System.Net.HttpStatusCode.NotModified && watch.Elapsed < TimeSpan.FromSeconds(5));
        using (after)
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, after.StatusCode);
            var markdown = await after.Content.ReadAsStringAsync();
            Assert.Contains("Original wording of the lesson", markdown, StringComparison.Ordinal);
            Assert.DoesNotContain("Damaged", markdown, StringComparison.Ordinal);
            Assert.NotEqual(held, after.Headers.ETag);
        }
    }

    [Fact]
    public async Task The_dashboard_overview_shows_the_rebuilt_projections_soon_after_a_rebuild_not_after_its_cache_ages()
    {
        var data = await DamagedStoreAsync();
        await using var server = await ApiServer.StartAsync(ApiServer.Options(data));
        const string overviewPath = "ui/teams/demo/";
        Assert.Contains("Damaged Igor", await server.Client.GetStringAsync(overviewPath), StringComparison.Ordinal);

        await RebuildAsync(data);

        var watch = Stopwatch.StartNew();
        string page;
        do
        {
            await Task.Delay(50);
            page = await server.Client.GetStringAsync(overviewPath);
        }
        while (page.Contains("Damaged", StringComparison.Ordinal) && watch.Elapsed < TimeSpan.FromSeconds(5));
        // Well within the overview cache's 30 s: the cached view is keyed on the projection generation too.
        Assert.True(watch.Elapsed < DashboardCache.MaxAge);
        Assert.Contains("Igor", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Damaged", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_writing_rebuild_moves_the_projection_generation_and_a_check_does_not()
    {
        await using var store = await SqliteEventStore.OpenAsync(_temp.File("gen.db"), TimeProvider.System, CancellationToken.None);
        await new KnowledgeService(store, TimeProvider.System)
            .OnboardAsync("demo", new OnboardExpert("igor", "Igor", "QA"), "manual:test", CancellationToken.None);
        Assert.Equal(0, await store.ProjectionGenerationAsync(CancellationToken.None));
        await ProjectionRebuilder.RebuildAsync(store, write: false, null, CancellationToken.None);
        Assert.Equal(0, await store.ProjectionGenerationAsync(CancellationToken.None));
        await ProjectionRebuilder.RebuildAsync(store, write: true, null, CancellationToken.None);
        await ProjectionRebuilder.RebuildAsync(store, write: true, null, CancellationToken.None);
        Assert.Equal(2, await store.ProjectionGenerationAsync(CancellationToken.None));
    }
}
