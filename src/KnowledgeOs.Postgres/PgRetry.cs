using Npgsql;
using Polly;
using Polly.Retry;

namespace KnowledgeOs.Postgres;

/// <summary>The bounded retry of whole transactions after transient faults, with exponential backoff and jitter.</summary>
internal static class PgRetry
{
    /// <summary>The pipeline for the options; none when retries are off.</summary>
    public static ResiliencePipeline Create(PostgresStoreOptions options) => options.MaxRetries <= 0
        ? ResiliencePipeline.Empty
        : new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(PgErrors.IsTransient),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                // Jitter keeps several servers that lost the database together from all coming back in lockstep.
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
            })
            .Build();

    /// <summary>Runs work on a pooled connection, retried whole after a transient fault; the last failure becomes a
    /// <see cref="StorageException"/> naming the server.</summary>
    public static async Task<T> OnConnectionAsync<T>(this ResiliencePipeline retry, NpgsqlDataSource source, string where, PostgresStoreOptions options,
        Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await retry.ExecuteAsync(async token =>
            {
                await using var db = await source.OpenConnectionAsync(token);
                return await work(db, token);
            }, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw GaveUp(where, options, ex);
        }
    }

    /// <summary>The error after the last attempt failed.</summary>
    public static StorageException GaveUp(string where, PostgresStoreOptions options, Exception ex, bool outcomeUnknown = false)
    {
        if (!PgErrors.IsTransient(ex)) return PgErrors.Map(where, ex);
        var attempts = Math.Max(0, options.MaxRetries) + 1;
        var unknown = outcomeUnknown
            ? " The outcome of the last commit is unknown; a retry with the same idempotency key (task id) is safe."
            : "";
        return new StorageException($"PostgreSQL at {where} is unreachable (gave up after {attempts} attempts): {ex.Message}{unknown}", ex);
    }
}
