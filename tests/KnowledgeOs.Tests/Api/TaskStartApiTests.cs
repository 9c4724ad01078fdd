using System.Net;
using System.Text.Json;
using KnowledgeOs.Tests.Support;
using ModelContextProtocol.Client;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// Starting a task over HTTP (<c>POST …/tasks/{id}/start</c>, write scope) and MCP (<c>start_work</c>) on a real server on
/// loopback: the experts' <c>openTasks</c> in the expert list and <c>list_experts</c>, route's workload parts, a repeat
/// writes nothing, the report closes it, bad input is a coded problem naming the field.
/// </summary>
public sealed class TaskStartApiTests
{
    [Fact]
    public async Task A_started_task_is_open_in_the_expert_list_and_route_until_its_report_is_learned()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.OnboardAsync("demo", "olga");
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Idempotency keys make payment retries safe"));

        using var started = await server.Client.PostAsync("api/v1/teams/demo/tasks/ORB-12/start", Http.Json(new { experts = new[] { "igor", "olga" }, title = "Payment retries" }));
        using var again = await server.Client.PostAsync("api/v1/teams/demo/tasks/ORB-12/start", Http.Json(new { experts = new[] { "igor", "olga" } }));

        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var body = await started.BodyAsync();
        Assert.Equal(["igor", "olga"], body.GetProperty("started").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await again.BodyAsync()).GetProperty("duplicate").GetBoolean());
        var igor = await server.Client.GetJsonAsync("api/v1/teams/demo/experts/igor");
        Assert.Equal(1, igor.GetProperty("openTasks").GetInt32());
        using var route = await server.Client.PostAsync("api/v1/teams/demo/route", Http.Json(new { task = "payment retries" }));
        var routed = (await route.BodyAsync()).GetProperty("experts")[0];
        Assert.Equal(1, routed.GetProperty("openTasks").GetInt32());
        Assert.Equal(0.87, routed.GetProperty("workloadFactor").GetDouble(), 2);
        Assert.Contains("1 open task (×0.87)", routed.GetProperty("why").GetString(), StringComparison.Ordinal);

        await server.Client.LearnAsync("demo", Http.Report("ORB-12", "igor", "Retry budgets stop retry storms"));
        var list = await server.Client.GetAllAsync("api/v1/teams/demo/experts");
        Assert.Equal([0, 1], list.Select(e => e.GetProperty("openTasks").GetInt32()));
    }

    [Fact]
    public async Task Each_open_task_says_when_it_started_and_a_cancel_closes_it_for_the_experts_named()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.OnboardAsync("demo", "olga");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var started = await server.Client.PostAsync("api/v1/teams/demo/tasks/ORB-12/start", Http.Json(new { experts = new[] { "igor", "olga" }, title = "Payment retries" }));
        var open = (await server.Client.GetJsonAsync("api/v1/teams/demo/experts/igor")).GetProperty("openTaskList")[0];

        using var cancelled = await server.Client.PostAsync("api/v1/teams/demo/tasks/ORB-12/cancel", Http.Json(new { experts = new[] { "igor" }, reason = "started for the wrong expert" }));
        using var again = await server.Client.PostAsync("api/v1/teams/demo/tasks/ORB-12/cancel", Http.Json(new { experts = new[] { "igor" } }));
        using var unknown = await server.Client.PostAsync("api/v1/teams/demo/tasks/ORB-12/cancel", Http.Json(new { experts = new[] { "olga", "nobody" } }));
        using var none = await server.Client.PostAsync("api/v1/teams/demo/tasks/ORB-12/cancel", Http.Json(new { experts = Array.Empty<string>() }));

        Assert.Equal(("ORB-12", "Payment retries"), (open.GetProperty("taskId").GetString(), open.GetProperty("title").GetString()));
        Assert.InRange(open.GetProperty("startedAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        var body = await cancelled.BodyAsync();
        Assert.Equal((false, 1), (body.GetProperty("duplicate").GetBoolean(), body.GetProperty("events").GetInt32()));
        Assert.Equal(["igor"], body.GetProperty("cancelled").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((true, 0), ((await again.BodyAsync()).GetProperty("duplicate").GetBoolean(), (await again.BodyAsync()).GetProperty("events").GetInt32()));
        Assert.Equal("expert-not-found", (await unknown.ProblemAsync(404)).GetProperty("code").GetString());
        Assert.Equal("list-empty", (await none.ProblemAsync(400, "experts")).GetProperty("code").GetString());
        var list = await server.Client.GetAllAsync("api/v1/teams/demo/experts");
        Assert.Equal([0, 1], list.Select(e => e.GetProperty("openTasks").GetInt32()));
        Assert.False(list[0].TryGetProperty("openTaskList", out _));
        Assert.Equal("ORB-12", list[1].GetProperty("openTaskList")[0].GetProperty("taskId").GetString());
    }

    [Fact]
    public async Task A_start_without_experts_or_for_an_unknown_expert_is_a_coded_problem_naming_the_field()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");

        using var none = await server.Client.PostAsync("api/v1/teams/demo/tasks/ORB-1/start", Http.Json(new { experts = Array.Empty<string>() }));
        using var unknown = await server.Client.PostAsync("api/v1/teams/demo/tasks/ORB-1/start", Http.Json(new { experts = new[] { "nobody" } }));

        Assert.Equal("list-empty", (await none.ProblemAsync(400, "experts")).GetProperty("code").GetString());
        Assert.Equal("participant-unknown", (await unknown.ProblemAsync(400)).GetProperty("code").GetString());
        Assert.Equal(0, (await server.Client.GetJsonAsync("api/v1/teams/demo/experts/igor")).GetProperty("openTasks").GetInt32());
    }

    [Fact]
    public async Task Only_a_write_key_may_start_a_task_over_HTTP_and_MCP_and_list_experts_shows_it_open()
    {
        var (server, secrets) = await ApiServer.StartWithKeysAsync(("demo", "admin"), ("demo", "read"));
        await using (server)
        {
            using var admin = server.NewClient(secrets[0]);
            using var reader = server.NewClient(secrets[1]);
            await admin.OnboardAsync("demo", "igor");

            using var refused = await reader.PostAsync("api/v1/teams/demo/tasks/ORB-2/start", Http.Json(new { experts = new[] { "igor" } }));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

            await using var readOnly = await ConnectAsync(server, secrets[1]);
            var mcpRefused = await readOnly.CallToolAsync("start_work", new Dictionary<string, object?> { ["taskId"] = "ORB-2", ["experts"] = new[] { "igor" } });
            Assert.True(mcpRefused.IsError);
            Assert.Contains("write scope", Mcp.McpHttpTests.Text(mcpRefused), StringComparison.Ordinal);

            await using var writer = await ConnectAsync(server, secrets[0]);
            var args = new Dictionary<string, object?> { ["taskId"] = "ORB-2", ["experts"] = new[] { "igor" }, ["title"] = "Webhooks" };
            var first = JsonDocument.Parse(Mcp.McpHttpTests.Text(await writer.CallToolAsync("start_work", args))).RootElement;
            var second = JsonDocument.Parse(Mcp.McpHttpTests.Text(await writer.CallToolAsync("start_work", args))).RootElement;
            Assert.Equal((false, 1), (first.GetProperty("duplicate").GetBoolean(), first.GetProperty("events").GetInt32()));
            Assert.Equal((true, 0), (second.GetProperty("duplicate").GetBoolean(), second.GetProperty("events").GetInt32()));
            var experts = JsonDocument.Parse(Mcp.McpHttpTests.Text(await writer.CallToolAsync("list_experts"))).RootElement;
            Assert.Equal(1, experts[0].GetProperty("openTasks").GetInt32());
            Assert.Equal("Webhooks", experts[0].GetProperty("openTaskList")[0].GetProperty("title").GetString());
            Assert.True(experts[0].GetProperty("openTaskList")[0].TryGetProperty("startedAt", out _));

            var cancelRefused = await readOnly.CallToolAsync("cancel_work", new Dictionary<string, object?> { ["taskId"] = "ORB-2", ["experts"] = new[] { "igor" } });
            Assert.True(cancelRefused.IsError);
            Assert.Contains("write scope", Mcp.McpHttpTests.Text(cancelRefused), StringComparison.Ordinal);
            var cancel = new Dictionary<string, object?> { ["taskId"] = "ORB-2", ["experts"] = new[] { "igor" }, ["reason"] = "abandoned" };
            var closed = JsonDocument.Parse(Mcp.McpHttpTests.Text(await writer.CallToolAsync("cancel_work", cancel))).RootElement;
            var closedAgain = JsonDocument.Parse(Mcp.McpHttpTests.Text(await writer.CallToolAsync("cancel_work", cancel))).RootElement;
            Assert.Equal((false, 1), (closed.GetProperty("duplicate").GetBoolean(), closed.GetProperty("events").GetInt32()));
            Assert.Equal((true, 0), (closedAgain.GetProperty("duplicate").GetBoolean(), closedAgain.GetProperty("events").GetInt32()));
            var after = JsonDocument.Parse(Mcp.McpHttpTests.Text(await writer.CallToolAsync("list_experts"))).RootElement;
            Assert.Equal(0, after[0].GetProperty("openTasks").GetInt32());
        }
    }

    private static Task<McpClient> ConnectAsync(ApiServer server, string key) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.Address, "mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
        }));
}
