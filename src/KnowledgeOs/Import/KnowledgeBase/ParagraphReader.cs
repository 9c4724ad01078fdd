using System.Text.RegularExpressions;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Import.KnowledgeBase;

/// <summary>The lines of a paragraph (or of a list item in a context that reads lines), read by what the heading above made of them.</summary>
internal static partial class ParagraphReader
{
    public static void Read(KnowledgeParseState state, List<string> lines, int firstLine, bool fromList = false)
    {
        var rest = new List<(string Text, int Line)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var note = RenderedNote().Match(lines[i]);
            if (note.Success)
            {
                // "_Вычислено по записанным данным._": the metric lines after it are computed, not claims (ComputedMetricLine).
                if (note.Groups["computed"].Success && state.Context == ParseContext.Metrics) state.Context = ParseContext.Computed;
                continue;
            }
            var isFoundAt = BestPracticeReader.IsFoundAt(lines[i], out var found);
            if (state.Context == ParseContext.BestPractice && state.Practice is not null && (fromList || !isFoundAt))
            {
                BestPracticeReader.Line(state, lines[i]);
                continue;
            }
            if (isFoundAt)
            {
                BestPracticeReader.FoundAtParagraph(state, found, firstLine + i);
                continue;
            }
            rest.Add((lines[i], firstLine + i));
        }
        if (rest.Count > 0) Rest(state, rest, firstLine);
    }

    private static void Rest(KnowledgeParseState state, List<(string Text, int Line)> rest, int firstLine)
    {
        switch (state.Context)
        {
            case ParseContext.Preamble:
                state.Warn(firstLine, "text before the title line is ignored", "text-before-title");
                break;
            case ParseContext.Header:
                foreach (var (text, line) in rest) HeaderReader.Line(state, text, line);
                break;
            case ParseContext.Responsibility:
            case ParseContext.Duties:
                HeaderReader.ResponsibilityLines(state, rest, firstLine);
                break;
            case ParseContext.Metrics:
                foreach (var (text, _) in rest) ClaimReader.Claim(state, text);
                break;
            case ParseContext.Computed:
                foreach (var (text, _) in rest) ComputedMetricLine.Read(state, text);
                break;
            case ParseContext.Claims:
                ClaimReader.ClaimsBlock(state, rest);
                break;
            case ParseContext.Footer:
                foreach (var (text, line) in rest)
                {
                    if (MarkdownText.TryField(text, out _, out _)) ClaimReader.Claim(state, text);
                    else if (!SectionItems.IsBoilerplate(text)) state.Keep(SectionItems.Other(state.Heading, text, line));
                }
                break;
            case ParseContext.BestPractice:
                foreach (var (text, _) in rest) BestPracticeReader.Line(state, text);
                break;
            case ParseContext.Section when state.Kind == SectionKind.Problem:
                ProblemReader.Read(state, rest, []);
                break;
            case ParseContext.Section when rest.All(r => MarkdownText.TryField(r.Text, out _, out _)):
                foreach (var (text, _) in rest) ClaimReader.Claim(state, text);
                break;
            case ParseContext.Section:
                state.Keep(SectionItems.Item(state, state.Kind, Joined(rest), firstLine));
                break;
            case ParseContext.Group:
                state.Warn(firstLine, $"text directly under '{state.Heading}' (no sub-section); kept in other", "text-under-heading", state.Heading);
                state.Keep(SectionItems.Other(state.Heading, Joined(rest), firstLine));
                break;
            case ParseContext.OtherGroup:
                state.Keep(SectionItems.Other("", Joined(rest), firstLine));
                break;
            default:
                state.Keep(SectionItems.Other(state.Heading, Joined(rest), firstLine));
                break;
        }
    }

    private static string Joined(List<(string Text, int Line)> lines) => string.Join(' ', lines.Select(r => r.Text));

    /// <summary>The renderer's notes: <c>_Вычислено по записанным данным._</c> and the <c>_Обновлено: … · источников: N_</c> footer.</summary>
    [GeneratedRegex(@"^_((?<computed>Вычислено по записанным данным|Computed from recorded evidence)\.|(Обновлено|Updated): .*)_$", RegexOptions.CultureInvariant)]
    private static partial Regex RenderedNote();
}
