using System.Globalization;
using System.Text;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// Writes a context pack as Markdown in Russian or English, with the section headings of the knowledge base
/// (<see cref="SectionCatalog"/>, <see cref="RenderLabels"/>). Each item is one line ending in its id, first source
/// (with <c>+N</c> later confirmations) and the date it was last evidenced. Deterministic: no clock, invariant culture.
/// </summary>
public static class ContextPackMarkdown
{
    /// <summary>Longest item content shown on a line; the JSON keeps the whole text.</summary>
    public const int MaxItemChars = 600;

    /// <summary>Renders a pack: participants with their chosen items, grouped by section in catalogue order, best first within a section (with each participant's routing reason, worded in the pack's language, unless <paramref name="withWhy"/> is false).</summary>
    public static string Render(string title, IReadOnlyList<string> words, int budget, RenderLanguage lang, IReadOnlyList<AnalyzedExpert> participants,
        IReadOnlyList<RoutedExpert> routed, IReadOnlyList<IReadOnlyList<ItemMatch>> chosen, IReadOnlyList<int> matchingPerExpert, bool withWhy = true, string? unit = null,
        IReadOnlyList<PackPastTasks>? past = null)
    {
        var sb = new StringBuilder(budget);
        Render(sb, title, words, budget, lang, participants, routed, chosen, matchingPerExpert, new ContextPackLines(lang), withWhy, unit, past);
        return sb.ToString();
    }

    /// <summary>
    /// As the public overload, written into <paramref name="sb"/> (cleared first), with the lines and reasons of earlier
    /// drafts of the same pack taken from <paramref name="lines"/>: a pack measured in characters is drafted again and
    /// again into one builder and only its length read.
    /// </summary>
    internal static void Render(StringBuilder sb, string title, IReadOnlyList<string> words, int budget, RenderLanguage lang, IReadOnlyList<AnalyzedExpert> participants,
        IReadOnlyList<RoutedExpert> routed, IReadOnlyList<IReadOnlyList<ItemMatch>> chosen, IReadOnlyList<int> matchingPerExpert, ContextPackLines lines,
        bool withWhy = true, string? unit = null, IReadOnlyList<PackPastTasks>? past = null)
    {
        PackPastTasks Past(int e) => past is not null && e < past.Count ? past[e] : PackPastTasks.None;
        var en = lang == RenderLanguage.En;
        var included = chosen.Sum(c => c.Count);
        var matching = matchingPerExpert.Sum();
        sb.Clear();
        sb.Append(en ? "# 🧭 Context for the task: " : "# 🧭 Контекст для задачи: ").Append(OneLine(title, 120)).Append("\n\n");
        var shownWords = OneLine(string.Join(", ", words.Take(12)) + (words.Count > 12 ? ", …" : ""), 200);
        sb.Append(en
            ? Invariant($"_{included} of {matching} matching items from {participants.Count} experts · words: {shownWords} · budget {budget} {unit ?? "characters"}_")
            : Invariant($"_{included} из {matching} подходящих записей, экспертов: {participants.Count} · слова: {shownWords} · бюджет {budget} {unit ?? "символов"}_"));
        sb.Append('\n');
        if (participants.Count == 0 || (matching == 0 && Enumerable.Range(0, participants.Count).All(e => Past(e).IsEmpty)))
        {
            sb.Append('\n').Append(en ? "_Nothing in the team's knowledge bases matches the task's words._" : "_В базах знаний команды нет записей со словами задачи._").Append('\n');
            return;
        }
        for (var e = 0; e < participants.Count; e++)
        {
            var state = participants[e].State;
            sb.Append('\n').Append("## ").Append(OneLine(state.DisplayName, 80)).Append(" (").Append(OneLine(state.Role, 80)).Append(") · `")
                .Append(state.Slug).Append("`\n");
            // The routing's reason in the pack's words (CliLabels.RouteWhy: the English line as it is, the Russian worded from its numbers).
            if (withWhy && routed.FirstOrDefault(r => r.Expert == state.Slug) is { } why) sb.Append('_').Append(lines.Why(why)).Append("_\n");
            if (chosen[e].Count == 0)
            {
                // Routing may pick an expert for the role alone; say whether there was nothing or it did not fit.
                var none = matchingPerExpert[e] == 0
                    ? (en ? "_No item of this expert matches the task's words._" : "_У эксперта нет записей со словами задачи._")
                    : (en ? "_No matching item fits the budget._" : "_Подходящих записей в бюджет не вошло._");
                sb.Append('\n').Append(none).Append('\n');
            }
            foreach (var section in chosen[e].GroupBy(m => m.Section).OrderBy(g => SectionOrder(g.Key)))
            {
                sb.Append('\n').Append(Heading(section.Key, lang, state.Project)).Append('\n');
                foreach (var m in section.OrderBy(m => m, Comparer<ItemMatch>.Create(TeamCorpus.ByScore)))
                    sb.Append(lines.Line(m)).Append('\n');
            }
            PastTasks(sb, Past(e), lang);
        }
        if (matching > included)
        {
            sb.Append('\n').Append(en
                ? Invariant($"_{matching - included} more matching items did not fit the budget._")
                : Invariant($"_Ещё подходящих записей вне бюджета: {matching - included}._")).Append('\n');
        }
    }

    // After the items, a participant's matching past tasks (task:<id>, title, the matched lines) and open backlog entries.
    private static void PastTasks(StringBuilder sb, PackPastTasks past, RenderLanguage lang)
    {
        if (past.IsEmpty) return;
        var l = RenderLabels.For(lang);
        sb.Append('\n').Append("### ").Append(l.PastTasks).Append('\n');
        foreach (var t in past.Tasks)
        {
            sb.Append("- `").Append(TaskSearch.IdPrefix).Append(OneLine(t.TaskId, 120).Replace('`', '\'')).Append("` ").Append(OneLine(t.Title, 200));
            if (t.Lines.Count > 0) sb.Append(" — ").Append(OneLine(string.Join(" · ", t.Lines), MaxItemChars));
            sb.Append('\n');
        }
        foreach (var i in past.Improvements)
            sb.Append("- ").Append(l.ToImprove).Append(": ").Append(OneLine(i.Text, MaxItemChars)).Append(" · `")
                .Append(TaskSearch.IdPrefix).Append(OneLine(i.TaskId, 120).Replace('`', '\'')).Append("`\n");
    }

    /// <summary>
    /// At most how many characters adding <paramref name="m"/> to a participant adds to the pack: its line, its section
    /// heading when the participant has none of that section yet, and a digit more in the count line. An upper bound, so
    /// a pack can grow without being rendered again for every candidate.
    /// </summary>
    public static int GrowthBound(ItemMatch m, RenderLanguage lang, bool sectionPresent) => GrowthBound(m, lang, sectionPresent, new ContextPackLines(lang));

    /// <summary>As the public overload, with the item's line taken from <paramref name="lines"/>.</summary>
    internal static int GrowthBound(ItemMatch m, RenderLanguage lang, bool sectionPresent, ContextPackLines lines) =>
        lines.Line(m).Length + 1 + (sectionPresent ? 0 : 2 + Heading(m.Section, lang, m.Expert.State.Project).Length) + 2;

    /// <summary>A participant's routing reason in the pack's words (CliLabels.RouteWhy: the English line as it is, the Russian worded from its numbers), on one line.</summary>
    internal static string Why(RoutedExpert why, RenderLanguage lang) => OneLine(CliLabels.For(lang).RouteWhy(why), 300);

    private static string Heading(SectionKind section, RenderLanguage lang, string project)
    {
        var info = SectionCatalog.Get(section);
        return "### " + (RenderLabels.Sub(info, lang) ?? RenderLabels.For(lang).Group(info, lang, OneLine(project, 80)));
    }

    /// <summary>An item's one line: its content, a case's task, its provenance and marks.</summary>
    internal static string Line(ItemMatch m, RenderLanguage lang) =>
        "- " + Content(m.Item.Item, RenderLabels.For(lang)) + CaseTask(m, lang) + " · " + Provenance(m) + VectorMark(m, lang) + SuspectMark(m.Item.Item, lang);

    // An item no word of the task matched is there by meaning: the line says so, with the cosine.
    private static string VectorMark(ItemMatch m, RenderLanguage lang) =>
        m.Similarity is not { } cosine || m.Terms.Count > 0 ? ""
        : (lang == RenderLanguage.En ? " · vector " : " · по смыслу, vector ") + cosine.ToString("0.00", CultureInfo.InvariantCulture);

    // An item used in repeated failed tasks still shows (it matched), flagged so the agent weighs it.
    private static string SuspectMark(KnowledgeItem item, RenderLanguage lang) =>
        !Usefulness.IsSuspect(item) ? "" : " · " + RenderLabels.For(lang).SuspectNote(Usefulness.Failures(item));

    // A case entry brings its task's description, overall lists and measurements (Rendering.TaskEntry), on its one line.
    private static string CaseTask(ItemMatch m, RenderLanguage lang)
    {
        var item = m.Item.Item;
        if (item.Section != SectionKind.Case || item.Field(ItemFields.Task) is not { Length: > 0 } id) return "";
        var details = TaskEntry.Lines(m.Expert.State.Task(id), lang).Select(l => l.TrimStart(' ', '-').Trim()).ToList();
        return details.Count == 0 ? "" : " — " + OneLine(string.Join("; ", details), MaxItemChars);
    }

    private static string Content(KnowledgeItem item, RenderLabels l)
    {
        var text = OneLine(item.Text, MaxItemChars);
        var content = item.Section switch
        {
            SectionKind.Problem when item.Solutions.Count > 0 =>
                $"**{l.Problem}:** {text} → **{l.Solution}:** {string.Join("; ", item.Solutions.Select(s => OneLine(s, 300)))}",
            SectionKind.Problem => $"**{l.Problem}:** {text}",
            SectionKind.BestPractice => BestPractice(item, text, l),
            SectionKind.Book or SectionKind.AdvancedBook when item.Field(ItemFields.Author) is { Length: > 0 } author => $"{text} - {OneLine(author, 120)}",
            _ => text,
        };
        return OneLine(content, MaxItemChars + 200);
    }

    private static string BestPractice(KnowledgeItem item, string text, RenderLabels l)
    {
        var line = new StringBuilder("**").Append(text).Append("**");
        if (item.Field(ItemFields.Description) is { Length: > 0 } d) line.Append(" — ").Append(OneLine(d, 300));
        var meta = new List<string>();
        if (item.Field(ItemFields.Origin) is { Length: > 0 } o) meta.Add($"{l.Source}: {OneLine(o, 160)}");
        if (item.Field(ItemFields.FoundAt) is { Length: > 0 } f) meta.Add($"{l.Found}: {OneLine(f, 40)}");
        if (meta.Count > 0) line.Append(" (").Append(string.Join("; ", meta)).Append(')');
        return line.ToString();
    }

    private static string Provenance(ItemMatch m)
    {
        var item = m.Item.Item;
        var more = item.Confirmations.Count > 0 ? Invariant($" +{item.Confirmations.Count}") : "";
        return $"`{item.Id}` · {OneLine(item.Source, 160).Replace('`', '\'')}{more} · {m.Item.LastAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
    }

    private static int SectionOrder(SectionKind kind)
    {
        for (var i = 0; i < SectionCatalog.All.Count; i++)
            if (SectionCatalog.All[i].Kind == kind) return i;
        return int.MaxValue;
    }

    /// <summary>Whitespace collapsed and the text cut at <paramref name="max"/> characters with an ellipsis.</summary>
    private static string OneLine(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= max ? line : line[..(max - 1)].TrimEnd() + "…";
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
