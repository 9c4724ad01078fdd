using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace KnowledgeOs.Experts;

/// <summary>
/// Where each task stands in an expert's <see cref="ExpertState.Tasks"/>, so <see cref="ExpertState.Task"/> is a
/// lookup, not a scan of every task the expert ever did (asked on every report and per source of a promotable item).
/// The positions hang off the immutable list itself (a weak table, never stored, never part of the state's equality):
/// the fold carries them from a list to the list it makes by adding or replacing a task; any other list gets its
/// positions built on its first lookup. A task id seen twice keeps its first position, as a scan would find it.
/// </summary>
internal static class TaskPositions
{
    private static readonly ConditionalWeakTable<ImmutableList<TaskRecord>, ImmutableDictionary<string, int>> Known = new();

    /// <summary>The position of the first task with this id, or -1.</summary>
    public static int IndexOf(ImmutableList<TaskRecord> tasks, string taskId) =>
        Known.GetValue(tasks, Build).TryGetValue(taskId, out var index) ? index : -1;

    /// <summary>The list with the task added at its end, its positions carried over.</summary>
    public static ImmutableList<TaskRecord> Add(ImmutableList<TaskRecord> tasks, TaskRecord task)
    {
        var added = tasks.Add(task);
        if (Known.TryGetValue(tasks, out var positions))
            Known.AddOrUpdate(added, positions.ContainsKey(task.TaskId) ? positions : positions.Add(task.TaskId, tasks.Count));
        return added;
    }

    /// <summary>The list with the task at <paramref name="index"/> replaced by one of the same id, its positions carried over.</summary>
    public static ImmutableList<TaskRecord> Replace(ImmutableList<TaskRecord> tasks, int index, TaskRecord task)
    {
        var replaced = tasks.SetItem(index, task);
        if (Known.TryGetValue(tasks, out var positions) && tasks[index].TaskId == task.TaskId) Known.AddOrUpdate(replaced, positions);
        return replaced;
    }

    private static ImmutableDictionary<string, int> Build(ImmutableList<TaskRecord> tasks)
    {
        var positions = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var task in tasks) positions.TryAdd(task.TaskId, index++);
        return positions.ToImmutable();
    }
}
