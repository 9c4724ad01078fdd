using KnowledgeOs.Application;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary>What <c>kos task start</c> and <c>kos task cancel</c> both take: a task and the experts whose open work it changes.</summary>
public abstract class OpenWorkSettings : KosSettings
{
    /// <summary>The task's id as given.</summary>
    [CommandArgument(0, "<TASK-ID>")]
    [Description("The task's id: the taskId (task_id) its report carries.")]
    public string TaskId { get; init; } = "";

    /// <summary>The experts, comma-separated slugs.</summary>
    [CommandOption("--expert <SLUGS>")]
    [Description("The experts whose open work it is, comma-separated slugs (each must be in the team).")]
    public string? Experts { get; init; }
}

/// <summary>
/// The commands that change experts' open work (<c>kos task start</c>, <c>kos task cancel</c>): a write command
/// (<see cref="WriteCommand{TSettings}"/>) whose slugs are split before the write and whose answer names the experts
/// it changed. A command names only its write and its words.
/// </summary>
/// <typeparam name="TSettings">The command's options.</typeparam>
public abstract class OpenWorkCommand<TSettings>(IAnsiConsole console, TimeProvider time) : WriteCommand<TSettings>(console, time)
    where TSettings : OpenWorkSettings
{
    /// <summary>The write, for the experts named.</summary>
    protected abstract Task<WriteResult> WriteAsync(KosSession session, TSettings settings, IReadOnlyList<string> experts, CancellationToken ct);

    /// <summary>The <c>--json</c> answer, from the task id, the write and the experts whose open work changed.</summary>
    protected abstract object Json(string taskId, WriteResult result, IReadOnlyList<string> changed);

    /// <summary>The line for people.</summary>
    protected abstract string Line(CliLabels labels, string taskId, IReadOnlyList<string> changed);

    /// <inheritdoc/>
    protected sealed override Task<WriteResult> WriteAsync(KosSession session, TSettings settings, CancellationToken ct) =>
        WriteAsync(session, settings, (settings.Experts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), ct);

    /// <inheritdoc/>
    protected sealed override object Json(TSettings settings, WriteResult result) => Json(settings.TaskId.Trim(), result, Changed(result));

    /// <inheritdoc/>
    protected sealed override string Line(CliLabels labels, TSettings settings, WriteResult result) => Line(labels, settings.TaskId.Trim(), Changed(result));

    private static List<string> Changed(WriteResult result) => result.Changes.Where(c => c.Events > 0).Select(c => c.Expert).ToList();
}
