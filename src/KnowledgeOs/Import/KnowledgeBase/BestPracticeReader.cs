using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;
using Markdig.Syntax;

namespace KnowledgeOs.Import.KnowledgeBase;

/// <summary>A best practice being read: its title heading, then its fields until the next heading or rule.</summary>
internal sealed class PendingPractice(string title, int line, DateTimeOffset? at, string? foundText)
{
    public string Title { get; } = title;
    public int Line { get; } = line;
    public DateTimeOffset? At { get; set; } = at;
    public SortedDictionary<string, string> Fields { get; } = foundText is null
        ? new(StringComparer.Ordinal)
        : new(StringComparer.Ordinal) { [ItemFields.FoundAt] = foundText };
}

/// <summary>
/// Best practices: a heading of their own (the title) with <c>Описание/Источник/Категория/Применение</c> fields under
/// it, dated by a <c>Дата поиска</c> paragraph before them (the ATRA layout) or a found date inside the block.
/// </summary>
internal static class BestPracticeReader
{
    private static readonly Dictionary<string, string> PracticeFields = MarkdownText.KnownFields(
        (ItemFields.Description, ["Описание", "Description"]),
        (ItemFields.Origin, ["Источник", "Source", "Origin"]),
        (ItemFields.Category, ["Категория", "Category"]),
        (ItemFields.Application, ["Применение", "Application"]),
        (ItemFields.FoundAt, ["Дата поиска", "Found", "Found at", "Found on"]));

    private static readonly Dictionary<string, string> FoundAtField = MarkdownText.KnownFields((ItemFields.FoundAt, ["Дата поиска", "Found at", "Found on", "Search date"]));

    /// <summary>Starts a best practice under the heading <paramref name="text"/>, dated by the last search date.</summary>
    public static void Start(KnowledgeParseState state, string text, int line)
    {
        state.Practice = new PendingPractice(TextKey.Clean(text), line, state.FoundAt, state.FoundText);
        state.Context = ParseContext.BestPractice;
    }

    /// <summary>Whether the block after a heading opens with a best-practice field (other than a date).</summary>
    public static bool StartsPractice(string source, Block? next)
    {
        var first = next switch
        {
            ListBlock l => l.OfType<ListItemBlock>().FirstOrDefault()?.OfType<ParagraphBlock>().FirstOrDefault(),
            ParagraphBlock p => p,
            _ => null,
        };
        if (first is null) return false;
        var lines = MarkdownText.Lines(source, first);
        return lines.Count > 0 && MarkdownText.TryKnownField(lines[0], PracticeFields, out var field, out _) && field != ItemFields.FoundAt;
    }

    /// <summary>Keeps the best practice being read, if any; the lines after it are the best-practice section's.</summary>
    public static void Flush(KnowledgeParseState state)
    {
        if (state.Practice is null) return;
        var p = state.Practice;
        state.Practice = null;
        state.Keep(new ImportedItem(SectionKind.BestPractice, p.Title, p.Fields, p.Line) { At = p.At });
        state.Context = ParseContext.Section;
        state.Kind = SectionKind.BestPractice;
    }

    /// <summary>Whether <paramref name="line"/> is a search-date field (<c>Дата поиска: …</c>); its value in <paramref name="found"/>.</summary>
    public static bool IsFoundAt(string line, out string found) =>
        MarkdownText.TryKnownField(line, FoundAtField, out _, out found) && MarkdownText.TryField(line, out _, out _);

    /// <summary>A search date as a paragraph of its own dates the best practices after it (the ATRA layout).</summary>
    public static void FoundAtParagraph(KnowledgeParseState state, string found, int line)
    {
        Flush(state);
        state.FoundText = found;
        if (MarkdownText.TryDate(found, out var at, out _)) state.FoundAt = at;
        else
        {
            state.FoundAt = null;
            state.Warn(line, $"cannot read the search date '{found}'; the best practices below are dated with the document", "search-date-unreadable", found);
        }
    }

    /// <summary>One line under a best practice's heading: a known field, or more of its description.</summary>
    public static void Line(KnowledgeParseState state, string text)
    {
        var practice = state.Practice;
        if (practice is null) return;
        if (MarkdownText.TryKnownField(text, PracticeFields, out var field, out var value))
        {
            if (field == ItemFields.FoundAt)
            {
                // A found date inside the block (as the renderer writes it) is this practice's own.
                practice.Fields[field] = TextKey.Clean(value);
                practice.At = MarkdownText.TryDate(value, out var at, out _) ? at : practice.At;
                return;
            }
            practice.Fields[field] = practice.Fields.TryGetValue(field, out var before) ? before + " " + value : value;
        }
        else
        {
            var clean = TextKey.Clean(text);
            practice.Fields[ItemFields.Description] = practice.Fields.TryGetValue(ItemFields.Description, out var d) ? d + " " + clean : clean;
        }
    }
}
