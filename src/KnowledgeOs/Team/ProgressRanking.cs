using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Programs;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Team;

/// <summary>One expert's line in the team's progress ranking.</summary>
/// <param name="Rank">1 is first.</param>
/// <param name="Slug">Expert slug.</param>
/// <param name="Name">Display name.</param>
/// <param name="Role">Role.</param>
/// <param name="Program">The program template id.</param>
/// <param name="Progress">Share of program items evidenced, 0–100.</param>
/// <param name="Done">Items evidenced.</param>
/// <param name="Total">Items in the program.</param>
/// <param name="Level">Computed level, 1–5.</param>
/// <param name="LevelReason">One-line level reason.</param>
/// <param name="Change">Progress points gained since the earlier state; null when the expert did not exist then.</param>
/// <param name="Claimed">Progress claimed by an imported document (a claim, not progress), if any.</param>
public sealed record RankingRow(
    int Rank, string Slug, string Name, string Role, string Program, int Progress, int Done, int Total,
    int Level, string LevelReason, int? Change, int? Claimed)
{
    /// <summary>The change as shown: <c>+12</c>, <c>0</c>, <c>−3</c>, <c>new</c>.</summary>
    public string ChangeText => Change switch
    {
        null => "new",
        > 0 and var c => $"+{c}",
        < 0 and var c => $"−{-c}",
        _ => "0",
    };
}

/// <summary>The team ranked by evidenced program progress, with the change since an earlier time (a week ago).</summary>
/// <param name="Team">Team slug.</param>
/// <param name="AsOf">The time of the ranking.</param>
/// <param name="Since">The earlier time the change is measured from.</param>
/// <param name="Rows">Rows, best first.</param>
public sealed record ProgressRanking(string Team, DateTimeOffset AsOf, DateTimeOffset Since, IReadOnlyList<RankingRow> Rows)
{
    /// <summary>
    /// Ranks every expert who is not retired: progress, then level, then successful tasks, then slug.
    /// <paramref name="earlier"/> holds each expert's state as recorded at <paramref name="since"/> (missing when
    /// the expert did not exist yet). Pure.
    /// </summary>
    public static ProgressRanking Build(string team, IReadOnlyList<ExpertState> now, IReadOnlyDictionary<string, ExpertState> earlier,
        ProgramCatalog catalog, DateTimeOffset asOf, DateTimeOffset since)
    {
        var evaluated = now
            .Where(s => s.Status != ExpertStatus.Retired)
            .Select(s => (State: s, Progress: ProgramEvaluator.Evaluate(s, catalog)))
            .OrderByDescending(x => x.Progress.Percent)
            .ThenByDescending(x => x.Progress.Metrics.Level)
            .ThenByDescending(x => x.Progress.Metrics.Successful)
            .ThenBy(x => x.State.Slug, StringComparer.Ordinal)
            .ToList();
        var rows = evaluated.Select((x, i) =>
        {
            int? change = earlier.TryGetValue(x.State.Slug, out var before)
                ? x.Progress.Percent - ProgramEvaluator.Evaluate(before, catalog).Percent
                : null;
            return new RankingRow(i + 1, x.State.Slug, x.State.DisplayName, x.State.Role, x.Progress.Template.Id,
                x.Progress.Percent, x.Progress.Done, x.Progress.Total, x.Progress.Metrics.Level, x.Progress.Metrics.LevelReason,
                change, x.Progress.Claims.Count > 0 ? x.Progress.Claims.Max(c => c.Percent) : null);
        }).ToList();
        return new ProgressRanking(team, asOf, since, rows);
    }

    /// <summary>The ranking as a Markdown table, headings in <paramref name="language"/>.</summary>
    public string ToMarkdown(RenderLanguage language)
    {
        var l = RenderLabels.For(language);
        var lines = new List<string>
        {
            l.RankingHeader,
            "|---:|---|---|---:|---|---:|",
        };
        foreach (var r in Rows)
        {
            var claim = r.Claimed is { } c ? l.ClaimedNotEvidence(c) : "";
            var change = r.Change is null ? l.New : r.ChangeText;
            lines.Add($"| {r.Rank} | {Cell(r.Name)} (`{r.Slug}`) | {Cell(r.Role)} | {r.Progress}% ({r.Done}/{r.Total}){claim} | {ExpertiseLevel.Stars(r.Level)} | {change} |");
        }
        return string.Join("\n", lines) + "\n";
    }

    internal static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
