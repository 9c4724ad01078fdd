using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Hosting;

/// <summary>
/// The store's projection generation as this server last saw it (see <see cref="Storage.IEventStore.ProjectionGenerationAsync"/>):
/// caches keyed by stream version (renders, the dashboard's HTML) also key on it, so a rebuild by another process, which
/// moves no version, still makes them render again. Updated by <see cref="CacheTail"/> (SQLite) or
/// <see cref="ProjectionGenerationTail"/> (PostgreSQL) every feed poll interval.
/// </summary>
public sealed class ProjectionGenerationWatch
{
    private long _current;

    /// <summary>The generation last seen (0 before the first look, as in a store never rebuilt).</summary>
    public long Current => Interlocked.Read(ref _current);

    /// <summary>Notes the generation the store reports now.</summary>
    public void Observe(long generation) => Interlocked.Exchange(ref _current, generation);
}

/// <summary>Reads the store's projection generation every feed poll interval where no <see cref="CacheTail"/> does (PostgreSQL).</summary>
public sealed class ProjectionGenerationTail(IEventStore store, ProjectionGenerationWatch watch, KosServerOptions options,
    ILogger<ProjectionGenerationTail> log) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.FeedPollInterval, options.Time);
        try
        {
            do
            {
                try
                {
                    watch.Observe(await store.ProjectionGenerationAsync(stoppingToken));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Could not read the projection generation; will try again");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
