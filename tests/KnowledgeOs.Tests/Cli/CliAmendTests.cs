using KnowledgeOs.Cli.Infrastructure;
using KnowledgeOs.Events;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Learning;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary><c>kos learn --amend</c>: ATRA's <c>{task_id}_{timestamp}.json</c> revisions of one task, in one folder.</summary>
public sealed class CliAmendTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    [Fact]
    public async Task A_folder_with_two_revisions_of_a_task_learned_with_amend_ends_in_the_latest_and_a_second_run_writes_nothing()
    {
        var folder = Path.Combine(_dir.Path, "retrospectives");
        Directory.CreateDirectory(folder);
        // The revision's completed_at is earlier than the first's: file-name order, not time, decides which one is in force.
        await File.WriteAllTextAsync(Path.Combine(folder, "ATRA-42_20261120T100000.json"), AmendedRetrospectiveContract.Retrospective(revised: false));
        await File.WriteAllTextAsync(Path.Combine(folder, "ATRA-42_20261121T090000.json"),
            AmendedRetrospectiveContract.Retrospective(revised: true).Replace("2026-11-20T10:00:00Z", "2026-11-19T10:00:00Z", StringComparison.Ordinal));

        var first = await Kos.RunAsync("learn", folder, "--amend", "--onboard", "--data", Db);
        var second = await Kos.RunAsync("learn", folder, "--amend", "--data", Db);

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Contains("изучено: 1, исправлено: 1, уже известно (без изменений): 0", first.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Contains("изучено: 0, уже известно (без изменений): 2, с ошибками: 0; записано событий: 0.", second.Out, StringComparison.Ordinal);
        await using var store = await SqliteEventStore.OpenAsync(Db, TimeProvider.System, CancellationToken.None);
        var pavel = (await store.LoadAsync(new StreamId("default", "pavel"), CancellationToken.None))!.State;
        Assert.Equal(Outcome.Success, pavel.Task("ATRA-42")!.Outcome);
        Assert.Equal(new DateTimeOffset(2026, 11, 19, 10, 0, 0, TimeSpan.Zero), pavel.Task("ATRA-42")!.At);
        Assert.False(pavel.Items.Values.Single(i => i.Text == "Grid spacing follows volatility").IsActive);
    }

    [Fact]
    public async Task A_past_view_between_a_revision_dated_earlier_and_the_original_reads_without_the_task()
    {
        var folder = Path.Combine(_dir.Path, "retrospectives");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "ATRA-42_20261120T100000.json"), AmendedRetrospectiveContract.Retrospective(revised: false));
        await File.WriteAllTextAsync(Path.Combine(folder, "ATRA-42_20261121T090000.json"),
            AmendedRetrospectiveContract.Retrospective(revised: true).Replace("2026-11-20T10:00:00Z", "2026-11-19T10:00:00Z", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Ok, (await Kos.RunAsync("learn", folder, "--amend", "--onboard", "--data", Db)).ExitCode);

        // The revision says it happened on the 19th, the task's completion on the 20th: on the 19th at noon the
        // revision is "in" and the task it revises is not; the view leaves the revision out instead of failing.
        var between = await Kos.RunAsync("render", "pavel", "--as-of", "2026-11-19T12:00:00Z", "--lang", "en", "--data", Db);
        var after = await Kos.RunAsync("render", "pavel", "--as-of", "2026-11-20T12:00:00Z", "--lang", "en", "--data", Db);

        Assert.Equal(ExitCodes.Ok, between.ExitCode);
        Assert.DoesNotContain("ATRA-42", between.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, after.ExitCode);
        Assert.Contains("ATRA-42", after.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_original_file_amended_on_its_own_switches_the_task_back_and_again_writes_nothing()
    {
        var original = _dir.Write("ATRA-42_1.json", AmendedRetrospectiveContract.Retrospective(revised: false));
        var revision = _dir.Write("ATRA-42_2.json", AmendedRetrospectiveContract.Retrospective(revised: true));
        Assert.Equal(ExitCodes.Ok, (await Kos.RunAsync("learn", original, "--onboard", "--data", Db)).ExitCode);
        Assert.Equal(ExitCodes.Ok, (await Kos.RunAsync("learn", revision, "--amend", "--data", Db)).ExitCode);

        var back = await Kos.RunAsync("learn", original, "--amend", "--data", Db);
        var again = await Kos.RunAsync("learn", original, "--amend", "--data", Db);

        // The default team speaks Russian (the summary wraps at the console width, so lines are joined).
        Assert.Contains("изучено: 0, исправлено: 1, уже известно (без изменений): 0", Joined(back.Out), StringComparison.Ordinal);
        Assert.Contains("изучено: 0, уже известно (без изменений): 1, с ошибками: 0; записано событий: 0.", Joined(again.Out), StringComparison.Ordinal);
        await using var store = await SqliteEventStore.OpenAsync(Db, TimeProvider.System, CancellationToken.None);
        var pavel = (await store.LoadAsync(new StreamId("default", "pavel"), CancellationToken.None))!.State;
        Assert.Equal((Outcome.Failure, "original"), (pavel.Task("ATRA-42")!.Outcome, pavel.Task("ATRA-42")!.Revision));
        Assert.True(pavel.Items.Values.Single(i => i.Text == "Grid spacing follows volatility").IsActive);
    }

    [Fact]
    public async Task A_revision_learned_without_amend_is_refused_saying_how_to_amend_it()
    {
        var original = _dir.Write("ATRA-42_1.json", AmendedRetrospectiveContract.Retrospective(revised: false));
        var revision = _dir.Write("ATRA-42_2.json", AmendedRetrospectiveContract.Retrospective(revised: true));
        Assert.Equal(ExitCodes.Ok, (await Kos.RunAsync("learn", original, "--onboard", "--data", Db)).ExitCode);

        var run = await Kos.RunAsync("learn", revision, "--data", Db);

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains($"{revision}: task ATRA-42 was already learned with other content; nothing of this file was written. "
            + $"To apply it as a revision of the task, amend it: kos learn {revision} --amend", run.Out.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revision_that_drops_a_participant_takes_the_task_from_their_render_and_progress_and_the_original_gives_it_back()
    {
        var original = _dir.Write("ATRA-42_1.json", AmendedRetrospectiveContract.Retrospective(revised: false));
        var withoutMaria = _dir.Write("ATRA-42_2.json", AmendedRetrospectiveContract.RetrospectiveWithoutMaria());
        Assert.Equal(ExitCodes.Ok, (await Kos.RunAsync("learn", original, "--onboard", "--data", Db)).ExitCode);
        Assert.Contains("**Всего задач выполнено:** 1", (await Kos.RunAsync("render", "mariya", "--data", Db)).Out, StringComparison.Ordinal);

        var amended = await Kos.RunAsync("learn", withoutMaria, "--amend", "--data", Db);
        var replay = await Kos.RunAsync("learn", withoutMaria, "--amend", "--data", Db);

        Assert.Equal(ExitCodes.Ok, amended.ExitCode);
        Assert.Contains("записано событий: 0.", Joined(replay.Out), StringComparison.Ordinal);
        var render = (await Kos.RunAsync("render", "mariya", "--data", Db)).Out;
        Assert.Contains("**Всего задач выполнено:** 0", render, StringComparison.Ordinal);
        Assert.DoesNotContain("Risk limits live in one config", render, StringComparison.Ordinal);
        var progress = await Kos.RunAsync("progress", "--json", "--data", Db);
        using (var json = System.Text.Json.JsonDocument.Parse(progress.Out))
        {
            var maria = json.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("expert").GetString() == "mariya");
            Assert.Equal("★☆☆☆☆ — no tasks yet", maria.GetProperty("levelReason").GetString());
        }

        Assert.Equal(ExitCodes.Ok, (await Kos.RunAsync("learn", original, "--amend", "--data", Db)).ExitCode);

        var back = (await Kos.RunAsync("render", "mariya", "--data", Db)).Out;
        Assert.Contains("**Всего задач выполнено:** 1", back, StringComparison.Ordinal);
        Assert.Contains("Risk limits live in one config", back, StringComparison.Ordinal);
    }

    private static string Joined(string output) => output.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal);

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
