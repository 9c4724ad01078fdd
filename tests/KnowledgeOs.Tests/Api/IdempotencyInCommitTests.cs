using System.Net;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// The HTTP Idempotency-Key is the commit key of the write the request makes (one mechanism): the store answers a
/// repeat, on any server of the database and after a restart, and a repeat racing the first is answered as the first,
/// never refused as "still running" and never written twice.
/// </summary>
public sealed class IdempotencyInCommitTests : IAsyncLifetime
{
    private const string Reports = "api/v1/teams/demo/reports";
    private readonly TestPostgres _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();

    private KosServerOptions PostgresOptions() =>
        ApiServer.Options("unused.db") with { Store = StoreKind.Postgres, Connection = TestPostgres.WithSchema(_postgres.NewSchema()) };

    private static HttpRequestMessage Keyed(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Http.Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private static async Task<(HttpStatusCode Status, string Body, bool Replayed)> SendAsync(ApiServer server, HttpRequestMessage request)
    {
        using (request)
        using (var response = await server.Client.SendAsync(request))
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains("Idempotent-Replayed"));
    }

    private static async Task<int> TaskCompletedEventsAsync(ApiServer server)
    {
        var events = await server.Client.GetJsonAsync("api/v1/teams/demo/events?after=0&limit=100");
        return events.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "v1.TaskCompleted");
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_repeats_of_a_keyed_report_on_one_server_all_get_the_first_answer(bool postgres)
    {
        if (postgres) TestPostgres.Require();
        await using var server = postgres ? await ApiServer.StartAsync(PostgresOptions()) : await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            SendAsync(server, Keyed(Reports, Http.Report("T-9", "igor", "Alpha fact"), "same-key"))));

        Assert.All(responses, r => Assert.True(r.Status == HttpStatusCode.Created, $"{r.Status}: {r.Body}"));
        Assert.Single(responses.Select(r => r.Body).Distinct());
        Assert.Single(responses, r => !r.Replayed);
        Assert.Equal(1, await TaskCompletedEventsAsync(server));
    }

    [Fact]
    public async Task Concurrent_repeats_of_a_keyed_onboarding_and_item_all_get_the_first_answer_and_write_once()
    {
        await using var server = await ApiServer.StartAsync();

        var onboard = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            SendAsync(server, Keyed("api/v1/teams/demo/experts", Http.Expert("igor"), "onboard-igor"))));
        var add = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            SendAsync(server, Keyed("api/v1/teams/demo/experts/igor/sections/learned/items", new { text = "Alpha fact" }, "add-alpha"))));

        foreach (var responses in new[] { onboard, add })
        {
            Assert.All(responses, r => Assert.True(r.Status == HttpStatusCode.Created, $"{r.Status}: {r.Body}"));
            Assert.Single(responses.Select(r => r.Body).Distinct());
            Assert.Single(responses, r => !r.Replayed);
        }
        Assert.Equal(2, (await server.Client.GetJsonAsync("api/v1/teams/demo/experts/igor")).GetProperty("version").GetInt64());
    }

    [SkippableFact]
    public async Task Concurrent_repeats_of_a_keyed_report_on_two_servers_of_one_database_write_once_and_all_answer_201()
    {
        TestPostgres.Require();
        var options = PostgresOptions();
        await using var a = await ApiServer.StartAsync(options);
        await using var b = await ApiServer.StartAsync(options);
        await a.Client.OnboardAsync("demo", "igor");

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            SendAsync(i % 2 == 0 ? a : b, Keyed(Reports, Http.Report("T-1", "igor", "Raced fact"), "race"))));

        Assert.All(responses, r => Assert.True(r.Status == HttpStatusCode.Created, $"{r.Status}: {r.Body}"));
        Assert.Single(responses.Select(r => r.Body).Distinct());
        Assert.Equal(1, await TaskCompletedEventsAsync(b));
    }

    [Fact]
    public async Task A_keyed_report_repeated_after_a_restart_is_answered_from_the_store()
    {
        using var folder = new TempFolder();
        var options = ApiServer.Options(folder.File("kos.db"));
        (HttpStatusCode Status, string Body, bool Replayed) first;
        await using (var server = await ApiServer.StartAsync(options))
        {
            await server.Client.OnboardAsync("demo", "igor");
            first = await SendAsync(server, Keyed(Reports, Http.Report("T-1", "igor", "Alpha fact", "Beta fact"), "restart-1"));
        }
        await using var restarted = await ApiServer.StartAsync(options);

        var repeat = await SendAsync(restarted, Keyed(Reports, Http.Report("T-1", "igor", "Alpha fact", "Beta fact"), "restart-1"));
        var other = await SendAsync(restarted, Keyed(Reports, Http.Report("T-2", "igor", "Gamma fact"), "restart-1"));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal((HttpStatusCode.Created, first.Body, true), repeat);
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        Assert.Contains("Idempotency key 'restart-1' of team 'demo' was already used for a different request", other.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keyed_report_writes_no_row_of_a_second_idempotency_table()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");

        var first = await SendAsync(server, Keyed(Reports, Http.Report("T-1", "igor", "Alpha fact"), "one-table"));
        var repeat = await SendAsync(server, Keyed(Reports, Http.Report("T-1", "igor", "Alpha fact"), "one-table"));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.True(repeat.Replayed);
        Assert.Equal(0, await ServerIdempotencyRowsAsync(server));
    }

    [Fact]
    public async Task A_database_with_the_old_idempotency_table_loses_it_at_start_and_serves_keys_from_the_store()
    {
        using var folder = new TempFolder();
        var path = folder.File("kos.db");
        await (await KnowledgeOs.Sqlite.SqliteEventStore.OpenAsync(path, TimeProvider.System, default)).DisposeAsync();
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await db.OpenAsync();
            await using var create = db.CreateCommand();
            // The table as the last release left it, with an answered key in it.
            create.CommandText = """
                CREATE TABLE server_idempotency (
                    team TEXT NOT NULL, client TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER,
                    content_type TEXT, etag TEXT, location TEXT, body BLOB, created_at TEXT NOT NULL, owner TEXT, renewed_at TEXT,
                    PRIMARY KEY (team, client, key));
                INSERT INTO server_idempotency VALUES ('demo', 'local', 'old-key', 'h', 201, 'application/json', NULL, NULL, X'7B7D', '2026-12-05T00:00:00Z', 'x', NULL);
                """;
            await create.ExecuteNonQueryAsync();
        }
        await using var server = await ApiServer.StartAsync(ApiServer.Options(path));
        await server.Client.OnboardAsync("demo", "igor");

        Assert.False(await ServerIdempotencyTableExistsAsync(server));
        // A key the old table answered is unknown now: the request runs (a report the store knows by its task id is a duplicate there).
        var first = await SendAsync(server, Keyed(Reports, Http.Report("T-1", "igor", "Alpha fact"), "old-key"));
        var repeat = await SendAsync(server, Keyed(Reports, Http.Report("T-1", "igor", "Alpha fact"), "old-key"));
        Assert.Equal((HttpStatusCode.Created, false), (first.Status, first.Replayed));
        Assert.Equal((HttpStatusCode.Created, first.Body, true), repeat);
    }

    private static async Task<bool> ServerIdempotencyTableExistsAsync(ApiServer server)
    {
        var database = server.App.Services.GetRequiredService<ServerDatabase>();
        await using var db = await database.OpenConnectionAsync(default);
        await using var exists = ServerDatabase.Command(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'server_idempotency'");
        return Convert.ToInt64(await exists.ExecuteScalarAsync()) > 0;
    }

    /// <summary>Rows of the HTTP layer's own table of old (0 when the table is gone).</summary>
    private static async Task<long> ServerIdempotencyRowsAsync(ApiServer server)
    {
        if (!await ServerIdempotencyTableExistsAsync(server)) return 0;
        var database = server.App.Services.GetRequiredService<ServerDatabase>();
        await using var db = await database.OpenConnectionAsync(default);
        await using var count = ServerDatabase.Command(db, "SELECT count(*) FROM server_idempotency");
        return Convert.ToInt64(await count.ExecuteScalarAsync());
    }
}
