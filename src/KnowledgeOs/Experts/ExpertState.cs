using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using KnowledgeOs.Events;
using KnowledgeOs.Import;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Experts;

/// <summary>A task the expert took part in, as the knowledge base remembers it.</summary>
/// <param name="TaskId">Task id.</param>
/// <param name="Title">Title.</param>
/// <param name="Outcome">success, partial or failure.</param>
/// <param name="ErrorsFixed">Errors fixed.</param>
/// <param name="DurationMinutes">Duration, when reported.</param>
/// <param name="Source">Report source.</param>
/// <param name="At">When it completed.</param>
public sealed record TaskRecord(string TaskId, string Title, Outcome Outcome, int ErrorsFixed, int? DurationMinutes, string Source, DateTimeOffset At)
{
    /// <summary>What the expert reported as needing improvement in this task (the improvement backlog's entries).</summary>
    public IReadOnlyList<string> ToImprove { get; init; } = [];

    /// <summary>What the task was (<see cref="TaskDescribed"/>); null when the report did not say.</summary>
    public string? Description { get; init; }

    /// <summary>What worked for the task as a whole; null when the report did not say.</summary>
    public IReadOnlyList<string>? WhatWorked { get; init; }

    /// <summary>What to improve for the task as a whole; null when the report did not say.</summary>
    public IReadOnlyList<string>? WhatToImprove { get; init; }

    /// <summary>What the team learned in the task as a whole; null when the report did not say.</summary>
    public IReadOnlyList<string>? NewKnowledge { get; init; }

    /// <summary>The task's measurements (the report's <c>metrics</c>); null when it had none.</summary>
    public IReadOnlyList<TaskMeasurement>? Measurements { get; init; }

    /// <summary>The revision of the report the record stands at (<c>kos learn --amend</c>); null for the report first learned.</summary>
    public string? Revision { get; init; }

    /// <summary>True when the record holds task-level knowledge: a description, an overall list or a measurement.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasTaskKnowledge => Description is { Length: > 0 } || WhatWorked is { Count: > 0 } || WhatToImprove is { Count: > 0 }
        || NewKnowledge is { Count: > 0 } || Measurements is { Count: > 0 };
}

/// <summary>A task the expert started and no report of it was learned for them yet (<see cref="TaskStarted"/>).</summary>
/// <param name="TaskId">Task id.</param>
/// <param name="Title">Title, when the start gave one.</param>
/// <param name="Source">What started it (<c>manual:&lt;who&gt;</c>, <c>task:&lt;id&gt;</c>, <c>retro:&lt;id&gt;</c>).</param>
/// <param name="At">When it started.</param>
public sealed record OpenTask(string TaskId, string? Title, string Source, DateTimeOffset At);

/// <summary>A number claimed by an imported document, kept apart from computed metrics.</summary>
/// <param name="Label">Label as written.</param>
/// <param name="Value">Value as written.</param>
/// <param name="Source">The file it came from.</param>
public sealed record MetricClaim(string Label, string Value, string Source);

/// <summary>A level change as recorded (docs/LEVELS.md).</summary>
/// <param name="Level">The level reached, 1–5.</param>
/// <param name="Previous">The level before, 0 when none was recorded.</param>
/// <param name="Reason">The one-line reason.</param>
/// <param name="Source">What recorded it (<c>cycle:daily</c>).</param>
/// <param name="At">When the evidence behind it happened.</param>
public sealed record LevelMark(int Level, int Previous, string Reason, string Source, DateTimeOffset At);

/// <summary>Another name of an expert, with where it was seen.</summary>
/// <param name="Name">The name as written.</param>
/// <param name="Kind">title, file, manual or merge (<see cref="AliasKind"/>).</param>
/// <param name="Source">Where it was seen (<c>import:andrey_program.md</c>).</param>
/// <param name="At">When it was recorded.</param>
public sealed record ExpertAlias(string Name, string Kind, string Source, DateTimeOffset At);

/// <summary>The knowledge base of one expert: the fold of its event stream. Immutable.</summary>
public sealed record ExpertState(
    string Slug,
    string DisplayName,
    string Role,
    string Project,
    int Priority,
    ExpertStatus Status,
    string Responsibility,
    ImmutableList<string> Duties,
    ImmutableList<string> Tags,
    DateTimeOffset CreatedAt,
    ImmutableSortedDictionary<string, KnowledgeItem> Items,
    ImmutableList<TaskRecord> Tasks,
    ImmutableList<MetricClaim> Claims,
    ImmutableSortedSet<string> Sources,
    DateTimeOffset LastUpdate,
    int NextOrder)
{
    /// <summary>The learning program imported from an old document, if any (its ticks are claims, not progress).</summary>
    public StoredProgram? ImportedProgram { get; init; }

    /// <summary>Level changes in the order recorded; the last one is the level on record.</summary>
    public ImmutableList<LevelMark> Levels { get; init; } = [];

    /// <summary>Other names the expert is known by, in the order recorded (removed ones are gone from here, kept in the log).</summary>
    public ImmutableList<ExpertAlias> Aliases { get; init; } = [];

    /// <summary>Tasks started and not finished for this expert, oldest first: its workload (docs/RETRIEVAL.md).</summary>
    public ImmutableList<OpenTask> OpenTasks { get; init; } = [];

    /// <summary>The expert this one was merged into, if it was (its reports then go there).</summary>
    public string? MergedInto { get; init; }

    /// <summary>The level on record (0 before the first <see cref="LevelReached"/>).</summary>
    public int RecordedLevel => Levels.IsEmpty ? 0 : Levels[^1].Level;

    /// <summary>Active items of a section in the order they were first recorded.</summary>
    public IEnumerable<KnowledgeItem> Active(SectionKind section) =>
        Items.Values.Where(i => i.Section == section && i.IsActive).OrderBy(i => i.Order);

    /// <summary>The task with this id, if the expert took part in it.</summary>
    public TaskRecord? Task(string taskId) => TaskPositions.IndexOf(Tasks, taskId) is >= 0 and var index ? Tasks[index] : null;

    /// <summary>Folds events into a state; the first event of a stream must be <see cref="ExpertOnboarded"/>.</summary>
    public static ExpertState? Fold(ExpertState? state, IEnumerable<KnowledgeEvent> events)
    {
        foreach (var e in events) state = Evolve(state, e);
        return state;
    }

    /// <summary>
    /// Keeps decided events in <paramref name="events"/> and folds each into <paramref name="state"/>, so that the decision
    /// taken next sees the ones before it; returns the state after them.
    /// </summary>
    [return: NotNullIfNotNull(nameof(state))]
    public static ExpertState? Keep(ExpertState? state, List<KnowledgeEvent> events, IEnumerable<KnowledgeEvent> decided)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in decided)
        {
            events.Add(e);
            state = Evolve(state, e);
        }
        return state;
    }

    /// <summary>Applies one event. Pure.</summary>
    public static ExpertState Evolve(ExpertState? state, KnowledgeEvent e)
    {
        if (e is ExpertOnboarded o)
        {
            return new ExpertState(o.Slug, o.DisplayName, o.Role, o.Project, o.Priority, o.Status, o.Responsibility,
                [.. o.Duties], [.. o.Tags], o.At,
                ImmutableSortedDictionary.Create<string, KnowledgeItem>(StringComparer.Ordinal),
                [], [], ImmutableSortedSet.Create(StringComparer.Ordinal, o.Source), o.At, 0);
        }
        if (state is null) throw new InvalidOperationException($"Event {e.GetType().Name} before ExpertOnboarded.");
        // Copied only when the source or the time is new: a report's later events share its source and time, and every
        // event is copied again below for its own change.
        var sources = state.Sources.Add(e.Source);
        if (!ReferenceEquals(sources, state.Sources) || e.At > state.LastUpdate)
            state = state with { Sources = sources, LastUpdate = e.At > state.LastUpdate ? e.At : state.LastUpdate };
        return e switch
        {
            ExpertProfileChanged c => state with
            {
                DisplayName = c.DisplayName ?? state.DisplayName,
                Role = c.Role ?? state.Role,
                Project = c.Project ?? state.Project,
                Priority = c.Priority ?? state.Priority,
                Status = c.Status ?? state.Status,
                Responsibility = c.Responsibility ?? state.Responsibility,
                Duties = c.Duties is null ? state.Duties : [.. c.Duties],
                Tags = c.Tags is null ? state.Tags : [.. c.Tags],
            },
            KnowledgeRecorded r => Record(state, r),
            KnowledgeConfirmed c => Update(state, c.ItemId, i => (i.HasSource(c.Source) ? i : i.Confirmed(new Confirmation(c.Source, c.At))) with
            {
                // A source already counted only brings a solution; it is not a second confirmation.
                Solutions = c.AddedSolution is { Length: > 0 } s && !i.Solutions.Contains(s) ? i.Solutions.Add(s) : i.Solutions,
            }),
            KnowledgeRetracted x => Update(state, x.ItemId, i => i with { Status = ItemStatus.Retracted, RetractReason = x.Reason }),
            KnowledgePromoted p => Update(state, p.ItemId, i => i with { Section = p.To }),
            // One use per task: a report is learned once, but a use already counted never counts twice.
            ItemUsed u => Update(state, u.ItemId, i => i.HasUse(u.TaskId) ? i : i.Used(new ItemUse(u.TaskId, u.Outcome, u.At))),
            TaskCompleted t => state with
            {
                Tasks = TaskPositions.Add(state.Tasks, new TaskRecord(t.TaskId, t.Title, t.Outcome, t.ErrorsFixed, t.DurationMinutes, t.Source, t.At) { ToImprove = t.ToImprove }),
                OpenTasks = Close(state.OpenTasks, t.TaskId),
            },
            // A start for a task open or finished already changes nothing (the decider writes none; a merged log may hold one).
            TaskStarted s => state.OpenTasks.Exists(o => o.TaskId == s.TaskId) || state.Task(s.TaskId) is not null
                ? state
                : state with { OpenTasks = state.OpenTasks.Add(new OpenTask(s.TaskId, s.Title, s.Source, s.At)) },
            // A cancel of a task not open changes nothing (the decider writes none; a merged log may hold one).
            TaskCancelled c => state with { OpenTasks = Close(state.OpenTasks, c.TaskId) },
            TaskDescribed d => WithTask(state, d.TaskId, t => t with
            {
                Description = d.Description, WhatWorked = d.WhatWorked, WhatToImprove = d.WhatToImprove, NewKnowledge = d.NewKnowledge,
                Measurements = d.Measurements,
            }),
            TaskRevised r => WithTask(state, r.TaskId, t => t with
            {
                Title = r.Title, Outcome = r.Outcome, ErrorsFixed = r.ErrorsFixed, DurationMinutes = r.DurationMinutes, ToImprove = r.ToImprove,
                Source = r.Source, At = r.At, Revision = r.Revision,
            }),
            TaskWithdrawn w => state with { Tasks = state.Tasks.RemoveAll(t => t.TaskId == w.TaskId), OpenTasks = Close(state.OpenTasks, w.TaskId) },
            MetricClaimImported m => state with { Claims = state.Claims.Add(new MetricClaim(m.Label, m.Value, m.Source)) },
            ProgramImported p => state with { ImportedProgram = p.Program },
            ExpertAliasAdded a => state with { Aliases = state.Aliases.Add(new ExpertAlias(a.Alias, a.Kind, a.Source, a.At)) },
            ExpertAliasRemoved r => state with { Aliases = state.Aliases.RemoveAll(x => Text.TextKey.Of(x.Name) == Text.TextKey.Of(r.Alias)) },
            ExpertMerged => state,
            ExpertMergedInto m => state with { MergedInto = m.Into, Status = ExpertStatus.Retired },
            LevelReached l => state with { Levels = state.Levels.Add(new LevelMark(l.Level, l.Previous, l.Reason, l.Source, l.At)) },
            _ => throw new InvalidOperationException($"No evolve rule for {e.GetType().Name}."),
        };
    }

    private static ExpertState Record(ExpertState state, KnowledgeRecorded r)
    {
        if (state.Items.TryGetValue(r.ItemId, out var existing))
        {
            // Recording a retracted item again brings it back, with the new evidence as a confirmation.
            return Update(state, r.ItemId, _ => existing.Confirmed(new Confirmation(r.Source, r.At)) with
            {
                Section = r.Section,
                Status = ItemStatus.Active,
                RetractReason = null,
            });
        }
        var solution = r.Fields.TryGetValue(ItemFields.Solution, out var s) && s.Length > 0 ? ImmutableList.Create(s) : [];
        var fields = r.Fields.Where(f => f.Key != ItemFields.Solution).ToImmutableSortedDictionary(StringComparer.Ordinal);
        var item = new KnowledgeItem(r.ItemId, r.Section, r.Text, fields, solution, r.Source, r.At,
            state.NextOrder, [], ItemStatus.Active, null);
        return state with { Items = state.Items.Add(r.ItemId, item), NextOrder = state.NextOrder + 1 };
    }

    private static ImmutableList<OpenTask> Close(ImmutableList<OpenTask> open, string taskId) =>
        open.IsEmpty ? open : open.RemoveAll(o => o.TaskId == taskId);

    private static ExpertState WithTask(ExpertState state, string taskId, Func<TaskRecord, TaskRecord> change)
    {
        var index = TaskPositions.IndexOf(state.Tasks, taskId);
        return index >= 0
            ? state with { Tasks = TaskPositions.Replace(state.Tasks, index, change(state.Tasks[index])) }
            : throw new InvalidOperationException($"Event for unknown task {taskId}.");
    }

    private static ExpertState Update(ExpertState state, string itemId, Func<KnowledgeItem, KnowledgeItem> change) =>
        state.Items.TryGetValue(itemId, out var item)
            ? state with { Items = state.Items.SetItem(itemId, change(item)) }
            : throw new InvalidOperationException($"Event for unknown item {itemId}.");
}
