using KnowledgeOs.Application;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos task start TASK-ID --expert a,b</c>: records that experts started a task, so it counts as their open work
/// (routing ranks a busy expert lower) until its report is learned. Starting it again writes nothing.
/// </summary>
public sealed class TaskStartCommand(IAnsiConsole console, TimeProvider time) : OpenWorkCommand<TaskStartCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : OpenWorkSettings
    {
        /// <summary>Title.</summary>
        [CommandOption("--title <TITLE>")]
        [Description("The task's title, if any.")]
        public string? Title { get; init; }
    }

    /// <inheritdoc/>
    protected override Task<WriteResult> WriteAsync(KosSession session, Settings settings, IReadOnlyList<string> experts, CancellationToken ct) =>
        session.Service.StartTaskAsync(session.Team, settings.TaskId, experts, settings.Title, ct);

    /// <inheritdoc/>
    protected override object Json(string taskId, WriteResult result, IReadOnlyList<string> changed) =>
        new { TaskId = taskId, Duplicate = changed.Count == 0, Started = changed, Events = result.EventCount };

    /// <inheritdoc/>
    protected override string Line(CliLabels labels, string taskId, IReadOnlyList<string> changed) => labels.TaskStarted(taskId, changed);
}
