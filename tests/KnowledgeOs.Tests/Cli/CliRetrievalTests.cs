using System.Text.Json;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary><c>kos context</c> and <c>kos route</c> on the sample team that <c>kos demo</c> loads.</summary>
public sealed class CliRetrievalTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    public async Task InitializeAsync()
    {
        var demo = await Kos.RunAsync("demo", "--data", Db, "--json");
        Assert.Equal(0, demo.ExitCode);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Route_sends_a_card_limits_task_to_the_risk_manager_and_says_why()
    {
        var run = await Kos.RunAsync("route", "Настроить лимиты velocity по картам", "--data", Db, "--json");
        Assert.Equal(0, run.ExitCode);
        var first = JsonDocument.Parse(run.Out).RootElement[0];
        Assert.Equal("mariya", first.GetProperty("expert").GetString());
        Assert.Contains("velocity", first.GetProperty("why").GetString(), StringComparison.Ordinal);

        var table = await Kos.RunAsync("route", "Настроить лимиты velocity по картам", "--top", "2", "--data", Db);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("Risk Manager", table.Out, StringComparison.Ordinal);
        Assert.Contains("почему", table.Out, StringComparison.Ordinal); // the sample team is Russian
    }

    [Fact]
    public async Task A_task_started_with_kos_task_start_shows_as_open_work_in_the_expert_list_and_the_route_table()
    {
        var started = await Kos.RunAsync("task", "start", "ORB-77", "--expert", "mariya", "--title", "Лимиты по картам", "--data", Db);
        var again = await Kos.RunAsync("task", "start", "ORB-77", "--expert", "mariya", "--data", Db, "--json");
        var unknown = await Kos.RunAsync("task", "start", "ORB-78", "--expert", "nobody", "--data", Db);

        Assert.True(started.ExitCode == 0, started.Error);
        Assert.Contains("Задача ORB-77 начата: открыта у mariya", started.Out, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(again.Out).RootElement.GetProperty("duplicate").GetBoolean());
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("nobody", unknown.Error, StringComparison.Ordinal);
        var list = JsonDocument.Parse((await Kos.RunAsync("expert", "list", "--data", Db, "--json")).Out).RootElement;
        Assert.Equal(1, list.EnumerateArray().Single(e => e.GetProperty("slug").GetString() == "mariya").GetProperty("openTasks").GetInt32());
        var routed = JsonDocument.Parse((await Kos.RunAsync("route", "Настроить лимиты velocity по картам", "--data", Db, "--json")).Out).RootElement;
        var mariya = routed.EnumerateArray().Single(e => e.GetProperty("expert").GetString() == "mariya");
        Assert.Equal(1, mariya.GetProperty("openTasks").GetInt32());
        Assert.Contains("1 open task (×0.87)", mariya.GetProperty("why").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kos_task_cancel_closes_a_started_task_and_the_expert_list_says_when_each_open_task_started()
    {
        Assert.Equal(0, (await Kos.RunAsync("task", "start", "ORB-90", "--expert", "mariya,ivan", "--title", "Не тот эксперт", "--data", Db)).ExitCode);
        var listed = JsonDocument.Parse((await Kos.RunAsync("expert", "list", "--data", Db, "--json")).Out).RootElement;

        var cancelled = await Kos.RunAsync("task", "cancel", "ORB-90", "--expert", "mariya", "--reason", "начата не тем экспертом", "--data", Db);
        var again = await Kos.RunAsync("task", "cancel", "ORB-90", "--expert", "mariya", "--data", Db, "--json");
        var unknown = await Kos.RunAsync("task", "cancel", "ORB-90", "--expert", "nobody", "--data", Db);

        var open = listed.EnumerateArray().Single(e => e.GetProperty("slug").GetString() == "mariya").GetProperty("openTaskList").EnumerateArray()
            .Single(o => o.GetProperty("taskId").GetString() == "ORB-90");
        Assert.Equal("Не тот эксперт", open.GetProperty("title").GetString());
        Assert.True(open.GetProperty("startedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.True(cancelled.ExitCode == 0, cancelled.Error);
        Assert.Contains("Задача ORB-90 отменена у mariya", cancelled.Out, StringComparison.Ordinal);
        var repeat = JsonDocument.Parse(again.Out).RootElement;
        Assert.Equal((true, 0), (repeat.GetProperty("duplicate").GetBoolean(), repeat.GetProperty("events").GetInt32()));
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("nobody", unknown.Error, StringComparison.Ordinal);
        var after = JsonDocument.Parse((await Kos.RunAsync("expert", "list", "--data", Db, "--json")).Out).RootElement;
        Assert.DoesNotContain(after.EnumerateArray().Single(e => e.GetProperty("slug").GetString() == "mariya").EnumerateObject(),
            p => p.Name == "openTaskList" && p.Value.EnumerateArray().Any(o => o.GetProperty("taskId").GetString() == "ORB-90"));
        Assert.Contains(after.EnumerateArray().Single(e => e.GetProperty("slug").GetString() == "ivan").GetProperty("openTaskList").EnumerateArray(),
            o => o.GetProperty("taskId").GetString() == "ORB-90");
    }

    [Fact]
    public async Task Context_prints_the_pack_as_Markdown_within_the_budget()
    {
        var run = await Kos.RunAsync("context", "--task", "Добавить ключи идемпотентности в API возвратов", "--budget", "2500", "--data", Db);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("# 🧭 Контекст для задачи:", run.Out, StringComparison.Ordinal);
        Assert.True(run.Out.Length <= 2500, $"{run.Out.Length} characters");
        Assert.Contains("## Дмитрий (Backend Developer) · `dmitriy`", run.Out, StringComparison.Ordinal);
        Assert.Contains("task:ORB-101", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_for_named_experts_in_English_as_JSON()
    {
        var run = await Kos.RunAsync("context", "--task", "Лимиты velocity по картам", "--expert", "mariya,dmitriy", "--lang", "en", "--json", "--data", Db);
        Assert.Equal(0, run.ExitCode);
        var pack = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(["mariya", "dmitriy"], pack.GetProperty("experts").EnumerateArray().Select(e => e.GetProperty("expert").GetString()));
        Assert.Contains("Already know", pack.GetProperty("markdown").GetString(), StringComparison.Ordinal);
        var item = pack.GetProperty("experts")[0].GetProperty("items")[0];
        Assert.StartsWith("task:", item.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "--budget", "context", "--task", "лимиты", "--budget", "5")]
    [InlineData(2, "--task", "context", "--task", "и в на")]
    [InlineData(2, "--task", "context")]
    [InlineData(2, "--top", "route", "лимиты", "--top", "0")]
    [InlineData(4, "ghost", "context", "--task", "лимиты", "--expert", "ghost")]
    public async Task Bad_input_exits_with_a_message_naming_what_is_wrong(int exit, string named, params string[] args)
    {
        var run = await Kos.RunAsync([.. args, "--data", Db]);
        Assert.Equal(exit, run.ExitCode);
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
    }
}
