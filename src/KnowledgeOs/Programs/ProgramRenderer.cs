using System.Globalization;
using System.Text;
using KnowledgeOs.Metrics;

namespace KnowledgeOs.Programs;

/// <summary>
/// Renders an evaluated program in the layout of the ATRA learning programs (<c>igor_program.md</c>): goals,
/// materials, the plan by weeks, success criteria, the expert and maximum levels. A checkbox is <c>[x]</c> only
/// where the evidence holds, and each ticked item says which evidence ticked it; the progress section gives the
/// share of items evidenced, what is open and what would close it, and any imported claim beside it, labelled.
/// Deterministic: no clock, invariant culture, <c>\n</c> newlines.
/// </summary>
public static class ProgramRenderer
{
    /// <summary>Renders in Russian (the ATRA headings) or English.</summary>
    public static string Render(ProgramProgress p, bool english = false)
    {
        var l = english ? Labels.En : Labels.Ru;
        var s = p.State;
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');

        Line($"# 🎓 {l.Title}: {s.DisplayName} ({s.Role})");
        Line();
        Line($"**{l.Created}:** {s.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}  ");
        Line($"**{l.Status}:** {(s.Status == Events.ExpertStatus.Active ? l.Active : s.Status)}  ");
        Line($"**{l.Level}:** {(p.Template.Level.Length > 0 ? p.Template.Level + " · " : "")}{l.Now} {p.Metrics.LevelReason}  ");
        Line($"**{l.Program}:** {p.Template.Id}{(p.Template.IsGeneric ? " " + l.GenericNote : "")}  ");
        Line($"**{l.Progress}:** {Percent(p)}");
        foreach (var c in p.Claims) Line($"**{l.Claimed}:** {c.Percent}% — «{c.Label}: {c.Value}» ({c.Source}) — {l.ClaimNote}  ");
        if (p.ClaimedTicks is { } t) Line($"**{l.Ticked}:** {t.Ticked}/{t.Items} ({t.File}) — {l.ClaimNote}  ");
        Line();
        Line("---");
        Line();

        if (p.Template.Goals.Count > 0)
        {
            Line($"## 🎯 {l.Goals}");
            Line();
            for (var i = 0; i < p.Template.Goals.Count; i++)
            {
                var g = p.Template.Goals[i];
                Line($"{i + 1}. **{g.Title}:**");
                foreach (var item in g.Items) Line($"   - {item}");
                Line();
            }
        }
        if (p.Template.Books.Count + p.Template.Practices.Count > 0)
        {
            Line($"## 📚 {l.Materials}");
            Line();
            if (p.Template.Books.Count > 0)
            {
                Line($"### {l.Books}:");
                Line();
                foreach (var b in p.Template.Books) Line($"- {b}");
                Line();
            }
            if (p.Template.Practices.Count > 0)
            {
                Line($"### {l.Practice}:");
                Line();
                foreach (var x in p.Template.Practices) Line($"- {x}");
                Line();
            }
            Line("---");
            Line();
        }

        var byTier = p.Items.GroupBy(i => i.Stage).ToList();
        void Stages(Func<ProgramTier, bool> which)
        {
            foreach (var stage in byTier.Where(g => which(g.Key.Tier)))
            {
                Line($"### {l.Week} {stage.Key.Weeks}: {stage.Key.Title}");
                foreach (var r in stage)
                {
                    Line(r.Result.Holds
                        ? $"- [x] {r.Item.Text} — ✔ {r.Result.Evidence.In(english)}"
                        : $"- [ ] {r.Item.Text}");
                }
                Line();
            }
        }

        Line($"## 📅 {l.Plan}");
        Line();
        Stages(t => t <= ProgramTier.Mastery);
        Line("---");
        Line();
        if (p.Criteria.Count > 0)
        {
            Line($"## ✅ {l.Criteria}");
            Line();
            foreach (var c in p.Criteria)
            {
                Line(c.Result switch
                {
                    null => $"- {c.Criterion.Text}",
                    { Holds: true } r => $"- ✅ {c.Criterion.Text} — {r.Evidence.In(english)}",
                    var r => $"- ⬜ {c.Criterion.Text} — {r.Evidence.In(english)}",
                });
            }
            Line();
            Line("---");
            Line();
        }
        if (p.Items.Any(i => i.Stage.Tier == ProgramTier.Expert))
        {
            Line($"## 🌟 {l.ExpertLevel}");
            Line();
            Stages(t => t == ProgramTier.Expert);
        }
        if (p.Items.Any(i => i.Stage.Tier == ProgramTier.Maximum))
        {
            Line("---");
            Line();
            Line($"## 🔥 {l.MaximumLevel}");
            Line();
            Stages(t => t == ProgramTier.Maximum);
        }

        Line("---");
        Line();
        Line($"## 📈 {l.ProgressHeading}");
        Line();
        Line($"- **{l.Evidenced}:** {Percent(p)}");
        Line($"- **{l.Level}:** {p.Metrics.LevelReason}");
        foreach (var c in p.Claims) Line($"- **{l.Claimed}:** {c.Percent}% ({c.Source}) — {l.ClaimNote}");
        if (p.ClaimedTicks is { } ticks) Line($"- **{l.Ticked}:** {ticks.Ticked}/{ticks.Items} ({ticks.File}) — {l.ClaimNote}");
        var open = p.Open.ToList();
        if (open.Count > 0)
        {
            Line();
            Line($"### {l.OpenItems}:");
            Line();
            foreach (var r in open) Line($"- {l.Week} {r.Stage.Weeks} · {r.Item.Text} — {l.Needs}: {r.Result.ToClose.In(english)} ({l.SoFar}: {r.Result.Evidence.In(english)})");
        }
        Line();
        Line($"_{l.Footer}_");
        return sb.ToString();
    }

    private static string Percent(ProgramProgress p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Percent}% ({p.Done}/{p.Total})");

    private sealed record Labels(
        string Title, string Created, string Status, string Active, string Level, string Now, string Program, string GenericNote,
        string Progress, string Claimed, string Ticked, string ClaimNote, string Goals, string Materials, string Books, string Practice, string Plan,
        string Week, string Criteria, string ExpertLevel, string MaximumLevel, string ProgressHeading, string Evidenced,
        string OpenItems, string Needs, string SoFar, string Footer)
    {
        public static readonly Labels Ru = new(
            "ПРОГРАММА ОБУЧЕНИЯ", "Дата создания", "Статус", "🟢 **АКТИВНА**", "Уровень", "сейчас", "Программа роли",
            "(общая: для роли нет своего шаблона)", "Прогресс по доказательствам", "Заявлено в импортированном файле",
            "Отмечено галочками в импортированной программе",
            "заявка, не прогресс", "ЦЕЛИ ОБУЧЕНИЯ", "МАТЕРИАЛЫ ДЛЯ ИЗУЧЕНИЯ", "Книги", "Практика", "ПЛАН ОБУЧЕНИЯ", "Неделя",
            "КРИТЕРИИ УСПЕХА", "ЭКСПЕРТНЫЙ УРОВЕНЬ (МИРОВОЙ КЛАСС)", "МАКСИМАЛЬНЫЙ УРОВЕНЬ", "ПРОГРЕСС", "Подтверждено доказательствами",
            "Открытые пункты", "нужно", "сейчас",
            "[x] ставится только там, где доказательство есть в базе знаний или журнале задач; рядом сказано, какое.");
        public static readonly Labels En = new(
            "LEARNING PROGRAM", "Created", "Status", "🟢 **ACTIVE**", "Level", "now", "Role program",
            "(generic: the role has no template of its own)", "Progress by evidence", "Claimed in an imported file",
            "Ticked by hand in the imported program",
            "a claim, not progress", "LEARNING GOALS", "MATERIALS", "Books", "Practice", "LEARNING PLAN", "Week",
            "SUCCESS CRITERIA", "EXPERT LEVEL", "MAXIMUM LEVEL", "PROGRESS", "Evidenced",
            "Open items", "needs", "so far",
            "[x] only where the evidence is in the knowledge base or the task log; each says which.");
    }
}
