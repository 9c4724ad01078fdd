using KnowledgeOs.Application;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary>What <c>kos task start</c> and <c>kos task cancel</c> both take: a task and the experts whose open work it changes.</summary>
public interface IOpenWorkSettings
{
    /// <summary>The task's id as given.</summary>
    string TaskId { get; }

    /// <summary>The experts, comma-separated slugs.</summary>
    string? Experts { get; }
}

/// <summary>
/// The one shape of the commands that change experts' open work (<c>kos task start</c>, <c>kos task cancel</c>): the
/// slugs split, the write made, then the experts it changed, as JSON or as one line in the team's language. A command
/// names only its write and its words.
/// </summary>
/// <typeparam name="TSettings">The command's options.</typeparam>
public abstract class OpenWorkCommand<TSettings>(IAnsiConsole console, TimeProvider time) : StoreCommand<TSettings>(time)
    where TSettings : KosSettings, IOpenWorkSettings
{
    /// <summary>The write, for the experts named.</summary>
    protected abstract Task<WriteResult> WriteAsync(KosSession session, TSettings settings, IReadOnlyList<string> experts, CancellationToken ct);

    /// <summary>The <c>--json</c> answer, from the task id, the write and the experts whose open work changed.</summary>
    protected abstract object Json(string taskId, WriteResult result, IReadOnlyList<string> changed);

    /// <summary>The line for people.</summary>
    protected abstract string Line(CliLabels labels, string taskId, IReadOnlyList<string> changed);

    /// <inheritdoc/>
    protected sealed override async Task<int> ExecuteAsync(KosSession session, TSettings settings, CancellationToken ct)
    {
        var experts = (settings.Experts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = await WriteAsync(session, settings, experts, ct);
        var changed = result.Changes.Where(c => c.Events > 0).Select(c => c.Expert).ToList();
        var taskId = settings.TaskId.Trim();
        if (settings.Json) Output.Json(console, Json(taskId, result, changed));
        else Output.Line(console, Line(await session.LabelsAsync(ct), taskId, changed));
        return ExitCodes.Ok;
    }
}
