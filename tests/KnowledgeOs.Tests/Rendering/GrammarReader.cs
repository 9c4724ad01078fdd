using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Tests.Rendering;

/// <summary>An item as a reader of the documented grammar (docs/RENDERING.md) gets it back.</summary>
internal sealed record ReadItem(SectionKind Section, string Text, SortedDictionary<string, string> Fields, List<string> Solutions);

/// <summary>
/// A minimal reader of exactly the grammar docs/RENDERING.md describes, to prove the rendering can be read back
/// without guessing. Not the importer (which reads the messy old files too): a check that the contract suffices.
/// </summary>
internal static class GrammarReader
{
    public static List<ReadItem> Read(string markdown, RenderLanguage language)
    {
        var l = RenderLabels.For(language);
        var groups = SectionCatalog.All.GroupBy(s => language == RenderLanguage.En ? s.GroupEn : s.GroupRu).ToList();
        var items = new List<ReadItem>();
        SectionKind? group = null;      // the group's single section, when it has no sub-headings
        IReadOnlyList<SectionInfo> subs = [];
        SectionKind? section = null;
        string? otherHeading = null;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                var heading = line[3..];
                var match = groups.FirstOrDefault(g => heading == g.Key || g.Key.Contains("{project}", StringComparison.Ordinal)
                    && heading.StartsWith(g.Key[..g.Key.IndexOf('{', StringComparison.Ordinal)].TrimEnd(), StringComparison.Ordinal));
                subs = match is null ? [] : [.. match];
                group = match is not null && match.All(s => RenderLabels.Sub(s, language) is null) ? match.First().Kind : null;
                section = group is SectionKind.Responsibility ? null : group;
                otherHeading = null;
                continue;
            }
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                var heading = line[4..];
                if (section == SectionKind.BestPractice)
                    items.Add(new ReadItem(SectionKind.BestPractice, heading, new(StringComparer.Ordinal), []));
                else if (group == SectionKind.Other)
                    otherHeading = heading;
                else
                    section = subs.FirstOrDefault(s => RenderLabels.Sub(s, language) + ":" == heading)?.Kind;
                continue;
            }
            if (section is not { } kind) continue;
            if (kind == SectionKind.BestPractice)
            {
                foreach (var (label, name) in new[] { (l.Description, ItemFields.Description), (l.Source, ItemFields.Origin),
                    (l.Category, ItemFields.Category), (l.Application, ItemFields.Application), (l.Found, ItemFields.FoundAt) })
                    if (line.StartsWith($"- **{label}:** ", StringComparison.Ordinal)) items[^1].Fields[name] = line[(label.Length + 8)..];
            }
            else if (kind == SectionKind.Problem)
            {
                if (line.StartsWith($"- **{l.Problem}:** ", StringComparison.Ordinal))
                    items.Add(new ReadItem(kind, line[(l.Problem.Length + 8)..], new(StringComparer.Ordinal), []));
                else if (line.StartsWith($"  - **{l.Solution}:** ", StringComparison.Ordinal))
                    items[^1].Solutions.Add(line[(l.Solution.Length + 10)..]);
            }
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                var text = line[2..];
                var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
                if (kind is SectionKind.Book or SectionKind.AdvancedBook && text.LastIndexOf(" - ", StringComparison.Ordinal) is > 0 and var cut)
                {
                    fields[ItemFields.Author] = text[(cut + 3)..];
                    text = text[..cut];
                }
                if (kind == SectionKind.Case && text.StartsWith("✅ ", StringComparison.Ordinal)) text = text[2..];
                if (kind == SectionKind.Other && otherHeading is not null) fields[ItemFields.Heading] = otherHeading;
                items.Add(new ReadItem(kind, text, fields, []));
            }
        }
        return items;
    }
}
