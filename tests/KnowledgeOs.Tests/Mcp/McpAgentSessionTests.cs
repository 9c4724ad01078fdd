using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Server.Mcp;
using KnowledgeOs.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace KnowledgeOs.Tests.Mcp;

/// <summary>
/// An agent session played end to end against <c>kos mcp</c>: start_task (a context pack with its pack id, the same id
/// context_pack gives) → record_lesson mid-task → learn_from_report (a failed task) with the pack id in usedItems → the
/// pack's items weigh less, the subscribed knowledge base is announced as updated → <c>kos guidance</c> shows the lesson
/// with its task evidence and the used items' failure → the same report again changes nothing, and neither does the
/// guidance file.
/// </summary>
public sealed class McpAgentSessionTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    public async Task InitializeAsync() => Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_agent_starts_a_task_records_a_lesson_reports_a_failure_and_the_guidance_follows()
    {
        await using var client = await KosMcp.StartAsync(Db,
            new McpClientOptions { ClientInfo = new() { Name = "test-agent", Version = "1.0" }, ProtocolVersion = "2025-11-25" });

        var start = await client.GetPromptAsync("start_task", new Dictionary<string, object?> { ["task"] = "ключи идемпотентности", ["experts"] = "dmitriy" });
        var prompt = ((TextContentBlock)start.Messages[0].Content).Text;
        Assert.Contains("`dmitriy`", prompt, StringComparison.Ordinal);
        Assert.Contains("record_lesson", prompt, StringComparison.Ordinal);
        var packId = Regex.Match(prompt, "packId`?: `(pack-[A-Za-z0-9_-]+)`").Groups[1].Value;
        var packItems = PackId.Items(packId, "packId");
        Assert.NotEmpty(packItems);
        var tool = McpHttpTests.Text(await client.CallToolAsync("context_pack",
            new Dictionary<string, object?> { ["task"] = "ключи идемпотентности", ["experts"] = new[] { "dmitriy" } }));
        Assert.Contains($"packId`: `{packId}`", tool, StringComparison.Ordinal); // the demo team is Russian: the hint names the field in backticks

        const string lessonText = "Idempotency keys expire only after the longest client retry window";
        var lesson = JsonDocument.Parse(McpHttpTests.Text(await client.CallToolAsync("record_lesson",
            new Dictionary<string, object?> { ["expert"] = "dmitriy", ["text"] = lessonText, ["taskId"] = "E2E-1" }))).RootElement;
        Assert.Equal("agent:test-agent:E2E-1", lesson.GetProperty("source").GetString());
        var itemId = lesson.GetProperty("itemId").GetString()!;

        var uri = KnowledgeResources.KnowledgeUri("default", "dmitriy");
        var updated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.SubscribeToResourceAsync(uri, (n, _) =>
        {
            updated.TrySetResult(n.Uri);
            return ValueTask.CompletedTask;
        });

        var before = await ScoresAsync();
        var report = new
        {
            taskId = "E2E-1",
            title = "Idempotency key expiry",
            completedAt = "2026-03-05T10:00:00Z",
            outcome = "failure",
            participants = new[] { new { expert = "dmitriy", newKnowledge = new[] { lessonText } } },
            usedItems = new[] { packId },
        };
        var learned = JsonDocument.Parse(McpHttpTests.Text(await client.CallToolAsync("learn_from_report", new Dictionary<string, object?> { ["report"] = report }))).RootElement;
        Assert.True(learned.GetProperty("events").GetInt32() > 0);
        Assert.Equal(uri, await updated.Task.WaitAsync(TimeSpan.FromMinutes(1)));

        // Every item of the pack now weighs less (one failure: × (1/2)^0.3); the others keep their score.
        Assert.DoesNotContain(itemId, packItems);
        var after = await ScoresAsync();
        foreach (var (id, score) in before)
        {
            if (packItems.Contains(id))
            {
                Assert.True(after[id].Score < score.Score, $"{id}: {after[id].Score} is not below {score.Score}");
                Assert.Equal(score.Score * Usefulness.Factor(0, 1), after[id].Score, 2);
                Assert.Equal(1, after[id].Failures);
            }
            else if (id != itemId) Assert.Equal(score, after[id]); // the lesson itself gains the report's confirmation
        }

        // The guidance shows the lesson with the task's evidence as a confirmation.
        var agents = _dir.File("AGENTS.md");
        Assert.Equal(0, (await Kos.RunAsync("guidance", "dmitriy", "--out", agents, "--data", Db)).ExitCode);
        var guidance = await File.ReadAllTextAsync(agents);
        Assert.Contains($"- {lessonText} · `{itemId}` · +1", guidance, StringComparison.Ordinal);
        // The used items it lists carry the failed task.
        var usedLines = guidance.Split('\n').Where(l => packItems.Any(id => l.Contains($"`{id}`", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(usedLines);
        Assert.All(usedLines, l => Assert.EndsWith("· tasks ✓0 ✗1", l, StringComparison.Ordinal));

        // The same report again: nothing written, and the guidance file keeps every byte.
        var again = JsonDocument.Parse(McpHttpTests.Text(await client.CallToolAsync("learn_from_report", new Dictionary<string, object?> { ["report"] = report }))).RootElement;
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(0, again.GetProperty("events").GetInt32());
        var bytes = await File.ReadAllBytesAsync(agents);
        var rerun = await Kos.RunAsync("guidance", "dmitriy", "--out", agents, "--data", Db, "--json");
        Assert.False(JsonDocument.Parse(rerun.Out).RootElement[0].GetProperty("changed").GetBoolean());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(agents));
        Assert.Equal(after, await ScoresAsync());
    }

    /// <summary>The task's context pack items for dmitriy by <c>kos context --json</c>: score and failed uses per item id.</summary>
    private async Task<Dictionary<string, (double Score, int Failures)>> ScoresAsync()
    {
        var run = await Kos.RunAsync("context", "--task", "ключи идемпотентности", "--expert", "dmitriy", "--budget", "200000", "--data", Db, "--json");
        Assert.Equal(0, run.ExitCode);
        return JsonDocument.Parse(run.Out).RootElement.GetProperty("experts")[0].GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetString()!, i => (i.GetProperty("score").GetDouble(), i.GetProperty("usedInFailures").GetInt32()));
    }
}
