using System.Globalization;
using System.Text;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;

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
        var l = english ? ProgramLabels.En : ProgramLabels.Ru;
        var s = p.State;
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');

        Line($"# 🎓 {l.Title}: {s.DisplayName} ({s.Role})");
        Line();
        Line($"**{l.Created}:** {s.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}  ");
        Line($"**{l.Status}:** {(s.Status == Events.ExpertStatus.Active ? l.Active : Events.ExpertStatuses.Code(s.Status))}  ");
        Line($"**{l.Level}:** {(p.Template.Level.Length > 0 ? p.Template.Level + " · " : "")}{l.Now} {Rendering.MarkdownRenderer.LevelReason(p.Metrics, english ? Rendering.RenderLanguage.En : Rendering.RenderLanguage.Ru)}  ");
        Line(p.Template.ImportedFrom is { } own
            ? $"**{l.OwnProgram}:** {own}  "
            : $"**{l.Program}:** {p.Template.Id}{(p.Template.IsGeneric ? " " + l.GenericNote : "")}  ");
        Line($"**{l.Progress}:** {Percent(p)}{NeedPerson(p, l)}");
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
        if (p.Materials is { Count: > 0 } materials)
        {
            Line($"## 📚 {l.Materials}");
            Line();
            foreach (var kind in materials.GroupBy(m => m.Entry.Kind))
            {
                Line($"### {l.KindHeading(kind.Key)}:");
                Line();
                foreach (var m in kind) Line(Entry(m.Entry.Text, m.Entry.Rule, m.Result, english, l));
                Line();
            }
            Line("---");
            Line();
        }
        else if (p.Template.Books.Count + p.Template.Practices.Count > 0)
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
                Line($"### {stage.Key.Heading ?? $"{l.Week} {stage.Key.Weeks}: {stage.Key.Title}"}");
                foreach (var r in stage) Line(Entry(r.Item.Text, r.Item.Rule, r.Result, english, l));
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
        Line($"- **{l.Evidenced}:** {Percent(p)}{NeedPerson(p, l)}");
        Line($"- **{l.Level}:** {Rendering.MarkdownRenderer.LevelReason(p.Metrics, english ? Rendering.RenderLanguage.En : Rendering.RenderLanguage.Ru)}");
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

    /// <summary>
    /// One entry: <c>[x]</c> with the evidence that ticked it where it holds, <c>[ ]</c> with what there is so far
    /// where it does not; the rule and the evidence's item and task ids beside it, or that no rule applies.
    /// </summary>
    private static string Entry(string text, EvidenceRule rule, EvidenceResult r, bool english, ProgramLabels l)
    {
        if (rule is NoRule) return $"- [ ] {text} — {r.Evidence.In(english)}";
        var ids = (r.ItemId is { } item ? $" · {l.Item} `{item}`" : "") + (r.TaskId is { } task ? $" · {l.Task} `{task}`" : "");
        return r.Holds
            ? $"- [x] {text} — ✔ {r.Evidence.In(english)} · {l.Rule} `{rule.Text}`{ids}"
            : $"- [ ] {text} — {l.Rule} `{rule.Text}`: {r.Evidence.In(english)}{ids}";
    }

    /// <summary>
    /// The labels of the lines this renderer (and <see cref="ProgramFileRenderer"/>) computes, in both languages, as
    /// <see cref="Text.TextKey.Of"/> keys: re-importing our own output must not read them as claims of the file.
    /// </summary>
    public static IReadOnlySet<string> ComputedLabels { get; } = ProgramLabels.All
        .SelectMany(l => new[] { l.Progress, l.Claimed, l.Ticked, l.OwnProgram, l.Program, l.Evidenced })
        .Select(Text.TextKey.Of).ToHashSet(StringComparer.Ordinal);

    /// <summary>The headings of the computed progress section, as <see cref="Text.TextKey.Of"/> keys.</summary>
    public static IReadOnlySet<string> ComputedHeadings { get; } = ProgramLabels.All
        .Select(l => Text.TextKey.Of(l.ProgressHeading)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The word that starts the computed part of the level line (<c>… · сейчас ★★☆☆☆ …</c>), in both languages.</summary>
    public static IReadOnlyList<string> NowWords { get; } = [.. ProgramLabels.All.Select(l => l.Now)];

    private static string NeedPerson(ProgramProgress p, ProgramLabels l) =>
        p.NeedPerson == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"; {l.NeedPerson}: {p.NeedPerson}");

    private static string Percent(ProgramProgress p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Percent}% ({p.Done}/{p.Total})");
}
