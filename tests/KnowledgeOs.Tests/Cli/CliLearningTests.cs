using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

public sealed class CliLearningTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    private static string Report(string id, string day, string outcome, params string[] knowledge) => $$"""
        { "taskId": "{{id}}", "title": "Task {{id}}", "completedAt": "2026-03-{{day}}T10:00:00Z", "outcome": "{{outcome}}",
          "participants": [ { "expert": "igor", "newKnowledge": [{{string.Join(",", knowledge.Select(k => $"\"{k}\""))}}] } ] }
        """;

    [Fact]
    public async Task Replaying_a_report_writes_no_events()
    {
        await Kos.RunAsync("expert", "add", "igor", "--name", "Игорь", "--role", "Backend Developer", "--data", Db);
        var report = _dir.Write("r1.json", Report("T-1", "02", "success", "Idempotency keys make retries safe"));
        var first = await Kos.RunAsync("learn", report, "--data", Db, "--json");
        var history1 = (await Kos.RunAsync("history", "igor", "--data", Db, "--json")).Out;
        var second = await Kos.RunAsync("learn", report, "--data", Db, "--json");
        var history2 = (await Kos.RunAsync("history", "igor", "--data", Db, "--json")).Out;
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("\"status\": \"learned\"", first.Out);
        Assert.Contains("\"status\": \"replay\"", second.Out);
        Assert.Equal(history1, history2);
    }

    [Fact]
    public async Task The_same_task_id_with_another_report_is_refused()
    {
        await Kos.RunAsync("expert", "add", "igor", "--name", "Игорь", "--role", "Backend Developer", "--data", Db);
        await Kos.RunAsync("learn", _dir.Write("a.json", Report("T-1", "02", "success", "One thing")), "--data", Db);
        var run = await Kos.RunAsync("learn", _dir.Write("b.json", Report("T-1", "02", "success", "Another thing")), "--data", Db, "--json");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("T-1", run.Out);
    }

    [Fact]
    public async Task Knowledge_confirmed_by_two_successful_tasks_is_promoted_to_known()
    {
        await Kos.RunAsync("expert", "add", "igor", "--name", "Игорь", "--role", "Backend Developer", "--data", Db);
        await Kos.RunAsync("learn", _dir.Write("r1.json", Report("T-1", "02", "success", "Outbox pattern")), "--data", Db);
        var afterOne = (await Kos.RunAsync("history", "igor", "--data", Db, "--json")).Out;
        Assert.Contains("\"section\": \"learned\"", afterOne);
        await Kos.RunAsync("learn", _dir.Write("r2.json", Report("T-2", "05", "success", "**Outbox pattern**")), "--data", Db);
        var afterTwo = (await Kos.RunAsync("history", "igor", "--data", Db, "--json")).Out;
        Assert.Contains("\"section\": \"known\"", afterTwo);
        Assert.DoesNotContain("\"section\": \"learned\"", afterTwo);
    }

    [Fact]
    public async Task Rebuild_equals_the_inline_projection()
    {
        await Kos.RunAsync("expert", "add", "igor", "--name", "Игорь", "--role", "Backend Developer", "--data", Db);
        await Kos.RunAsync("learn", _dir.Write("r1.json", Report("T-1", "02", "success", "A", "B")), "--data", Db);
        await Kos.RunAsync("learn", _dir.Write("r2.json", Report("T-2", "03", "partial", "B", "C")), "--data", Db);
        var run = await Kos.RunAsync("rebuild", "--check", "--data", Db, "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"mismatches\": []", run.Out);
        Assert.Contains("\"streams\": 1", run.Out);
    }

    [Fact]
    public async Task Two_writers_at_once_both_land()
    {
        await Kos.RunAsync("expert", "add", "igor", "--name", "Игорь", "--role", "Backend Developer", "--data", Db);
        var runs = await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            Kos.RunAsync("learn", _dir.Write($"c{i}.json", Report($"C-{i}", "1" + i, "success", $"Fact {i}")), "--data", Db)));
        Assert.All(runs, r => Assert.Equal(0, r.ExitCode));
        var list = (await Kos.RunAsync("expert", "list", "--data", Db, "--json")).Out;
        Assert.Contains("\"tasksCompleted\": 8", list);
    }

    [Fact]
    public async Task Learning_a_directory_with_poisoned_files_learns_the_rest_names_each_bad_file_and_field_and_exits_2()
    {
        await Kos.RunAsync("expert", "add", "igor", "--name", "Игорь", "--role", "Backend Developer", "--data", Db);
        var reports = Path.Combine(_dir.Path, "reports");
        Directory.CreateDirectory(reports);
        File.WriteAllText(Path.Combine(reports, "1-good.json"), Report("T-1", "02", "success", "Good fact"));
        File.WriteAllText(Path.Combine(reports, "2-surrogate.json"), Report("T-2", "03", "success", "x").Replace("\"T-2\"", "\"\\ud800\"", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(reports, "3-typo.json"), Report("T-3", "04", "success", "y").Replace("newKnowledge", "newKnowlege", StringComparison.Ordinal));
        var broken = System.Text.Encoding.UTF8.GetBytes(Report("T-4", "05", "success", "z#"));
        broken[Array.IndexOf(broken, (byte)'#')] = 0xFF;
        File.WriteAllBytes(Path.Combine(reports, "4-utf8.json"), broken);
        File.WriteAllText(Path.Combine(reports, "5-good.json"), Report("T-5", "06", "success", "Another good fact"));

        var run = await Kos.RunAsync("learn", reports, "--lang", "en", "--data", Db);

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("Unhandled exception", run.Out + run.Error, StringComparison.Ordinal);
        var output = run.Out + run.Error;
        Assert.Contains("2-surrogate.json: field 'taskId' contains an unpaired surrogate", output, StringComparison.Ordinal);
        Assert.Contains("3-typo.json: field 'participants[0].newKnowlege' is not a report field: did you mean 'newKnowledge'?", output, StringComparison.Ordinal);
        Assert.Contains("4-utf8.json: invalid UTF-8", output, StringComparison.Ordinal);
        var items = (await Kos.RunAsync("history", "igor", "--data", Db, "--json")).Out;
        Assert.Contains("Good fact", items, StringComparison.Ordinal);
        Assert.Contains("Another good fact", items, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
