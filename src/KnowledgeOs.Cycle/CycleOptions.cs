using Cronos;
using KnowledgeOs.Feeds;

namespace KnowledgeOs.Cycle;

/// <summary>
/// Configuration of the scheduled learning cycle (section <c>Cycle</c> of the server configuration, or the file
/// given to <c>kos cycle --config</c>). Schedules are cron expressions (5 fields, or 6 with seconds) in a time zone.
/// </summary>
public sealed class CycleOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "Cycle";

    /// <summary>Whether <c>kos serve</c> runs the cycle in the background.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Daily job: promotion review, levels, digest of the last 24 h.</summary>
    public string Daily { get; set; } = "0 6 * * *";

    /// <summary>Weekly job: progress report with the change since the week before.</summary>
    public string Weekly { get; set; } = "0 7 * * 1";

    /// <summary>Feeds job: fetch every team's best-practice feeds.</summary>
    public string Feeds { get; set; } = "0 5 * * *";

    /// <summary>Time zone of the schedules (IANA or Windows id).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Most missed periods of one job caught up in one go; older ones are skipped (and said so).</summary>
    public int MaxCatchUp { get; set; } = 14;

    /// <summary>How long a runner holds a job's lease; another runner may take it over after that.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Where digests and reports are written; default: <see cref="CycleStorage.DefaultOutputFolder"/> (a <c>cycle</c> folder beside the SQLite file).</summary>
    public string? OutputFolder { get; set; }

    /// <summary>Per team: its best-practice feeds.</summary>
    public Dictionary<string, TeamFeedOptions> Teams { get; set; } = new(StringComparer.Ordinal);

    /// <summary>HTTP behaviour of feed fetching.</summary>
    public FeedHttpOptions Http { get; set; } = new();

    /// <summary>Parses every schedule; a bad one is an <see cref="InputException"/> naming the setting and the expression.</summary>
    public IReadOnlyDictionary<string, CronSchedule> Schedules()
    {
        var zone = Zone();
        return new Dictionary<string, CronSchedule>(StringComparer.Ordinal)
        {
            [CycleJobs.Daily] = CronSchedule.Parse(Daily, $"{Section}:Daily", zone),
            [CycleJobs.Weekly] = CronSchedule.Parse(Weekly, $"{Section}:Weekly", zone),
            [CycleJobs.Feeds] = CronSchedule.Parse(Feeds, $"{Section}:Feeds", zone),
        };
    }

    /// <summary>Checks every setting; throws <see cref="InputException"/> on the first bad one.</summary>
    public void Validate()
    {
        _ = Schedules();
        if (MaxCatchUp < 1) throw InputException.Of($"{Section}:MaxCatchUp must be 1 or more, not {MaxCatchUp}.", "MaxCatchUp", ErrorCodes.NumberNotBetween, $"{Section}:MaxCatchUp", "1", "");
        if (LeaseDuration <= TimeSpan.Zero) throw InputException.Of($"{Section}:LeaseDuration must be positive.", "LeaseDuration", ErrorCodes.SettingNotPositive, $"{Section}:LeaseDuration");
        Http.Validate();
        foreach (var (team, feeds) in Teams)
        {
            Experts.ExpertDecider.ValidateSlug(team, $"{Section}:Teams:{team}");
            for (var i = 0; i < feeds.Feeds.Count; i++)
            {
                var url = feeds.Feeds[i].Url;
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                    throw InputException.Of($"{Section}:Teams:{team}:Feeds:{i}:Url '{url}' is not an http(s) URL.", "Url",
                        ErrorCodes.UrlNotHttp, $"{Section}:Teams:{team}:Feeds:{i}:Url", url ?? "");
            }
            for (var i = 0; i < feeds.Guidance.Count; i++) feeds.Guidance[i].Validate($"{Section}:Teams:{team}:Guidance:{i}");
        }
    }

    private TimeZoneInfo Zone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InputException($"{Section}:TimeZone '{TimeZone}' is not a known time zone.", "TimeZone", ex)
                .WithCode(ErrorCodes.TimeZoneUnknown, $"{Section}:TimeZone", TimeZone ?? "");
        }
    }
}

/// <summary>The feeds of one team, and the guidance files the daily job keeps current.</summary>
public sealed class TeamFeedOptions
{
    /// <summary>Its sources.</summary>
    public List<FeedSourceOptions> Feeds { get; set; } = [];

    /// <summary>Guidance files (AGENTS.md, CLAUDE.md, .cursor/rules) the daily job rewrites when their block changed.</summary>
    public List<GuidanceFileOptions> Guidance { get; set; } = [];
}

/// <summary>One guidance target: an expert's block in a file, or every active expert's in a directory (as <c>kos guidance</c>).</summary>
public sealed class GuidanceFileOptions
{
    /// <summary>The expert's slug, or <c>all</c> for every active expert.</summary>
    public string Expert { get; set; } = "";

    /// <summary>The file for one expert; relative paths are under the cycle's output folder.</summary>
    public string? Out { get; set; }

    /// <summary>The directory for <c>all</c> (one file per expert); relative paths are under the cycle's output folder.</summary>
    public string? Dir { get; set; }

    /// <summary>The extension of each file in <see cref="Dir"/>.</summary>
    public string Ext { get; set; } = ".md";

    /// <summary>Most characters of each block.</summary>
    public int Budget { get; set; } = Rendering.GuidanceBlock.DefaultBudget;

    /// <summary>True for the every-expert target.</summary>
    public bool IsAll => Expert == "all";

    /// <summary>Checks the target; <paramref name="at"/> names it in the message.</summary>
    public void Validate(string at)
    {
        if (IsAll)
        {
            if (string.IsNullOrWhiteSpace(Dir) || Out is not null) throw InputException.Of($"{at}: Expert 'all' needs Dir and takes no Out.", "Dir", ErrorCodes.GuidanceAllNeedsDir, at);
        }
        else
        {
            Experts.ExpertDecider.ValidateSlug(Expert, $"{at}:Expert");
            if (string.IsNullOrWhiteSpace(Out) || Dir is not null) throw InputException.Of($"{at}: Expert '{Expert}' needs Out and takes no Dir (Dir goes with 'all').", "Out", ErrorCodes.GuidanceOneNeedsOut, at, Expert);
        }
        if (Budget < 500) throw InputException.Of($"{at}:Budget must be at least 500, not {Budget}.", "Budget", ErrorCodes.NumberNotBetween, $"{at}:Budget", "500", "");
    }
}

/// <summary>One feed source as configured.</summary>
public sealed class FeedSourceOptions
{
    /// <summary>Feed URL (RSS 2.0, Atom or JSON Feed).</summary>
    public string Url { get; set; } = "";
    /// <summary>Category for entries that carry none.</summary>
    public string? Category { get; set; }
    /// <summary>Roles every entry is for.</summary>
    public List<string> Roles { get; set; } = [];
    /// <summary>Expertise tags every entry is for.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>The domain's view of it.</summary>
    public FeedSource ToSource() => new(Url, Category, Roles, Tags);
}

/// <summary>How feeds are fetched: timeouts, retry with exponential backoff and jitter, circuit breaker, limits.</summary>
public sealed class FeedHttpOptions
{
    /// <summary>Timeout of one attempt, reading the whole body included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Timeout of a fetch over all its attempts and waits.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; set; } = 3;
    /// <summary>Delay before the first retry; each later one doubles it.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Longest delay between attempts.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Jitter: each delay is stretched by a random share in [0, this).</summary>
    public double Jitter { get; set; } = 0.2;
    /// <summary>Failure share over the sampling window that opens a source's circuit.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;
    /// <summary>Attempts in the window before the breaker may open.</summary>
    public int BreakerMinimumThroughput { get; set; } = 4;
    /// <summary>The breaker's sampling window.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>How long an open circuit refuses calls before a trial one.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Feeds fetched at once across all sources.</summary>
    public int MaxConcurrency { get; set; } = 4;
    /// <summary>Largest body accepted, in bytes.</summary>
    public long MaxBytes { get; set; } = 2 * 1024 * 1024;
    /// <summary>User-Agent sent.</summary>
    public string UserAgent { get; set; } = "KnowledgeOS-feeds/1.0";

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        if (AttemptTimeout <= TimeSpan.Zero || TotalTimeout < AttemptTimeout)
            throw InputException.Of("Cycle:Http: AttemptTimeout must be positive and TotalTimeout at least as long.", "Http", ErrorCodes.HttpTimeoutsInvalid);
        if (MaxRetries is < 0 or > 10) throw InputException.Of("Cycle:Http:MaxRetries must be 0 to 10.", "Http", ErrorCodes.NumberNotBetween, "Cycle:Http:MaxRetries", "0", "10");
        if (MaxConcurrency < 1) throw InputException.Of("Cycle:Http:MaxConcurrency must be 1 or more.", "Http", ErrorCodes.NumberNotBetween, "Cycle:Http:MaxConcurrency", "1", "");
        if (MaxBytes < 1024) throw InputException.Of("Cycle:Http:MaxBytes must be at least 1024.", "Http", ErrorCodes.NumberNotBetween, "Cycle:Http:MaxBytes", "1024", "");
        if (BreakerFailureRatio is <= 0 or > 1 || BreakerMinimumThroughput < 2) throw InputException.Of("Cycle:Http: the breaker needs a failure ratio in (0, 1] and a minimum throughput of 2 or more.", "Http",
                ErrorCodes.HttpBreakerInvalid);
        if (Jitter is < 0 or > 1) throw InputException.Of("Cycle:Http:Jitter must be 0 to 1.", "Http", ErrorCodes.NumberNotBetween, "Cycle:Http:Jitter", "0", "1");
    }
}

/// <summary>Job names.</summary>
public static class CycleJobs
{
    /// <summary>Promotion review, levels, daily digest.</summary>
    public const string Daily = "daily";
    /// <summary>Weekly progress report.</summary>
    public const string Weekly = "weekly";
    /// <summary>Best-practice feeds.</summary>
    public const string Feeds = "feeds";

    /// <summary>Every job, in the order a tick runs them (feeds first, so the daily digest includes what they brought).</summary>
    public static readonly IReadOnlyList<string> All = [Feeds, Daily, Weekly];
}

/// <summary>A parsed cron schedule in a time zone.</summary>
/// <param name="Expression">The cron expression.</param>
/// <param name="Text">The expression as written.</param>
/// <param name="Zone">The time zone.</param>
public sealed record CronSchedule(CronExpression Expression, string Text, TimeZoneInfo Zone)
{
    /// <summary>Parses a 5-field (or 6-field, with seconds) cron expression.</summary>
    public static CronSchedule Parse(string? text, string setting, TimeZoneInfo zone)
    {
        var t = text?.Trim() ?? "";
        try
        {
            var format = t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
            return new CronSchedule(CronExpression.Parse(t, format), t, zone);
        }
        catch (CronFormatException ex)
        {
            throw new InputException($"{setting}: '{t}' is not a valid cron expression ({ex.Message}). Example: '0 6 * * *' is every day at 06:00.", setting, ex)
                .WithCode(ErrorCodes.CronInvalid, setting, t);
        }
    }

    /// <summary>Occurrences in (<paramref name="after"/>, <paramref name="upTo"/>], oldest first.</summary>
    public IEnumerable<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset upTo) =>
        Expression.GetOccurrences(after.UtcDateTime, upTo.UtcDateTime, Zone, fromInclusive: false, toInclusive: true)
            .Select(d => new DateTimeOffset(d, TimeSpan.Zero));

    /// <summary>The next occurrence after a time, if any.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) =>
        Expression.GetNextOccurrence(after.UtcDateTime, Zone, inclusive: false) is { } d ? new DateTimeOffset(d, TimeSpan.Zero) : null;
}
