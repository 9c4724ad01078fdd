using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Cli;

/// <summary><c>--as-of</c> and <c>--recorded-as-of</c> on every read command, and <c>kos cycle --as-of</c> (docs/TIME.md).</summary>
public sealed class CliTwoTimesTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private string Db => _dir.File("kos.db");

    [SkippableFact]
    public async Task The_ATRA_team_imported_today_had_happened_by_the_end_of_2025_on_every_read_command_and_was_recorded_by_none()
    {
        Skip.If(Repo.Fixtures is null, "../shared/fixtures is absent: this test needs the real ATRA documents.");
        var import = await Kos.RunAsync("import", Path.Combine(Repo.Fixtures!, "atra", "knowledge"), Path.Combine(Repo.Fixtures!, "atra", "learning_programs"), "--data", Db, "--team", "atra");
        Assert.True(import.ExitCode == 0, import.Error);

        var render = await Kos.RunAsync("render", "igor", "--as-of", "2025-12-31", "--data", Db, "--team", "atra");
        Assert.True(render.ExitCode == 0, render.Error);
        Assert.Contains("Игорь", render.Out, StringComparison.Ordinal);
        Assert.Equal((await Kos.RunAsync("render", "igor", "--data", Db, "--team", "atra")).Out, render.Out);
        foreach (var command in new[] { new[] { "history", "igor" }, ["program", "igor"], ["progress"], ["team"] })
        {
            var run = await Kos.RunAsync([.. command, "--as-of", "2025-12-31", "--json", "--data", Db, "--team", "atra"]);
            Assert.True(run.ExitCode == 0, $"{string.Join(' ', command)}: {run.Error}");
            Assert.Contains("igor", run.Out, StringComparison.Ordinal);
        }

        var recorded = await Kos.RunAsync("render", "igor", "--recorded-as-of", "2025-12-31", "--lang", "en", "--data", Db, "--team", "atra");
        Assert.Equal(4, recorded.ExitCode);
        Assert.Contains("had no knowledge base yet as recorded by 2025-12-31", recorded.Error, StringComparison.Ordinal);
        var russian = await Kos.RunAsync("render", "igor", "--recorded-as-of", "2025-12-31", "--data", Db, "--team", "atra");
        Assert.Contains("error: У эксперта «igor» по записям на 2025-12-31 23:59:59Z ещё не было базы знаний.", russian.Error, StringComparison.Ordinal);
        var nobody = await Kos.RunAsync("progress", "--recorded-as-of", "2025-12-31", "--json", "--data", Db, "--team", "atra");
        Assert.True(nobody.ExitCode == 0, nobody.Error);
        Assert.DoesNotContain("igor", nobody.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("render", "--recorded-as-of")]
    [InlineData("history", "--recorded-as-of")]
    [InlineData("program", "--recorded-as-of")]
    public async Task Both_times_at_once_is_an_input_error_naming_the_option(string command, string option)
    {
        await Kos.RunAsync("onboard", Path.Combine(Repo.Samples, "team.json"), "--data", Db);
        var run = await Kos.RunAsync(command, "ivan", "--as-of", "2026-03-20", "--recorded-as-of", "2026-03-20", "--data", Db);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
        Assert.Contains("give one of them", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cycle_as_of_runs_the_period_containing_the_time_and_leaves_the_schedule_alone()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 19, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await Kos.RunAsync(time, "onboard", Path.Combine(Repo.Samples, "team.json"), "--data", Db)).ExitCode);
        Assert.Equal(0, (await Kos.RunAsync(time, "learn", Path.Combine(Repo.Samples, "reports"), "--data", Db)).ExitCode);
        time.SetUtcNow(new DateTimeOffset(2026, 4, 20, 12, 0, 0, TimeSpan.Zero));
        var output = _dir.File("out");
        var config = _dir.Write("cycle.json", $$"""{ "Cycle": { "OutputFolder": "{{output.Replace("\\", "\\\\", StringComparison.Ordinal)}}" } }""");

        // Daily runs at 06:00: 2026-04-19T12:00 is in the day that ends 2026-04-20T06:00, in which everything above was recorded.
        var run = await Kos.RunAsync(time, "cycle", "--as-of", "2026-04-19T12:00:00Z", "--job", "daily", "--config", config, "--data", Db);
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        // The sample team is Russian, so the job line is (docs/LANGUAGE.md).
        Assert.Contains("daily: выполнено", run.Out, StringComparison.Ordinal);
        Assert.Contains("2026-04-20 06:00", run.Out, StringComparison.Ordinal);
        var digest = await File.ReadAllTextAsync(Path.Combine(output, "digests", "default", "2026-04-20.md"));
        // The sample team writes Russian, so its digest does (docs/RENDERING.md: the team language).
        Assert.Contains("- задача: ", digest, StringComparison.Ordinal);

        // The schedule's own run was not taken: a tick still runs the daily job.
        var tick = await Kos.RunAsync(time, "cycle", "--job", "daily", "--config", config, "--data", Db);
        Assert.Contains("daily: выполнено", tick.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--as-of", "2026-04-25", "still to come")]
    [InlineData("--recorded-as-of", "2026-04-10", "not --recorded-as-of")]
    public async Task Cycle_as_of_is_refused_with_a_clear_error_never_accepted_and_ignored(string option, string value, string message)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 20, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, (await Kos.RunAsync(time, "onboard", Path.Combine(Repo.Samples, "team.json"), "--data", Db)).ExitCode);
        var run = await Kos.RunAsync(time, "cycle", option, value, "--data", Db);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        var feeds = await Kos.RunAsync(time, "cycle", "--as-of", "2026-04-10", "--job", "feeds", "--data", Db);
        Assert.Equal(2, feeds.ExitCode);
        Assert.Contains("no past period", feeds.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
