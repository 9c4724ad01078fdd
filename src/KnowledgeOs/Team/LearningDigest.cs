using System.Globalization;
using System.Text;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Team;

/// <summary>What one expert learned in a window.</summary>
/// <param name="Slug">Expert.</param>
/// <param name="Name">Display name.</param>
/// <param name="Tasks">Tasks completed in the window: title and outcome.</param>
/// <param name="NewItems">New items in the window: section code and text.</param>
/// <param name="Confirmed">Items confirmed in the window: section code, text and how many times.</param>
/// <param name="Levels">Level changes recorded for the window.</param>
public sealed record ExpertDigest(
    string Slug, string Name,
    IReadOnlyList<(string Title, Outcome Outcome)> Tasks,
    IReadOnlyList<(string Section, string Text)> NewItems,
    IReadOnlyList<(string Section, string Text, int Times)> Confirmed,
    IReadOnlyList<string> Levels)
{
    /// <summary>The level changes as recorded, for the Markdown to word in its language (<see cref="Levels"/> keeps the stored line for the JSON).</summary>
    public IReadOnlyList<LevelMark> LevelMarks { get; init; } = [];
}

/// <summary>
/// The daily digest: what each expert learned in a window (the last 24 h of a daily run). The times compared with
/// the window are those of the states given: <see cref="Application.LearningReports.DigestAsync"/> gives states whose
/// times are recording times (docs/TIME.md), so a late report is in the digest of the day it was learned. Pure.
/// </summary>
/// <param name="Team">Team slug.</param>
/// <param name="From">Start of the window (exclusive).</param>
/// <param name="To">End of the window (inclusive).</param>
/// <param name="Experts">Experts with anything in the window, by slug.</param>
public sealed record LearningDigest(string Team, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<ExpertDigest> Experts)
{
    /// <summary>Builds the digest of a window.</summary>
    public static LearningDigest Build(string team, IReadOnlyList<ExpertState> experts, DateTimeOffset from, DateTimeOffset to)
    {
        bool In(DateTimeOffset at) => at > from && at <= to;
        var list = new List<ExpertDigest>();
        foreach (var e in experts.OrderBy(e => e.Slug, StringComparer.Ordinal))
        {
            var tasks = e.Tasks.Where(t => In(t.At)).OrderBy(t => t.At).Select(t => (t.Title, t.Outcome)).ToList();
            var items = e.Items.Values.Where(i => i.IsActive && i.Section != SectionKind.Responsibility).ToList();
            var created = items.Where(i => In(i.FirstAt)).OrderBy(i => i.Order).Select(i => (i.Section.Code(), i.Text)).ToList();
            var confirmed = items.Select(i => (Item: i, Times: i.Confirmations.Count(c => In(c.At))))
                .Where(x => x.Times > 0).OrderByDescending(x => x.Times).ThenBy(x => x.Item.Order)
                .Select(x => (x.Item.Section.Code(), x.Item.Text, x.Times)).ToList();
            var marks = e.Levels.Where(l => In(l.At)).ToList();
            var levels = marks.Select(l => $"{Previous(l)} → {l.Reason}").ToList();
            if (tasks.Count + created.Count + confirmed.Count + levels.Count > 0)
                list.Add(new ExpertDigest(e.Slug, e.DisplayName, tasks, created, confirmed, levels) { LevelMarks = marks });
        }
        return new LearningDigest(team, from, to, list);
    }

    /// <summary>The digest as Markdown, every fixed word from <see cref="RenderLabels"/> in <paramref name="language"/>.</summary>
    public string ToMarkdown(RenderLanguage language)
    {
        var l = RenderLabels.For(language);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# {l.DigestTitle}: {Team}, {Stamp(From)} → {Stamp(To)} UTC\n\n");
        if (Experts.Count == 0)
        {
            sb.Append(l.DigestEmpty).Append('\n');
            return sb.ToString();
        }
        foreach (var e in Experts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"## {e.Name} (`{e.Slug}`)\n\n");
            foreach (var (title, outcome) in e.Tasks) sb.Append(CultureInfo.InvariantCulture, $"- {l.DigestTask}: {title} — {l.OutcomeText(outcome)}\n");
            foreach (var (section, text) in e.NewItems) sb.Append(CultureInfo.InvariantCulture, $"- {l.DigestNew} ({Section(section, l)}): {text}\n");
            foreach (var (section, text, times) in e.Confirmed) sb.Append(CultureInfo.InvariantCulture, $"- {l.DigestConfirmed} ({Section(section, l)}) ×{times}: {text}\n");
            foreach (var mark in e.LevelMarks)
            {
                // The stored reason is read back into numbers so the catalog can word it; one in another form is shown as stored.
                var line = LevelEvidence.FromStored(mark.Level, mark.Reason) is { } evidence ? l.LevelLine(evidence) : mark.Reason;
                sb.Append(CultureInfo.InvariantCulture, $"- {l.DigestLevel}: {Previous(mark)} → {line}\n");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Previous(LevelMark l) => ExpertiseLevel.Stars(l.Previous == 0 ? l.Level : l.Previous);

    private static string Section(string code, RenderLabels l) => SectionCatalog.TryParse(code, out var kind) ? l.SectionName(kind) : code;

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
