using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Learning;

/// <summary>
/// What one participant's part in a task teaches their knowledge base (DESIGN.md "Learning from a task").
/// Pure: the same state and report always give the same events, and a task already learned gives none.
/// </summary>
public static class TaskLearning
{
    /// <summary>The events a participant's part decides and the state they lead to (<c>ExpertState.Fold(state, Events)</c>),
    /// which the decision folds on its way anyway: a writer appends that state without folding the events a second time.</summary>
    /// <param name="Events">The events decided, in order.</param>
    /// <param name="State">The state after them; the state decided on when there are none.</param>
    public readonly record struct Learned(IReadOnlyList<KnowledgeEvent> Events, ExpertState State);

    /// <summary>Decides the events for one participant of a report; <paramref name="source"/> replaces the report's own (a revision's).</summary>
    public static IReadOnlyList<KnowledgeEvent> Decide(ExpertState state, TaskReport report, Participant p, LearningOptions options, string? source = null) =>
        Learn(state, report, p, options, source).Events;

    /// <summary>As <see cref="Decide"/>, with the state the events lead to.</summary>
    public static Learned Learn(ExpertState state, TaskReport report, Participant p, LearningOptions options, string? source = null)
    {
        if (state.Task(report.TaskId) is not null) return new([], state);
        source ??= report.Source;
        var at = report.CompletedAt;
        var events = new List<KnowledgeEvent>
        {
            new TaskCompleted
            {
                TaskId = report.TaskId, Title = report.Title, Outcome = p.Outcome, ErrorsFixed = p.ErrorsFixed,
                DurationMinutes = report.DurationMinutes, ToImprove = p.WhatToImprove, Tags = report.Tags,
                Source = source, At = at,
            },
        };
        if (Described(report, source) is { } described) events.Add(described);
        var working = ExpertState.Fold(state, events)!;
        foreach (var command in Commands(report, p))
            working = ExpertState.Keep(working, events, ExpertDecider.Add(working, command, source, at));
        return new(events, AddPromotions(working, events, options));
    }

    /// <summary>
    /// Decides what a revision of a task (<c>kos learn --amend</c>) changes for one participant: the task record
    /// replaced (<see cref="TaskRevised"/>, <see cref="TaskDescribed"/>) where the revision states it otherwise, the
    /// items the revision adds recorded under <paramref name="revisionSource"/>, and the items only this task evidenced
    /// that the revision no longer states retracted, naming the revision. A participant new to the task learns it whole;
    /// the revision already in force gives no events.
    /// </summary>
    public static IReadOnlyList<KnowledgeEvent> Amend(ExpertState state, TaskReport report, Participant p, string revision, LearningOptions options) =>
        LearnAmended(state, report, p, revision, options).Events;

    /// <summary>As <see cref="Amend"/>, with the state the events lead to.</summary>
    public static Learned LearnAmended(ExpertState state, TaskReport report, Participant p, string revision, LearningOptions options)
    {
        var source = RevisionSource(report, revision);
        if (state.Task(report.TaskId) is not { } task) return Learn(state, report, p, options, source);
        var at = report.CompletedAt;
        var events = new List<KnowledgeEvent>();
        var revised = new TaskRevised
        {
            TaskId = report.TaskId, Revision = revision, Title = report.Title, Outcome = p.Outcome, ErrorsFixed = p.ErrorsFixed,
            DurationMinutes = report.DurationMinutes, ToImprove = p.WhatToImprove, Tags = report.Tags, Source = source, At = at,
        };
        if (task.Title != revised.Title || task.Outcome != revised.Outcome || task.ErrorsFixed != revised.ErrorsFixed
            || task.DurationMinutes != revised.DurationMinutes || !task.ToImprove.SequenceEqual(revised.ToImprove) || task.At != at
            // The record names the content it stands on, so the next amend knows what it moves from.
            || (task.Revision ?? OriginalRevision) != revision)
            events.Add(revised);
        var described = Described(report, source) ?? new TaskDescribed { TaskId = report.TaskId, Source = source, At = at };
        if (!SameTaskKnowledge(task, described)) events.Add(described);
        var working = ExpertState.Fold(state, events)!;

        var commands = Commands(report, p).ToList();
        var wanted = commands.Select(ExpertDecider.ItemIdOf).ToHashSet(StringComparer.Ordinal);
        bool OfTask(string s) => IsOfTask(s, report.TaskId);
        working = RetractOnlyThisTask(working, events, report.TaskId, revision, wanted, source, at);
        foreach (var command in commands)
        {
            // Already evidenced by an earlier revision of this task: the revision keeps it, it is not a new confirmation.
            if (working.Items.TryGetValue(ExpertDecider.ItemIdOf(command), out var item) && item.IsActive && item.AllSources.Any(OfTask)) continue;
            if (item is { IsActive: false } && item.HasSource(source))
            {
                // Retracted by a later revision, and this revision, back in force, states it again: it returns.
                var back = new KnowledgeRecorded { ItemId = item.Id, Section = item.Section, Text = item.Text, Fields = item.Fields, Source = source, At = at };
                working = ExpertState.Keep(working, events, [back]);
                continue;
            }
            working = ExpertState.Keep(working, events, ExpertDecider.Add(working, command, source, at));
        }
        return new(events, AddPromotions(working, events, options));
    }

    /// <summary>
    /// Decides what a revision of a task that no longer names the expert changes for them: the task leaves their record
    /// (<see cref="TaskWithdrawn"/>) and the active items only this task evidenced are retracted, naming the revision.
    /// An expert who does not hold the task gives no events.
    /// </summary>
    public static IReadOnlyList<KnowledgeEvent> Withdraw(ExpertState state, TaskReport report, string revision)
    {
        if (state.Task(report.TaskId) is null) return [];
        var source = RevisionSource(report, revision);
        var at = report.CompletedAt;
        var withdrawn = new TaskWithdrawn
        {
            TaskId = report.TaskId, Revision = revision, Reason = new RevisionReason(Withdrawn: true, revision, report.TaskId).Stored(), Source = source, At = at,
        };
        var events = new List<KnowledgeEvent> { withdrawn };
        RetractOnlyThisTask(ExpertState.Evolve(state, withdrawn), events, report.TaskId, revision, new HashSet<string>(), source, at);
        return events;
    }

    // Retracts the active items this task alone evidenced and the revision no longer states (not in wanted), naming
    // the revision; items other evidence also holds stay. Appends to events and returns the state after them.
    private static ExpertState RetractOnlyThisTask(
        ExpertState working, List<KnowledgeEvent> events, string taskId, string revision, IReadOnlySet<string> wanted, string source, DateTimeOffset at)
    {
        bool OfTask(string s) => IsOfTask(s, taskId);
        foreach (var item in working.Items.Values.Where(i => i.IsActive && !wanted.Contains(i.Id) && i.AllSources.All(OfTask)).OrderBy(i => i.Order).ToList())
        {
            working = ExpertState.Keep(working, events,
                [new KnowledgeRetracted { ItemId = item.Id, Reason = new RevisionReason(Withdrawn: false, revision, taskId).Stored(), Source = source, At = at }]);
        }
        return working;
    }

    /// <summary>The revision name of the content a task was first learned from, when an amend switches back to it.</summary>
    public const string OriginalRevision = "original";

    /// <summary>The source a revision's facts carry: the report's source and <c>#rev-&lt;revision&gt;</c>.</summary>
    public static string RevisionSource(TaskReport report, string revision) => $"{report.Source}#rev-{revision}";

    // The knowledge commands of one participant's part, in the order they are applied.
    private static IEnumerable<AddKnowledge> Commands(TaskReport report, Participant p)
    {
        // The same knowledge already known or learned is confirmed wherever it lives; new knowledge starts in learned.
        foreach (var k in p.NewKnowledge) yield return new AddKnowledge(SectionKind.Learned, k);
        foreach (var pr in p.Problems)
        {
            yield return new AddKnowledge(SectionKind.Problem, pr.Problem,
                pr.Solution.Length > 0 ? new Dictionary<string, string> { [ItemFields.Solution] = pr.Solution } : null);
        }
        foreach (var m in p.Materials) yield return Book(m);
        foreach (var practice in p.PracticesApplied.Concat(p.WhatWorked)) yield return new AddKnowledge(SectionKind.Practice, practice);
        if (report.IsCase && p.Outcome != Outcome.Failure)
        {
            var fields = new Dictionary<string, string> { [ItemFields.Task] = report.TaskId };
            // The case entry carries the task's description, so a search for the task's words finds its case.
            if (report.Description.Length > 0) fields[ItemFields.Description] = report.Description;
            yield return new AddKnowledge(SectionKind.Case, report.Title, fields);
        }
    }

    private static TaskDescribed? Described(TaskReport report, string source) => report.HasTaskKnowledge
        ? new TaskDescribed
        {
            TaskId = report.TaskId, Description = report.Description.Length > 0 ? report.Description : null,
            WhatWorked = NullIfEmpty(report.Summary?.WhatWorked), WhatToImprove = NullIfEmpty(report.Summary?.WhatToImprove),
            NewKnowledge = NullIfEmpty(report.Summary?.NewKnowledge), Measurements = report.Measurements is { Count: > 0 } m ? m : null,
            Source = source, At = report.CompletedAt,
        }
        : null;

    private static IReadOnlyList<string>? NullIfEmpty(IReadOnlyList<string>? list) => list is { Count: > 0 } ? list : null;

    private static bool SameTaskKnowledge(TaskRecord task, TaskDescribed d) =>
        task.Description == d.Description && Same(task.WhatWorked, d.WhatWorked) && Same(task.WhatToImprove, d.WhatToImprove)
        && Same(task.NewKnowledge, d.NewKnowledge) && Same(task.Measurements, d.Measurements);

    private static bool Same<T>(IReadOnlyList<T>? a, IReadOnlyList<T>? b) => (a ?? []).SequenceEqual(b ?? []);

    // Materialized first: the promotions read `events`, which Keep appends to. Returns the state after them.
    private static ExpertState AddPromotions(ExpertState working, List<KnowledgeEvent> events, LearningOptions options) =>
        ExpertState.Keep(working, events, Promotions(working, events, options).ToList());

    /// <summary>Splits a material written as <c>Title - Author</c> into a book with an author.</summary>
    public static AddKnowledge Book(string material, SectionKind section = SectionKind.Book)
    {
        foreach (var separator in new[] { " - ", " — ", " – " })
        {
            var cut = material.LastIndexOf(separator, StringComparison.Ordinal);
            if (cut > 0 && cut + separator.Length < material.Length)
            {
                return new AddKnowledge(section, material[..cut].Trim(),
                    new Dictionary<string, string> { [ItemFields.Author] = material[(cut + separator.Length)..].Trim() });
            }
        }
        return new AddKnowledge(section, material);
    }

    /// <summary>The distinct successful tasks that evidence an item.</summary>
    public static int SuccessfulTasks(ExpertState state, KnowledgeItem item) =>
        item.AllSources
            .Select(s => TaskIdOf(s) is { } id ? state.Task(id) : null)
            .Where(t => t is { Outcome: Outcome.Success })
            .Select(t => t!.TaskId)
            .Distinct()
            .Count();

    /// <summary>The task id in a <c>task:</c> or <c>retro:</c> source (a revision's <c>#rev-…</c> suffix dropped), else null.</summary>
    public static string? TaskIdOf(string source) =>
        TaskIdSpan(source, out var id) ? id.ToString() : null;

    /// <summary>Whether a source is of the task (<c>TaskIdOf(source) == taskId</c> without allocating: asked per source of an item).</summary>
    public static bool IsOfTask(string source, string taskId) =>
        TaskIdSpan(source, out var id) && id.SequenceEqual(taskId);

    private static bool TaskIdSpan(string source, out ReadOnlySpan<char> id)
    {
        var prefix = source.StartsWith("task:", StringComparison.Ordinal) ? 5 : source.StartsWith("retro:", StringComparison.Ordinal) ? 6 : -1;
        id = prefix < 0 ? default : source.AsSpan(prefix);
        if (prefix < 0) return false;
        id = id[..WithoutRevision(id)];
        return true;
    }

    // The length of an id without a trailing "#rev-" and 8 lowercase hex digits, at its end or before a final newline
    // (where a regex's $ matches); the whole length when it has none.
    private static int WithoutRevision(ReadOnlySpan<char> id)
    {
        const string marker = "#rev-";
        var end = id.EndsWith('\n') ? id.Length - 1 : id.Length;
        var start = end - marker.Length - 8;
        if (start < 0 || !id.Slice(start, marker.Length).SequenceEqual(marker)) return id.Length;
        foreach (var c in id[(start + marker.Length)..end])
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f')) return id.Length;
        return start;
    }

    private static IEnumerable<KnowledgePromoted> Promotions(ExpertState state, List<KnowledgeEvent> events, LearningOptions options)
    {
        var touched = events.Select(e => e switch { KnowledgeRecorded r => r.ItemId, KnowledgeConfirmed c => c.ItemId, _ => null })
            .OfType<string>().Distinct().ToList(); // materialized: Decide appends the promotions to events while this iterates
        foreach (var id in touched)
        {
            var item = state.Items[id];
            if (item.Section != SectionKind.Learned || !item.IsActive) continue;
            var successes = SuccessfulTasks(state, item);
            if (successes >= options.PromoteAfterSuccessfulTasks)
            {
                var last = events[0];
                yield return new KnowledgePromoted
                {
                    ItemId = id, To = SectionKind.Known, Source = last.Source, At = last.At,
                    Reason = new PromotionReason(successes, options.PromoteAfterSuccessfulTasks, OnReview: false).Stored(),
                };
            }
        }
    }
}
