using KnowledgeOs.Storage;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>The two past points of view of the read commands (docs/TIME.md): by when things happened, or by when they were recorded.</summary>
public class AsOfSettings : KosSettings
{
    /// <summary>Valid time.</summary>
    [CommandOption("--as-of <DATE>")]
    [Description("What had happened by this date-time, as known now: a task's completion, an item's own date, else when it was recorded (ISO 8601, UTC; a date means its end: 2026-01-01 → 2026-01-01T23:59:59Z).")]
    public string? AsOf { get; init; }

    /// <summary>Recording time.</summary>
    [CommandOption("--recorded-as-of <DATE>")]
    [Description("What the system had recorded by this date-time (ISO 8601, UTC; a date means its end).")]
    public string? RecordedAsOf { get; init; }

    /// <summary>The point of view asked for, null for now.</summary>
    /// <exception cref="InputException">Not a date, or both options given.</exception>
    public Storage.AsOf? PointOfView() => Storage.AsOf.Parse(AsOf, RecordedAsOf, "--as-of", "--recorded-as-of");
}
