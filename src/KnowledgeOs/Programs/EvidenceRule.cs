using KnowledgeOs.Rendering;
using System.Globalization;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Programs;

/// <summary>What a rule is evaluated against: the knowledge base, its task log and the metrics computed from both.</summary>
/// <param name="State">The knowledge base.</param>
/// <param name="Metrics">Its computed metrics.</param>
public sealed record EvidenceContext(ExpertState State, ExpertMetrics Metrics)
{
    /// <summary>The context of a knowledge base.</summary>
    public static EvidenceContext Of(ExpertState state) => new(state, ExpertMetrics.Of(state));
}

/// <summary>
/// The evidence a checklist item needs, written as a short rule in a template (<c>book:Clean Architecture</c>,
/// <c>successful_tasks:&gt;=10</c>, <c>section:mentorship:&gt;=1</c>, several joined with <c>&amp;</c>).
/// The grammar is in <c>docs/PROGRAMS.md</c>.
/// </summary>
public abstract record EvidenceRule
{
    /// <summary>Every rule name, for the message about an unknown one.</summary>
    public const string Known =
        "book:<title>, practice:<text>, practice_applied:<text>, tool:<text>, certification:<text>, knowledge:<text>, manual:, tasks:>=N, successful_tasks:>=N, success_rate:>=P, "
        + "problems_solved:>=N, known_items:>=N, task_confirmed_items:>=N, knowledge_items:>=N, confirmed_items:>=N, level:>=N, section:<code>:>=N, "
        + "and several joined with ' & '";

    /// <summary>The rule as written in the template.</summary>
    public required string Text { get; init; }

    /// <summary>Evaluates the rule. Pure.</summary>
    public abstract EvidenceResult Evaluate(EvidenceContext context);

    /// <summary>Parses a rule; an unknown or malformed one throws <see cref="FormatException"/> with the reason.</summary>
    public static EvidenceRule Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException("the evidence rule is empty; known rules: " + Known);
        var trimmed = text.Trim();
        if (trimmed == NoRule.Code) return new NoRule { Text = trimmed };
        if (trimmed.Contains('&', StringComparison.Ordinal))
        {
            var parts = trimmed.Split('&', StringSplitOptions.TrimEntries);
            if (parts.Any(p => p.Length == 0)) throw new FormatException($"'{trimmed}' has an empty part around '&'");
            return new AllOf([.. parts.Select(Parse)]) { Text = trimmed };
        }
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) throw Unknown(trimmed);
        var name = trimmed[..colon].Trim().ToLowerInvariant();
        var arg = trimmed[(colon + 1)..].Trim();
        return name switch
        {
            "book" => new ItemNamed(NamedKind.Book, RequireText(arg, trimmed)) { Text = trimmed },
            "practice" => new ItemNamed(NamedKind.Practice, RequireText(arg, trimmed)) { Text = trimmed },
            "certification" => new ItemNamed(NamedKind.Certification, RequireText(arg, trimmed)) { Text = trimmed },
            "tool" => new ItemNamed(NamedKind.Tool, RequireText(arg, trimmed)) { Text = trimmed },
            "knowledge" => new KnowledgeNamed(RequireText(arg, trimmed)) { Text = trimmed },
            "practice_applied" => new PracticeApplied(RequireText(arg, trimmed)) { Text = trimmed },
            "section" => Section(arg, trimmed),
            _ when Enum.TryParse<Counter>(name.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var counter)
                && CounterNames.Contains(name) => new AtLeast(counter, null, Minimum(arg, trimmed, counter)) { Text = trimmed },
            _ => throw Unknown(trimmed),
        };
    }

    private static readonly HashSet<string> CounterNames =
        ["tasks", "successful_tasks", "success_rate", "problems_solved", "known_items", "task_confirmed_items", "knowledge_items", "confirmed_items", "level"];

    private static EvidenceRule Section(string arg, string text)
    {
        var cut = arg.LastIndexOf(':');
        if (cut <= 0) throw new FormatException($"'{text}' needs a section code and a minimum, e.g. section:mentorship:>=1");
        var code = arg[..cut].Trim();
        if (!SectionCatalog.TryParse(code, out var kind))
            throw new FormatException($"'{text}' names unknown section '{code}'; sections are: {SectionCatalog.Codes}");
        return new AtLeast(Counter.Section, kind, Minimum(arg[(cut + 1)..], text, Counter.Section)) { Text = text };
    }

    private static string RequireText(string arg, string text) =>
        TextKey.Of(arg).Length > 0 ? arg : throw new FormatException($"'{text}' needs a text after the colon");

    private static int Minimum(string arg, string text, Counter counter)
    {
        var s = arg.Trim();
        if (!s.StartsWith(">=", StringComparison.Ordinal)
            || !int.TryParse(s[2..].Trim().TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            throw new FormatException($"'{text}' needs a minimum written '>=N' (e.g. successful_tasks:>=10)");
        if (counter == Counter.SuccessRate && n > 100) throw new FormatException($"'{text}': a success rate is at most 100");
        if (counter == Counter.Level && n is < 1 or > 5) throw new FormatException($"'{text}': a level is 1 to 5");
        return n;
    }

    private static FormatException Unknown(string text) => new($"unknown evidence rule '{text}'; known rules: {Known}");

    /// <summary>
    /// Sections whose items are achievements (a delivered case, a certification, mentoring, a publication, an
    /// innovation, research, an award). An imported one is what an old document claimed — the ATRA checker typed
    /// them under the right headings — so it is evidence only once a task, a retrospective, a feed or a person
    /// (a non-import source) has recorded or confirmed it. Materials and knowledge count from an import as written.
    /// </summary>
    public static readonly IReadOnlySet<SectionKind> Achievements = new HashSet<SectionKind>
    {
        SectionKind.Case, SectionKind.Certification, SectionKind.Mentorship, SectionKind.Publication,
        SectionKind.Innovation, SectionKind.Research, SectionKind.Award,
    };

    /// <summary>True when the item counts as evidence (see <see cref="Achievements"/>).</summary>
    public static bool Evidenced(KnowledgeItem item) =>
        !Achievements.Contains(item.Section) || item.AllSources.Any(s => !s.StartsWith("import:", StringComparison.Ordinal));

    /// <summary>A short quote of an item's text for evidence lines.</summary>
    internal static string Quote(string text) => "«" + (text.Length <= 60 ? text : text[..57].TrimEnd() + "…") + "»";

    internal static string Examples(IEnumerable<KnowledgeItem> items)
    {
        var list = items.Take(3).Select(i => Quote(i.Text)).ToList();
        return list.Count == 0 ? "" : ": " + string.Join(", ", list);
    }
}

/// <summary>Which kind of named item a rule looks for.</summary>
public enum NamedKind
{
    /// <summary>A book or advanced book, by title.</summary>
    Book,
    /// <summary>A practice, expert practice or best practice containing the text.</summary>
    Practice,
    /// <summary>A certification containing the text.</summary>
    Certification,
    /// <summary>A tool containing the text.</summary>
    Tool,
}

/// <summary><c>book:&lt;title&gt;</c>, <c>practice:&lt;text&gt;</c>, <c>certification:&lt;text&gt;</c>: a named item is in the knowledge base.</summary>
/// <param name="Kind">What to look for.</param>
/// <param name="Name">The title or text named.</param>
public sealed record ItemNamed(NamedKind Kind, string Name) : EvidenceRule
{
    /// <inheritdoc/>
    public override EvidenceResult Evaluate(EvidenceContext context)
    {
        var key = TextKey.Of(Name);
        var matches = Candidates(context.State).Where(i => Matches(i, key)).ToList();
        var match = matches.FirstOrDefault(Evidenced);
        var (ru, en, ruSection, enSection, section) = Kind switch
        {
            NamedKind.Book => ("книга", "book", "изученных материалах", "studied materials", "book"),
            NamedKind.Practice => ("практика", "practice", "практиках", "practices", "practice"),
            NamedKind.Tool => ("инструмент", "tool", "инструментах", "tools", "tool"),
            _ => ("сертификация", "certification", "сертификациях", "certifications", "certification"),
        };
        if (match is not null)
        {
            var author = match.Field(ItemFields.Author) is { Length: > 0 } a ? " — " + a : "";
            var more = match.Confirmations.Count > 0 ? $", +{match.Confirmations.Count}" : "";
            return EvidenceResult.Held(new(
                $"{ru} {Quote(match.Text)}{author} в {ruSection} ({match.Source}{more})",
                $"{en} {Quote(match.Text)}{author} in {enSection} ({match.Source}{more})"),
                match.Id, match.AllSources.Select(EntryTerms.TaskOf).FirstOrDefault(t => t is not null));
        }
        var how = Kind == NamedKind.Book ? "materials" : "practicesApplied";
        var ruHow = Kind == NamedKind.Book ? "изученные материалы" : "применённые практики";
        if (matches.Count > 0)
        {
            return EvidenceResult.Open(
                new($"{ru} {Quote(matches[0].Text)} только в импорте ({matches[0].Source}): заявка, не доказательство",
                    $"{en} {Quote(matches[0].Text)} only imported ({matches[0].Source}): a claim, not evidence"),
                new($"подтвердить {ru} {Quote(Name)} задачей или вручную",
                    $"confirm the {en} {Quote(Name)} by a task or by hand (kos item confirm <slug> <id>)"),
                matches[0].Id);
        }
        return EvidenceResult.Open(
            new($"{ru} {Quote(Name)} не найдена в {ruSection}", $"no {en} {Quote(Name)} in {enSection}"),
            new($"записать {ru} {Quote(Name)} ({ruHow} в отчёте о задаче или запись вручную)",
                $"record the {en} {Quote(Name)} ({how} in a task report, or kos item add <slug> {section} …)"));
    }

    private IEnumerable<KnowledgeItem> Candidates(ExpertState state) => Kind switch
    {
        NamedKind.Book => state.Active(SectionKind.Book).Concat(state.Active(SectionKind.AdvancedBook)),
        NamedKind.Practice => state.Active(SectionKind.Practice).Concat(state.Active(SectionKind.ExpertPractice))
            .Concat(state.Active(SectionKind.BestPractice)),
        NamedKind.Tool => state.Active(SectionKind.Tool),
        _ => state.Active(SectionKind.Certification),
    };

    private bool Matches(KnowledgeItem item, string key)
    {
        var text = TextKey.Of(item.Text);
        // A book is one title: the same title, or a title recorded with its author or subtitle after it.
        return Kind == NamedKind.Book
            ? text == key || (text.StartsWith(key, StringComparison.Ordinal) && text.Length > key.Length && !char.IsLetterOrDigit(text[key.Length]))
            : text.Contains(key, StringComparison.Ordinal);
    }
}

/// <summary>What an <see cref="AtLeast"/> rule counts.</summary>
public enum Counter
{
    /// <summary>Tasks taken part in.</summary>
    Tasks,
    /// <summary>Tasks with outcome success.</summary>
    SuccessfulTasks,
    /// <summary>Share of successful tasks, percent (needs at least one task).</summary>
    SuccessRate,
    /// <summary>Active problems with at least one solution.</summary>
    ProblemsSolved,
    /// <summary>Items in <c>known</c> (imported as known or promoted by successful tasks).</summary>
    KnownItems,
    /// <summary>Items in <c>known</c> and <c>learned</c>.</summary>
    KnowledgeItems,
    /// <summary>Items in <c>known</c> and <c>learned</c> confirmed by a later task or promoted by tasks; an import is not a task.</summary>
    TaskConfirmedItems,
    /// <summary>Items confirmed at least once by later evidence.</summary>
    ConfirmedItems,
    /// <summary>Computed expertise level, 1–5.</summary>
    Level,
    /// <summary>Active items in one section.</summary>
    Section,
}

/// <summary><c>name:&gt;=N</c>: a count from the knowledge base or the task log is at least a minimum.</summary>
/// <param name="Counter">What is counted.</param>
/// <param name="SectionKind">The section, for <see cref="Counter.Section"/>.</param>
/// <param name="Minimum">The minimum.</param>
public sealed record AtLeast(Counter Counter, SectionKind? SectionKind, int Minimum) : EvidenceRule
{
    /// <inheritdoc/>
    public override EvidenceResult Evaluate(EvidenceContext context)
    {
        var s = context.State;
        var m = context.Metrics;
        IEnumerable<KnowledgeItem> examples = [];
        int value;
        var importedOnly = 0;
        switch (Counter)
        {
            case Counter.Tasks: value = m.TasksCompleted; break;
            case Counter.SuccessfulTasks: value = m.Successful; break;
            case Counter.SuccessRate: value = m.SuccessRate ?? 0; break;
            case Counter.Level: value = m.Level; break;
            case Counter.ProblemsSolved:
                examples = s.Active(Sections.SectionKind.Problem).Where(i => i.Solutions.Count > 0);
                value = examples.Count();
                break;
            case Counter.KnownItems:
                examples = s.Active(Sections.SectionKind.Known);
                value = examples.Count();
                break;
            case Counter.KnowledgeItems:
                examples = s.Active(Sections.SectionKind.Known).Concat(s.Active(Sections.SectionKind.Learned));
                value = examples.Count();
                break;
            case Counter.TaskConfirmedItems:
                examples = s.Active(Sections.SectionKind.Known).Concat(s.Active(Sections.SectionKind.Learned))
                    .Where(ConfirmedByTask);
                value = examples.Count();
                break;
            case Counter.ConfirmedItems:
                examples = s.Items.Values.Where(i => i.IsActive && i.Confirmations.Count > 0).OrderByDescending(i => i.Confirmations.Count).ThenBy(i => i.Order);
                value = examples.Count();
                break;
            default:
                var all = s.Active(SectionKind!.Value).ToList();
                examples = all.Where(EvidenceRule.Evidenced);
                value = examples.Count();
                importedOnly = all.Count - value;
                break;
        }
        // A success rate over no tasks is not evidence of anything.
        var holds = value >= Minimum && (Counter != Counter.SuccessRate || m.TasksCompleted > 0);
        var found = Describe(value, m.TasksCompleted, EvidenceRule.Examples(examples));
        if (importedOnly > 0)
            found = new(found.Ru + $"; ещё {importedOnly} только в импорте — заявка, пока задача или человек не подтвердит",
                found.En + $"; {importedOnly} more only imported — a claim until a task or a person confirms it");
        return holds ? EvidenceResult.Held(found) : EvidenceResult.Open(found, Close(value, m.TasksCompleted));
    }

    /// <summary>
    /// Confirmed by a task: a later task confirmed it, or tasks promoted it to <c>known</c> (promotion is confirmation by
    /// enough successful tasks). Recorded once by a task is new knowledge, not yet confirmed; imported is neither.
    /// </summary>
    private static bool ConfirmedByTask(KnowledgeItem i) =>
        i.Confirmations.Any(c => EntryTerms.TaskOf(c.Source) is not null)
        || (i.Section == Sections.SectionKind.Known && EntryTerms.TaskOf(i.Source) is not null);

    private Localized Describe(int value, int tasks, string examples)
    {
        var min = Minimum.ToString(CultureInfo.InvariantCulture);
        return Counter switch
        {
            Counter.Tasks => new($"выполнено задач: {value} (нужно ≥ {min})", $"{RenderLabels.En.Tasks(value)} completed (needs ≥ {min})"),
            Counter.SuccessfulTasks => new($"успешных задач: {value} (нужно ≥ {min})", $"{Plural.En(value, "successful task", "successful tasks")} (needs ≥ {min})"),
            Counter.SuccessRate => tasks == 0
                ? new($"задач ещё нет (нужно ≥ {min}% успешных)", $"no tasks yet (needs ≥ {min}% successful)")
                : new($"успешных задач {value}% из {tasks} (нужно ≥ {min}%)", $"{value}% of {Plural.En(tasks, "task", "tasks")} successful (needs ≥ {min}%)"),
            Counter.Level => new($"уровень {ExpertiseLevel.Stars(value)} (нужно ≥ {ExpertiseLevel.Stars(Minimum)})",
                $"level {ExpertiseLevel.Stars(value)} (needs ≥ {ExpertiseLevel.Stars(Minimum)})"),
            Counter.ProblemsSolved => new($"решённых проблем: {value} (нужно ≥ {min}){examples}", $"{RenderLabels.En.ProblemsSolvedCount(value)} (needs ≥ {min}){examples}"),
            Counter.KnownItems => new($"подтверждённых знаний: {value} (нужно ≥ {min}){examples}", $"{Plural.En(value, "known item", "known items")} (needs ≥ {min}){examples}"),
            Counter.KnowledgeItems => new($"знаний: {value} (нужно ≥ {min}){examples}", $"{Plural.En(value, "knowledge item", "knowledge items")} (needs ≥ {min}){examples}"),
            Counter.TaskConfirmedItems => new($"знаний, подтверждённых задачами: {value} (нужно ≥ {min}){examples}",
                $"{Plural.En(value, "knowledge item", "knowledge items")} confirmed by tasks (needs ≥ {min}){examples}"),
            Counter.ConfirmedItems => new($"записей, подтверждённых повторно: {value} (нужно ≥ {min}){examples}",
                $"{Plural.En(value, "item", "items")} confirmed again (needs ≥ {min}){examples}"),
            _ => new($"записей в разделе «{RenderLabels.Ru.SectionName(SectionKind!.Value)}»: {value} (нужно ≥ {min}){examples}",
                $"{Plural.En(value, SectionKind!.Value.Code() + " item", SectionKind!.Value.Code() + " items")} (needs ≥ {min}){examples}"),
        };
    }

    private Localized Close(int value, int tasks)
    {
        var missing = Math.Max(1, Minimum - value);
        var gap = missing.ToString(CultureInfo.InvariantCulture);
        string More(string one, string other) => Plural.En(missing, "more " + one, "more " + other);
        var min = Minimum.ToString(CultureInfo.InvariantCulture);
        return Counter switch
        {
            Counter.Tasks => new($"ещё задач: {gap} (отчёты о выполненных задачах)", $"{More("task", "tasks")} (kos learn a task report)"),
            Counter.SuccessfulTasks => new($"ещё успешных задач: {gap}", More("successful task", "successful tasks")),
            Counter.SuccessRate => tasks == 0
                ? new($"выполнить задачи с долей успеха ≥ {min}%", $"complete tasks with ≥ {min}% success")
                : new($"поднять долю успешных задач до {min}% (сейчас {value}%)", $"raise the success rate to {min}% (now {value}%)"),
            Counter.Level => new($"достичь уровня {ExpertiseLevel.Stars(Minimum)} (правила уровней — в документации проекта)", $"reach level {ExpertiseLevel.Stars(Minimum)} (see docs/LEVELS.md)"),
            Counter.ProblemsSolved => new($"ещё решённых проблем: {gap} (проблема с решением в отчёте о задаче)",
                $"{More("problem solved", "problems solved")} (problems with a solution in a task report)"),
            Counter.KnownItems => new($"ещё подтверждённых знаний: {gap} (новое знание становится известным после успешных задач)",
                $"{More("known item", "known items")} (new knowledge becomes known after successful tasks confirm it)"),
            Counter.KnowledgeItems => new($"ещё знаний: {gap} (новые знания в отчёте о задаче)", $"{More("knowledge item", "knowledge items")} (newKnowledge in a task report)"),
            Counter.TaskConfirmedItems => new($"ещё знаний, подтверждённых задачами: {gap} (новые знания в отчёте о задаче)",
                $"{More("knowledge item", "knowledge items")} confirmed by tasks (newKnowledge in a task report)"),
            Counter.ConfirmedItems => new($"ещё записей, подтверждённых повторно: {gap}", More("item confirmed by later evidence", "items confirmed by later evidence")),
            _ => new($"ещё записей в разделе «{RenderLabels.Ru.SectionName(SectionKind!.Value)}»: {gap} (в отчёте о задаче или запись вручную)",
                $"{More(SectionKind!.Value.Code() + " item", SectionKind!.Value.Code() + " items")} (kos item add <slug> {SectionKind!.Value.Code()} …)"),
        };
    }
}

/// <summary><c>rule &amp; rule</c>: every part holds.</summary>
/// <param name="Parts">The parts.</param>
public sealed record AllOf(IReadOnlyList<EvidenceRule> Parts) : EvidenceRule
{
    /// <inheritdoc/>
    public override EvidenceResult Evaluate(EvidenceContext context)
    {
        var results = Parts.Select(p => p.Evaluate(context)).ToList();
        var evidence = Localized.Join("; ", results.Select(r => r.Evidence));
        return results.All(r => r.Holds)
            ? EvidenceResult.Held(evidence)
            : EvidenceResult.Open(evidence, Localized.Join("; ", results.Where(r => !r.Holds).Select(r => r.ToClose)));
    }
}
