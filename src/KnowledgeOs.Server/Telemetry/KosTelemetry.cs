using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace KnowledgeOs.Server.Telemetry;

/// <summary>The server's traces and metrics: appends, projections (rendering, as-of replays), reports learned.</summary>
public static class KosTelemetry
{
    /// <summary>Name of the activity source and the meter.</summary>
    public const string Name = "KnowledgeOs.Server";

    /// <summary>Spans: <c>kos.append</c>, <c>kos.project</c>.</summary>
    public static ActivitySource Source { get; } = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Commits appended (tagged duplicate or not).</summary>
    public static Counter<long> Appends { get; } = Meter.CreateCounter<long>("kos.appends", "{commit}", "Commits appended to the event store");

    /// <summary>Events written.</summary>
    public static Counter<long> EventsAppended { get; } = Meter.CreateCounter<long>("kos.events.appended", "{event}", "Events written to the event store");

    /// <summary>Append latency, including waiting for the group commit.</summary>
    public static Histogram<double> AppendDuration { get; } = Meter.CreateHistogram<double>("kos.append.duration", "ms", "Time to append one commit durably");

    /// <summary>Projection latency (render, metrics, as-of replay).</summary>
    public static Histogram<double> ProjectionDuration { get; } = Meter.CreateHistogram<double>("kos.projection.duration", "ms", "Time to build a read model for a response");

    /// <summary>Change feed clients connected now.</summary>
    public static UpDownCounter<long> FeedClients { get; } = Meter.CreateUpDownCounter<long>("kos.feed.clients", "{connection}", "Open change feed connections");

    /// <summary>Runs a projection inside a <c>kos.project</c> span and records its duration.</summary>
    public static T Project<T>(string kind, string team, string expert, Func<T> build)
    {
        using var activity = Source.StartActivity("kos.project");
        activity?.SetTag("kos.projection", kind);
        activity?.SetTag("kos.team", team);
        activity?.SetTag("kos.expert", expert);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return build();
        }
        finally
        {
            ProjectionDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("kos.projection", kind));
        }
    }
}
