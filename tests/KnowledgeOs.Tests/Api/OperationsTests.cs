using System.Diagnostics;
using System.Net;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Tests.Api;

public sealed class OperationsTests
{
    [Fact]
    public async Task The_OpenAPI_document_describes_every_endpoint_with_its_headers_and_the_key_scheme()
    {
        await using var server = await ApiServer.StartAsync();
        var document = await server.Client.GetJsonAsync("openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/v1/teams/{team}/experts", "/api/v1/teams/{team}/experts/{slug}", "/api/v1/teams/{team}/experts/{slug}/items",
            "/api/v1/teams/{team}/experts/{slug}/sections/{section}/items", "/api/v1/teams/{team}/experts/{slug}/items/{itemId}/confirm",
            "/api/v1/teams/{team}/experts/{slug}/items/{itemId}/retract", "/api/v1/teams/{team}/experts/{slug}/items/{itemId}/history",
            "/api/v1/teams/{team}/experts/{slug}/history", "/api/v1/teams/{team}/reports", "/api/v1/teams/{team}/experts/{slug}/knowledge.md",
            "/api/v1/teams/{team}/experts/{slug}/knowledge", "/api/v1/teams/{team}/metrics", "/api/v1/teams/{team}/events/stream",
            "/api/v1/teams/{team}/export", "/api/v1/teams/{team}/import",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        }
        var patch = paths.GetProperty("/api/v1/teams/{team}/experts/{slug}").GetProperty("patch");
        var headers = patch.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("If-Match", headers);
        Assert.Contains("Idempotency-Key", headers);
        Assert.True(patch.GetProperty("responses").TryGetProperty("412", out _));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("scheme").GetString());
        using var reference = await server.Client.GetAsync("scalar/v1");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("text/html", reference.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_probes_answer_live_and_ready()
    {
        await using var server = await ApiServer.StartAsync();
        Assert.Equal("healthy", (await server.Client.GetJsonAsync("health/live")).GetProperty("status").GetString());
        Assert.Equal("healthy", (await server.Client.GetJsonAsync("health/ready")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unknown_address_is_a_404_problem()
    {
        await using var server = await ApiServer.StartAsync();
        using var response = await server.Client.GetAsync("api/v1/nothing/here");
        await response.ProblemAsync(404);
    }

    [Fact]
    public async Task Requests_appends_and_projections_are_traced()
    {
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "KnowledgeOs.Server" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) activities.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("telemetry", "igor");
        await server.Client.LearnAsync("telemetry", Http.Report("T-1", "igor", "Alpha fact"));
        await server.Client.GetStringAsync("api/v1/teams/telemetry/experts/igor/knowledge.md");

        List<Activity> seen;
        lock (activities) seen = [.. activities];
        var appends = seen.Where(a => a.OperationName == "kos.append" && a.GetTagItem("kos.team") as string == "telemetry").ToList();
        Assert.Equal(2, appends.Count);
        // Each append is a child span of the HTTP request that caused it.
        Assert.All(appends, append => Assert.Contains(seen, r => r.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn" && r.SpanId == append.ParentSpanId));
        Assert.Contains(seen, a => a.OperationName == "kos.project" && a.GetTagItem("kos.projection") as string == "markdown" && a.GetTagItem("kos.team") as string == "telemetry");
    }

    [Fact]
    public async Task Shutdown_finishes_the_appends_in_flight_and_every_acknowledged_report_is_stored()
    {
        var server = await ApiServer.StartAsync(o => o with { DataPath = Path.Combine(Path.GetTempPath(), "kos-tests", Guid.NewGuid().ToString("n"), "kos.db") });
        var dataPath = server.DataPath;
        await server.Client.OnboardAsync("demo", "igor");
        using var client = server.NewClient();
        var posts = Enumerable.Range(0, 40).Select(async i =>
        {
            try
            {
                using var response = await client.PostAsync("api/v1/teams/demo/reports", Http.Json(Http.Report($"T-{i}", "igor", $"Fact {i}")));
                return (TaskId: $"T-{i}", Status: (int?)response.StatusCode);
            }
            catch (HttpRequestException)
            {
                return (TaskId: $"T-{i}", Status: null);
            }
        }).ToList();
        await Task.WhenAny(posts);
        await server.DisposeAsync();
        var results = await Task.WhenAll(posts);

        Assert.DoesNotContain(results, r => r.Status >= 500);
        var acknowledged = results.Where(r => r.Status == 201).Select(r => r.TaskId).ToList();
        Assert.NotEmpty(acknowledged);
        await using var store = await SqliteEventStore.OpenAsync(dataPath, TimeProvider.System, default);
        var igor = (await store.LoadAsync(new StreamId("demo", "igor"), default))!.State;
        Assert.All(acknowledged, id => Assert.NotNull(igor.Task(id)));
        Directory.Delete(Path.GetDirectoryName(dataPath)!, recursive: true);
    }

    [Theory]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5999;http://[::1]:5999", "--data", "x.db" }, 2)]
    [InlineData(new[] { "--data", "y.db" }, 1)]
    public void The_server_entry_point_reads_its_arguments(string[] args, int urls)
    {
        var options = ServerArguments.Parse(args);
        Assert.Equal(urls, options.Urls.Count);
        Assert.EndsWith(".db", options.DataPath, StringComparison.Ordinal);
    }

    [Fact]
    public void The_advertised_address_for_forwarded_writes_is_read_and_needs_postgres_and_http()
    {
        var options = ServerArguments.Parse(["--store", "postgres", "--connection", "Host=db", "--advertise-url", "http://10.0.0.2:5080"]);
        Assert.Equal("http://10.0.0.2:5080", options.AdvertiseUrl);
        options.Validate();
        Assert.Null(ServerArguments.Parse(["--store", "postgres", "--connection", "Host=db"]).AdvertiseUrl);
        var onSqlite = Assert.Throws<InputException>(() => (options with { Store = StoreKind.Sqlite }).Validate());
        Assert.Equal("advertiseUrl", onSqlite.Field);
        Assert.Equal(ErrorCodes.AdvertiseNeedsPostgres, onSqlite.Code);
        var notHttp = Assert.Throws<InputException>(() => (options with { AdvertiseUrl = "ftp://10.0.0.2" }).Validate());
        Assert.Equal("advertiseUrl", notHttp.Field);
        Assert.Equal(ErrorCodes.UrlNotHttp, notHttp.Code);
    }

    [Fact]
    public void An_unknown_server_argument_is_an_input_error() =>
        Assert.Equal("--port", Assert.Throws<InputException>(() => ServerArguments.Parse(["--port", "80"])).Field);
}
