using KnowledgeOs.Experts;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// Task-level knowledge as search hits (docs/RETRIEVAL.md, "Task-level hits"): each task a report described, with its
/// title, description, the <c>overall_*</c> lists, its measurements' names and text values, and every participant's
/// <c>what_to_improve</c> (the improvement backlog). Built on read from the participants' folded states, so a
/// replay or a rebuild gives the same hits and an amendment's text replaces the old one; a task with several
/// participants is one hit naming them all.
/// </summary>
public static class TaskSearch
{
    /// <summary>The prefix of a task hit's id (<c>task:ORB-101</c>); the same string as a task's source.</summary>
    public const string IdPrefix = "task:";

    /// <summary>The tasks of the team's experts that match the plan, with the lines that matched as their text.</summary>
    public static IReadOnlyList<SearchHit> Hits(string team, QueryPlan plan, IEnumerable<ExpertState> experts, IReadOnlyList<string>? only) =>
        Hits(team, plan, Of(experts), only);

    /// <summary>The tasks of the team's experts (each a slug with its task records) that match the plan.</summary>
    public static IReadOnlyList<SearchHit> Hits(string team, QueryPlan plan, IEnumerable<(string Slug, IReadOnlyList<TaskRecord> Tasks)> experts, IReadOnlyList<string>? only)
    {
        var wanted = only is { Count: > 0 } ? only.ToHashSet(StringComparer.Ordinal) : null;
        return [.. Matches(plan, experts, only).Select(m =>
        {
            var text = m.Shown.Count == 0 ? m.Record.Title : m.Record.Title + " — " + string.Join(" · ", m.Shown);
            // Under an expert filter the hit speaks for a named participant, so every hit is one the filter asked for.
            var expert = wanted is null ? m.Participants[0] : m.Participants.First(wanted.Contains);
            return new SearchHit(team, expert, IdPrefix + m.Record.TaskId, Sections.SectionKind.Case, text, ItemStatus.Active, 0, 0, m.Matches)
            {
                Kind = SearchHitKind.Task,
                TaskId = m.Record.TaskId,
                TaskExperts = m.Participants,
            };
        })];
    }

    /// <summary>
    /// The tasks of the experts whose task-level text matches the plan: the record that speaks for the task, its
    /// participants, up to three matched lines besides the title, and the plan's matches over all its lines. The one
    /// matcher of task-level knowledge, for search hits and context packs alike.
    /// </summary>
    public static IReadOnlyList<TaskMatch> Matches(QueryPlan plan, IEnumerable<ExpertState> experts, IReadOnlyList<string>? only)
    {
        ArgumentNullException.ThrowIfNull(experts);
        return Matches(plan, Of(experts), only);
    }

    /// <summary>The tasks of the experts (each a slug with its task records, as a state or a search digest holds them) that match the plan.</summary>
    public static IReadOnlyList<TaskMatch> Matches(QueryPlan plan, IEnumerable<(string Slug, IReadOnlyList<TaskRecord> Tasks)> experts, IReadOnlyList<string>? only)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(experts);
        var wanted = only is { Count: > 0 } ? only.ToHashSet(StringComparer.Ordinal) : null;
        var found = new List<TaskMatch>();
        foreach (var task in experts.SelectMany(e => e.Tasks.Select(t => (Expert: e.Slug, Task: t))).GroupBy(x => x.Task.TaskId, StringComparer.Ordinal))
        {
            var participants = task.Select(x => x.Expert).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (wanted is not null && !participants.Any(wanted.Contains)) continue;
            // Every participant holds the same task-level record; the latest (an amendment's) speaks for the task.
            var record = task.Select(x => x.Task).OrderByDescending(t => t.At).ThenBy(t => t.Revision is null).First();
            var lines = Lines(record, task.SelectMany(x => x.Task.ToImprove)).ToList();
            var matches = plan.Match([.. lines.SelectMany(l => SearchTerms.IndexTerms(l))]);
            if (matches.Count == 0) continue;
            var shown = lines.Skip(1).Where(l => plan.Match(SearchTerms.IndexTerms(l)).Count > 0).Take(3).ToList();
            found.Add(new TaskMatch(record, participants, shown, matches));
        }
        return found;
    }

    private static IEnumerable<(string Slug, IReadOnlyList<TaskRecord> Tasks)> Of(IEnumerable<ExpertState> experts) =>
        experts.Select(e => (e.Slug, (IReadOnlyList<TaskRecord>)e.Tasks));

    // The title first, then each piece of task-level text on its own line (a line is what a hit shows when it matched).
    private static IEnumerable<string> Lines(TaskRecord task, IEnumerable<string> toImprove)
    {
        yield return task.Title;
        if (task.Description is { Length: > 0 } description) yield return description;
        foreach (var line in task.WhatWorked ?? []) yield return line;
        foreach (var line in task.WhatToImprove ?? []) yield return line;
        foreach (var line in task.NewKnowledge ?? []) yield return line;
        foreach (var m in task.Measurements ?? []) yield return m.Name + " " + m.Shown;
        foreach (var line in toImprove.Distinct(StringComparer.Ordinal)) yield return line;
    }
}

/// <summary>A task whose task-level text matched a query (<see cref="TaskSearch.Matches"/>).</summary>
/// <param name="Record">The record that speaks for the task (the latest revision).</param>
/// <param name="Participants">Every expert who took part, by slug, in order.</param>
/// <param name="Shown">Up to three matched lines besides the title.</param>
/// <param name="Matches">The query's words the task's lines contain, and how they matched.</param>
public sealed record TaskMatch(TaskRecord Record, IReadOnlyList<string> Participants, IReadOnlyList<string> Shown, IReadOnlyList<TermMatch> Matches);
