using KnowledgeOs.Events;

namespace KnowledgeOs.Programs;

/// <summary>
/// Turns the program an expert brought (<see cref="StoredProgram"/>, as its import stored it) into their own program: goals,
/// materials, stages and checklists kept as written, each entry given the evidence rule that applies to it —
/// a book: the book is in the studied materials; a tool: the tool is recorded; a practice: a successful task
/// applied it; an article or a stage item: the knowledge it names is recorded (<see cref="KnowledgeNamed"/>);
/// a certification: it is recorded. An entry no rule can prove (a course, a success criterion, a stage item that
/// names nothing to match) gets <see cref="NoRule"/>: shown as needing a person's confirmation. Pure.
/// </summary>
public static class ProgramCompiler
{
    /// <summary>The expert's own program.</summary>
    public static ProgramTemplate Compile(StoredProgram doc)
    {
        var materials = doc.Materials.Select(Material)
            .Concat(doc.Certifications.Select(c => new MaterialEntry("certification", c.Text, new ItemNamed(NamedKind.Certification, c.Text) { Text = "certification:" + c.Text })))
            .ToList();
        var stages = new List<ProgramStage>();
        foreach (var s in doc.Stages)
        {
            var tier = TierOf(s);
            var (from, to) = (s.FromWeek ?? DefaultWeeks(tier).From, s.ToWeek ?? s.FromWeek ?? DefaultWeeks(tier).To);
            stages.Add(new ProgramStage(from, to, tier, s.Name.Length > 0 ? s.Name : s.Title,
                [.. s.Items.Select(i => new ChecklistItem(i.Text, Knowledge(i.Text)))], s.Title));
        }
        return new ProgramTemplate(
            Id: "own",
            Role: doc.Role,
            Aliases: [],
            Level: doc.Level ?? "",
            Goals: [.. doc.Goals.Select(g => new GoalGroup(g.Title, g.Points))],
            Books: [.. doc.Materials.Where(m => m.Kind == "book").Select(BookText)],
            Practices: [.. doc.Materials.Where(m => m.Kind == "practice").Select(m => m.Title)],
            Stages: stages,
            SuccessCriteria: [.. doc.SuccessCriteria.Select(c => new SuccessCriterion(c, new NoRule { Text = NoRule.Code }))],
            Materials: materials,
            ImportedFrom: doc.FileName);
    }

    private static MaterialEntry Material(StoredProgramMaterial m) => m.Kind switch
    {
        "book" => new(m.Kind, BookText(m), new ItemNamed(NamedKind.Book, m.Title) { Text = "book:" + m.Title }),
        "tool" => new(m.Kind, m.Title, new ItemNamed(NamedKind.Tool, m.Title) { Text = "tool:" + m.Title }),
        "practice" => new(m.Kind, m.Title, EntryTerms.Of(m.Title).Count > 0
            ? new PracticeApplied(m.Title) { Text = "practice_applied:" + m.Title }
            : new NoRule { Text = NoRule.Code }),
        "article" => new(m.Kind, m.Title, Knowledge(m.Title)),
        _ => new(m.Kind, m.Title, new NoRule { Text = NoRule.Code }),
    };

    private static string BookText(StoredProgramMaterial m) => m.Author is { Length: > 0 } a ? $"{m.Title} - {a}" : m.Title;

    /// <summary>A knowledge rule for an entry that names at least two things to look for; otherwise none applies.</summary>
    private static EvidenceRule Knowledge(string text) =>
        EntryTerms.Of(text).Count >= 2 ? new KnowledgeNamed(text) { Text = "knowledge:" + text } : new NoRule { Text = NoRule.Code };

    private static ProgramTier TierOf(StoredProgramStage s)
    {
        if ((s.ToWeek ?? s.FromWeek) is { } week)
            return week <= 2 ? ProgramTier.Basics : week <= 4 ? ProgramTier.Deepening : week <= 6 ? ProgramTier.Mastery : week <= 12 ? ProgramTier.Expert : ProgramTier.Maximum;
        var level = s.Level.ToUpperInvariant();
        return level.Contains("МАКСИМ", StringComparison.Ordinal) || level.Contains("MAXIM", StringComparison.Ordinal) ? ProgramTier.Maximum
            : level.Contains("ЭКСПЕРТ", StringComparison.Ordinal) || level.Contains("EXPERT", StringComparison.Ordinal) ? ProgramTier.Expert
            : ProgramTier.Mastery;
    }

    private static (int From, int To) DefaultWeeks(ProgramTier tier) => tier switch
    {
        ProgramTier.Basics => (1, 2),
        ProgramTier.Deepening => (3, 4),
        ProgramTier.Mastery => (5, 6),
        ProgramTier.Expert => (7, 12),
        _ => (13, 24),
    };
}
