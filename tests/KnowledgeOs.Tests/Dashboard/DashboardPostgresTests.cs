using KnowledgeOs.Hosting;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Dashboard;

/// <summary>The dashboard on PostgreSQL: two servers on one schema loaded with the sample team (skipped without KOS_TEST_POSTGRES).</summary>
public sealed class DashboardPostgresTests : IAsyncLifetime
{
    private readonly TestPostgres _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();

    [SkippableFact]
    public async Task Pages_serve_the_sample_team_and_a_report_through_one_server_shows_on_the_other_s_overview()
    {
        TestPostgres.Require();
        var connection = TestPostgres.WithSchema(_postgres.NewSchema());
        var demo = await Kos.RunAsync("demo", "--store", "postgres", "--connection", connection, "--samples", Repo.Samples, "--json");
        Assert.True(demo.ExitCode == 0, demo.Error);
        var options = ApiServer.Options("unused.db") with { Store = StoreKind.Postgres, Connection = connection };
        await using var a = await ApiServer.StartAsync(options);
        await using var b = await ApiServer.StartAsync(options);

        var overview = await b.Client.GetStringAsync("ui/teams/default");
        foreach (var slug in SampleServer.Experts) Assert.Contains($"<tr data-slug=\"{slug}\">", overview, StringComparison.Ordinal);
        Assert.Contains("<article class=\"knowledge\"", await b.Client.GetStringAsync("ui/teams/default/experts/ivan"), StringComparison.Ordinal);
        Assert.Contains("<table id=\"hits\">", await b.Client.GetStringAsync("ui/teams/default/search?q=" + Uri.EscapeDataString("идемпотентность")),
            StringComparison.Ordinal);

        await a.Client.LearnAsync(SampleServer.Team, Http.Report("PG-1", "ivan", "Written through server A, shown by server B"));
        Assert.Contains("Written through server A, shown by server B", await b.Client.GetStringAsync("ui/teams/default"), StringComparison.Ordinal);
    }
}
