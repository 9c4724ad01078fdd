using System.Text.RegularExpressions;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using Markdig.Syntax;

namespace KnowledgeOs.Import.KnowledgeBase;

/// <summary>
/// Problems and their solutions: <c>**Проблема:** … **Решение:** …</c> on one line, on two, or with the solutions
/// as nested bullets; a bullet without a label is a problem, its nested bullets its solutions.
/// </summary>
internal static partial class ProblemReader
{
    private static readonly Dictionary<string, string> ProblemFields = MarkdownText.KnownFields(
        ("problem", ["Проблема", "Problem"]),
        (ItemFields.Solution, ["Решение", "Решения", "Solution", "Solutions"]));

    /// <summary>One list item of a problems section: its own lines, then its nested items.</summary>
    public static void Item(KnowledgeParseState state, ListItemBlock item, int line)
    {
        var paragraph = item.OfType<ParagraphBlock>().FirstOrDefault();
        var lines = paragraph is null ? [] : MarkdownText.Lines(state.Source, paragraph).Select((t, i) => (t, line + i)).ToList();
        var nested = item.OfType<ListBlock>().SelectMany(l => l.OfType<ListItemBlock>()).SelectMany(i => MarkdownLists.Flatten(state.Source, i)).ToList();
        Read(state, lines, nested);
    }

    /// <summary>Lines of problems and solutions, each with its line number.</summary>
    public static void Read(KnowledgeParseState state, List<(string Text, int Line)> lines, List<(string Text, int Line)> nested)
    {
        string? problem = null;
        var problemLine = 0;
        var solutions = new List<string>();
        void Flush()
        {
            if (problem is null) return;
            var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (solutions.Count > 0) fields[ItemFields.Solution] = solutions[0];
            state.Keep(new ImportedItem(SectionKind.Problem, problem, fields, problemLine) { MoreSolutions = solutions.Skip(1).ToList() });
            problem = null;
            solutions = [];
        }
        foreach (var (raw, line) in lines.Concat(nested))
        {
            foreach (var part in SplitInlineSolution(raw))
            {
                if (MarkdownText.TryKnownField(part, ProblemFields, out var field, out var value))
                {
                    if (field == "problem")
                    {
                        Flush();
                        problem = value;
                        problemLine = line;
                    }
                    else if (problem is null)
                    {
                        state.Warn(line, $"a solution with no problem before it: '{value}'; kept as a problem", "solution-without-problem", value);
                        problem = value;
                        problemLine = line;
                    }
                    else if (value.Length > 0) solutions.Add(value);
                }
                else if (problem is null)
                {
                    problem = part;
                    problemLine = line;
                }
                else solutions.Add(part);
            }
        }
        Flush();
    }

    /// <summary><c>**Проблема:** X **Решение:** Y</c> on one line is two parts.</summary>
    private static IEnumerable<string> SplitInlineSolution(string line)
    {
        var m = InlineSolution().Match(line);
        return m.Success && m.Index > 0 ? [line[..m.Index].Trim(), line[m.Index..].Trim()] : [line];
    }

    [GeneratedRegex(@"\s(?=(\*\*|__)?(Решение|Solution)\s*:?\s*(\*\*|__)?\s*:)", RegexOptions.IgnoreCase)]
    private static partial Regex InlineSolution();
}
