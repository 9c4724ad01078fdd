using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Learning;

/// <summary>
/// The experts a revision of a task (<c>kos learn --amend</c>) may no longer name: who holds the task before the
/// revision is decided, and what the revision means for one of them once it is (<see cref="TaskLearning.Withdraw"/>).
/// </summary>
public static class DroppedParticipants
{
    /// <summary>The experts holding a task, whom a revision may drop (merged-away experts aside: their tasks went with them).</summary>
    public static IReadOnlyList<string> Holders(string taskId, IEnumerable<ExpertState> experts) =>
        [.. experts.Where(e => e.MergedInto is null && e.Task(taskId) is not null).Select(e => e.Slug)];

    /// <summary>
    /// The events for an expert read for a report's commit who is not among its resolved participants: under a
    /// revision (<paramref name="revision"/> set) the task leaves their record with what only it evidenced; a plain
    /// learn, or a merged-away expert, gives none.
    /// </summary>
    public static List<KnowledgeEvent> Decide(ExpertState state, TaskReport report, string? revision) =>
        revision is null || state.MergedInto is not null ? [] : [.. TaskLearning.Withdraw(state, report, revision)];
}
