using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Metrics;

/// <summary>
/// Records level changes as events: when the level computed from evidence (<see cref="ExpertiseLevel"/>) differs
/// from the level on record, one <see cref="LevelReached"/> says so, with the reason. Pure and idempotent: the
/// same state decided twice gives nothing the second time.
/// </summary>
public static class LevelDecider
{
    /// <summary>The level event the state calls for, if any. Its time is when the latest evidence happened (never after <paramref name="now"/>).</summary>
    public static IReadOnlyList<KnowledgeEvent> Decide(ExpertState state, string source, DateTimeOffset now)
    {
        var metrics = ExpertMetrics.Of(state);
        if (metrics.Level == state.RecordedLevel) return [];
        var at = state.LastUpdate < now ? state.LastUpdate : now;
        return [new LevelReached { Level = metrics.Level, Previous = state.RecordedLevel, Reason = metrics.LevelReason, Source = source, At = at }];
    }
}
