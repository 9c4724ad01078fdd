using System.ComponentModel;
using KnowledgeOs.Application;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace KnowledgeOs.Server.Mcp;

/// <summary>What <c>start_work</c> did.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Duplicate">True when it was open (or finished) already for every expert named: nothing was written.</param>
/// <param name="Started">The experts for whom it is open from now.</param>
/// <param name="Events">Events written now.</param>
public sealed record McpStartResult(string TaskId, bool Duplicate, IReadOnlyList<string> Started, int Events);

/// <summary>What <c>cancel_work</c> did.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Duplicate">True when it was open for none of the experts named: nothing was written.</param>
/// <param name="Cancelled">The experts for whom it is closed now.</param>
/// <param name="Events">Events written now.</param>
public sealed record McpCancelResult(string TaskId, bool Duplicate, IReadOnlyList<string> Cancelled, int Events);

/// <summary>
/// The writes that say which tasks are under way, so routing sees who is busy: <c>start_work</c> opens a task (the
/// prompt <c>start_task</c> only reads: it prepares the context; the task's report closes it), <c>cancel_work</c>
/// closes one that will not be finished (abandoned, or started for the wrong expert). Both write nothing when repeated,
/// and both answer with the experts whose open work changed.
/// </summary>
[McpServerToolType]
public sealed class OpenWorkTools(KnowledgeService knowledge, McpCaller caller)
{
    /// <summary>start_work.</summary>
    [McpServerTool(Name = "start_work", Title = "Start a task", Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Record that experts started a task, as `kos task start` does: the task counts as open work for each (openTasks in list_experts; route_task ranks a busy expert lower) until its report is learned (learn_from_report). Starting the same task again writes nothing. Needs write access.")]
    public Task<CallToolResult> StartWork(
        [Description("The task's id (the taskId its report will carry).")] string taskId,
        [Description("The experts working on it: slugs (see list_experts).")] string[] experts,
        [Description("The task's title, if any.")] string? title = null,
        CancellationToken ct = default) =>
        ChangeAsync("start_work", () => knowledge.StartTaskAsync(caller.Team, taskId, experts ?? [], title, ct),
            (result, started) => new McpStartResult(taskId.Trim(), result.Duplicate || result.EventCount == 0, started, result.EventCount));

    /// <summary>cancel_work.</summary>
    [McpServerTool(Name = "cancel_work", Title = "Cancel a started task", Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Cancel a task started with start_work for experts who will not finish it (abandoned, or started for the wrong expert), as `kos task cancel` does: it no longer counts as their open work (openTasks in list_experts; route_task's workload). Cancelling a task not open for them writes nothing. Needs write access.")]
    public Task<CallToolResult> CancelWork(
        [Description("The task's id, as it was started.")] string taskId,
        [Description("The experts for whom it is cancelled: slugs (see list_experts).")] string[] experts,
        [Description("Why it is cancelled, if it should be on record.")] string? reason = null,
        CancellationToken ct = default) =>
        ChangeAsync("cancel_work", () => knowledge.CancelTaskAsync(caller.Team, taskId, experts ?? [], reason, ct),
            (result, cancelled) => new McpCancelResult(taskId.Trim(), cancelled.Count == 0, cancelled, result.EventCount));

    // The one shape of both: the write scope checked, the write made, the experts it changed passed on.
    private Task<CallToolResult> ChangeAsync(string tool, Func<Task<WriteResult>> write, Func<WriteResult, IReadOnlyList<string>, object> answer) =>
        McpToolRun.RunAsync(caller, async () =>
        {
            if (!caller.CanWrite) throw new McpForbiddenException($"{tool} needs an API key with the write scope; this key has read only.");
            var result = await write();
            return answer(result, [.. result.Changes.Where(c => c.Events > 0).Select(c => c.Expert)]);
        });
}
