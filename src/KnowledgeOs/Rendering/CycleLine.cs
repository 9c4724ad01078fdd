using System.Globalization;

namespace KnowledgeOs.Rendering;

/// <summary>
/// A line the learning cycle writes under a job: a stable <see cref="Code"/> and its <see cref="Args"/> (numbers as
/// invariant text, paths, URLs), the <see cref="Team"/> it is about and the period (<see cref="At"/>) it belongs to.
/// It is worded by <see cref="CycleLabels"/> in the language of its team; <see cref="Text"/> is the English line.
/// </summary>
/// <param name="At">The schedule occurrence it belongs to, if any.</param>
/// <param name="Team">The team it is about, if any.</param>
/// <param name="Code">What happened (<see cref="Codes"/>).</param>
/// <param name="Args">The values the wording takes.</param>
public sealed record CycleLine(DateTimeOffset? At, string? Team, string Code, IReadOnlyList<string> Args)
{
    /// <summary>A line about a team, in no period yet (<see cref="In"/> sets it).</summary>
    public static CycleLine Of(string? team, string code, params object[] args) =>
        new(null, team, code, [.. args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "")]);

    /// <summary>The same line in a period.</summary>
    public CycleLine In(DateTimeOffset at) => this with { At = at };

    /// <summary>The English line, period and team in front (what the log and the tests read).</summary>
    public string Text => CycleLabels.En.Line(this);

    /// <summary>The English line without its period (a run's recorded summary).</summary>
    public string Summary => CycleLabels.En.Line(this with { At = null });

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>The codes of the cycle's lines.</summary>
    public static class Codes
    {
        /// <summary>Missed occurrences beyond <c>Cycle:MaxCatchUp</c> were skipped: count, the oldest kept, the limit.</summary>
        public const string MissedSkipped = "missed-skipped";
        /// <summary>Another runner holds the job's lease.</summary>
        public const string Held = "held";
        /// <summary>Another runner holds the lease of a past period's job.</summary>
        public const string HeldTryAgain = "held-try-again";
        /// <summary>The job failed: the error's message.</summary>
        public const string Failed = "failed";
        /// <summary>An older feeds occurrence of a catch-up (feeds are fetched once).</summary>
        public const string OlderFeedsPeriod = "older-feeds-period";
        /// <summary>The daily decisions of a team: promotions, level changes.</summary>
        public const string Decided = "decided";
        /// <summary>A team's guidance files: rewritten, unchanged.</summary>
        public const string Guidance = "guidance";
        /// <summary>A team's digest: experts, file.</summary>
        public const string Digest = "digest";
        /// <summary>A team's weekly ranking: experts, file.</summary>
        public const string Weekly = "weekly";
        /// <summary>A feed failed: URL, error.</summary>
        public const string FeedFailed = "feed-failed";
        /// <summary>A feed had nothing new: URL.</summary>
        public const string FeedNotModified = "feed-not-modified";
        /// <summary>A feed was read: URL, entries, items recorded or confirmed, attempts.</summary>
        public const string FeedFetched = "feed-fetched";
        /// <summary>No team has a feed.</summary>
        public const string NoFeeds = "no-feeds";
    }
}
