using KnowledgeOs.Experts;
using KnowledgeOs.Learning;

namespace KnowledgeOs.Retrieval;

/// <summary>A past task of a participant whose task-level text matches the pack's task.</summary>
/// <param name="TaskId">Task id (its source is <c>task:</c> and this id).</param>
/// <param name="Title">The task's title.</param>
/// <param name="Lines">Up to three matched lines of its task-level text (description, overall lists, measurements, backlog).</param>
/// <param name="Matched">The pack task's words the task contains.</param>
public sealed record PackTask(string TaskId, string Title, IReadOnlyList<string> Lines, IReadOnlyList<string> Matched);

/// <summary>An open entry of a participant's improvement backlog that matches the pack's task.</summary>
/// <param name="Text">What to improve, as first reported.</param>
/// <param name="TaskId">The task whose report asked for it.</param>
/// <param name="Matched">The pack task's words it contains.</param>
public sealed record PackImprovement(string Text, string TaskId, IReadOnlyList<string> Matched);

/// <summary>
/// A participant's task-level knowledge for a pack (docs/RETRIEVAL.md, "From past tasks"): the tasks they took part in
/// that match the pack's task (<see cref="TaskSearch.Matches"/>, the same query plan as the items), best first, and
/// their open improvement-backlog entries that match.
/// </summary>
/// <param name="Tasks">At most <see cref="MaxTasks"/> tasks, most matched words first, then the latest.</param>
/// <param name="Improvements">At most <see cref="MaxImprovements"/> open backlog entries, most matched words first, then the oldest.</param>
public sealed record PackPastTasks(IReadOnlyList<PackTask> Tasks, IReadOnlyList<PackImprovement> Improvements)
{
    /// <summary>Most past tasks per participant.</summary>
    public const int MaxTasks = 3;

    /// <summary>Most backlog entries per participant.</summary>
    public const int MaxImprovements = 3;

    /// <summary>Nothing from past tasks.</summary>
    public static PackPastTasks None { get; } = new([], []);

    /// <summary>True when there is neither a task nor a backlog entry.</summary>
    public bool IsEmpty => Tasks.Count == 0 && Improvements.Count == 0;

    /// <summary>The participant's past tasks and open backlog entries that match the query.</summary>
    public static PackPastTasks Of(ExpertState state, TaskQuery query)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(query);
        var tasks = TaskSearch.Matches(query.Plan, [state], null)
            .OrderByDescending(m => m.Matches.Count).ThenByDescending(m => m.Record.At).ThenBy(m => m.Record.TaskId, StringComparer.Ordinal)
            .Take(MaxTasks)
            .Select(m => new PackTask(m.Record.TaskId, m.Record.Title, m.Shown, Words(m.Matches)))
            .ToList();
        var improvements = ImprovementBacklog.Of(state).Where(i => i.IsOpen)
            .Select(i => (Entry: i, Matches: query.Plan.Match(SearchTerms.IndexTerms(i.Text))))
            .Where(x => x.Matches.Count > 0)
            .OrderByDescending(x => x.Matches.Count).ThenBy(x => x.Entry.At)
            .Take(MaxImprovements)
            .Select(x => new PackImprovement(x.Entry.Text, x.Entry.TaskId, Words(x.Matches)))
            .ToList();
        return new PackPastTasks(tasks, improvements);
    }

    /// <summary>The first <paramref name="tasks"/> tasks and <paramref name="improvements"/> entries.</summary>
    public PackPastTasks Take(int tasks, int improvements) => new([.. Tasks.Take(tasks)], [.. Improvements.Take(improvements)]);

    private static List<string> Words(IReadOnlyList<TermMatch> matches) => [.. matches.Select(m => m.Word).Distinct(StringComparer.Ordinal)];
}
