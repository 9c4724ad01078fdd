using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;

namespace KnowledgeOs.Application;

public sealed partial class KnowledgeService
{
    /// <summary>Longest task id a start accepts, as a report's.</summary>
    public const int MaxTaskIdLength = 200;

    /// <summary>
    /// Starts a task for these experts (<c>kos task start</c>, <c>POST …/tasks/{id}/start</c>, MCP <c>start_work</c>): a
    /// <see cref="TaskStarted"/> on each one's stream, in one commit, dated now. It goes the way an in-progress report goes
    /// (<see cref="TaskStarts"/>), so an expert for whom the task is open or finished already gets nothing: starting again
    /// writes nothing (<see cref="WriteResult.Duplicate"/>). Every expert must exist.
    /// </summary>
    public Task<WriteResult> StartTaskAsync(string team, string taskId, IReadOnlyList<string> experts, string? title, CancellationToken ct, string? callerKey = null)
    {
        (taskId, var slugs) = TaskAndExperts(taskId, experts);
        title = title?.Trim() is { Length: > 0 } t ? Text.TextPolicy.Text(t, "title") : null;
        var participants = slugs.Select(s => new Participant(new ExpertRef(s, null, null), Outcome.Unknown, 0, [], [], [], [], [], [])).ToList();
        var report = new TaskReport(taskId, title ?? taskId, "", time.GetUtcNow(), null, participants, [], false, ReportFormats.Native) { InProgress = true };
        // Dated now, the report differs at every call: the caller's key names the start by what was asked.
        return LearnAsync(team, report, Hash(report), onboardUnknown: false, amend: false, superseded: false, CallerKey(callerKey, "start", taskId, slugs, title), ct);
    }

    /// <summary>The task id trimmed and the experts' slugs, distinct, as a start or a cancel takes them; a clear error naming the field otherwise.</summary>
    private static (string TaskId, List<string> Slugs) TaskAndExperts(string taskId, IReadOnlyList<string> experts)
    {
        ArgumentNullException.ThrowIfNull(experts);
        if (string.IsNullOrWhiteSpace(taskId)) throw InputException.Of("Field 'taskId' is required (the task's id).", "taskId", ErrorCodes.FieldRequired, "", "taskId");
        taskId = taskId.Trim();
        if (taskId.Length > MaxTaskIdLength || taskId.Any(char.IsControl))
            throw InputException.Of($"Field 'taskId' must be at most {MaxTaskIdLength} printable characters.", "taskId", ErrorCodes.IdentifierInvalid,
                "", "taskId", MaxTaskIdLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var slugs = experts.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (slugs.Count == 0)
            throw InputException.Of("Field 'experts': the list is empty; a task needs at least one expert.", "experts", ErrorCodes.ListEmpty, "", "experts");
        foreach (var slug in slugs) ExpertDecider.ValidateSlug(slug, "experts");
        return (taskId, slugs);
    }
}
