using System.Globalization;
using System.Text;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Rendering;

/// <summary>Where a guidance block was compiled from: the global log position of the expert's latest event, and when it was recorded.</summary>
/// <param name="Position">Global position of the expert stream's latest event.</param>
/// <param name="RecordedAt">When that event was recorded.</param>
public sealed record GuidanceOrigin(long Position, DateTimeOffset RecordedAt);

/// <summary>
/// An expert's guidance for agents, compiled from evidence as a marked Markdown block
/// (<c>&lt;!-- kos:begin SLUG --&gt;</c> … <c>&lt;!-- kos:end --&gt;</c>) that can live in AGENTS.md, CLAUDE.md,
/// <c>.cursor/rules/*.mdc</c> or any Markdown file: the role, practices and lessons with the most confirmations, and the
/// open problems, each line with its item id, within a character budget. The block depends only on the expert's state and
/// the log position it was compiled from, never on the clock, so compiling it again with nothing new gives the same bytes.
/// </summary>
public static class GuidanceBlock
{
    /// <summary>The end marker.</summary>
    public const string End = "<!-- kos:end -->";

    /// <summary>The default budget of a block, in characters.</summary>
    public const int DefaultBudget = 4000;

    /// <summary>The start marker of an expert's block.</summary>
    public static string Begin(string slug) => $"<!-- kos:begin {slug} -->";

    private static readonly SectionKind[] Practices = [SectionKind.Known, SectionKind.BestPractice, SectionKind.ExpertPractice, SectionKind.Practice];

    /// <summary>The block, markers included, without a trailing newline.</summary>
    public static string Render(ExpertState state, GuidanceOrigin origin, int budget = DefaultBudget)
    {
        if (budget < 500) throw InputException.Of($"budget must be at least 500 characters (got {budget}).", "budget", ErrorCodes.NumberNotBetween, "budget", "500", "");
        var head = new StringBuilder();
        head.Append(Begin(state.Slug)).Append('\n');
        head.Append("## ").Append(state.DisplayName).Append(" — ").Append(state.Role).Append('\n').Append('\n');
        head.Append("_Compiled by KnowledgeOS from log position ").Append(origin.Position.ToString(CultureInfo.InvariantCulture))
            .Append(" (recorded ").Append(origin.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            .Append("). Regenerate with `kos guidance ").Append(state.Slug).Append("`; edits inside this block are overwritten._\n");
        if (state.Responsibility.Length > 0) head.Append('\n').Append(OneLine(state.Responsibility)).Append('\n');

        var groups = new (string Title, IEnumerable<KnowledgeItem> Items, Func<KnowledgeItem, string> Line)[]
        {
            ("### Practices", Ranked(state, Practices), i => OneLine(i.Text)),
            ("### Lessons", Ranked(state, [SectionKind.Learned]), i => OneLine(i.Text)),
            ("### Open problems", Ranked(state, [SectionKind.Problem]),
                i => OneLine(i.Text) + (i.Solutions.Count == 0 ? " → no solution yet" : " → " + OneLine(string.Join("; ", i.Solutions)))),
        };
        // The budget is shared in order: practices first, then lessons, then problems; a line that does not fit is left out.
        var used = head.Length + End.Length + 1;
        var body = new StringBuilder();
        foreach (var (title, items, line) in groups)
        {
            var section = new StringBuilder();
            foreach (var item in items)
            {
                var text = $"- {line(item)} · `{item.Id}`{(item.Confirmations.Count > 0 ? $" · +{item.Confirmations.Count}" : "")}{Outcomes(item)}\n";
                var needed = text.Length + (section.Length == 0 ? title.Length + 2 : 0) + 1;
                if (used + needed > budget) break;
                if (section.Length == 0) section.Append('\n').Append(title).Append('\n');
                section.Append(text);
                used += needed;
            }
            body.Append(section);
        }
        return head.Append(body).Append(End).ToString();
    }

    /// <summary>
    /// The file's text with the expert's block put in: in place of its old block (text outside untouched), or appended
    /// after one empty line when the file has none yet.
    /// </summary>
    /// <exception cref="InputException">The file has the start marker without the end marker after it.</exception>
    public static string Merge(string? existing, string slug, string block)
    {
        if (string.IsNullOrEmpty(existing)) return block + "\n";
        var begin = existing.IndexOf(Begin(slug), StringComparison.Ordinal);
        if (begin < 0)
        {
            var separator = existing.EndsWith("\n\n", StringComparison.Ordinal) ? "" : existing.EndsWith('\n') ? "\n" : "\n\n";
            return existing + separator + block + "\n";
        }
        var end = existing.IndexOf(End, begin, StringComparison.Ordinal);
        if (end < 0) throw InputException.Of($"The file has '{Begin(slug)}' without '{End}' after it; fix the file by hand.", "out", ErrorCodes.GuidanceEndMissing, Begin(slug), End);
        return string.Concat(existing.AsSpan(0, begin), block, existing.AsSpan(end + End.Length));
    }

    private static IEnumerable<KnowledgeItem> Ranked(ExpertState state, SectionKind[] sections) =>
        state.Items.Values.Where(i => i.IsActive && sections.Contains(i.Section))
            .OrderByDescending(Weight).ThenBy(i => Array.IndexOf(sections, i.Section)).ThenBy(i => i.Order);

    // Confirmations and outcomes, weighed as ranking weighs them (docs/RETRIEVAL.md): a confirmed item that helped
    // tasks succeed comes first, one used in failed tasks sinks.
    private static double Weight(KnowledgeItem item) => Evidence.Confirmations(item.Confirmations.Count) * Usefulness.Factor(item);

    // The tasks that used the item, when any did: "· tasks ✓2 ✗1", and the flag when it is under suspicion.
    private static string Outcomes(KnowledgeItem item) =>
        item.Uses.Count == 0 ? ""
        : string.Create(CultureInfo.InvariantCulture, $" · tasks ✓{Usefulness.Successes(item)} ✗{Usefulness.Failures(item)}")
          + (Usefulness.IsSuspect(item) ? " · 🚩 under suspicion" : "");

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
