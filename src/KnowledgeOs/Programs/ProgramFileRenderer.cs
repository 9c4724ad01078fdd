using System.Globalization;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Programs;

/// <summary>
/// Writes an expert's own program back as a learning program file in the ATRA layout (<c>{slug}_program.md</c>, what
/// <c>kos export</c> writes beside <c>{slug}_knowledge.md</c>): the program as its import stored it, entry by entry,
/// so that <see cref="Import.LearningProgramParser"/> reads it back to the same program. A box is <c>[x]</c> only where
/// the evidence holds, followed by <see cref="EvidenceMark"/> and the evidence; a tick the imported file typed is kept
/// as <see cref="ClaimMark"/> and a label, which the parser reads back as the claim it was, never as a tick. Numbers
/// the file claimed are written back under the heading they were under. An expert without an imported program gets
/// no file: the role template is not theirs to carry away (docs/PROGRAMS.md). Deterministic, <c>\n</c> newlines.
/// </summary>
public static class ProgramFileRenderer
{
    /// <summary>Starts the evidence of an entry whose rule holds (computed: re-import ignores it).</summary>
    public const string EvidenceMark = " — ✔ ";

    /// <summary>Starts the label of an entry the imported file ticked by hand (a claim: re-import keeps it as one); <see cref="ProgramLabels.TickClaimNote"/> follows.</summary>
    public const string ClaimMark = " — ☑ ";

    /// <summary>The file name <c>kos export</c> gives an expert's program.</summary>
    public static string FileName(string slug) => $"{slug}_program.md";

    /// <summary>The expert's own program as a file, or null when they brought none.</summary>
    public static string? Render(ExpertState state, bool english = false)
    {
        if (state.ImportedProgram is not { } doc) return null;
        var l = english ? ProgramLabels.En : ProgramLabels.Ru;
        var p = ProgramEvaluator.Evaluate(state, ProgramCompiler.Compile(doc));
        var md = new MarkdownLines();
        string Entry(string text, bool claimed, EvidenceResult? r) =>
            $"- {(r is { Holds: true } ? "[x]" : "[ ]")} {text}{(claimed ? ClaimMark + l.TickClaimNote : "")}"
            + (r is { Holds: true } ? EvidenceMark + OneLine(r.Evidence.In(english)) : "");
        string ListEntry(StoredProgramCheck c) => $"- {c.Text}{(c.Claimed ? ClaimMark + l.TickClaimNote : "")}";

        md.Heading($"# 🎓 {l.Title}: {doc.DisplayName} ({doc.Role})");
        if (doc.CreatedText is { Length: > 0 } created) md.Line($"**{l.Created}:** {created}  ");
        if (doc.Status is { Length: > 0 } status) md.Line($"**{l.Status}:** {status}  ");
        if (doc.Level is { Length: > 0 } level) md.Line($"**{l.Level}:** {level}  ");
        md.Line(string.Create(CultureInfo.InvariantCulture, $"**{l.Progress}:** {p.Percent}% ({p.Done}/{p.Total})")
            + (p.NeedPerson == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"; {l.NeedPerson}: {p.NeedPerson}")) + "  ");
        if (p.ClaimedTicks is { } t) md.Line($"**{l.Ticked}:** {t.Ticked}/{t.Items} ({t.File}) — {l.ClaimNote}  ");
        md.Line();
        md.Line("---");
        md.Line();

        if (doc.Goals.Count > 0)
        {
            md.Heading($"## 🎯 {l.Goals}");
            for (var i = 0; i < doc.Goals.Count; i++)
            {
                md.Line($"{i + 1}. **{doc.Goals[i].Title}:**");
                foreach (var point in doc.Goals[i].Points) md.Line($"   - {point}");
                md.Line();
            }
        }

        var materials = p.Materials ?? [];
        if (doc.Materials.Count > 0)
        {
            md.Heading($"## 📚 {l.Materials}");
            // The compiler keeps the stored order: material i is entry i.
            foreach (var kind in doc.Materials.Select((m, i) => (m.Kind, Result: materials[i])).GroupBy(x => x.Kind))
            {
                md.Heading($"### {l.KindHeading(kind.Key)}:");
                foreach (var (_, r) in kind) md.Line(Entry(r.Entry.Text, false, r.Result));
                md.Line();
            }
        }

        if (doc.Stages.Count > 0)
        {
            var results = p.Items;
            var at = 0;
            string? group = null;
            foreach (var stage in doc.Stages)
            {
                if (stage.Level != group && stage.Level.Length > 0)
                {
                    md.Heading($"## {stage.Level}");
                }
                group = stage.Level;
                md.Heading($"{(stage.Level.Length > 0 ? "###" : "##")} {stage.Title}");
                foreach (var item in stage.Items) md.Line(Entry(item.Text, item.Claimed, results[at++].Result));
                md.Line();
            }
        }

        md.List($"## ✅ {l.Criteria}", doc.SuccessCriteria);

        if (doc.Certifications.Count > 0)
        {
            md.Heading($"## 🏆 {l.Certifications}");
            for (var i = 0; i < doc.Certifications.Count; i++)
                md.Line(Entry(doc.Certifications[i].Text, doc.Certifications[i].Claimed, materials[doc.Materials.Count + i].Result));
            md.Line();
        }

        var claims = doc.Claims.Where(c => c.Group.Length > 0).GroupBy(c => c.Group).ToDictionary(g => g.Key, g => g.ToList());
        string? listGroup = null;
        foreach (var list in doc.Lists)
        {
            if (list.Group.Length > 0 && list.Group != listGroup)
            {
                md.Heading($"## {list.Group}");
            }
            listGroup = list.Group;
            if (list.Heading.Length == 0)
            {
                // Items after a rule, under no heading of their own.
                md.Line("---");
                md.Line();
            }
            else md.Line($"{(list.Group.Length > 0 ? "###" : "##")} {list.Heading}");
            md.Line();
            foreach (var c in list.Items) md.Line(ListEntry(c));
            if (list.Heading.Length > 0 && claims.Remove(list.Heading, out var under))
                foreach (var c in under) md.Line(ClaimLine(c));
            md.Line();
        }
        foreach (var (heading, under) in claims)
        {
            md.Heading($"## {heading}");
            foreach (var c in under) md.Line(ClaimLine(c));
            md.Line();
        }

        var loose = doc.Claims.Where(c => c.Group.Length == 0).ToList();
        if (loose.Count > 0)
        {
            md.Line("---");
            md.Line();
            foreach (var c in loose) md.Line($"**{c.Label}:** {c.Value}  ");
        }
        return md.ToString().TrimEnd('\n') + "\n";
    }

    private static string ClaimLine(StoredProgramClaim c) => c.Value.Length > 0 ? $"- **{c.Label}:** {c.Value}" : $"- {c.Label}";


    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
