namespace KnowledgeOs.Cycle;

/// <summary>What one job did in a tick of the cycle.</summary>
/// <param name="Job">The job.</param>
/// <param name="Status">Ran, not due, held (another runner has the lease) or failed.</param>
/// <param name="Occurrences">The schedule occurrences it ran for (several when catching up).</param>
/// <param name="Lines">What it did, one line each (feeds fetched, items recorded, files written, errors), as a code and arguments worded in each team's language.</param>
/// <param name="Errors">Problems that did not stop the job (a feed that failed); the job's own failure is in <see cref="Lines"/>.</param>
/// <param name="Next">The next occurrence of its schedule.</param>
public sealed record JobReport(string Job, JobStatus Status, IReadOnlyList<DateTimeOffset> Occurrences, IReadOnlyList<KnowledgeOs.Rendering.CycleLine> Lines,
    IReadOnlyList<string> Errors, DateTimeOffset? Next);

/// <summary>What a tick of the cycle did.</summary>
/// <param name="Holder">The runner.</param>
/// <param name="At">When the tick ran.</param>
/// <param name="Jobs">Per job.</param>
public sealed record CycleReport(string Holder, DateTimeOffset At, IReadOnlyList<JobReport> Jobs)
{
    /// <summary>True when a job failed (not when a single feed did).</summary>
    public bool Failed => Jobs.Any(j => j.Status == JobStatus.Failed);
}
