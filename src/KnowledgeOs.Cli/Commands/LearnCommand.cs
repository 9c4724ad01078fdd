using System.ComponentModel;
using KnowledgeOs.Cli.Infrastructure;
using KnowledgeOs.Learning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos learn</c>: updates knowledge bases from task reports (native or ATRA retrospective JSON).</summary>
public sealed class LearnCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<LearnCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>Report files or folders.</summary>
        [CommandArgument(0, "<PATH>")]
        [Description("Report files, or folders searched recursively for *.json.")]
        public string[] Paths { get; init; } = [];

        /// <summary>Onboard unknown experts.</summary>
        [CommandOption("--onboard")]
        [Description("Onboard experts the team does not have yet, from the report's name and role (slug transliterated: Иван → ivan).")]
        public bool Onboard { get; init; }
    }

    /// <summary>What happened to one report file.</summary>
    /// <param name="File">The file.</param>
    /// <param name="TaskId">Task id, when it parsed.</param>
    /// <param name="Status">learned, replay or error.</param>
    /// <param name="Events">Events written.</param>
    /// <param name="Experts">Experts touched.</param>
    /// <param name="Error">The error message, for status error.</param>
    public sealed record FileResult(string File, string? TaskId, string Status, int Events, IReadOnlyList<string> Experts, string? Error);

    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var files = InputFiles.Expand(settings.Paths, "*.json");
        if (files.Count == 0) throw new InputException($"No *.json report files under {string.Join(", ", settings.Paths)}.", "<PATH>");

        // Every file is parsed and validated before anything is written; bad files are reported, good ones applied.
        var results = new List<FileResult>();
        var exitCode = ExitCodes.Ok;
        var reports = new List<(string File, TaskReport Report)>();
        foreach (var file in files)
        {
            try
            {
                reports.Add((file, ReportParser.Parse(await File.ReadAllTextAsync(file, ct), file)));
            }
            catch (InputException ex)
            {
                results.Add(new FileResult(file, null, "error", 0, [], ex.Message));
                exitCode = Math.Max(exitCode, ex.ExitCode);
            }
        }
        // Learning follows the order tasks happened, so promotion sees evidence in time order.
        reports.Sort((a, b) => a.Report.CompletedAt != b.Report.CompletedAt
            ? a.Report.CompletedAt.CompareTo(b.Report.CompletedAt)
            : string.CompareOrdinal(a.File, b.File));

        await using var session = await KosSession.OpenAsync(settings, time, ct);
        async Task ApplyAll(Action? tick)
        {
            foreach (var (file, report) in reports)
            {
                try
                {
                    var r = await session.Service.LearnAsync(session.Team, report, settings.Onboard, ct);
                    results.Add(new FileResult(file, report.TaskId, r.Duplicate || r.EventCount == 0 ? "replay" : "learned",
                        r.EventCount, r.Changes.Select(c => c.Expert).ToList(), null));
                }
                catch (KnowledgeOsException ex) when (ex is InputException or ConflictException or NotFoundException)
                {
                    results.Add(new FileResult(file, report.TaskId, "error", 0, [], ex.Message));
                    exitCode = Math.Max(exitCode, ex.ExitCode);
                }
                tick?.Invoke();
            }
        }
        if (!settings.Json && reports.Count > 1 && console.Profile.Capabilities.Interactive)
        {
            await console.Progress().StartAsync(async p =>
            {
                var task = p.AddTask("Learning from reports", maxValue: reports.Count);
                await ApplyAll(() => task.Increment(1));
            });
        }
        else
        {
            await ApplyAll(null);
        }

        results.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        if (settings.Json) Output.Json(console, results);
        else Print(results);
        // The most serious error decides the exit code: input 2, conflict 3, not found 4.
        return exitCode;
    }

    private void Print(List<FileResult> results)
    {
        var table = Output.Table("file", "task", "status", "events", "experts");
        foreach (var r in results)
            table.Row(Path.GetFileName(r.File), r.TaskId ?? "—", r.Status, r.Events, string.Join(", ", r.Experts));
        console.Write(table);
        foreach (var r in results.Where(r => r.Error is not null))
            console.MarkupLine($"[red]error[/] {Markup.Escape(r.Error!)}");
        var learned = results.Count(r => r.Status == "learned");
        var replays = results.Count(r => r.Status == "replay");
        var errors = results.Count(r => r.Status == "error");
        Output.Line(console, $"{learned} learned, {replays} already known (no change), {errors} with errors; {results.Sum(r => r.Events)} events written.");
    }
}
