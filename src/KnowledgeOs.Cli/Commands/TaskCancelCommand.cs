namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos task cancel TASK-ID --expert a,b</c>: closes a started task for experts who will not finish it (abandoned, or
/// started for the wrong expert), so it no longer counts as their open work. Cancelling again writes nothing.
/// </summary>
public sealed class TaskCancelCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<TaskCancelCommand.Settings>(time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>The task.</summary>
        [CommandArgument(0, "<TASK-ID>")]
        [Description("The task's id, as it was started (kos task start).")]
        public string TaskId { get; init; } = "";

        /// <summary>For whom.</summary>
        [CommandOption("--expert <SLUGS>")]
        [Description("The experts for whom it is cancelled, comma-separated slugs (each must be in the team).")]
        public string? Experts { get; init; }

        /// <summary>Why.</summary>
        [CommandOption("--reason <TEXT>")]
        [Description("Why it is cancelled, if you want it on record (abandoned, started for the wrong expert…).")]
        public string? Reason { get; init; }
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var experts = (settings.Experts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = await session.Service.CancelTaskAsync(session.Team, settings.TaskId, experts, settings.Reason, ct);
        var cancelled = result.Changes.Where(c => c.Events > 0).Select(c => c.Expert).ToList();
        if (settings.Json)
        {
            Output.Json(console, new { TaskId = settings.TaskId.Trim(), Duplicate = cancelled.Count == 0, Cancelled = cancelled, Events = result.EventCount });
            return ExitCodes.Ok;
        }
        var l = await session.LabelsAsync(ct);
        Output.Line(console, l.TaskCancelled(settings.TaskId.Trim(), cancelled));
        return ExitCodes.Ok;
    }
}
