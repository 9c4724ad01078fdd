using KnowledgeOs.Rendering;
using System.Globalization;
using System.Text.Json;
using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Feeds;
using KnowledgeOs.Learning;
using KnowledgeOs.Metrics;
using KnowledgeOs.Programs;
using KnowledgeOs.Storage;
using KnowledgeOs.Team;
using Microsoft.Extensions.Logging;

namespace KnowledgeOs.Cycle;

/// <summary>
/// The scheduled learning cycle. A tick runs every job that is due: for each job, under its lease (so of several
/// servers one runs it), the schedule occurrences since its last recorded run are caught up (at most
/// <see cref="CycleOptions.MaxCatchUp"/>), and each is recorded as done. Jobs:
/// <list type="bullet">
/// <item><c>feeds</c> — fetch every team's best-practice feeds and record new entries for the experts they are for;</item>
/// <item><c>daily</c> — promotion review and levels (<see cref="LevelReached"/> on a change), and a digest of what
/// each expert learned in the 24 h up to each occurrence (by when it was recorded: a late report is never skipped), written as Markdown and JSON;</item>
/// <item><c>weekly</c> — the progress ranking as of each occurrence (by when things happened) with the change since the week before.</item>
/// </list>
/// </summary>
public sealed class LearningCycle(
    KnowledgeService service,
    ICycleStore store,
    CycleOptions options,
    ProgramCatalog catalog,
    FeedFetcher fetcher,
    string outputFolder,
    TimeProvider time,
    ILogger logger,
    string? holder = null)
{
    private static readonly JsonSerializerOptions Json = new(EventTypes.Json) { WriteIndented = true };
    private readonly IReadOnlyDictionary<string, CronSchedule> _schedules = options.Schedules();

    /// <summary>This runner's name in leases and run records.</summary>
    public string Holder { get; } = holder ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("n")[..8]}";

    /// <summary>How far back a job's first run looks for its latest occurrence.</summary>
    public static readonly TimeSpan FirstRunLookback = TimeSpan.FromDays(35);

    /// <summary>Runs what is due now. <paramref name="force"/> runs the given jobs for "now" even when nothing is due.</summary>
    public async Task<CycleReport> TickAsync(IReadOnlyCollection<string>? jobs, bool force, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var reports = new List<JobReport>();
        foreach (var job in CycleJobs.All.Where(j => jobs is null || jobs.Contains(j)))
            reports.Add(await RunJobAsync(job, force, ct));
        return new CycleReport(Holder, now, reports);
    }

    /// <summary>
    /// Runs again, for a past time <paramref name="at"/>, the period of each given job (default: daily and weekly) that
    /// contains it: the first occurrence at or after <paramref name="at"/>. Writes that period's files as a run on time
    /// would (the digest of what was recorded in it, the ranking as of it); decides nothing on the current state (no
    /// promotions or levels) and leaves the schedule's record of runs alone.
    /// </summary>
    /// <exception cref="InputException">Feeds asked for (they are fetched only for now), or the period has not ended yet.</exception>
    public async Task<CycleReport> RunPeriodAsync(IReadOnlyCollection<string>? jobs, DateTimeOffset at, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (jobs is not null && jobs.Contains(CycleJobs.Feeds))
            throw InputException.Of("--as-of: the feeds job fetches what the feeds offer now; it has no past period. Run it without --as-of.", "--as-of",
                ErrorCodes.CycleFeedsAsOf);
        var reports = new List<JobReport>();
        foreach (var job in CycleJobs.All.Where(j => j != CycleJobs.Feeds && (jobs is null || jobs.Contains(j))))
        {
            var schedule = _schedules[job];
            var occurrence = schedule.Next(at.AddTicks(-1))
                ?? throw InputException.Of($"--as-of {at:yyyy-MM-dd HH:mm}: the {job} schedule has no occurrence after it.", "--as-of",
                    ErrorCodes.CyclePeriodNone, at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), job);
            if (occurrence > now)
                throw InputException.Of($"--as-of {at:yyyy-MM-dd HH:mm}: its {job} period ends at {occurrence:yyyy-MM-dd HH:mm} UTC, which is still to come; a period is run once it has ended.", "--as-of",
                    ErrorCodes.CyclePeriodFuture, at.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), job, occurrence.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC");
            var lease = "cycle:" + job;
            if (!await store.TryAcquireLeaseAsync(lease, Holder, now, options.LeaseDuration, ct))
            {
                reports.Add(new JobReport(job, JobStatus.Held, [], [CycleLine.Of(null, CycleLine.Codes.HeldTryAgain)], [], schedule.Next(now)));
                continue;
            }
            try
            {
                var summary = job == CycleJobs.Daily ? await DailyAsync(occurrence, isLatest: false, ct) : await WeeklyAsync(occurrence, ct);
                reports.Add(new JobReport(job, JobStatus.Ran, [occurrence], [.. summary.Select(l => l.In(occurrence))], [], schedule.Next(now)));
            }
            finally
            {
                await store.ReleaseLeaseAsync(lease, Holder, CancellationToken.None);
            }
        }
        return new CycleReport(Holder, now, reports);
    }

    /// <summary>The earliest next occurrence over all jobs after their last run (for the background loop's sleep).</summary>
    public async Task<DateTimeOffset> NextDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var next = now.AddHours(1);
        foreach (var (job, schedule) in _schedules)
        {
            var last = await store.LastRunAsync(job, ct) ?? now;
            var candidate = schedule.Next(last > now ? last : now);
            if (candidate is { } c && c < next) next = c;
        }
        return next;
    }

    private async Task<JobReport> RunJobAsync(string job, bool force, CancellationToken ct)
    {
        var schedule = _schedules[job];
        var now = time.GetUtcNow();
        var lease = "cycle:" + job;
        if (!await store.TryAcquireLeaseAsync(lease, Holder, now, options.LeaseDuration, ct))
            return new JobReport(job, JobStatus.Held, [], [CycleLine.Of(null, CycleLine.Codes.Held)], [], schedule.Next(now));
        try
        {
            // Read after taking the lease: a runner that held it a moment ago may have just finished these periods.
            var last = await store.LastRunAsync(job, ct);
            var due = last is { } l
                ? schedule.Between(l, now).ToList()
                : schedule.Between(now - FirstRunLookback, now).TakeLast(1).ToList();
            var lines = new List<CycleLine>();
            if (due.Count > options.MaxCatchUp)
            {
                lines.Add(CycleLine.Of(null, CycleLine.Codes.MissedSkipped, due.Count - options.MaxCatchUp,
                    due[^options.MaxCatchUp].ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), options.MaxCatchUp));
                logger.LogWarning("Cycle {Job}: skipping {Count} missed occurrences beyond MaxCatchUp", job, due.Count - options.MaxCatchUp);
                due = due.TakeLast(options.MaxCatchUp).ToList();
            }
            if (due.Count == 0 && force) due = [now];
            if (due.Count == 0) return new JobReport(job, JobStatus.NotDue, [], [], [], schedule.Next(now));
            if (due.Count > 1) logger.LogInformation("Cycle {Job}: catching up {Count} occurrences since {Last}", job, due.Count, last);
            var errors = new List<string>();
            for (var i = 0; i < due.Count; i++)
            {
                var occurrence = due[i];
                var isLatest = i == due.Count - 1;
                var summary = job switch
                {
                    CycleJobs.Feeds => isLatest ? await FeedsAsync(errors, ct) : [CycleLine.Of(null, CycleLine.Codes.OlderFeedsPeriod)],
                    CycleJobs.Daily => await DailyAsync(occurrence, isLatest, ct),
                    _ => await WeeklyAsync(occurrence, ct),
                };
                lines.AddRange(summary.Select(s => s.In(occurrence)));
                await store.RecordRunAsync(new JobRun(job, occurrence, Holder, time.GetUtcNow(), string.Join("; ", summary.Select(s => s.Summary))), ct);
                // Keep the lease through a long catch-up.
                await store.TryAcquireLeaseAsync(lease, Holder, time.GetUtcNow(), options.LeaseDuration, ct);
            }
            foreach (var line in lines) logger.LogInformation("Cycle {Job}: {Line}", job, line.Text);
            return new JobReport(job, JobStatus.Ran, due, lines, errors, schedule.Next(now));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Cycle {Job} failed: {Message}", job, ex.Message);
            return new JobReport(job, JobStatus.Failed, [], [CycleLine.Of(null, CycleLine.Codes.Failed, ex.Message)], [], schedule.Next(now));
        }
        finally
        {
            await store.ReleaseLeaseAsync(lease, Holder, CancellationToken.None);
        }
    }

    private async Task<IReadOnlyList<CycleLine>> DailyAsync(DateTimeOffset occurrence, bool isLatest, CancellationToken ct)
    {
        var lines = new List<CycleLine>();
        var reports = new LearningReports(service, catalog, time);
        foreach (var team in await service.Store.TeamsAsync(ct))
        {
            if (isLatest)
            {
                // Promotions and levels are decisions on the current state: once, on the latest occurrence.
                int promoted = 0, levels = 0;
                foreach (var expert in await service.ListAsync(team, ct))
                {
                    IReadOnlyList<KnowledgeEvent> decided = [];
                    await service.DecideAsync(team, expert.State.Slug, (state, at) =>
                    {
                        var events = PromotionReview.Decide(state, service.Options, "cycle:daily", at).ToList();
                        events.AddRange(LevelDecider.Decide(Experts.ExpertState.Fold(state, events)!, "cycle:daily", at));
                        // A lost race decides again on the new state; the last decision is the one written.
                        return decided = events;
                    }, ct);
                    promoted += decided.Count(e => e is KnowledgePromoted);
                    levels += decided.Count(e => e is LevelReached);
                }
                lines.Add(CycleLine.Of(team, CycleLine.Codes.Decided, promoted, levels));
            }
            if (isLatest) lines.AddRange(await GuidanceAsync(team, ct));
            var digest = await reports.DigestAsync(team, occurrence.AddDays(-1), occurrence, ct);
            // Written in the team's own language (docs/RENDERING.md: the rule that derives it).
            var language = TeamLanguage.Of(await reports.StatesAsync(team, AsOf.Recorded(occurrence), ct));
            var file = await WriteAsync(Path.Combine("digests", team, $"{occurrence:yyyy-MM-dd}"), digest.ToMarkdown(language), DigestJson(digest), ct);
            lines.Add(CycleLine.Of(team, CycleLine.Codes.Digest, digest.Experts.Count, file));
        }
        return lines;
    }

    // The configured guidance files, compiled from the state now: a file whose block is unchanged is not touched.
    private async Task<IReadOnlyList<CycleLine>> GuidanceAsync(string team, CancellationToken ct)
    {
        if (!options.Teams.TryGetValue(team, out var config) || config.Guidance.Count == 0) return [];
        int written = 0, current = 0;
        foreach (var target in config.Guidance)
        {
            var files = await GuidanceCompiler.TargetsAsync(service, team, target.IsAll ? null : target.Expert,
                target.Out is null ? null : Path.Combine(outputFolder, target.Out), target.IsAll ? Path.Combine(outputFolder, target.Dir!) : null, target.Ext, ct);
            foreach (var (slug, path) in files)
            {
                if ((await GuidanceCompiler.RefreshAsync(service, team, slug, path, target.Budget, ct)).Changed) written++;
                else current++;
            }
        }
        return [CycleLine.Of(team, CycleLine.Codes.Guidance, written, current)];
    }

    private async Task<IReadOnlyList<CycleLine>> WeeklyAsync(DateTimeOffset occurrence, CancellationToken ct)
    {
        var lines = new List<CycleLine>();
        var reports = new LearningReports(service, catalog, time);
        foreach (var team in await service.Store.TeamsAsync(ct))
        {
            var ranking = await reports.RankingAsync(team, AsOf.Valid(occurrence), ct);
            var programs = new List<ProgramProgress>();
            var states = await reports.StatesAsync(team, AsOf.Valid(occurrence), ct);
            foreach (var state in states) programs.Add(ProgramEvaluator.Evaluate(state, catalog));
            var name = Path.Combine("reports", team, $"weekly-{occurrence:yyyy-MM-dd}");
            var file = await WriteAsync(name, TeamDocument.Weekly(ranking, programs, TeamLanguage.Of(states)), JsonSerializer.Serialize(ranking, Json), ct);
            await File.WriteAllTextAsync(Path.Combine(outputFolder, name + ".svg"), TeamSvg.Ranking(ranking), ct);
            lines.Add(CycleLine.Of(team, CycleLine.Codes.Weekly, ranking.Rows.Count, file));
        }
        return lines;
    }

    private async Task<IReadOnlyList<CycleLine>> FeedsAsync(List<string> errors, CancellationToken ct)
    {
        var lines = new List<CycleLine>();
        foreach (var (team, config) in options.Teams.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var sources = config.Feeds.Select(f => f.ToSource()).ToList();
            if (sources.Count == 0) continue;
            var fetched = new FeedFetch[sources.Count];
            await Parallel.ForAsync(0, sources.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Http.MaxConcurrency, CancellationToken = ct },
                async (i, token) => fetched[i] = await fetcher.FetchAsync(sources[i], await store.GetFeedAsync(team, sources[i].Url, token), token));
            var experts = await service.ListAsync(team, ct);
            for (var i = 0; i < sources.Count; i++)
            {
                var source = sources[i];
                var f = fetched[i];
                if (f.Status == FeedStatus.Failed)
                {
                    errors.Add($"{source.Url}: {f.Error}");
                    lines.Add(CycleLine.Of(team, CycleLine.Codes.FeedFailed, source.Url, f.Error ?? ""));
                    var previous = await store.GetFeedAsync(team, source.Url, ct);
                    // Keep the validators of the last good fetch; only the outcome changes.
                    await store.SaveFeedAsync(new FeedState(team, source.Url, previous?.ETag, previous?.LastModified, time.GetUtcNow(), FeedStatus.Failed, f.Error), ct);
                    continue;
                }
                var recorded = 0;
                if (f.Document is { } doc)
                {
                    foreach (var expert in experts)
                    {
                        var result = await service.DecideAsync(team, expert.State.Slug, (state, at) => FeedLearning.Decide(state, source, doc.Entries, at), ct);
                        recorded += result.EventCount;
                    }
                }
                // Validators are saved only after the entries are recorded, so a crash in between refetches (and the per-source dedupe makes that harmless).
                await store.SaveFeedAsync(new FeedState(team, source.Url, f.ETag, f.LastModified, time.GetUtcNow(), f.Status, null), ct);
                lines.Add(f.Status == FeedStatus.NotModified
                    ? CycleLine.Of(team, CycleLine.Codes.FeedNotModified, source.Url)
                    : CycleLine.Of(team, CycleLine.Codes.FeedFetched, source.Url, f.Document!.Entries.Count, recorded, f.Attempts));
            }
        }
        if (lines.Count == 0) lines.Add(CycleLine.Of(null, CycleLine.Codes.NoFeeds));
        return lines;
    }

    private async Task<string> WriteAsync(string name, string markdown, string json, CancellationToken ct)
    {
        var path = Path.Combine(outputFolder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write then rename, so a reader never sees half a file.
        await WriteAtomicAsync(path + ".md", markdown, ct);
        await WriteAtomicAsync(path + ".json", json, ct);
        return path + ".md";
    }

    private static async Task WriteAtomicAsync(string path, string content, CancellationToken ct)
    {
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content, ct);
        File.Move(temp, path, overwrite: true);
    }

    private static string DigestJson(LearningDigest d) => JsonSerializer.Serialize(new
    {
        team = d.Team, from = d.From, to = d.To,
        experts = d.Experts.Select(e => new
        {
            expert = e.Slug, name = e.Name,
            tasks = e.Tasks.Select(t => new { title = t.Title, outcome = t.Outcome }),
            newItems = e.NewItems.Select(i => new { section = i.Section, text = i.Text }),
            confirmed = e.Confirmed.Select(c => new { section = c.Section, text = c.Text, times = c.Times }),
            levels = e.Levels,
        }),
    }, Json);
}
