using System.Globalization;
using System.Text;
using KnowledgeOs.Programs;

namespace KnowledgeOs.Team;

/// <summary>The team knowledge document: the overview rendered as Markdown. Deterministic.</summary>
public static class TeamDocument
{
    /// <summary>Renders the overview.</summary>
    public static string Render(TeamOverview o)
    {
        var sb = new StringBuilder();
        void Line(string s = "") => sb.Append(s).Append('\n');
        Line($"# 👥 Team knowledge: {o.Team}");
        Line();
        Line($"_As of {o.AsOf.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC. Every number is computed from recorded evidence (docs/TEAM.md)._");
        Line();
        Line("| members | active | with a knowledge base | coverage | knowledge gained (7 d) |");
        Line("|---:|---:|---:|---:|---:|");
        Line(string.Create(CultureInfo.InvariantCulture, $"| {o.Members} | {o.Active} | {o.WithKnowledgeBase} | {o.CoveragePercent}% | {o.GainedTotal} |"));
        Line();
        Line("## 📈 Progress ranking");
        Line();
        sb.Append(o.Ranking.ToMarkdown());
        Line();
        if (o.GainedThisWeek.Count > 0)
        {
            Line("## 🆕 Knowledge gained this week");
            Line();
            foreach (var g in o.GainedThisWeek) Line(string.Create(CultureInfo.InvariantCulture, $"- {g.Name} (`{g.Slug}`): {g.Items} new items"));
            Line();
        }
        if (o.TopPractices.Count > 0)
        {
            Line("## ✅ Most confirmed practices");
            Line();
            Line("| practice | experts | evidence | who |");
            Line("|---|---:|---:|---|");
            foreach (var p in o.TopPractices)
                Line(string.Create(CultureInfo.InvariantCulture, $"| {ProgressRanking.Cell(p.Text)} | {p.Experts} | {p.Evidence} | {string.Join(", ", p.Who)} |"));
            Line();
        }
        if (o.Matrix.Topics.Count > 0)
        {
            Line("## 🧭 Who knows what");
            Line();
            Line("Cells count the evidence (items and tasks mentioning the topic); ○ marks a declared tag with no evidence yet.");
            Line();
            Line("| expert | " + string.Join(" | ", o.Matrix.Topics.Select(ProgressRanking.Cell)) + " |");
            Line("|---|" + string.Concat(o.Matrix.Topics.Select(_ => "---:|")));
            foreach (var r in o.Matrix.Rows)
                Line($"| {ProgressRanking.Cell(r.Name)} (`{r.Slug}`) | " + string.Join(" | ", r.Scores.Select((s, i) => s > 0 ? s.ToString(CultureInfo.InvariantCulture) : r.Declared[i] ? "○" : "")) + " |");
            Line();
        }
        return sb.ToString();
    }

    /// <summary>The weekly progress report: the ranking with its deltas and the claims kept apart.</summary>
    public static string Weekly(ProgressRanking ranking, IReadOnlyList<ProgramProgress> programs)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"# 📈 Weekly progress: {ranking.Team}, {ranking.Since.UtcDateTime:yyyy-MM-dd} → {ranking.AsOf.UtcDateTime:yyyy-MM-dd}\n\n");
        sb.Append(ranking.ToMarkdown()).Append('\n');
        foreach (var p in programs.OrderBy(p => p.State.Slug, StringComparer.Ordinal))
        {
            var next = p.Open.FirstOrDefault();
            if (next is null) continue;
            sb.Append(CultureInfo.InvariantCulture, $"- {p.State.DisplayName} (`{p.State.Slug}`): next — {next.Item.Text}: {next.Result.ToClose.En}\n");
        }
        return sb.ToString();
    }
}
