using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Team;

/// <summary>Items one expert gained in the window.</summary>
/// <param name="Slug">Expert.</param>
/// <param name="Name">Display name.</param>
/// <param name="Items">New items.</param>
public sealed record GainRow(string Slug, string Name, int Items);

/// <summary>A practice as the team holds it: how many experts have it and how often it was evidenced.</summary>
/// <param name="Text">The practice as first written.</param>
/// <param name="Experts">Experts who hold it.</param>
/// <param name="Evidence">Pieces of evidence over all of them (first record and each confirmation).</param>
/// <param name="Who">Their slugs.</param>
public sealed record PracticeRow(string Text, int Experts, int Evidence, IReadOnlyList<string> Who);

/// <summary>A row of the skill matrix.</summary>
/// <param name="Slug">Expert.</param>
/// <param name="Name">Display name.</param>
/// <param name="Scores">Evidence per topic, in <see cref="SkillMatrix.Topics"/> order.</param>
/// <param name="Declared">Whether the topic is one of the expert's own tags, per topic.</param>
public sealed record SkillRow(string Slug, string Name, IReadOnlyList<int> Scores, IReadOnlyList<bool> Declared);

/// <summary>Who knows what: experts × the team's top topics, each cell the evidence count.</summary>
/// <param name="Topics">Topics, most evidenced first.</param>
/// <param name="Rows">One row per expert.</param>
public sealed record SkillMatrix(IReadOnlyList<string> Topics, IReadOnlyList<SkillRow> Rows);

/// <summary>
/// A team at a glance (docs/TEAM.md has every definition): members, active, with a knowledge base, coverage,
/// knowledge gained in the last 7 days, the practices most confirmed across the team, the skill matrix and the
/// progress ranking. Pure: built from states and a time.
/// </summary>
/// <param name="Team">Team slug.</param>
/// <param name="AsOf">The time it describes.</param>
/// <param name="Members">Experts in the team (any status).</param>
/// <param name="Active">Experts with status active.</param>
/// <param name="WithKnowledgeBase">Experts with at least one active item.</param>
/// <param name="CoveragePercent">Share of the core sections filled, over active experts, 0–100.</param>
/// <param name="GainedThisWeek">New items in the 7 days up to <see cref="AsOf"/>, per expert with any.</param>
/// <param name="TopPractices">Practices most evidenced across the team.</param>
/// <param name="Matrix">The skill matrix.</param>
/// <param name="Ranking">The progress ranking.</param>
public sealed record TeamOverview(
    string Team, DateTimeOffset AsOf, int Members, int Active, int WithKnowledgeBase, int CoveragePercent,
    IReadOnlyList<GainRow> GainedThisWeek, IReadOnlyList<PracticeRow> TopPractices, SkillMatrix Matrix, ProgressRanking Ranking)
{
    /// <summary>The sections every working expert is expected to fill; coverage is measured over them.</summary>
    public static readonly IReadOnlyList<SectionKind> CoreSections =
        [SectionKind.Book, SectionKind.Practice, SectionKind.Known, SectionKind.Problem, SectionKind.BestPractice, SectionKind.Case];

    /// <summary>Sections whose items are practices for the team's practice list.</summary>
    public static readonly IReadOnlyList<SectionKind> PracticeSections = [SectionKind.Practice, SectionKind.ExpertPractice, SectionKind.BestPractice];

    /// <summary>New items in the week, over the team.</summary>
    public int GainedTotal => GainedThisWeek.Sum(g => g.Items);

    /// <summary>Builds the overview.</summary>
    public static TeamOverview Build(string team, IReadOnlyList<ExpertState> experts, ProgressRanking ranking, DateTimeOffset asOf,
        int topPractices = 10, int topTopics = 8)
    {
        var active = experts.Where(e => e.Status == ExpertStatus.Active).ToList();
        var withKb = experts.Count(e => e.Items.Values.Any(i => i.IsActive && i.Section != SectionKind.Responsibility));
        var cells = active.Count * CoreSections.Count;
        var filled = active.Sum(e => CoreSections.Count(k => e.Active(k).Any()));
        var coverage = cells == 0 ? 0 : filled * 100 / cells;
        var weekStart = asOf.AddDays(-7);
        var gained = experts
            .Select(e => new GainRow(e.Slug, e.DisplayName, e.Items.Values.Count(i => i.IsActive && i.FirstAt > weekStart && i.FirstAt <= asOf && i.Section != SectionKind.Responsibility)))
            .Where(g => g.Items > 0)
            .OrderByDescending(g => g.Items).ThenBy(g => g.Slug, StringComparer.Ordinal)
            .ToList();
        return new TeamOverview(team, asOf, experts.Count, active.Count, withKb, coverage, gained,
            Practices(experts, topPractices), Skills(experts, topTopics), ranking);
    }

    private static List<PracticeRow> Practices(IReadOnlyList<ExpertState> experts, int top) =>
        experts
            .SelectMany(e => PracticeSections.SelectMany(e.Active).Select(i => (Expert: e.Slug, Item: i)))
            .GroupBy(x => TextKey.Of(x.Item.Text))
            .Select(g => new PracticeRow(
                g.OrderBy(x => x.Item.FirstAt).First().Item.Text,
                g.Select(x => x.Expert).Distinct().Count(),
                g.Sum(x => 1 + x.Item.Confirmations.Count),
                [.. g.Select(x => x.Expert).Distinct().Order(StringComparer.Ordinal)]))
            .OrderByDescending(p => p.Evidence).ThenByDescending(p => p.Experts).ThenBy(p => TextKey.Of(p.Text), StringComparer.Ordinal)
            .Take(top)
            .ToList();

    /// <summary>
    /// Topics are the experts' tags and the categories of their best practices; a cell counts the active items that
    /// mention the topic (text or fields) and the tasks whose title does. The top topics by total evidence are kept.
    /// </summary>
    private static SkillMatrix Skills(IReadOnlyList<ExpertState> experts, int top)
    {
        var candidates = experts.SelectMany(e => e.Tags)
            .Concat(experts.SelectMany(e => e.Active(SectionKind.BestPractice).Select(i => i.Field(ItemFields.Category))))
            .Select(t => t.Trim()).Where(t => TopicKey(t).Length >= 2)
            .GroupBy(TopicKey).Select(g => g.First())
            .ToList();
        var members = experts.Where(e => e.Status != ExpertStatus.Retired).OrderBy(e => e.Slug, StringComparer.Ordinal).ToList();
        var scored = candidates
            .Select(t => (Topic: t, Scores: members.Select(e => Score(e, TopicKey(t))).ToList()))
            .Select(x => (x.Topic, x.Scores, Total: x.Scores.Sum(), Holders: x.Scores.Count(s => s > 0) + members.Count(e => Declares(e, x.Topic))))
            .Where(x => x.Holders > 0)
            .OrderByDescending(x => x.Total).ThenByDescending(x => x.Holders).ThenBy(x => x.Topic, StringComparer.Ordinal)
            .Take(top)
            .ToList();
        var rows = members.Select((e, i) => new SkillRow(e.Slug, e.DisplayName,
            [.. scored.Select(s => s.Scores[i])], [.. scored.Select(s => Declares(e, s.Topic))])).ToList();
        return new SkillMatrix([.. scored.Select(s => s.Topic)], rows);
    }

    private static bool Declares(ExpertState e, string topic) => e.Tags.Any(t => TopicKey(t) == TopicKey(topic));

    private static int Score(ExpertState e, string key) =>
        e.Items.Values.Count(i => i.IsActive && i.Section != SectionKind.Responsibility
            && (Mentions(i.Text, key) || i.Fields.Values.Any(v => Mentions(v, key))))
        + e.Tasks.Count(t => t.Outcome != Outcome.Failure && Mentions(t.Title, key));

    private static bool Mentions(string text, string key)
    {
        var t = " " + TopicKey(text) + " ";
        return t.Contains(" " + key + " ", StringComparison.Ordinal) || (key.Length >= 5 && t.Contains(" " + key, StringComparison.Ordinal));
    }

    private static string TopicKey(string text)
    {
        var key = TextKey.Of(text);
        Span<char> separators = ['-', '/', '_', '.', ',', '(', ')', ':', ';', '«', '»', '"'];
        var chars = key.ToCharArray();
        for (var i = 0; i < chars.Length; i++) if (separators.Contains(chars[i])) chars[i] = ' ';
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
