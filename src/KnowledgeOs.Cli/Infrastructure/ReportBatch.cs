using KnowledgeOs.Text;
using KnowledgeOs.Rendering;
using KnowledgeOs.Learning;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>What happened to one report file.</summary>
/// <param name="File">The file.</param>
/// <param name="TaskId">Task id, when it parsed.</param>
/// <param name="Status">learned, amended (a revision of a task learned before, <c>--amend</c>), replay or error.</param>
/// <param name="Events">Events written.</param>
/// <param name="Experts">Experts touched.</param>
/// <param name="Error">The error message, for status error.</param>
public sealed record ReportFileResult(string File, string? TaskId, ReportFileStatus Status, int Events, IReadOnlyList<string> Experts, string? Error)
{
    /// <summary>Participants found by another name than their slug, and how (<c>Андрей → andrey (alias 'Андрей' …)</c>).</summary>
    public IReadOnlyList<string> Matches { get; init; } = [];
}

/// <summary>
/// Learns from many report files: every file parsed and validated first, then applied one atomic commit per
/// report in the order the tasks happened. A bad file is reported and skipped; the others still land.
/// </summary>
public static class ReportBatch
{
    /// <summary>Learns from the files; returns per-file results (sorted by file) and the exit code of the worst error.</summary>
    public static async Task<(List<ReportFileResult> Results, int ExitCode)> LearnAsync(
        KosSession session, IReadOnlyList<string> files, bool onboard, IAnsiConsole console, bool showProgress, CancellationToken ct, bool amend = false)
    {
        var results = new List<ReportFileResult>();
        var exitCode = ExitCodes.Ok;
        var reports = new List<(string File, TaskReport Report)>();
        // A bad file of a team that has experts is worded in the team's language (--lang wins); a team with none yet has no language.
        await session.KnowErrorLanguageAsync(ct);
        foreach (var file in files)
        {
            try
            {
                // Bytes, not text: a broken UTF-8 byte is refused naming the file instead of stored as U+FFFD.
                reports.Add((file, ReportParser.Parse(await InputFile.ReadAllBytesAsync(file, ct), file, session.Service.Options.LimitsInForce)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not StorageException)
            {
                // Whatever one file does to the parser (even an exception no rule expected), the others are still learned.
                var message = CliErrors.Describe(ex).Message;
                results.Add(new ReportFileResult(file, null, ReportFileStatus.Error, 0, [], ex is KnowledgeOsException ? message : $"{file}: {message}"));
                exitCode = Math.Max(exitCode, ExitCodes.Input);
            }
        }
        // Learning follows the order tasks happened, so promotion sees evidence in time order. Revisions of one task
        // (ATRA writes {task_id}_{timestamp}.json) stay together, in file-name order, so the last revision is the one in force.
        var firstAt = reports.GroupBy(r => r.Report.TaskId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(r => r.Report.CompletedAt), StringComparer.Ordinal);
        reports.Sort((a, b) =>
        {
            var (ta, tb) = (firstAt[a.Report.TaskId], firstAt[b.Report.TaskId]);
            if (ta != tb) return ta.CompareTo(tb);
            var byTask = string.CompareOrdinal(a.Report.TaskId, b.Report.TaskId);
            return byTask != 0 ? byTask : string.CompareOrdinal(a.File, b.File);
        });

        // A revision followed by a later one of its task in this run is history: replayed, never switched back to.
        var lastOfTask = reports.GroupBy(r => r.Report.TaskId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().File, StringComparer.Ordinal);

        async Task ApplyAll(Action? tick)
        {
            foreach (var (file, report) in reports)
            {
                try
                {
                    var r = await session.Service.LearnAsync(session.Team, report, onboard, amend, superseded: lastOfTask[report.TaskId] != file, ct);
                    results.Add(new ReportFileResult(file, report.TaskId, r.Duplicate || r.EventCount == 0 ? ReportFileStatus.Replay : r.Revision is null ? ReportFileStatus.Learned : ReportFileStatus.Amended,
                        r.EventCount, r.Changes.Select(c => c.Expert).ToList(), null)
                    { Matches = r.Matches });
                }
                catch (KnowledgeOsException ex) when (ex is InputException or ConflictException or NotFoundException)
                {
                    results.Add(new ReportFileResult(file, report.TaskId, ReportFileStatus.Error, 0, [], Explain(file, report, ex)));
                    exitCode = Math.Max(exitCode, CliErrors.Describe(ex).ExitCode);
                }
                tick?.Invoke();
            }
        }
        if (showProgress && reports.Count > 1 && console.Profile.Capabilities.Interactive)
        {
            var caption = Markup.Escape((await session.LabelsAsync(ct)).LearningProgress);
            await console.Progress().StartAsync(async p =>
            {
                var task = p.AddTask(caption, maxValue: reports.Count);
                await ApplyAll(() => task.Increment(1));
            });
        }
        else
        {
            await ApplyAll(null);
        }
        results.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        return (results, exitCode);
    }

    /// <summary>
    /// The error of one report in a reader's words, naming the file: the store speaks of idempotency keys, the reader of
    /// tasks ("task ORB-101 was already learned with other content").
    /// </summary>
    private static string Explain(string file, TaskReport report, KnowledgeOsException ex) =>
        ex is ConflictException && ex.Message.Contains($"'task:{report.TaskId}'", StringComparison.Ordinal)
            ? $"{file}: task {report.TaskId} was already learned with other content; nothing of this file was written. "
              + $"To apply it as a revision of the task, amend it: kos learn {file} --amend (HTTP: POST …/reports?amend=true)."
            : $"{file}: {ex.Message}";

    /// <summary>A run of more files than this prints its counts and first errors instead of a row per file.</summary>
    public const int TableLimit = 50;

    /// <summary>How many errors a large run prints in full (--json has every one).</summary>
    public const int ErrorLimit = 10;

    /// <summary>Prints the results: a table with a row per file for a small run, then the counts, then the errors
    /// (the first <see cref="ErrorLimit"/> of a large run).</summary>
    public static void Print(IAnsiConsole console, IReadOnlyList<ReportFileResult> results, CliLabels l)
    {
        var large = results.Count > TableLimit;
        if (!large)
        {
            var table = Output.Table([.. l.ReportColumns]);
            foreach (var r in results)
                table.Row(Path.GetFileName(r.File), r.TaskId ?? "—", l.ReportStatus(EnumCodes<ReportFileStatus>.Code(r.Status)), r.Events, string.Join(", ", r.Experts));
            console.Write(table);
        }
        foreach (var m in results.SelectMany(r => r.Matches).Distinct(StringComparer.Ordinal))
            Output.Line(console, l.Matched(m));
        // The amended count is said only when a run amended something, so a plain run reads as it always did.
        Output.Line(console, l.LearnSummary(results.Count(r => r.Status == ReportFileStatus.Learned), results.Count(r => r.Status == ReportFileStatus.Amended),
            results.Count(r => r.Status == ReportFileStatus.Replay), results.Count(r => r.Status == ReportFileStatus.Error), results.Sum(r => r.Events), large ? results.Count : null));
        var errors = results.Where(r => r.Error is not null).ToList();
        foreach (var r in large ? errors.Take(ErrorLimit) : errors)
            console.MarkupLine($"[red]{l.ErrorWord}[/] {Markup.Escape(r.Error!)}");
        if (large && errors.Count > ErrorLimit) Output.Line(console, l.MoreErrors(errors.Count - ErrorLimit));
    }
}
