using System.Diagnostics;
using KnowledgeOs.Server.Feed;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Telemetry;

/// <summary>
/// The store as the server uses it: every append traced and measured, and the change feeds woken after it.
/// Reads pass straight through.
/// </summary>
public sealed class InstrumentedEventStore(IEventStore inner, ChangeSignal signal) : IEventStore
{
    /// <summary>The wrapped store.</summary>
    public IEventStore Inner => inner;

    /// <inheritdoc/>
    public async Task<AppendResult> AppendAsync(Commit commit, CancellationToken ct)
    {
        using var activity = KosTelemetry.Source.StartActivity("kos.append");
        activity?.SetTag("kos.team", commit.Team);
        activity?.SetTag("kos.streams", commit.Streams.Count);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await inner.AppendAsync(commit, ct);
            activity?.SetTag("kos.duplicate", result.Duplicate);
            activity?.SetTag("kos.events", result.EventCount);
            KosTelemetry.Appends.Add(1, new KeyValuePair<string, object?>("kos.duplicate", result.Duplicate));
            if (!result.Duplicate && result.EventCount > 0)
            {
                KosTelemetry.EventsAppended.Add(result.EventCount);
                signal.Pulse();
            }
            return result;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
        finally
        {
            KosTelemetry.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <inheritdoc/>
    public Task<Snapshot?> LoadAsync(StreamId stream, CancellationToken ct) => inner.LoadAsync(stream, ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<Snapshot>> ListAsync(string team, CancellationToken ct) => inner.ListAsync(team, ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> TeamsAsync(CancellationToken ct) => inner.TeamsAsync(ct);

    /// <inheritdoc/>
    public IAsyncEnumerable<StoredEvent> ReadStreamAsync(StreamId stream, DateTimeOffset? recordedUpTo, CancellationToken ct) =>
        inner.ReadStreamAsync(stream, recordedUpTo, ct);

    /// <inheritdoc/>
    public IAsyncEnumerable<StoredEvent> ReadStreamAfterAsync(StreamId stream, long afterVersion, CancellationToken ct) =>
        inner.ReadStreamAfterAsync(stream, afterVersion, ct);

    /// <inheritdoc/>
    public IAsyncEnumerable<StoredEvent> ReadAllAsync(long afterPosition, CancellationToken ct) => inner.ReadAllAsync(afterPosition, ct);

    /// <inheritdoc/>
    public Task ReplaceProjectionsAsync(IReadOnlyList<(StreamId Stream, Snapshot Snapshot)> projections, CancellationToken ct) =>
        inner.ReplaceProjectionsAsync(projections, ct);

    /// <inheritdoc/>
    public Task<long> CountEventsAsync(CancellationToken ct) => inner.CountEventsAsync(ct);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
