using System.Globalization;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Storage;

/// <summary>Which of an event's two times a past read filters on (docs/TIME.md).</summary>
public enum TimeAxis
{
    /// <summary>When it happened: the event's own <see cref="KnowledgeEvent.At"/> (a task's completion, an item's own date).</summary>
    Valid,
    /// <summary>When the system recorded it: the commit time (<see cref="StoredEvent.RecordedAt"/>).</summary>
    Recorded,
}

/// <summary>
/// A past point of view: "what had happened by <see cref="At"/>, as we know it now" (<see cref="TimeAxis.Valid"/>,
/// <c>--as-of</c>) or "what had the system recorded by <see cref="At"/>" (<see cref="TimeAxis.Recorded"/>, <c>--recorded-as-of</c>).
/// The one place every past read (render, history, program, progress, team, HTTP, dashboard) filters events. Pure.
/// </summary>
/// <param name="At">The point in time.</param>
/// <param name="Axis">Which time of each event is compared with it.</param>
public sealed record AsOf(DateTimeOffset At, TimeAxis Axis)
{
    /// <summary>"What had happened by <paramref name="at"/>".</summary>
    public static AsOf Valid(DateTimeOffset at) => new(at, TimeAxis.Valid);

    /// <summary>"What had been recorded by <paramref name="at"/>".</summary>
    public static AsOf Recorded(DateTimeOffset at) => new(at, TimeAxis.Recorded);

    /// <summary>The recording time a store may already cut the stream at (only on the recorded axis: a late report
    /// recorded after <see cref="At"/> can have happened before it).</summary>
    public DateTimeOffset? RecordedUpTo => Axis == TimeAxis.Recorded ? At : null;

    /// <summary>True when the event counts at this point of view.</summary>
    public bool Includes(StoredEvent e) => (Axis == TimeAxis.Valid ? e.Event.At : e.RecordedAt) <= At;

    /// <summary>
    /// Folds a stream (in stream order, for replay determinism) keeping the events this point of view includes; null when
    /// none is. On the valid axis an included event may follow ones left out, so the onboarding is applied first
    /// whenever anything of the expert is included (an item dated before the document that introduced the expert still
    /// means the expert had it), and a confirmation, retraction or promotion of an item not yet there is left out, as is a description or revision of a
    /// task not yet completed.
    /// </summary>
    public Snapshot? Fold(IEnumerable<StoredEvent> events)
    {
        ExpertState? state = null;
        KnowledgeEvent? onboarding = null;
        long version = 0;
        foreach (var e in events)
        {
            if (state is null && e.Event is ExpertOnboarded) onboarding = e.Event;
            if (!Includes(e)) continue;
            if (state is null && e.Event is not ExpertOnboarded)
            {
                if (onboarding is null) continue;
                state = ExpertState.Evolve(null, onboarding);
            }
            if (state is not null && ItemOf(e.Event) is { } item && !state.Items.ContainsKey(item)) continue;
            if (state is not null && TaskOf(e.Event) is { } task && state.Task(task) is null) continue;
            state = ExpertState.Evolve(state, e.Event);
            version = e.Version;
        }
        return state is null ? null : new Snapshot(state, version);
    }

    /// <summary>The state with every time replaced by its recording time: what a window of recording (a digest) selects on.</summary>
    public static ExpertState? FoldByRecording(IEnumerable<StoredEvent> events)
    {
        ExpertState? state = null;
        foreach (var e in events) state = ExpertState.Evolve(state, e.Event with { At = e.RecordedAt });
        return state;
    }

    /// <summary>
    /// Reads the pair of options: at most one of them, each a date-time or a date meaning the end of that day (UTC).
    /// <paramref name="validName"/> and <paramref name="recordedName"/> are how the caller spells them (<c>--as-of</c>, <c>asOf</c>).
    /// </summary>
    /// <exception cref="InputException">Not a date, or both given.</exception>
    public static AsOf? Parse(string? valid, string? recorded, string validName, string recordedName)
    {
        var hasValid = !string.IsNullOrWhiteSpace(valid);
        var hasRecorded = !string.IsNullOrWhiteSpace(recorded);
        if (hasValid && hasRecorded)
            throw new InputException($"{validName} and {recordedName} ask two different questions; give one of them (docs/TIME.md).", recordedName)
                .WithCode(ErrorCodes.AsOfBoth, validName, recordedName);
        if (hasValid) return Valid(ParseTime(valid!, validName));
        if (hasRecorded) return Recorded(ParseTime(recorded!, recordedName));
        return null;
    }

    /// <summary>A date-time, or a date meaning the end of that day (UTC).</summary>
    /// <exception cref="InputException">Not a date; names <paramref name="name"/>.</exception>
    public static DateTimeOffset ParseTime(string value, string name)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        throw new InputException($"{name} '{value}' is not a date or date-time (e.g. 2026-01-01 or 2026-01-01T12:00:00Z).", name)
            .WithCode(ErrorCodes.DateInvalid, name, value);
    }

    /// <summary>How the point reads in messages (<c>as of 2025-12-31 23:59:59Z</c>).</summary>
    public override string ToString() =>
        $"{(Axis == TimeAxis.Valid ? "as of" : "as recorded by")} {At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z";

    // A description or revision dated before the completion it changes (a revision may state an earlier completed_at).
    private static string? TaskOf(KnowledgeEvent e) => e switch
    {
        TaskDescribed d => d.TaskId,
        TaskRevised r => r.TaskId,
        _ => null,
    };

    private static string? ItemOf(KnowledgeEvent e) => e switch
    {
        KnowledgeConfirmed c => c.ItemId,
        KnowledgeRetracted r => r.ItemId,
        KnowledgePromoted p => p.ItemId,
        _ => null,
    };
}
