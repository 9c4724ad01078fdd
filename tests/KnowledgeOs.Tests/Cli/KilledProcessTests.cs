using System.Diagnostics;
using System.Text.Json;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

public sealed class KilledProcessTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    private void WriteReports(string folder, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var json = $$"""
                { "taskId": "K-{{i:D4}}", "title": "Task {{i}}", "completedAt": "2026-03-01T10:{{i / 60 % 60:D2}}:{{i % 60:D2}}Z", "outcome": "success",
                  "participants": [
                    { "expert": "anna", "name": "Анна", "role": "QA Engineer", "newKnowledge": ["Fact {{i % 17}}", "Unique {{i}}"] },
                    { "expert": "boris", "name": "Борис", "role": "Backend Developer", "newKnowledge": ["Fact {{i % 13}}"],
                      "problems": [ { "problem": "Problem {{i % 7}}", "solution": "Solution {{i % 5}}" } ] } ] }
                """;
            _dir.Write(Path.Combine(folder, $"r{i:D4}.json"), json);
        }
    }

    [Fact]
    public async Task A_killed_learner_leaves_every_report_whole_and_a_rerun_completes_the_same_knowledge()
    {
        WriteReports("reports", 400);
        var kos = Path.Combine(AppContext.BaseDirectory, "kos.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", kos, "learn", _dir.File("reports"), "--onboard", "--json", "--data", Db])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using (var process = Process.Start(start)!)
        {
            // Kill it once some reports have landed, mid-run.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!process.HasExited && DateTime.UtcNow < deadline && TasksOf("anna") < 20) await Task.Delay(50);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var anna = TaskIds("anna");
        var boris = TaskIds("boris");
        Assert.NotEmpty(anna);
        Assert.Equal(anna, boris); // each report is one commit: both participants or neither
        var check = await Kos.RunAsync("rebuild", "--check", "--json", "--data", Db);
        Assert.Equal(0, check.ExitCode);
        Assert.Contains("\"mismatches\": []", check.Out);

        var rerun = await Kos.RunAsync("learn", _dir.File("reports"), "--onboard", "--data", Db);
        Assert.Equal(0, rerun.ExitCode);
        var fresh = _dir.File("fresh.db");
        Assert.Equal(0, (await Kos.RunAsync("learn", _dir.File("reports"), "--onboard", "--data", fresh)).ExitCode);
        foreach (var expert in new[] { "anna", "boris" })
        {
            var afterKill = await Kos.RunAsync("history", expert, "--json", "--data", Db);
            var clean = await Kos.RunAsync("history", expert, "--json", "--data", fresh);
            Assert.Equal(Normalize(clean.Out), Normalize(afterKill.Out));
        }
    }

    private int TasksOf(string expert) => TaskIds(expert).Count;

    private List<string> TaskIds(string expert)
    {
        if (!File.Exists(Db)) return [];
        var folder = _dir.File("export-" + Guid.NewGuid().ToString("n")[..8]);
        var export = Kos.RunAsync("export", "--out", folder, "--json", "--data", Db).GetAwaiter().GetResult();
        if (export.ExitCode != 0) return [];
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "default_export.json")));
        var e = doc.RootElement.GetProperty("experts").EnumerateArray().FirstOrDefault(x => x.GetProperty("slug").GetString() == expert);
        if (e.ValueKind == JsonValueKind.Undefined) return [];
        return e.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("taskId").GetString()!).Order(StringComparer.Ordinal).ToList();
    }

    private static string Normalize(string s) => s.Replace("\r\n", "\n", StringComparison.Ordinal);

    public void Dispose() => _dir.Dispose();
}
