namespace KnowledgeOs.Server.Idempotency;

/// <summary>Forgets idempotency keys after a day, as clients retry within minutes, not weeks.</summary>
public sealed class IdempotencyExpiry(IdempotencyStore store, KosServerOptions options, ILogger<IdempotencyExpiry> log) : BackgroundService
{
    /// <summary>How long a key is remembered.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10), options.Time);
        try
        {
            do
            {
                try
                {
                    var removed = await store.ExpireAsync(Retention, stoppingToken);
                    if (removed > 0) log.LogInformation("Forgot {Count} idempotency keys older than {Retention}", removed, Retention);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Could not expire idempotency keys; will try again");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
