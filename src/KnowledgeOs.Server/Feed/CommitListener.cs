using KnowledgeOs.Postgres;

namespace KnowledgeOs.Server.Feed;

/// <summary>
/// On PostgreSQL, wakes this server's change feeds as soon as any server commits (LISTEN/NOTIFY), so a feed sees
/// another instance's events at once rather than at its next poll. Polling stays as the safety net.
/// </summary>
public sealed class CommitListener(PostgresEventStore store, ChangeSignal signal, ILogger<CommitListener> log) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The NOTIFY names the new head; -1 (after a (re)connect) names none, and any commit may have been missed.
            await store.ListenAsync(head => { if (head >= 0) signal.Pulse(head); else signal.Pulse(); }, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Feeds still poll: a listener that cannot run costs latency, never events.
            log.LogWarning(ex, "Stopped listening for other servers' commits; change feeds fall back to polling");
        }
    }
}
