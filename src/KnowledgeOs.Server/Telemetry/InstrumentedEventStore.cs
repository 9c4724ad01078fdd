using System.Diagnostics;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Telemetry;

/// <summary>The store as the server uses it: every append traced and measured. Everything else passes straight through.</summary>
public sealed class InstrumentedEventStore(IEventStore inner) : ForwardingEventStore(inner)
{
    /// <inheritdoc/>
    protected override async Task<AppendResult> AppendedAsync(Commit commit, Task<AppendResult> durable, CancellationToken ct)
    {
        using var activity = KosTelemetry.Source.StartActivity("kos.append");
        activity?.SetTag("kos.team", commit.Team);
        activity?.SetTag("kos.streams", commit.Streams.Count);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await durable;
            activity?.SetTag("kos.duplicate", result.Duplicate);
            activity?.SetTag("kos.events", result.EventCount);
            KosTelemetry.Appends.Add(1, new KeyValuePair<string, object?>("kos.duplicate", result.Duplicate));
            if (!result.Duplicate && result.EventCount > 0) KosTelemetry.EventsAppended.Add(result.EventCount);
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
}
