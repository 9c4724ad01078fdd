using System.Text.Json;
using KnowledgeOs.Server.Mcp;
using KnowledgeOs.Tests.Api;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace KnowledgeOs.Tests.Mcp;

/// <summary>The MCP endpoint <c>/mcp</c> of a real server on loopback, through the SDK's own client.</summary>
public sealed class McpHttpTests
{
    /// <summary>The tool list agents see; a change here is a change of the public contract.</summary>
    public static readonly string[] Tools = ["cancel_work", "context_pack", "get_knowledge", "learn_from_report", "list_experts", "record_lesson", "route_task", "search_knowledge", "start_work"];

    internal static Task<McpClient> ConnectAsync(ApiServer server, string? key = null, string? team = null)
    {
        var options = new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.Address, "mcp" + (team is null ? "" : "?team=" + team)),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = key is null ? null : new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
        };
        return McpClient.CreateAsync(new HttpClientTransport(options));
    }

    internal static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    internal static object Report(string taskId, string expert, string knowledge) => new
    {
        taskId,
        title = "Task " + taskId,
        completedAt = "2026-03-03T17:40:00Z",
        outcome = "success",
        participants = new[] { new { expert, newKnowledge = new[] { knowledge } } },
    };

    [Fact]
    public async Task The_tools_route_pack_render_and_list_the_team_of_the_url()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Idempotency keys make payment retries safe"));
        await using var client = await ConnectAsync(server, team: "demo");

        var tools = await client.ListToolsAsync();
        Assert.Equal(Tools, tools.Select(t => t.Name).Order(StringComparer.Ordinal));

        var route = await client.CallToolAsync("route_task", new Dictionary<string, object?> { ["task"] = "payment retries" });
        Assert.NotEqual(true, route.IsError);
        Assert.Equal("igor", JsonDocument.Parse(Text(route)).RootElement[0].GetProperty("expert").GetString());

        var pack = await client.CallToolAsync("context_pack", new Dictionary<string, object?> { ["task"] = "payment retries", ["lang"] = "en" });
        Assert.Contains("Idempotency keys make payment retries safe", Text(pack), StringComparison.Ordinal);
        Assert.Contains("task:T-1", Text(pack), StringComparison.Ordinal);

        var knowledge = await client.CallToolAsync("get_knowledge", new Dictionary<string, object?> { ["expert"] = "igor" });
        Assert.StartsWith("# 📚 БАЗА ЗНАНИЙ: Игорь (Backend Developer)", Text(knowledge), StringComparison.Ordinal);

        var found = await client.CallToolAsync("search_knowledge", new Dictionary<string, object?> { ["query"] = "idempotency retry", ["sections"] = new[] { "learned" } });
        Assert.Equal("Idempotency keys make payment retries safe", JsonDocument.Parse(Text(found)).RootElement[0].GetProperty("text").GetString());
        var badSection = await client.CallToolAsync("search_knowledge", new Dictionary<string, object?> { ["query"] = "retry", ["sections"] = new[] { "poems" } });
        Assert.True(badSection.IsError);

        var experts = await client.CallToolAsync("list_experts");
        Assert.Equal("igor", JsonDocument.Parse(Text(experts)).RootElement[0].GetProperty("expert").GetString());
    }

    [Fact]
    public async Task The_context_pack_and_start_task_are_in_the_team_language_unless_lang_says_otherwise()
    {
        await using var server = await ApiServer.StartAsync();
        using (var onboard = await server.Client.PostAsync("api/v1/teams/crew/experts", Http.Json(Http.Expert("ann", "Ann"))))
            Assert.True(onboard.IsSuccessStatusCode, await onboard.Content.ReadAsStringAsync());
        await server.Client.LearnAsync("crew", Http.Report("T-1", "ann", "Idempotency keys make payment retries safe"));
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Idempotency keys make payment retries safe"));

        await using (var english = await ConnectAsync(server, team: "crew"))
        {
            var pack = Text(await english.CallToolAsync("context_pack", new Dictionary<string, object?> { ["task"] = "payment retries" }));
            Assert.StartsWith("# 🧭 Context for the task:", pack, StringComparison.Ordinal);
            var asked = Text(await english.CallToolAsync("context_pack", new Dictionary<string, object?> { ["task"] = "payment retries", ["lang"] = "ru" }));
            Assert.StartsWith("# 🧭 Контекст для задачи:", asked, StringComparison.Ordinal);
            var start = await english.GetPromptAsync("start_task", new Dictionary<string, object?> { ["task"] = "payment retries", ["experts"] = "ann" });
            Assert.Contains("# 🧭 Context for the task:", ((TextContentBlock)start.Messages[0].Content).Text, StringComparison.Ordinal);
        }

        await using var russian = await ConnectAsync(server, team: "demo");
        var russianPack = Text(await russian.CallToolAsync("context_pack", new Dictionary<string, object?> { ["task"] = "payment retries" }));
        Assert.StartsWith("# 🧭 Контекст для задачи:", russianPack, StringComparison.Ordinal);
        var russianStart = await russian.GetPromptAsync("start_task", new Dictionary<string, object?> { ["task"] = "payment retries", ["experts"] = "igor", ["lang"] = "en" });
        Assert.Contains("# 🧭 Context for the task:", ((TextContentBlock)russianStart.Messages[0].Content).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_start_task_and_retrospective_prompts_are_worded_in_the_team_language_with_the_level_reason()
    {
        await using var server = await ApiServer.StartAsync();
        using (var onboard = await server.Client.PostAsync("api/v1/teams/crew/experts", Http.Json(Http.Expert("ann", "Ann"))))
            Assert.True(onboard.IsSuccessStatusCode, await onboard.Content.ReadAsStringAsync());
        await server.Client.LearnAsync("crew", Http.Report("T-1", "ann", "Idempotency keys make payment retries safe"));
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Idempotency keys make payment retries safe"));
        var retro = new Dictionary<string, object?> { ["taskId"] = "T-2", ["outcome"] = "success" };

        await using (var russian = await ConnectAsync(server, team: "demo"))
        {
            var start = ((TextContentBlock)(await russian.GetPromptAsync("start_task", new Dictionary<string, object?> { ["task"] = "payment retries", ["experts"] = "igor" })).Messages[0].Content).Text;
            Assert.StartsWith("Вы работаете над задачей команды «demo».", start, StringComparison.Ordinal);
            foreach (var heading in new[] { "## Задача", "## Кто в этом разбирается", "## Знания", "## Как отчитаться" }) Assert.Contains(heading, start, StringComparison.Ordinal);
            Assert.Contains(", уровень 1: ", start, StringComparison.Ordinal);
            Assert.Contains("инструмент `record_lesson`", start, StringComparison.Ordinal);
            Assert.Contains("в поле отчёта `usedItems`", start, StringComparison.Ordinal);
            foreach (var english in new[] { "You are working", "Who knows this", "level 1", "tasks,", "successful", "problems solved", "Reporting back", "put it (or the item ids" })
                Assert.DoesNotContain(english, start, StringComparison.Ordinal);
            var asked = await russian.GetPromptAsync("retrospective", retro);
            var text = ((TextContentBlock)asked.Messages[0].Content).Text;
            Assert.StartsWith("Задача завершена. Напишите отчёт", text, StringComparison.Ordinal);
            Assert.Contains("Код задачи — `T-2`. Её исход — `success`.", text, StringComparison.Ordinal);
            Assert.Contains(RetrospectivePrompt.Schema, text, StringComparison.Ordinal); // the schema itself is inlined unchanged
            Assert.Equal("Отчитаться о завершённой задаче", asked.Description);
        }

        await using var englishTeam = await ConnectAsync(server, team: "crew");
        var englishStart = ((TextContentBlock)(await englishTeam.GetPromptAsync("start_task", new Dictionary<string, object?> { ["task"] = "payment retries", ["experts"] = "ann" })).Messages[0].Content).Text;
        Assert.StartsWith("You are working on a task for team 'crew'.", englishStart, StringComparison.Ordinal);
        Assert.Contains(", level 1: ", englishStart, StringComparison.Ordinal);
        var englishRetro = ((TextContentBlock)(await englishTeam.GetPromptAsync("retrospective", retro)).Messages[0].Content).Text;
        Assert.StartsWith("The task is finished.", englishRetro, StringComparison.Ordinal);
        Assert.Contains("The task id is `T-2`. Its outcome was success.", englishRetro, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_task_and_list_experts_word_their_reasons_in_the_team_language_beside_the_stored_english_and_lang_overrides_it()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Idempotency keys make payment retries safe"));
        await using var client = await ConnectAsync(server, team: "demo"); // Игорь: a Russian team

        var route = JsonDocument.Parse(Text(await client.CallToolAsync("route_task", new Dictionary<string, object?> { ["task"] = "payment retries" }))).RootElement[0];
        var routeEn = JsonDocument.Parse(Text(await client.CallToolAsync("route_task", new Dictionary<string, object?> { ["task"] = "payment retries", ["lang"] = "en" }))).RootElement[0];
        var experts = JsonDocument.Parse(Text(await client.CallToolAsync("list_experts"))).RootElement[0];
        var expertsEn = JsonDocument.Parse(Text(await client.CallToolAsync("list_experts", new Dictionary<string, object?> { ["lang"] = "en" }))).RootElement[0];
        var badLang = await client.CallToolAsync("route_task", new Dictionary<string, object?> { ["task"] = "payment retries", ["lang"] = "de" });

        // why stays the routing's English line (an interface value); whyText is the team's words for it.
        Assert.StartsWith("matched ", route.GetProperty("why").GetString(), StringComparison.Ordinal);
        var whyText = route.GetProperty("whyText").GetString()!;
        Assert.StartsWith("совпало ", whyText, StringComparison.Ordinal);
        Assert.EndsWith("уровень 1", whyText, StringComparison.Ordinal);
        // The matched words are data (the task's own words); nothing else is English.
        Assert.DoesNotMatch("[A-Za-z]{2,}", whyText.Replace("payment", "", StringComparison.Ordinal).Replace("retries", "", StringComparison.Ordinal).Replace("retry", "", StringComparison.Ordinal));
        Assert.Equal(routeEn.GetProperty("why").GetString(), routeEn.GetProperty("whyText").GetString());
        Assert.Equal("★☆☆☆☆ — 1 tasks, 100% successful, 0 problems solved", experts.GetProperty("levelReason").GetString());
        Assert.Equal("★☆☆☆☆ — 1 задача, 100% успешных, 0 решённых проблем", experts.GetProperty("levelReasonText").GetString());
        // The English wording counts properly ("1 task"); the stored line does not, and stays as stored.
        Assert.Equal("★☆☆☆☆ — 1 task, 100% successful, 0 problems solved", expertsEn.GetProperty("levelReasonText").GetString());
        Assert.True(badLang.IsError);
        Assert.Contains("(field: lang)", Text(badLang), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tool_list_with_descriptions_and_schemas_is_the_snapshot()
    {
        await using var server = await ApiServer.StartAsync();
        await using var client = await ConnectAsync(server);
        var tools = (await client.ListToolsAsync()).OrderBy(t => t.Name, StringComparer.Ordinal);
        var indented = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var markdown = string.Join("\n", tools.Select(t =>
            $"## {t.Name}\n\n{t.Description}\n\n```json\n{JsonSerializer.Serialize(t.JsonSchema, indented).Replace("\r\n", "\n", StringComparison.Ordinal)}\n```\n"));
        Rendering.SnapshotFile.Match("mcp-tools", "# MCP tools of KnowledgeOS\n\n" + markdown);
    }

    [Fact]
    public async Task A_domain_error_comes_back_as_a_tool_error_with_its_message()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        await using var client = await ConnectAsync(server, team: "demo");
        var missing = await client.CallToolAsync("get_knowledge", new Dictionary<string, object?> { ["expert"] = "ghost" });
        Assert.True(missing.IsError);
        Assert.Equal("Team 'demo' has no expert 'ghost'.", Text(missing));
        var budget = await client.CallToolAsync("context_pack", new Dictionary<string, object?> { ["task"] = "retry", ["budget"] = 1 });
        Assert.True(budget.IsError);
        Assert.Contains("(field: budget)", Text(budget), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_decide_the_team_and_only_a_write_key_may_learn()
    {
        var (server, secrets) = await ApiServer.StartWithKeysAsync(("demo", "admin"), ("demo", "read"));
        await using (server)
        {
            using var admin = server.NewClient(secrets[0]);
            await admin.OnboardAsync("demo", "igor");
            var report = Report("T-9", "igor", "Retry budgets stop retry storms");

            await using var reader = await ConnectAsync(server, secrets[1]);
            var refused = await reader.CallToolAsync("learn_from_report", new Dictionary<string, object?> { ["report"] = report });
            Assert.True(refused.IsError);
            Assert.Contains("write scope", Text(refused), StringComparison.Ordinal);
            var routed = await reader.CallToolAsync("route_task", new Dictionary<string, object?> { ["task"] = "anything at all" });
            Assert.NotEqual(true, routed.IsError);

            await using var writer = await ConnectAsync(server, secrets[0]);
            var learned = JsonDocument.Parse(Text(await writer.CallToolAsync("learn_from_report", new Dictionary<string, object?> { ["report"] = report }))).RootElement;
            Assert.False(learned.GetProperty("duplicate").GetBoolean());
            Assert.True(learned.GetProperty("events").GetInt32() > 0);
            // The same report again: the task id is the idempotency key, nothing is written.
            var again = JsonDocument.Parse(Text(await writer.CallToolAsync("learn_from_report",
                new Dictionary<string, object?> { ["report"] = JsonSerializer.Serialize(report) }))).RootElement;
            Assert.True(again.GetProperty("duplicate").GetBoolean());
            Assert.Equal(0, again.GetProperty("events").GetInt32());

            await using var otherTeam = await ConnectAsync(server, secrets[0], team: "other");
            var hidden = await otherTeam.CallToolAsync("list_experts");
            Assert.True(hidden.IsError);
            Assert.Equal("Nothing exists at this address.", Text(hidden));
        }
    }

    [Fact]
    public async Task Without_a_key_the_endpoint_refuses_once_keys_exist()
    {
        var (server, _) = await ApiServer.StartWithKeysAsync(("demo", "read"));
        await using (server)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(server));
            using var response = await server.Client.PostAsync("mcp", Http.Json("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}"""));
            await response.ProblemAsync(401);
        }
    }
}
