using Markdig.Syntax;

namespace KnowledgeOs.Import.KnowledgeBase;

/// <summary>Reading Markdig's list blocks the way the old files meant them: runs between blank lines, nested items flattened.</summary>
internal static class MarkdownLists
{
    /// <summary>Splits a list into runs: items separated by a blank line start a new run (Markdig keeps them in one loose list).</summary>
    public static List<List<ListItemBlock>> Runs(string source, ListBlock list)
    {
        var runs = new List<List<ListItemBlock>>();
        ListItemBlock? previous = null;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            if (previous is null || BlankBetween(source, previous, item)) runs.Add([]);
            runs[^1].Add(item);
            previous = item;
        }
        return runs;
    }

    /// <summary>The text of an item's first paragraph, or empty.</summary>
    public static string FirstParagraph(string source, ListItemBlock item) =>
        item.OfType<ParagraphBlock>().FirstOrDefault() is { } p ? MarkdownText.Joined(source, p) : "";

    /// <summary>An item's own text and every nested item's, each with its line.</summary>
    public static IEnumerable<(string Text, int Line)> Flatten(string source, ListItemBlock item)
    {
        foreach (var child in item)
        {
            switch (child)
            {
                case ParagraphBlock p:
                    var text = MarkdownText.Joined(source, p);
                    if (text.Length > 0) yield return (text, p.Line + 1);
                    break;
                case ListBlock l:
                    foreach (var nested in l.OfType<ListItemBlock>())
                        foreach (var x in Flatten(source, nested)) yield return x;
                    break;
                default:
                    var lines = MarkdownText.Lines(source, child);
                    if (lines.Count > 0) yield return (string.Join('\n', lines), child.Line + 1);
                    break;
            }
        }
    }

    private static bool BlankBetween(string source, Block a, Block b)
    {
        var start = Math.Min(LastContentEnd(a) + 1, source.Length);
        var end = Math.Min(b.Span.Start, source.Length);
        if (end <= start) return false;
        return source.AsSpan(start, end - start).Count('\n') >= 2;
    }

    private static int LastContentEnd(Block block) => block is ContainerBlock c && c.Count > 0 ? LastContentEnd(c[^1]) : block.Span.End;
}
