using System.Globalization;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Metrics;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Rendering;

/// <summary>
/// Renders a knowledge base as Markdown in the structure and headings of the ATRA documents, once per item.
/// The exact grammar is written down in <c>docs/RENDERING.md</c>; the legacy importer relies on it.
/// </summary>
/// <remarks>
/// Rules: every group heading appears once, in <see cref="SectionCatalog"/> order, with the metrics between the
/// innovations and the cases as in the ATRA documents and the <c>other</c> items (under their kept headings) last;
/// items in recording order (<see cref="KnowledgeItem.Order"/>); retracted items are not rendered. <b>Empty sections are left out entirely</b>: a sub-section without active
/// items has no heading, a group without any has no heading either (no empty headings to fill by hand, and a
/// re-import creates nothing from them). The metrics section is always present (its zeros are facts); the claims
/// sub-heading only when there are claims. Per-item provenance is not written inline (it would change the item
/// text on re-import); <c>kos history</c> shows it. Output is deterministic: no clock, invariant culture,
/// <c>\n</c> newlines, exactly one trailing newline.
/// </remarks>
public static class MarkdownRenderer
{
    /// <summary>Renders the knowledge base of one expert.</summary>
    public static string Render(ExpertState state, RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        var lang = options.Language;
        var l = RenderLabels.For(lang);
        var project = OneLine(state.Project.Length > 0 ? state.Project : options.Project ?? "");
        var blocks = new List<string>();
        // One pass over the items: the state's tree is walked once, not once per section.
        var active = state.Items.Values.Where(i => i.IsActive).OrderBy(i => i.Order).ToLookup(i => i.Section);

        blocks.Add($"# {l.Title}: {OneLine(state.DisplayName)} ({OneLine(state.Role)})");
        var header = new List<string>
        {
            $"**{l.Created}:** {Date(state.CreatedAt)}",
            $"**{l.Status}:** {l.StatusText(state.Status)}",
            Invariant($"**{l.Priority}:** {state.Priority}"),
        };
        if (state.Tags.Count > 0) header.Add($"**{l.Expertise}:** {string.Join(", ", state.Tags.Select(OneLine))}");
        // Two trailing spaces are the Markdown hard line break the ATRA headers use.
        blocks.Add(string.Join("  \n", header));
        blocks.Add("---");

        Responsibility(blocks, state, l, lang, project);
        var groups = SectionCatalog.All
            .Where(s => s.Kind is not SectionKind.Responsibility and not SectionKind.Other)
            .GroupBy(s => s.GroupRu);
        foreach (var group in groups)
        {
            if (group.First().Kind == SectionKind.Case)
            {
                Metrics(blocks, state, l, lang);
                Backlog(blocks, state, l);
                Suspects(blocks, state, l, lang);
            }
            Group(blocks, active, [.. group], l, lang, project, state);
        }
        Other(blocks, active, l, lang, project);

        blocks.Add(Invariant($"_{l.Updated}: {state.LastUpdate.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC · {l.Sources}: {state.Sources.Count}_"));
        return string.Join("\n\n", blocks) + "\n";
    }

    private static void Responsibility(List<string> blocks, ExpertState state, RenderLabels l, RenderLanguage lang, string project)
    {
        var paragraphs = Paragraphs(state.Responsibility);
        if (paragraphs.Count == 0 && state.Duties.Count == 0) return;
        blocks.Add("## " + l.Group(SectionCatalog.Get(SectionKind.Responsibility), lang, project));
        blocks.AddRange(paragraphs);
        if (state.Duties.Count > 0)
            blocks.Add($"**{l.KeyDuties}:**\n" + string.Join("\n", state.Duties.Select(d => "- " + OneLine(d))));
        blocks.Add("---");
    }

    private static void Group(List<string> blocks, ILookup<SectionKind, KnowledgeItem> active, IReadOnlyList<SectionInfo> sections, RenderLabels l, RenderLanguage lang, string project,
        ExpertState state)
    {
        var present = sections.Select(s => (Info: s, Items: active[s.Kind].ToList())).Where(s => s.Items.Count > 0).ToList();
        if (present.Count == 0) return;
        blocks.Add("## " + l.Group(present[0].Info, lang, project));
        foreach (var (info, items) in present)
        {
            if (RenderLabels.Sub(info, lang) is { } sub) blocks.Add($"### {sub}:");
            Items(blocks, info.Kind, items, l, lang, state);
        }
        blocks.Add("---");
    }

    private static void Items(List<string> blocks, SectionKind kind, IReadOnlyList<KnowledgeItem> items, RenderLabels l, RenderLanguage lang, ExpertState state)
    {
        switch (kind)
        {
            case SectionKind.Case:
                // A case entry carries its task's description, overall lists and measurements as nested lines.
                blocks.Add(string.Join("\n", items.SelectMany(i =>
                    TaskEntry.Lines(i.Field(ItemFields.Task) is { Length: > 0 } id ? state.Task(id) : null, lang).Prepend("- " + Line(kind, i)))));
                break;
            case SectionKind.Problem:
                // One block per problem: the ATRA documents separate problems by a blank line.
                foreach (var item in items)
                {
                    var lines = new List<string> { $"- **{l.Problem}:** {OneLine(item.Text)}" };
                    lines.AddRange(item.Solutions.Select(s => $"  - **{l.Solution}:** {OneLine(s)}"));
                    blocks.Add(string.Join("\n", lines));
                }
                break;
            case SectionKind.BestPractice:
                foreach (var item in items)
                {
                    var lines = new List<string> { "### " + OneLine(item.Text) };
                    Field(lines, l.Description, item, ItemFields.Description);
                    Field(lines, l.Source, item, ItemFields.Origin);
                    Field(lines, l.Category, item, ItemFields.Category);
                    Field(lines, l.Application, item, ItemFields.Application);
                    Field(lines, l.Found, item, ItemFields.FoundAt);
                    blocks.Add(string.Join("\n", lines));
                }
                break;
            default:
                blocks.Add(string.Join("\n", items.Select(i => "- " + Line(kind, i))));
                break;
        }
    }

    private static string Line(SectionKind kind, KnowledgeItem item)
    {
        var text = OneLine(item.Text);
        return kind switch
        {
            SectionKind.Book or SectionKind.AdvancedBook when item.Field(ItemFields.Author) is { Length: > 0 } author => $"{text} - {OneLine(author)}",
            SectionKind.Case when !text.StartsWith('✅') => "✅ " + text,
            _ => text,
        };
    }

    private static void Field(List<string> lines, string label, KnowledgeItem item, string name)
    {
        if (item.Field(name) is { Length: > 0 } value) lines.Add($"- **{label}:** {OneLine(value)}");
    }

    private static void Metrics(List<string> blocks, ExpertState state, RenderLabels l, RenderLanguage lang)
    {
        var m = ExpertMetrics.Of(state);
        blocks.Add("## " + l.Metrics);
        blocks.Add(l.Computed);
        var successful = m.SuccessRate is { } rate ? Invariant($"{m.Successful} ({rate}%)") : Invariant($"{m.Successful}");
        if (m.OutcomeUnknown > 0) successful += Invariant($"; {l.OutcomeUnknown}: {m.OutcomeUnknown}");
        string[] lines =
        [
            Invariant($"- **{l.TasksCompleted}:** {m.TasksCompleted}"),
            $"- **{l.Successful}:** {successful}",
            Invariant($"- **{l.ErrorsFixed}:** {m.ErrorsFixed}"),
            Invariant($"- **{l.KnowledgeGained}:** {m.KnowledgeGained}"),
            Invariant($"- **{l.KnowledgeConfirmed}:** {m.KnowledgeReconfirmed}"),
            Invariant($"- **{l.ProblemsSolved}:** {m.ProblemsSolved}"),
            Invariant($"- **{l.Publications}:** {m.Publications}"),
            Invariant($"- **{l.Mentorship}:** {m.Mentees}"),
            Invariant($"- **{l.Innovations}:** {m.Innovations}"),
            Invariant($"- **{l.Level}:** {m.Level}/5 {LevelReason(m, lang)}"),
        ];
        blocks.Add(string.Join("\n", lines));

        // Claims stay apart from the computed numbers, grouped by the documents that claimed them; exact repeats
        // (the old files repeat their metric blocks) are shown once, and a figure two documents claimed alike (the
        // seed and igor_knowledge.md) once, with both sources.
        var claims = ClaimSources.Of(state.Claims).GroupBy(c => string.Join("\n", c.Sources)).ToList();
        if (claims.Count > 0)
        {
            blocks.Add($"### {l.Claimed}:");
            foreach (var bySources in claims)
            {
                var sources = string.Join(", ", bySources.First().Sources.Select(source => $"`{OneLine(source).Replace('`', '\'')}`"));
                blocks.Add($"**{l.Source}:** {sources}");
                blocks.Add(string.Join("\n", bySources.Select(c => $"- **{OneLine(c.Label)}:** {OneLine(c.Value)}")));
            }
        }
        blocks.Add("---");
    }

    // The open entries of the improvement backlog, with the task that asked for each; nothing when none is open.
    private static void Backlog(List<string> blocks, ExpertState state, RenderLabels l)
    {
        var open = ImprovementBacklog.Of(state).Where(i => i.IsOpen).ToList();
        if (open.Count == 0) return;
        blocks.Add("## " + l.ToImprove);
        blocks.Add(string.Join("\n", open.Select(i => Invariant($"- {OneLine(i.Text)} (`{OneLine(i.TaskId).Replace('`', '\'')}`, {i.At.UtcDateTime:yyyy-MM-dd})"))));
        blocks.Add("---");
    }

    /// <summary>The level line in the render language, worded by the catalog from the domain's numbers.</summary>
    internal static string LevelReason(ExpertMetrics m, RenderLanguage lang) => RenderLabels.For(lang).LevelLine(m.Evidence);

    // Items used in repeated failed tasks (docs/RETRIEVAL.md, "Usefulness"), with their record and how to retract them.
    private static void Suspects(List<string> blocks, ExpertState state, RenderLabels l, RenderLanguage lang)
    {
        var suspects = state.Items.Values.Where(i => i.IsActive && Usefulness.IsSuspect(i)).OrderBy(i => i.Order).ToList();
        if (suspects.Count == 0) return;
        blocks.Add("## " + l.Suspect);
        blocks.Add(string.Join("\n", suspects.Select(i => "- " + OneLine(i.Text) + " " + SuspectNote(i, lang) + $" · `kos item retract {state.Slug} {i.Id} --reason \"failed tasks\"`")));
        blocks.Add("---");
    }

    /// <summary>The record behind a suspicion: <c>(`id`: failed in 2 tasks, succeeded in 0)</c>.</summary>
    public static string SuspectNote(KnowledgeItem item, RenderLanguage lang) => lang == RenderLanguage.En
        ? Invariant($"(`{item.Id}`: failed in {Plural.En(Usefulness.Failures(item), "task", "tasks")}, succeeded in {Usefulness.Successes(item)})")
        : Invariant($"(`{item.Id}`: провалов: {Usefulness.Failures(item)}, успехов: {Usefulness.Successes(item)})");

    private static void Other(List<string> blocks, ILookup<SectionKind, KnowledgeItem> active, RenderLabels l, RenderLanguage lang, string project)
    {
        var items = active[SectionKind.Other].ToList();
        if (items.Count == 0) return;
        // One group for everything the importer did not recognise; each kept heading is a sub-heading, verbatim
        // (no colon added: the stored heading already has whatever punctuation it was written with).
        blocks.Add("## " + l.Group(SectionCatalog.Get(SectionKind.Other), lang, project));
        // Items without a heading first, so they cannot fall under another item's sub-heading.
        var byHeading = items.GroupBy(i => Heading(i.Field(ItemFields.Heading)), StringComparer.Ordinal).OrderBy(g => g.Key.Length == 0 ? 0 : 1);
        foreach (var group in byHeading)
        {
            if (group.Key.Length > 0) blocks.Add("### " + group.Key);
            blocks.Add(string.Join("\n", group.Select(i => "- " + OneLine(i.Text))));
        }
        blocks.Add("---");
    }

    /// <summary>A stored heading as written, without its <c>#</c> marks (they are the renderer's to choose).</summary>
    private static string Heading(string heading) => OneLine(heading).TrimStart('#').Trim();

    private static List<string> Paragraphs(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n")
            .Select(OneLine).Where(p => p.Length > 0).ToList();

    /// <summary>Whitespace collapsed to single spaces, so a value can never break the line structure.</summary>
    private static string OneLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        if (IsOneLine(text)) return text; // the usual case: stored values are already clean
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static bool IsOneLine(string text)
    {
        if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])) return false;
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) && (c != ' ' || text[i - 1] == ' ')) return false;
        }
        return true;
    }

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
