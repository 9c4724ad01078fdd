using System.Text.Json;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary><c>kos route</c>, <c>kos context</c> and <c>kos mcp</c> on PostgreSQL give what they give on SQLite; skipped without <c>KOS_TEST_POSTGRES</c>.</summary>
public sealed class PostgresRetrievalTests : IAsyncLifetime
{
    private readonly TestPostgres _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    [SkippableFact]
    public async Task Routing_and_the_context_pack_on_postgres_match_sqlite()
    {
        var pg = TestPostgres.WithSchema(_postgres.NewSchema());
        using var dir = new TempFolder();
        var sqlite = dir.File("kos.db");
        Assert.Equal(0, (await Kos.RunAsync("demo", "--store", "postgres", "--connection", pg, "--json")).ExitCode);
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", sqlite, "--json")).ExitCode);

        string[] route = ["route", "Настроить лимиты velocity по картам", "--json"];
        var onPostgres = await Kos.RunAsync([.. route, "--store", "postgres", "--connection", pg]);
        var onSqlite = await Kos.RunAsync([.. route, "--data", sqlite]);
        Assert.True(onPostgres.ExitCode == 0, onPostgres.Error);
        Assert.Equal("mariya", JsonDocument.Parse(onPostgres.Out).RootElement[0].GetProperty("expert").GetString());
        // The same events fold to the same states on both stores, so the ranking is the same to the last digit.
        Assert.Equal(onSqlite.Out, onPostgres.Out);

        string[] context = ["context", "--task", "Добавить ключи идемпотентности в API возвратов", "--budget", "2500"];
        var packPostgres = await Kos.RunAsync([.. context, "--store", "postgres", "--connection", pg]);
        var packSqlite = await Kos.RunAsync([.. context, "--data", sqlite]);
        Assert.True(packPostgres.ExitCode == 0, packPostgres.Error);
        Assert.Equal(packSqlite.Out, packPostgres.Out);
    }
}
