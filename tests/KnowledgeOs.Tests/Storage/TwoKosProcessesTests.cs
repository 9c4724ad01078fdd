using System.Diagnostics;
using System.Text.Json;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Storage;

/// <summary>Two real <c>kos</c> processes writing one SQLite file at the same time: both succeed, nothing is lost.</summary>
public sealed class TwoKosProcessesTests : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <inheritdoc/>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Two_processes_learning_into_one_expert_at_once_both_land_every_report()
    {
        var data = _temp.File("kos.db");
        await using (var store = await SqliteEventStore.OpenAsync(data, TimeProvider.System, CancellationToken.None))
        {
            await new KnowledgeService(store, TimeProvider.System)
                .OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:test", CancellationToken.None);
        }
        const int perProcess = 12;
        var folders = new[] { "a", "b" }.Select(name =>
        {
            for (var i = 0; i < perProcess; i++)
            {
                var report = new
                {
                    taskId = $"{name.ToUpperInvariant()}-{i}",
                    title = $"Task {name}{i}",
                    completedAt = "2026-11-02T10:00:00Z",
                    outcome = "success",
                    participants = new[] { new { expert = "igor", newKnowledge = new[] { $"Знание {name}{i} о конкурентной записи" } } },
                };
                _temp.Write(Path.Combine(name, $"{i:00}.json"), JsonSerializer.Serialize(report));
            }
            return Path.Combine(_temp.Path, name);
        }).ToList();

        var runs = await Task.WhenAll(folders.Select(folder => KosProcess.RunAsync("learn", folder, "--data", data, "--team", "atra")));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, $"kos exited {r.ExitCode}: {r.Error}"));
        await using var reopened = await SqliteEventStore.OpenAsync(data, TimeProvider.System, CancellationToken.None);
        var igor = (await reopened.LoadAsync(new StreamId("atra", "igor"), CancellationToken.None))!;
        Assert.Equal(2 * perProcess, igor.State.Tasks.Count);
        var versions = new List<long>();
        await foreach (var e in reopened.ReadStreamAsync(new StreamId("atra", "igor"), null, CancellationToken.None)) versions.Add(e.Version);
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
        Assert.Equal(igor.Version, versions.Count);
        Assert.Equal(versions.Count, await reopened.CountEventsAsync(CancellationToken.None));
    }
}
