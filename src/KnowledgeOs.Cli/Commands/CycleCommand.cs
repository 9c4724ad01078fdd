using KnowledgeOs.Cycle;
using KnowledgeOs.Hosting;
using KnowledgeOs.Storage;
using KnowledgeOs.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos cycle</c>: one tick of the learning cycle — every job that is due (or, with --force, now), catching up missed periods; with --as-of, the past period containing a time.</summary>
public sealed class CycleCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<CycleCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : ProgramSettings
    {
        /// <summary>Configuration file.</summary>
        [CommandOption("--config <FILE>")]
        [Description("JSON file with a \"Cycle\" section: schedules (cron), feeds per team, HTTP limits (default: $KOS_CYCLE_CONFIG, else defaults, no feeds).")]
        public string? Config { get; init; }

        /// <summary>Jobs to run.</summary>
        [CommandOption("--job <JOB>")]
        [Description("Run only this job: feeds, daily or weekly (repeatable; default: all).")]
        public string[] Jobs { get; init; } = [];

        /// <summary>Run even when not due.</summary>
        [CommandOption("--force")]
        [Description("Run the jobs for now even when their schedule has nothing due.")]
        public bool Force { get; init; }

        /// <summary>Log to standard error.</summary>
        [CommandOption("--log")]
        [Description("Write the cycle's log (retries, circuit breaker, each step) to standard error.")]
        public bool Log { get; init; }

        /// <inheritdoc/>
        public override ValidationResult Validate()
        {
            var bad = Jobs.FirstOrDefault(j => !CycleJobs.All.Contains(j));
            return bad is not null ? ValidationResult.Error($"--job '{bad}' is not a job (feeds, daily, weekly).") : base.Validate();
        }
    }

    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var asOf = settings.PointOfView();
        if (asOf is { Axis: TimeAxis.Recorded })
            throw InputException.Of("kos cycle takes --as-of (the period containing a time), not --recorded-as-of: a period's digest is already what was recorded in it.", "--recorded-as-of",
                ErrorCodes.CycleRecordedAsOf);
        if (asOf is not null && settings.Force)
            throw InputException.Of("--force runs the jobs for now; --as-of runs a past period. Give one of them.", "--force", ErrorCodes.ParametersExclusive, "--force", "--as-of");
        var options = CycleRunner.LoadOptions(EnvironmentDefault.Of(settings.Config, "KOS_CYCLE_CONFIG"));
        var catalog = settings.LoadCatalog();
        using var loggers = settings.Log
            ? LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
            : NullLoggerFactory.Instance;
        await using var session = await KosSession.OpenAsync(settings, time, ct);
        var location = settings.Location;
        // Without Cycle:OutputFolder files go beside the SQLite file; on PostgreSQL beside where the default file would be ($KOS_DATA, ./kos-data).
        var storage = new CycleStorage(token => StoreFactory.OpenCycleStoreAsync(location, token), CycleStorage.OutputBeside(settings.DataPath));
        await using var runner = await CycleRunner.OpenAsync(session.Service, storage, options, catalog, time, loggers.CreateLogger("kos.cycle"), ct);
        var jobs = settings.Jobs.Length > 0 ? settings.Jobs : null;
        var report = asOf is null
            ? await runner.Cycle.TickAsync(jobs, settings.Force, ct)
            : await runner.Cycle.RunPeriodAsync(jobs, asOf.At, ct);
        // Each line is worded in its team's language (--lang overrides); a line of no team, and the job's own line, in the session's.
        var fallback = await session.LanguageAsync(ct);
        var languages = new Dictionary<string, RenderLanguage>(StringComparer.Ordinal);
        async Task<CycleLabels> LabelsOf(CycleLine line)
        {
            if (line.Team is not { } team || !string.IsNullOrWhiteSpace(settings.Lang)) return CycleLabels.For(fallback);
            if (!languages.TryGetValue(team, out var language))
                languages[team] = language = TeamLanguage.Of((await session.Service.ListAsync(team, ct)).Select(e => e.State));
            return CycleLabels.For(language);
        }
        if (settings.Json)
        {
            var shown = new List<object>();
            foreach (var job in report.Jobs)
            {
                var lines = new List<object>();
                foreach (var line in job.Lines)
                    lines.Add(new { at = line.At, team = line.Team, code = line.Code, args = line.Args, message = (await LabelsOf(line)).Line(line) });
                shown.Add(new { job = job.Job, status = job.Status, occurrences = job.Occurrences, lines, errors = job.Errors, next = job.Next });
            }
            Output.Json(console, new { holder = report.Holder, at = report.At, output = runner.OutputFolder, jobs = shown });
        }
        else
        {
            foreach (var job in report.Jobs)
            {
                Output.Line(console, CycleLabels.For(fallback).Job(job.Job, job.Status.Code(), job.Next));
                foreach (var line in job.Lines) Output.Line(console, "  " + (await LabelsOf(line)).Line(line));
                foreach (var error in job.Errors) Output.Line(console, "  ⚠ " + error);
            }
        }
        // A failed job (not a failed feed, which is reported and skipped) is almost always the store or the disk.
        return report.Failed ? ExitCodes.Storage : ExitCodes.Ok;
    }
}
