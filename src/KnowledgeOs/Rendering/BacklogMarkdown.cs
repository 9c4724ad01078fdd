using System.Globalization;
using System.Text;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Rendering;

/// <summary>
/// An expert's improvement backlog as Markdown (the MCP resource <c>backlog.md</c>): what tasks asked to improve,
/// open first, then what later tasks addressed, and the items under suspicion (used in repeated failed tasks) a person
/// should review. Computed from the state; the same state gives the same bytes.
/// </summary>
public static class BacklogMarkdown
{
    /// <summary>The backlog of <paramref name="state"/> in <paramref name="lang"/>.</summary>
    public static string Render(ExpertState state, RenderLanguage lang)
    {
        var en = lang == RenderLanguage.En;
        var entries = ImprovementBacklog.Of(state);
        var open = entries.Where(e => e.IsOpen).ToList();
        var addressed = entries.Where(e => !e.IsOpen).ToList();
        var suspects = state.Items.Values.Where(i => i.IsActive && Usefulness.IsSuspect(i)).OrderBy(i => i.Order).ToList();

        var sb = new StringBuilder();
        sb.Append("# ").Append(en ? "🔧 Improvement backlog: " : "🔧 Что улучшить: ").Append(OneLine(state.DisplayName))
            .Append(" (").Append(OneLine(state.Role)).Append(")\n\n");
        sb.Append(en
            ? Invariant($"_{open.Count} open, {addressed.Count} addressed, {suspects.Count} items under suspicion._\n")
            : Invariant($"_Открыто: {open.Count}, закрыто: {addressed.Count}, записей под подозрением: {suspects.Count}._\n"));
        if (open.Count > 0)
        {
            sb.Append('\n').Append(en ? "## Open" : "## Открыто").Append("\n\n");
            foreach (var e in open) sb.Append("- ").Append(OneLine(e.Text)).Append(Asked(e, en)).Append('\n');
        }
        if (suspects.Count > 0)
        {
            sb.Append('\n').Append("## ").Append(RenderLabels.For(lang).Suspect).Append("\n\n");
            foreach (var i in suspects)
                sb.Append("- ").Append(OneLine(i.Text)).Append(' ').Append(MarkdownRenderer.SuspectNote(i, lang))
                    .Append(" · `kos item retract ").Append(state.Slug).Append(' ').Append(i.Id).Append(" --reason \"…\"`\n");
        }
        if (addressed.Count > 0)
        {
            sb.Append('\n').Append(en ? "## Addressed" : "## Закрыто").Append("\n\n");
            foreach (var e in addressed)
                sb.Append("- ").Append(OneLine(e.Text)).Append(Asked(e, en)).Append(" → ").Append(Code(e.AddressedBy!)).Append('\n');
        }
        return sb.ToString();
    }

    private static string Asked(Improvement e, bool en) =>
        Invariant($" ({(en ? "asked by" : "задача")} {Code(e.TaskId)}, {e.At.UtcDateTime:yyyy-MM-dd})");

    private static string Code(string text) => "`" + OneLine(text).Replace('`', '\'') + "`";

    private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
