using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Metrics;

/// <summary>Metrics of one expert, every number computed from recorded evidence.</summary>
/// <param name="TasksCompleted">Tasks the expert took part in.</param>
/// <param name="Successful">Of those, with outcome success.</param>
/// <param name="ErrorsFixed">Sum of errors fixed over all tasks; a long, so no stored log (whatever older versions let in) can overflow it.</param>
/// <param name="KnowledgeGained">Active items in known and learned.</param>
/// <param name="KnowledgeConfirmed">Known items (promoted or imported as known).</param>
/// <param name="ProblemsSolved">Active problems with at least one solution.</param>
/// <param name="Publications">Active publication items.</param>
/// <param name="Mentees">Active mentorship items.</param>
/// <param name="Innovations">Active innovation and research items.</param>
/// <param name="Level">Expertise level, 1–5.</param>
/// <param name="LevelReason">One line: the stars and the evidence behind them.</param>
/// <param name="KnowledgeReconfirmed">Active known and learned items confirmed at least once after they were first recorded
/// (the «Знаний подтверждено» line): an item only imported is not confirmed.</param>
public sealed record ExpertMetrics(
    int TasksCompleted,
    int Successful,
    long ErrorsFixed,
    int KnowledgeGained,
    int KnowledgeConfirmed,
    int ProblemsSolved,
    int Publications,
    int Mentees,
    int Innovations,
    int Level,
    string LevelReason,
    int KnowledgeReconfirmed = 0)
{
    /// <summary>Tasks whose report stated no outcome: counted neither as successes nor as failures.</summary>
    public int OutcomeUnknown { get; init; }

    /// <summary>Share of successful tasks among those with a known outcome, 0–100, or null before the first such task.</summary>
    public int? SuccessRate => TasksCompleted - OutcomeUnknown <= 0 ? null
        : (int)Math.Round(100.0 * Successful / (TasksCompleted - OutcomeUnknown), MidpointRounding.AwayFromZero);

    /// <summary>The numbers behind the level, for documents to word in their language (<c>RenderLabels.LevelLine</c>).</summary>
    public LevelEvidence Evidence => new(Level, TasksCompleted - OutcomeUnknown, SuccessRate ?? 0, ProblemsSolved);

    /// <summary>Computes the metrics of a knowledge base.</summary>
    public static ExpertMetrics Of(ExpertState s)
    {
        int Count(params SectionKind[] kinds) => s.Items.Values.Count(i => i.IsActive && kinds.Contains(i.Section));
        var tasks = s.Tasks.Count;
        var successful = s.Tasks.Count(t => t.Outcome == Outcome.Success);
        var problemsSolved = s.Items.Values.Count(i => i.IsActive && i.Section == SectionKind.Problem && i.Solutions.Count > 0);
        var known = Count(SectionKind.Known);
        var publications = Count(SectionKind.Publication);
        var mentees = Count(SectionKind.Mentorship);
        var unknown = s.Tasks.Count(t => t.Outcome == Outcome.Unknown);
        // The rate behind the level is over tasks with a known outcome, so an unstated one neither helps nor hurts.
        var (level, reason) = ExpertiseLevel.Compute(tasks - unknown, successful, problemsSolved, known, publications, mentees);
        return new ExpertMetrics(tasks, successful, s.Tasks.Sum(t => (long)t.ErrorsFixed), Count(SectionKind.Known, SectionKind.Learned),
            known, problemsSolved, publications, mentees, Count(SectionKind.Innovation, SectionKind.Research), level, reason,
            s.Items.Values.Count(i => i.IsActive && i.Section is SectionKind.Known or SectionKind.Learned && i.Confirmations.Count > 0))
        {
            OutcomeUnknown = unknown,
        };
    }
}

/// <summary>
/// The expertise level formula. A level is reached when every threshold of its row holds:
/// <code>
/// level  successful tasks  success rate  problems solved  known items  publications+mentorship
///   1          —                —              —               —               —
///   2          3               50%             —               —               —
///   3         10               70%             3               5               —
///   4         25               80%            10              15               1
///   5         50               85%            20              30               3
/// </code>
/// </summary>
public static class ExpertiseLevel
{
    private static readonly (int Level, int Successful, int Rate, int Problems, int Known, int Shared)[] Rows =
    [
        (5, 50, 85, 20, 30, 3),
        (4, 25, 80, 10, 15, 1),
        (3, 10, 70, 3, 5, 0),
        (2, 3, 50, 0, 0, 0),
    ];

    /// <summary>The level and its stored reason, e.g. <c>★★★☆☆ — 14 tasks, 86% successful, 6 problems solved</c> (<see cref="LevelEvidence.Stored"/>).</summary>
    public static (int Level, string Reason) Compute(int tasks, int successful, int problemsSolved, int known, int publications, int mentees)
    {
        var evidence = Evidence(tasks, successful, problemsSolved, known, publications, mentees);
        return (evidence.Level, evidence.Stored);
    }

    /// <summary>The level and the numbers behind it; documents word them (<c>RenderLabels.LevelLine</c>).</summary>
    public static LevelEvidence Evidence(int tasks, int successful, int problemsSolved, int known, int publications, int mentees)
    {
        var rate = tasks == 0 ? 0 : (int)Math.Round(100.0 * successful / tasks, MidpointRounding.AwayFromZero);
        var level = 1;
        foreach (var row in Rows)
        {
            if (successful >= row.Successful && rate >= row.Rate && problemsSolved >= row.Problems && known >= row.Known
                && publications + mentees >= row.Shared)
            {
                level = row.Level;
                break;
            }
        }
        return new LevelEvidence(level, tasks, rate, problemsSolved);
    }

    /// <summary>
    /// What the next level needs that the evidence does not yet show, as numbers (e.g. 3 more successful tasks, a
    /// success rate of 80% against 78% now); empty at level 5. The catalog words them (<c>DashboardLabels.LevelNeed</c>).
    /// </summary>
    public static IReadOnlyList<LevelNeed> NextLevelNeeds(ExpertMetrics m)
    {
        if (m.Level >= 5) return [];
        var row = Rows.Single(r => r.Level == m.Level + 1);
        var needs = new List<LevelNeed>();
        if (m.Successful < row.Successful) needs.Add(new(LevelNeedKind.SuccessfulTasks, row.Successful - m.Successful));
        if ((m.SuccessRate ?? 0) < row.Rate) needs.Add(new(LevelNeedKind.SuccessRate, row.Rate, m.SuccessRate ?? 0));
        if (m.ProblemsSolved < row.Problems) needs.Add(new(LevelNeedKind.ProblemsSolved, row.Problems - m.ProblemsSolved));
        if (m.KnowledgeConfirmed < row.Known) needs.Add(new(LevelNeedKind.KnownItems, row.Known - m.KnowledgeConfirmed));
        if (m.Publications + m.Mentees < row.Shared) needs.Add(new(LevelNeedKind.SharedEntries, row.Shared - m.Publications - m.Mentees));
        return needs;
    }

    /// <summary>Five stars, filled up to the level.</summary>
    public static string Stars(int level) => new string('★', level) + new string('☆', 5 - level);
}

/// <summary>What a level need counts.</summary>
public enum LevelNeedKind
{
    /// <summary>More successful tasks.</summary>
    SuccessfulTasks,
    /// <summary>A success rate (percent) to reach.</summary>
    SuccessRate,
    /// <summary>More problems solved.</summary>
    ProblemsSolved,
    /// <summary>More confirmed known items.</summary>
    KnownItems,
    /// <summary>More publication or mentorship entries.</summary>
    SharedEntries,
}

/// <summary>One thing the next level lacks: <paramref name="Count"/> more of <paramref name="Kind"/>, or for
/// <see cref="LevelNeedKind.SuccessRate"/> the rate to reach with <paramref name="Now"/> the current one.</summary>
/// <param name="Kind">What is counted.</param>
/// <param name="Count">How many more, or the rate to reach.</param>
/// <param name="Now">The current rate (<see cref="LevelNeedKind.SuccessRate"/> only).</param>
public sealed record LevelNeed(LevelNeedKind Kind, int Count, int Now = 0);
