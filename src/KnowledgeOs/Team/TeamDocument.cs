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
        var md = new MarkdownLines();
        md.Heading($"# {l.TeamTitle}: {o.Team}");
        md.Line(l.TeamAsOf(o.AsOf.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)));
        md.Line();
        md.Line(l.TeamSummaryHeader);
        md.Line("|---:|---:|---:|---:|---:|");
        md.Line(string.Create(CultureInfo.InvariantCulture, $"| {o.Members} | {o.Active} | {o.WithKnowledgeBase} | {o.CoveragePercent}% | {o.GainedTotal} |"));
        md.Line();
        md.Heading($"## {l.RankingHeading}");
        md.Append(o.Ranking.ToMarkdown(language));
        md.Line();
        md.List($"## {l.GainedHeading}", [.. o.GainedThisWeek.Select(g => $"{g.Name} (`{g.Slug}`): {l.NewItems(g.Items)}")]);
        if (o.TopPractices.Count > 0)
        {
            md.Heading($"## {l.PracticesHeading}");
            md.Line(l.PracticesHeader);
            md.Line("|---|---:|---:|---|");
            foreach (var p in o.TopPractices)
                md.Line(string.Create(CultureInfo.InvariantCulture, $"| {ProgressRanking.Cell(p.Text)} | {p.Experts} | {p.Evidence} | {string.Join(", ", p.Who)} |"));
            md.Line();
        }
        if (o.Matrix.Topics.Count > 0)
        {
            md.Heading($"## {l.MatrixHeading}");
            md.Line(l.MatrixNote);
            md.Line();
            md.Line($"| {l.Expert} | " + string.Join(" | ", o.Matrix.Topics.Select(ProgressRanking.Cell)) + " |");
            md.Line("|---|" + string.Concat(o.Matrix.Topics.Select(_ => "---:|")));
            foreach (var r in o.Matrix.Rows)
                md.Line($"| {ProgressRanking.Cell(r.Name)} (`{r.Slug}`) | " + string.Join(" | ", r.Scores.Select((s, i) => s > 0 ? s.ToString(CultureInfo.InvariantCulture) : r.Declared[i] ? "○" : "")) + " |");
            md.Line();
        }
        return md.ToString();
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
