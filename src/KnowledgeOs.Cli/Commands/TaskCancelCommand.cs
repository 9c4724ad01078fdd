using KnowledgeOs.Application;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos task cancel TASK-ID --expert a,b</c>: closes a started task for experts who will not finish it (abandoned, or
/// started for the wrong expert), so it no longer counts as their open work. Cancelling again writes nothing.
/// </summary>
public sealed class TaskCancelCommand(IAnsiConsole console, TimeProvider time) : OpenWorkCommand<TaskCancelCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : OpenWorkSettings
    {
        /// <summary>Why.</summary>
        [CommandOption("--reason <TEXT>")]
        [Description("Why it is cancelled, if you want it on record (abandoned, started for the wrong expert…).")]
        public string? Reason { get; init; }
    }

    /// <inheritdoc/>
    protected override Task<WriteResult> WriteAsync(KosSession session, Settings settings, IReadOnlyList<string> experts, CancellationToken ct) =>
        session.Service.CancelTaskAsync(session.Team, settings.TaskId, experts, settings.Reason, ct);

    /// <inheritdoc/>
    protected override object Json(string taskId, WriteResult result, IReadOnlyList<string> changed) =>
        new { TaskId = taskId, Duplicate = changed.Count == 0, Cancelled = changed, Events = result.EventCount };

    /// <inheritdoc/>
    protected override string Line(CliLabels labels, string taskId, IReadOnlyList<string> changed) => labels.TaskCancelled(taskId, changed);
}
