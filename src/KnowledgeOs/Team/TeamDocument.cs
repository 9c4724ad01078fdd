using System.Globalization;
using System.Text;
using KnowledgeOs.Programs;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Team;

/// <summary>The team knowledge document: the overview rendered as Markdown, every fixed word from <see cref="RenderLabels"/>. Deterministic.</summary>
public static class TeamDocument
{
    /// <summary>Renders the overview.</summary>
    public static string Render(TeamOverview o, RenderLanguage language)
    {
        var l = RenderLabels.For(language);
        var sb = new StringBuilder();
        void Line(string s = "") => sb.Append(s).Append('\n');
        Line($"# {l.TeamTitle}: {o.Team}");
        Line();
        Line(l.TeamAsOf(o.AsOf.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
        Line();
        Line(l.TeamSummaryHeader);
        Line("|---:|---:|---:|---:|---:|");
        Line(string.Create(CultureInfo.InvariantCulture, $"| {o.Members} | {o.Active} | {o.WithKnowledgeBase} | {o.CoveragePercent}% | {o.GainedTotal} |"));
        Line();
        Line($"## {l.RankingHeading}");
        Line();
        sb.Append(o.Ranking.ToMarkdown(language));
        Line();
        if (o.GainedThisWeek.Count > 0)
        {
            Line($"## {l.GainedHeading}");
            Line();
            foreach (var g in o.GainedThisWeek) Line($"- {g.Name} (`{g.Slug}`): {l.NewItems(g.Items)}");
            Line();
        }
        if (o.TopPractices.Count > 0)
        {
            Line($"## {l.PracticesHeading}");
            Line();
            Line(l.PracticesHeader);
            Line("|---|---:|---:|---|");
            foreach (var p in o.TopPractices)
                Line(string.Create(CultureInfo.InvariantCulture, $"| {ProgressRanking.Cell(p.Text)} | {p.Experts} | {p.Evidence} | {string.Join(", ", p.Who)} |"));
            Line();
        }
        if (o.Matrix.Topics.Count > 0)
        {
            Line($"## {l.MatrixHeading}");
            Line();
            Line(l.MatrixNote);
            Line();
            Line($"| {l.Expert} | " + string.Join(" | ", o.Matrix.Topics.Select(ProgressRanking.Cell)) + " |");
            Line("|---|" + string.Concat(o.Matrix.Topics.Select(_ => "---:|")));
            foreach (var r in o.Matrix.Rows)
                Line($"| {ProgressRanking.Cell(r.Name)} (`{r.Slug}`) | " + string.Join(" | ", r.Scores.Select((s, i) => s > 0 ? s.ToString(CultureInfo.InvariantCulture) : r.Declared[i] ? "○" : "")) + " |");
            Line();
        }
        return sb.ToString();
    }

    /// <summary>The weekly progress report: the ranking with its deltas and the claims kept apart.</summary>
    public static string Weekly(ProgressRanking ranking, IReadOnlyList<ProgramProgress> programs, RenderLanguage language)
    {
        var l = RenderLabels.For(language);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"# {l.WeeklyTitle}: {ranking.Team}, {ranking.Since.UtcDateTime:yyyy-MM-dd} → {ranking.AsOf.UtcDateTime:yyyy-MM-dd}\n\n");
        sb.Append(ranking.ToMarkdown(language)).Append('\n');
        foreach (var p in programs.OrderBy(p => p.State.Slug, StringComparer.Ordinal))
        {
            var next = p.Open.FirstOrDefault();
            if (next is null) continue;
            sb.Append(CultureInfo.InvariantCulture, $"- {p.State.DisplayName} (`{p.State.Slug}`): {l.Next} — {next.Item.Text}: {next.Result.ToClose.In(language == RenderLanguage.En)}\n");
        }
        return sb.ToString();
    }
}
