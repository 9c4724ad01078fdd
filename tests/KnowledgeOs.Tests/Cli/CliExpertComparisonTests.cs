using System.Text.Json;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// What a team lead reads when comparing experts (<c>kos expert list</c>: the figures routing weighs) and the counts the
/// maintenance commands report (<c>kos rebuild</c>, <c>kos expert merge</c>), worded for one as well as for many.
/// </summary>
public sealed class CliExpertComparisonTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    private string Report(string file, string id, string day, string outcome) => _dir.Write(file, $$"""
        { "taskId": "{{id}}", "title": "Task {{id}}", "completedAt": "2026-03-{{day}}T10:00:00Z", "outcome": "{{outcome}}",
          "participants": [ { "expert": "igor", "newKnowledge": ["Knowledge from {{id}}"] } ] }
        """);

    private async Task TwoExpertsAsync()
    {
        Assert.Equal(0, (await Kos.RunAsync("expert", "add", "igor", "--name", "Igor", "--role", "Backend Developer", "--data", Db)).ExitCode);
        Assert.Equal(0, (await Kos.RunAsync("expert", "add", "ann", "--name", "Ann", "--role", "Backend Developer", "--data", Db)).ExitCode);
        Assert.Equal(0, (await Kos.RunAsync("learn", Report("a.json", "T-1", "02", "success"), "--data", Db)).ExitCode);
        Assert.Equal(0, (await Kos.RunAsync("learn", Report("b.json", "T-2", "09", "failure"), "--data", Db)).ExitCode);
        Assert.Equal(0, (await Kos.RunAsync("task", "start", "T-3", "--expert", "igor", "--data", Db)).ExitCode);
    }

    [Fact]
    public async Task The_expert_table_shows_what_routing_weighs_with_the_last_task_date_in_both_languages()
    {
        await TwoExpertsAsync();

        var english = await Kos.RunAsync("expert", "list", "--lang", "en", "--data", Db);
        var russian = await Kos.RunAsync("expert", "list", "--lang", "ru", "--data", Db);

        Assert.True(english.ExitCode == 0, english.Error);
        Assert.Contains("last task", english.Out, StringComparison.Ordinal);
        Assert.Contains("посл. задача", russian.Out, StringComparison.Ordinal);
        var igor = english.Out.Split('\n').Single(l => l.Contains("│ igor", StringComparison.Ordinal));
        Assert.Matches(@"│ 2\s+│ 50%\s+│ 2\s+│ ★☆☆☆☆\s+│ 1\s+│ 2026-03-09\s+│", igor);
        var ann = english.Out.Split('\n').Single(l => l.Contains("│ ann", StringComparison.Ordinal));
        Assert.Matches(@"│ 0\s+│ —\s+│ 0\s+│ ★☆☆☆☆\s+│ 0\s+│ —\s+│", ann);
    }

    [Fact]
    public async Task The_expert_list_json_carries_the_same_figures_as_the_table()
    {
        await TwoExpertsAsync();

        var run = await Kos.RunAsync("expert", "list", "--json", "--data", Db);

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var igor = json.RootElement.EnumerateArray().Single(e => e.GetProperty("slug").GetString() == "igor");
        Assert.Equal(1, igor.GetProperty("openTasks").GetInt32());
        Assert.Equal(50, igor.GetProperty("successRate").GetInt32());
        Assert.Equal(2, igor.GetProperty("items").GetInt32());
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 10, 0, 0, TimeSpan.Zero), igor.GetProperty("lastTaskAt").GetDateTimeOffset());
        var ann = json.RootElement.EnumerateArray().Single(e => e.GetProperty("slug").GetString() == "ann");
        Assert.Equal(0, ann.GetProperty("items").GetInt32());
        Assert.False(ann.TryGetProperty("lastTaskAt", out _)); // no task yet: absent, as the JSON leaves every null out
        Assert.False(ann.TryGetProperty("successRate", out _));
    }

    [Fact]
    public async Task Rebuild_of_one_event_says_event_and_knowledge_base_in_the_singular()
    {
        Assert.Equal(0, (await Kos.RunAsync("expert", "add", "ann", "--name", "Ann", "--role", "Backend Developer", "--data", Db)).ExitCode);

        var english = await Kos.RunAsync("rebuild", "--lang", "en", "--data", Db);
        var russian = await Kos.RunAsync("rebuild", "--lang", "ru", "--data", Db);

        Assert.Equal((0, 0), (english.ExitCode, russian.ExitCode));
        Assert.Contains("Replayed 1 event into 1 knowledge base.", english.Out, StringComparison.Ordinal);
        Assert.Contains("Воспроизведено 1 событие в 1 базу знаний.", russian.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merge_is_reported_in_the_asked_language_with_the_right_plural()
    {
        Assert.Equal(0, (await Kos.RunAsync("expert", "add", "andrey", "--name", "Andrey", "--role", "Frontend Developer", "--data", Db)).ExitCode);
        Assert.Equal(0, (await Kos.RunAsync("expert", "add", "andrey-2", "--name", "Андрей", "--role", "Frontend Engineer", "--data", Db)).ExitCode);

        var merged = await Kos.RunAsync("expert", "merge", "andrey-2", "andrey", "--lang", "ru", "--data", Db);
        var again = await Kos.RunAsync("expert", "merge", "andrey-2", "andrey", "--lang", "ru", "--data", Db);

        Assert.Equal((0, 0), (merged.ExitCode, again.ExitCode));
        // ExpertMerged, two aliases (Андрей, andrey-2) and ExpertMergedInto on the twin: four events.
        Assert.Contains("andrey-2 объединён с andrey (4 события)", merged.Out, StringComparison.Ordinal);
        Assert.Contains("andrey-2 уже объединён с andrey; ничего не изменилось.", again.Out, StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
