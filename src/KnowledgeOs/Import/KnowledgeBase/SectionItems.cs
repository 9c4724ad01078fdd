using System.Text.RegularExpressions;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;
using Markdig.Syntax;

namespace KnowledgeOs.Import.KnowledgeBase;

/// <summary>Items of a section made from their text: a book split into its fields, a case without its check mark, the rest as written.</summary>
internal static partial class SectionItems
{
    /// <summary>An item of section <paramref name="kind"/>; one of "other" is kept under the current heading.</summary>
    public static ImportedItem Item(KnowledgeParseState state, SectionKind kind, string text, int line)
    {
        var raw = text.Trim();
        switch (kind)
        {
            case SectionKind.Book or SectionKind.AdvancedBook:
                var book = TaskLearning.Book(TextKey.Clean(raw), kind);
                return new ImportedItem(kind, book.Text, book.Fields ?? new Dictionary<string, string>(), line) { RawKey = TextKey.Of(raw) };
            case SectionKind.Case:
                return new ImportedItem(kind, CaseMark().Replace(TextKey.Clean(raw), ""), new Dictionary<string, string>(), line) { RawKey = TextKey.Of(raw) };
            case SectionKind.Other:
                return Other(state.Heading, raw, line);
            default:
                return new ImportedItem(kind, raw, new Dictionary<string, string>(), line) { RawKey = TextKey.Of(raw) };
        }
    }

    /// <summary>Text kept in "other", with the heading it stood under (if any) as a field.</summary>
    public static ImportedItem Other(string heading, string text, int line)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(heading)) fields[ItemFields.Heading] = heading.Trim();
        return new ImportedItem(SectionKind.Other, text.Trim(), fields, line) { RawKey = TextKey.Of(text) };
    }

    /// <summary>A code block, quote or HTML block: kept whole as one item, with a warning.</summary>
    public static void Verbatim(KnowledgeParseState state, Block block)
    {
        var lines = MarkdownText.Lines(state.Source, block);
        if (lines.Count == 0) return;
        var text = string.Join('\n', lines);
        var line = block.Line + 1;
        state.Warn(line, $"a {BlockName(block)} is kept as one item", "block-kept-whole", BlockName(block));
        state.Keep(state.Context == ParseContext.Section ? Item(state, state.Kind, text, line) : Other(state.Heading, text, line));
    }

    /// <summary>The "this knowledge base is updated automatically" line of the old footers: not knowledge.</summary>
    public static bool IsBoilerplate(string text)
    {
        var key = TextKey.Of(text);
        return key.StartsWith("эта база знаний автоматически обновляется", StringComparison.Ordinal)
            || key.StartsWith("this knowledge base is updated automatically", StringComparison.Ordinal)
            || key.StartsWith("this knowledge base updates itself", StringComparison.Ordinal);
    }

    private static string BlockName(Block block) => block switch
    {
        FencedCodeBlock or CodeBlock => "code block",
        HtmlBlock => "HTML block",
        QuoteBlock => "quote",
        _ => block.GetType().Name.Replace("Block", "", StringComparison.Ordinal).ToLowerInvariant(),
    };

    [GeneratedRegex(@"^(✅|✔️?|☑️?|\[[xX]\])\s*")]
    private static partial Regex CaseMark();
}
