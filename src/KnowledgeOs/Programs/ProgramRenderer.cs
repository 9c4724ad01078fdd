using System.Globalization;
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
        var md = new MarkdownLines();

        md.Heading($"# 🎓 {l.Title}: {s.DisplayName} ({s.Role})");
        md.Line($"**{l.Created}:** {s.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}  ");
        md.Line($"**{l.Status}:** {(s.Status == Events.ExpertStatus.Active ? l.Active : Events.ExpertStatuses.Code(s.Status))}  ");
        md.Line($"**{l.Level}:** {(p.Template.Level.Length > 0 ? p.Template.Level + " · " : "")}{l.Now} {Rendering.MarkdownRenderer.LevelReason(p.Metrics, english ? Rendering.RenderLanguage.En : Rendering.RenderLanguage.Ru)}  ");
        md.Line(p.Template.ImportedFrom is { } own
            ? $"**{l.OwnProgram}:** {own}  "
            : $"**{l.Program}:** {p.Template.Id}{(p.Template.IsGeneric ? " " + l.GenericNote : "")}  ");
        md.Line($"**{l.Progress}:** {Percent(p)}{NeedPerson(p, l)}");
        foreach (var c in p.Claims) md.Line($"**{l.Claimed}:** {c.Percent}% — «{c.Label}: {c.Value}» ({c.Source}) — {l.ClaimNote}  ");
        if (p.ClaimedTicks is { } t) md.Line($"**{l.Ticked}:** {t.Ticked}/{t.Items} ({t.File}) — {l.ClaimNote}  ");
        md.Line();
        md.Line("---");
        md.Line();

        if (p.Template.Goals.Count > 0)
        {
            md.Heading($"## 🎯 {l.Goals}");
            for (var i = 0; i < p.Template.Goals.Count; i++)
            {
                var g = p.Template.Goals[i];
                md.Line($"{i + 1}. **{g.Title}:**");
                foreach (var item in g.Items) md.Line($"   - {item}");
                md.Line();
            }
        }
        if (p.Materials is { Count: > 0 } materials)
        {
            md.Heading($"## 📚 {l.Materials}");
            foreach (var kind in materials.GroupBy(m => m.Entry.Kind))
            {
                md.Heading($"### {l.KindHeading(kind.Key)}:");
                foreach (var m in kind) md.Line(Entry(m.Entry.Text, m.Entry.Rule, m.Result, english, l));
                md.Line();
            }
            md.Line("---");
            md.Line();
        }
        else if (p.Template.Books.Count + p.Template.Practices.Count > 0)
        {
            md.Heading($"## 📚 {l.Materials}");
            md.List($"### {l.Books}:", p.Template.Books);
            md.List($"### {l.Practice}:", p.Template.Practices);
            md.Line("---");
            md.Line();
        }

        var byTier = p.Items.GroupBy(i => i.Stage).ToList();
        void Stages(Func<ProgramTier, bool> which)
        {
            foreach (var stage in byTier.Where(g => which(g.Key.Tier)))
            {
                md.Line($"### {stage.Key.Heading ?? $"{l.Week} {stage.Key.Weeks}: {stage.Key.Title}"}");
                foreach (var r in stage) md.Line(Entry(r.Item.Text, r.Item.Rule, r.Result, english, l));
                md.Line();
            }
        }

        md.Heading($"## 📅 {l.Plan}");
        Stages(t => t <= ProgramTier.Mastery);
        md.Line("---");
        md.Line();
        if (p.Criteria.Count > 0)
        {
            md.Heading($"## ✅ {l.Criteria}");
            foreach (var c in p.Criteria)
            {
                md.Line(c.Result switch
                {
                    null => $"- {c.Criterion.Text}",
                    { Holds: true } r => $"- ✅ {c.Criterion.Text} — {r.Evidence.In(english)}",
                    var r => $"- ⬜ {c.Criterion.Text} — {r.Evidence.In(english)}",
                });
            }
            md.Line();
            md.Line("---");
            md.Line();
        }
        if (p.Items.Any(i => i.Stage.Tier == ProgramTier.Expert))
        {
            md.Heading($"## 🌟 {l.ExpertLevel}");
            Stages(t => t == ProgramTier.Expert);
        }
        if (p.Items.Any(i => i.Stage.Tier == ProgramTier.Maximum))
        {
            md.Line("---");
            md.Line();
            md.Heading($"## 🔥 {l.MaximumLevel}");
            Stages(t => t == ProgramTier.Maximum);
        }

        md.Line("---");
        md.Line();
        md.Heading($"## 📈 {l.ProgressHeading}");
        md.Line($"- **{l.Evidenced}:** {Percent(p)}{NeedPerson(p, l)}");
        md.Line($"- **{l.Level}:** {Rendering.MarkdownRenderer.LevelReason(p.Metrics, english ? Rendering.RenderLanguage.En : Rendering.RenderLanguage.Ru)}");
        foreach (var c in p.Claims) md.Line($"- **{l.Claimed}:** {c.Percent}% ({c.Source}) — {l.ClaimNote}");
        if (p.ClaimedTicks is { } ticks) md.Line($"- **{l.Ticked}:** {ticks.Ticked}/{ticks.Items} ({ticks.File}) — {l.ClaimNote}");
        var open = p.Open.ToList();
        if (open.Count > 0)
        {
            md.Line();
            md.Heading($"### {l.OpenItems}:");
            foreach (var r in open) md.Line($"- {l.Week} {r.Stage.Weeks} · {r.Item.Text} — {l.Needs}: {r.Result.ToClose.In(english)} ({l.SoFar}: {r.Result.Evidence.In(english)})");
        }
        md.Line();
        md.Line($"_{l.Footer}_");
        return md.ToString();
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
