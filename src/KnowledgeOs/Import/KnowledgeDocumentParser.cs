using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Import.KnowledgeBase;
using Markdig.Syntax;

namespace KnowledgeOs.Import;

/// <summary>
/// Reads a knowledge base in the ATRA Markdown format (and its English form, and what <c>kos export</c> writes) into a
/// <see cref="KnowledgeDocument"/>. Built on Markdig's syntax tree: headings, paragraphs, lists and list items are
/// Markdig's; the readers in <see cref="KnowledgeBase"/> decide what each one means (one per section family), this
/// class walks the blocks and assembles the result. Pure: text in, model out.
/// </summary>
public static class KnowledgeDocumentParser
{
    /// <summary>Parses a knowledge base document.</summary>
    /// <param name="text">The decoded text.</param>
    /// <param name="fileName">The file name (items get the source <c>import:&lt;file name&gt;</c>).</param>
    /// <param name="fallbackAt">When the items happened if the document has no readable creation date.</param>
    /// <exception cref="InputException">No title line, a title without a role, an unpaired surrogate, or nesting too deep.</exception>
    public static KnowledgeDocument Parse(string text, string fileName, DateTimeOffset fallbackAt)
    {
        var state = new KnowledgeParseState(text, fileName, fallbackAt);
        var blocks = MarkdownText.Parse(text, fileName).ToList();
        for (var i = 0; i < blocks.Count; i++)
        {
            switch (blocks[i])
            {
                case HeadingBlock h:
                    HeadingReader.Read(state, h, i + 1 < blocks.Count ? blocks[i + 1] : null);
                    break;
                case ThematicBreakBlock:
                    BestPracticeReader.Flush(state);
                    break;
                case ParagraphBlock p:
                    ParagraphReader.Read(state, MarkdownText.Lines(text, p), p.Line + 1);
                    break;
                case ListBlock l:
                    ListReader.Read(state, l);
                    break;
                case LinkReferenceDefinitionGroup:
                    break;
                case var block:
                    SectionItems.Verbatim(state, block);
                    break;
            }
        }
        BestPracticeReader.Flush(state);
        HeadingReader.Close(state);
        if (state.Header.Title is null)
            throw InputException.Of("No title line: a knowledge base starts with '# 📚 БАЗА ЗНАНИЙ: Name (Role)' (or '# Knowledge base: Name (Role)').", "line 1",
                ErrorCodes.TitleMissing, "# 📚 БАЗА ЗНАНИЙ");
        return Build(state);
    }

    private static KnowledgeDocument Build(KnowledgeParseState state)
    {
        var header = state.Header;
        if (header.CreatedText is null)
            state.Warn(header.TitleLineNumber, $"no creation date (Дата создания); items are dated {state.FallbackAt:yyyy-MM-dd}", "no-creation-date", $"{state.FallbackAt:yyyy-MM-dd}");
        if (header.Priority is null)
            state.Warn(header.TitleLineNumber, "no priority (Приоритет); the default 3 is used", "no-priority");
        var at = header.Created ?? state.FallbackAt;
        var source = ImportSource.Of(state.FileName);
        return new KnowledgeDocument
        {
            FileName = Path.GetFileName(state.FileName),
            Expert = new ExpertHeader
            {
                DisplayName = header.Title!.Name,
                Role = header.Title.Role!,
                TitleLine = header.TitleLineNumber,
                Priority = header.Priority,
                Created = header.Created,
                CreatedText = header.CreatedText,
                Status = header.Status,
                StatusText = header.StatusText,
                Project = header.Project,
                Responsibility = string.Join("\n\n", header.Responsibility),
                Duties = header.Duties,
                Tags = header.Tags,
            },
            Items = state.Items,
            Claims = state.Claims.Select(c => new MetricClaimImported { Label = c.Label, Value = c.Value, Source = c.Source ?? source, At = at }).ToList(),
            UnknownHeadings = state.Unknown,
            Warnings = state.Warnings,
        };
    }
}
