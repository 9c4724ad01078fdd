using KnowledgeOs.Events;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// The expert's record on tasks similar to the one routed (on the topic: the task's title shares a query word, or an
/// item it taught matched): finished tasks by outcome, and the success rate Laplace-smoothed, so one task is weak
/// evidence and none is neutral (docs/RETRIEVAL.md, "Routing: which expert").
/// </summary>
/// <param name="Successes">Similar tasks that succeeded.</param>
/// <param name="Partials">Similar tasks done in part (half a success).</param>
/// <param name="Failures">Similar tasks that failed.</param>
public sealed record SimilarTasks(int Successes, int Partials, int Failures)
{
    /// <summary>Finished similar tasks (a task whose outcome the report did not say counts neither way).</summary>
    public int Finished => Successes + Partials + Failures;

    /// <summary>The success rate, <c>(successes + ½·partial + 1) / (finished + 2)</c>: 0.5 with no history, towards 1 or 0 as evidence grows.</summary>
    public double Rate => (Successes + 0.5 * Partials + 1) / (Finished + 2);

    /// <summary>The score's factor, <c>0.5 + rate</c>: 1 with no history, up to 1.5 for a record of successes, down to 0.5 for one of failures.</summary>
    public double Factor => 0.5 + Rate;

    /// <summary>The expert's similar tasks for this query.</summary>
    public static SimilarTasks Of(AnalyzedExpert expert, TaskQuery query, ExpertMatches matches)
    {
        ArgumentNullException.ThrowIfNull(expert);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(matches);
        int successes = 0, partials = 0, failures = 0;
        var finished = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in expert.State.Tasks)
            if (task.Outcome != Outcome.Unknown) finished.Add(task.Source);
        if (finished.Count == 0) return new SimilarTasks(0, 0, 0);
        var taught = matches.Taught(finished);
        for (var i = 0; i < expert.State.Tasks.Count; i++)
        {
            var task = expert.State.Tasks[i];
            if (task.Outcome == Outcome.Unknown) continue;
            var title = expert.TaskTitleTerms[i];
            if (!taught.Contains(task.Source) && !query.Plan.Groups.Any(g => ExpertRouting.In(g, title))) continue;
            switch (task.Outcome)
            {
                case Outcome.Success: successes++; break;
                case Outcome.Partial: partials++; break;
                default: failures++; break;
            }
        }
        return new SimilarTasks(successes, partials, failures);
    }
}

/// <summary>The workload signal: tasks started and not finished for the expert (docs/RETRIEVAL.md, "Workload").</summary>
public static class Workload
{
    /// <summary>How much each open task lowers the score: <c>factor = 1 / (1 + 0.15·open)</c>.</summary>
    public const double PerOpenTask = 0.15;

    /// <summary>
    /// The score's factor for this many open tasks: 1 when idle, 0.87 for one, 0.69 for three, 0.4 for ten. Never 0: a busy
    /// expert may still be the only one who knows, so a clearly better match still ranks first; between near-equals the idle one wins.
    /// </summary>
    public static double Factor(int open) => 1 / (1 + PerOpenTask * Math.Max(0, open));
}
