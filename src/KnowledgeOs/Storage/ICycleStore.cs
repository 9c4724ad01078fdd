namespace KnowledgeOs.Storage;

/// <summary>One completed run of a scheduled job for one occurrence of its schedule.</summary>
/// <param name="Job">Job name (<c>daily</c>, <c>weekly</c>, <c>feeds</c>).</param>
/// <param name="Occurrence">The schedule occurrence the run was for.</param>
/// <param name="Holder">The runner that did it.</param>
/// <param name="CompletedAt">When it finished.</param>
/// <param name="Summary">One line on what it did.</param>
public sealed record JobRun(string Job, DateTimeOffset Occurrence, string Holder, DateTimeOffset CompletedAt, string Summary);

/// <summary>What the last fetch of a feed left: the validators for a conditional GET and the outcome.</summary>
/// <param name="Team">Team slug.</param>
/// <param name="Url">Feed URL.</param>
/// <param name="ETag">The ETag the server sent, for If-None-Match.</param>
/// <param name="LastModified">The Last-Modified the server sent, for If-Modified-Since.</param>
/// <param name="FetchedAt">When it was last fetched.</param>
/// <param name="Status">How the last fetch went.</param>
/// <param name="Error">The error of a failed fetch.</param>
public sealed record FeedState(string Team, string Url, string? ETag, string? LastModified, DateTimeOffset? FetchedAt, FeedStatus Status, string? Error);

/// <summary>
/// What the scheduled learning cycle keeps beside the event log: leases (so several servers run a job once per
/// period), the runs done (so missed periods are caught up) and feed validators (conditional GET).
/// </summary>
public interface ICycleStore : IAsyncDisposable
{
    /// <summary>Takes the named lease until <paramref name="now"/> + <paramref name="duration"/> when it is free, expired or already ours.</summary>
    Task<bool> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken ct);

    /// <summary>Gives the lease back if we hold it.</summary>
    Task ReleaseLeaseAsync(string name, string holder, CancellationToken ct);

    /// <summary>The latest occurrence a job completed, or null before its first run.</summary>
    Task<DateTimeOffset?> LastRunAsync(string job, CancellationToken ct);

    /// <summary>Records a completed run; a second record of the same job and occurrence is ignored and returns false.</summary>
    Task<bool> RecordRunAsync(JobRun run, CancellationToken ct);

    /// <summary>Every recorded run of a job, oldest occurrence first.</summary>
    Task<IReadOnlyList<JobRun>> RunsAsync(string job, CancellationToken ct);

    /// <summary>The state a feed's last fetch left, or null.</summary>
    Task<FeedState?> GetFeedAsync(string team, string url, CancellationToken ct);

    /// <summary>Saves a feed's state.</summary>
    Task SaveFeedAsync(FeedState state, CancellationToken ct);
}
