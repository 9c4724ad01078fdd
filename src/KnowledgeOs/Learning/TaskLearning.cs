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
    /// <summary>Decides the events for one participant of a report.</summary>
    public static IReadOnlyList<KnowledgeEvent> Decide(ExpertState state, TaskReport report, Participant p, LearningOptions options)
    {
        if (state.Task(report.TaskId) is not null) return [];
        var source = report.Source;
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
        var working = ExpertState.Evolve(state, events[0]);

        void Apply(AddKnowledge command)
        {
            foreach (var e in ExpertDecider.Add(working, command, source, at))
            {
                events.Add(e);
                working = ExpertState.Evolve(working, e);
            }
        }

        foreach (var k in p.NewKnowledge)
        {
            // The same knowledge already known or learned is confirmed wherever it lives; new knowledge starts in learned.
            Apply(new AddKnowledge(SectionKind.Learned, k));
        }
        foreach (var pr in p.Problems)
        {
            Apply(new AddKnowledge(SectionKind.Problem, pr.Problem,
                pr.Solution.Length > 0 ? new Dictionary<string, string> { [ItemFields.Solution] = pr.Solution } : null));
        }
        foreach (var m in p.Materials) Apply(Book(m));
        foreach (var practice in p.PracticesApplied.Concat(p.WhatWorked)) Apply(new AddKnowledge(SectionKind.Practice, practice));
        if (report.IsCase && p.Outcome != Outcome.Failure)
        {
            Apply(new AddKnowledge(SectionKind.Case, report.Title, new Dictionary<string, string> { [ItemFields.Task] = report.TaskId }));
        }

        // Materialized first: the promotions read `events`, which the loop appends to.
        foreach (var promoted in Promotions(working, events, options).ToList())
        {
            events.Add(promoted);
            working = ExpertState.Evolve(working, promoted);
        }
        return events;
    }

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

    /// <summary>The task id in a <c>task:</c> or <c>retro:</c> source, else null.</summary>
    public static string? TaskIdOf(string source) =>
        source.StartsWith("task:", StringComparison.Ordinal) ? source[5..]
        : source.StartsWith("retro:", StringComparison.Ordinal) ? source[6..]
        : null;

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
                    Reason = $"confirmed by {successes} successful tasks (threshold {options.PromoteAfterSuccessfulTasks})",
                };
            }
        }
    }
}
