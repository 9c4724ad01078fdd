namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos task start TASK-ID --expert a,b</c>: records that experts started a task, so it counts as their open work
/// (routing ranks a busy expert lower) until its report is learned. Starting it again writes nothing.
/// </summary>
public sealed class TaskStartCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<TaskStartCommand.Settings>(time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>The task.</summary>
        [CommandArgument(0, "<TASK-ID>")]
        [Description("The task's id: the taskId (task_id) its report will carry.")]
        public string TaskId { get; init; } = "";

        /// <summary>Who works on it.</summary>
        [CommandOption("--expert <SLUGS>")]
        [Description("The experts working on it, comma-separated slugs (each must be in the team).")]
        public string? Experts { get; init; }

        /// <summary>Title.</summary>
        [CommandOption("--title <TITLE>")]
        [Description("The task's title, if any.")]
        public string? Title { get; init; }
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var experts = (settings.Experts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = await session.Service.StartTaskAsync(session.Team, settings.TaskId, experts, settings.Title, ct);
        var started = result.Changes.Where(c => c.Events > 0).Select(c => c.Expert).ToList();
        if (settings.Json)
        {
            Output.Json(console, new { TaskId = settings.TaskId.Trim(), Duplicate = started.Count == 0, Started = started, Events = result.EventCount });
            return ExitCodes.Ok;
        }
        var l = await session.LabelsAsync(ct);
        Output.Line(console, l.TaskStarted(settings.TaskId.Trim(), started));
        return ExitCodes.Ok;
    }
}
