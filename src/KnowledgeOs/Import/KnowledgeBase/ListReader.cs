using KnowledgeOs.Text;
using KnowledgeOs.Sections;
using Markdig.Syntax;

namespace KnowledgeOs.Import.KnowledgeBase;

/// <summary>Lists: read line by line in the header-like contexts, as items (one per bullet) in a section.</summary>
internal static class ListReader
{
    public static void Read(KnowledgeParseState state, ListBlock list)
    {
        foreach (var run in MarkdownLists.Runs(state.Source, list))
        {
            switch (state.Context)
            {
                case ParseContext.Preamble:
                    state.Warn(run[0].Line + 1, "a list before the title line is ignored", "list-before-title");
                    break;
                case ParseContext.Header:
                case ParseContext.Responsibility:
                case ParseContext.Duties:
                case ParseContext.Metrics:
                case ParseContext.Computed:
                case ParseContext.Claims:
                case ParseContext.Footer:
                case ParseContext.BestPractice:
                    foreach (var item in run) LineItem(state, item);
                    break;
                default:
                    ItemRun(state, run);
                    break;
            }
        }
    }

    /// <summary>A bullet where lines are read one by one; under responsibility a list is the duties.</summary>
    private static void LineItem(KnowledgeParseState state, ListItemBlock item)
    {
        if (state.Context is ParseContext.Responsibility or ParseContext.Duties)
        {
            state.Context = ParseContext.Duties;
            foreach (var (text, _) in MarkdownLists.Flatten(state.Source, item)) state.Header.Duties.Add(TextKey.Clean(text));
        }
        else
        {
            foreach (var (text, line) in MarkdownLists.Flatten(state.Source, item)) ParagraphReader.Read(state, [text], line, fromList: true);
        }
    }

    /// <summary>A run of list items (a list block between blank lines) in a section of items.</summary>
    private static void ItemRun(KnowledgeParseState state, List<ListItemBlock> run)
    {
        var texts = run.Select(i => (Item: i, Text: MarkdownLists.FirstParagraph(state.Source, i), Line: i.Line + 1)).Where(x => x.Text.Length > 0).ToList();
        if (texts.Count == 0) return;
        var context = state.Context;
        var current = context == ParseContext.Section ? state.Kind : (SectionKind?)null;
        // A later run whose every line already stands in another section is that section's block pasted again.
        if (state.Runs++ > 0 || context is ParseContext.Group or ParseContext.Other or ParseContext.OtherGroup)
        {
            var keys = texts.Select(t => TextKey.Of(t.Text)).ToList();
            var home = state.Seen.Where(s => s.Key != current && s.Key != SectionKind.Other && keys.All(s.Value.Contains)).Select(s => (SectionKind?)s.Key).FirstOrDefault();
            if (home is { } kind)
            {
                foreach (var (_, text, line) in texts) state.Keep(SectionItems.Item(state, kind, text, line));
                return;
            }
        }
        if (context == ParseContext.Section && state.Kind == SectionKind.Problem)
        {
            foreach (var (item, _, line) in texts) ProblemReader.Item(state, item, line);
            return;
        }
        if (texts.All(t => MarkdownText.TryField(t.Text, out _, out _)) && context is ParseContext.Section or ParseContext.Group)
        {
            foreach (var (_, text, _) in texts) ClaimReader.Claim(state, text);
            return;
        }
        foreach (var (item, _, _) in texts)
        {
            foreach (var (text, line) in MarkdownLists.Flatten(state.Source, item))
            {
                // A rendered case entry's task details (Rendering.TaskEntry) belong to the task, not new case entries.
                if (context == ParseContext.Section && state.Kind == SectionKind.Case && MarkdownText.TryField(text, out var label, out _)
                    && Rendering.TaskEntry.IsDetailLabel(label)) continue;
                state.Keep(context switch
                {
                    ParseContext.Section => SectionItems.Item(state, state.Kind, text, line),
                    ParseContext.OtherGroup => SectionItems.Other("", text, line),
                    _ => SectionItems.Other(state.Heading, text, line),
                });
            }
        }
        if (context == ParseContext.Group)
            state.Warn(texts[0].Line, $"a list directly under '{state.Heading}' (no sub-section); kept in other", "list-under-heading", state.Heading);
    }
}
