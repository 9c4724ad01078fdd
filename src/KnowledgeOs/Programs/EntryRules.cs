using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Programs;

/// <summary>
/// The terms an entry of a program names, for matching it against knowledge with the project's own text analysis
/// (<see cref="TextAnalyzer"/>): the words of learning itself («изучение», «понимание», "study") say nothing about
/// what is learned, so they are left out.
/// </summary>
public static class EntryTerms
{
    private static readonly HashSet<string> Activity = new(
        TextAnalyzer.Terms("изучение изучить изучать понимание понять освоение освоить создание создать разработка "
            + "применение применять использование использовать работа работать проверка знание знания основы "
            + "study learn learning understand understanding use using apply create build work knowledge basics"),
        StringComparer.Ordinal);

    /// <summary>The distinct content terms of a text.</summary>
    public static IReadOnlyList<string> Of(string? text) =>
        [.. TextAnalyzer.DistinctTerms(text).Where(t => !Activity.Contains(t) && t.Length > 1)];

    /// <summary>
    /// True when an item's text holds every term of a short entry (up to three terms) and all but a third of a longer
    /// one: «Валидация расчетов комиссий» is not «Валидация финансовых расчётов».
    /// </summary>
    public static bool Covers(IReadOnlyList<string> entry, string itemText)
    {
        if (entry.Count == 0) return false;
        var have = TextAnalyzer.DistinctTerms(itemText).ToHashSet(StringComparer.Ordinal);
        var hits = entry.Count(have.Contains);
        return hits >= entry.Count - (entry.Count >= 4 ? entry.Count / 3 : 0);
    }

    /// <summary>The task id behind a source (<c>task:T-1</c>, <c>retro:T-1</c>), or null for an import, a feed or a person.</summary>
    public static string? TaskOf(string source) =>
        source.StartsWith("task:", StringComparison.Ordinal) ? source[5..]
        : source.StartsWith("retro:", StringComparison.Ordinal) ? source[6..]
        : null;
}

/// <summary>
/// <c>knowledge:&lt;text&gt;</c>: the knowledge an entry names is in the knowledge base — an active <c>known</c>,
/// <c>learned</c> or <c>problem</c> item holding at least two thirds of the entry's content terms
/// (<see cref="EntryTerms"/>). The compiled rule of a stage item or an article of an imported program.
/// </summary>
/// <param name="Name">The entry as written.</param>
public sealed record KnowledgeNamed(string Name) : EvidenceRule
{
    /// <inheritdoc/>
    public override EvidenceResult Evaluate(EvidenceContext context)
    {
        var terms = EntryTerms.Of(Name);
        var s = context.State;
        var match = s.Active(SectionKind.Known).Concat(s.Active(SectionKind.Learned)).Concat(s.Active(SectionKind.Problem))
            .Where(i => EntryTerms.Covers(terms, i.Text + " " + string.Join(" ", i.Solutions)))
            .OrderByDescending(i => i.AllSources.Any(x => EntryTerms.TaskOf(x) is not null))
            .ThenByDescending(i => i.Confirmations.Count)
            .ThenBy(i => i.Order)
            .FirstOrDefault();
        if (match is null)
        {
            return EvidenceResult.Open(
                new($"в знаниях нет записи о {Quote(Name)}", $"no knowledge item about {Quote(Name)}"),
                new("записать это знание (новое знание в отчёте о задаче или запись вручную)",
                    "record this knowledge (newKnowledge in a task report, or kos item add <slug> learned …)"));
        }
        var task = match.AllSources.Select(EntryTerms.TaskOf).FirstOrDefault(t => t is not null);
        return EvidenceResult.Held(
            new($"знание {Quote(match.Text)} ({match.Source})", $"knowledge {Quote(match.Text)} ({match.Source})"),
            match.Id, task);
    }
}

/// <summary>
/// <c>practice_applied:&lt;text&gt;</c>: a practice naming the text (<c>practice</c>, <c>expert_practice</c> or
/// <c>best_practice</c>) was recorded or confirmed by a successful task. An imported practice alone is a claim.
/// </summary>
/// <param name="Name">The practice as written.</param>
public sealed record PracticeApplied(string Name) : EvidenceRule
{
    /// <inheritdoc/>
    public override EvidenceResult Evaluate(EvidenceContext context)
    {
        var terms = EntryTerms.Of(Name);
        var s = context.State;
        var successful = s.Tasks.Where(t => t.Outcome == Outcome.Success).Select(t => t.TaskId).ToHashSet(StringComparer.Ordinal);
        var practices = s.Active(SectionKind.Practice).Concat(s.Active(SectionKind.ExpertPractice)).Concat(s.Active(SectionKind.BestPractice))
            .Where(i => EntryTerms.Covers(terms, i.Text)).ToList();
        foreach (var p in practices)
        {
            var task = p.AllSources.Select(EntryTerms.TaskOf).FirstOrDefault(t => t is not null && successful.Contains(t));
            if (task is not null)
            {
                return EvidenceResult.Held(
                    new($"практика {Quote(p.Text)} применена в успешной задаче {task}", $"practice {Quote(p.Text)} applied in successful task {task}"),
                    p.Id, task);
            }
        }
        var soFar = practices.Count == 0
            ? new Localized($"практика {Quote(Name)} не записана", $"no practice {Quote(Name)} recorded")
            : new Localized($"практика {Quote(practices[0].Text)} есть ({practices[0].Source}), но ни одна успешная задача её не подтвердила",
                $"practice {Quote(practices[0].Text)} is recorded ({practices[0].Source}) but no successful task confirmed it");
        return EvidenceResult.Open(soFar,
            new("успешная задача, применившая практику (practicesApplied в отчёте о задаче)",
                "a successful task that applied it (practicesApplied in a task report)"),
            practices.FirstOrDefault()?.Id);
    }
}

/// <summary>
/// <c>manual:</c>: an entry no evidence in the knowledge base or the task log can prove (a goal such as «Способность
/// обучать других», a course with no record of it); it stays open and says so — it needs a person's confirmation.
/// </summary>
public sealed record NoRule : EvidenceRule
{
    /// <summary>The rule text of an entry without one.</summary>
    public const string Code = "manual:";

    /// <summary>What an entry without a rule shows as its evidence.</summary>
    public static readonly Localized ManualEvidence = new("нет правила доказательства — нужно подтверждение человека", "no evidence rule — needs a person's confirmation");

    /// <inheritdoc/>
    public override EvidenceResult Evaluate(EvidenceContext context) => EvidenceResult.Open(
        ManualEvidence, new("подтверждение человека", "a person's confirmation"));
}
