using System.ComponentModel;
using KnowledgeOs.Application;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace KnowledgeOs.Server.Mcp;

/// <summary>What <c>cancel_work</c> did.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Duplicate">True when it was open for none of the experts named: nothing was written.</param>
/// <param name="Cancelled">The experts for whom it is closed now.</param>
/// <param name="Events">Events written now.</param>
public sealed record McpCancelResult(string TaskId, bool Duplicate, IReadOnlyList<string> Cancelled, int Events);

/// <summary>
/// <c>cancel_work</c>: the write that closes a task <c>start_work</c> opened when it will not be finished (abandoned, or
/// started for the wrong expert), so routing no longer counts it as the expert's workload. Cancelling again writes nothing.
/// </summary>
[McpServerToolType]
public sealed class CancelWorkTool(KnowledgeService knowledge, McpCaller caller)
{
    /// <summary>cancel_work.</summary>
    [McpServerTool(Name = "cancel_work", Title = "Cancel a started task", Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Cancel a task started with start_work for experts who will not finish it (abandoned, or started for the wrong expert), as `kos task cancel` does: it no longer counts as their open work (openTasks in list_experts; route_task's workload). Cancelling a task not open for them writes nothing. Needs write access.")]
    public Task<CallToolResult> CancelWork(
        [Description("The task's id, as it was started.")] string taskId,
        [Description("The experts for whom it is cancelled: slugs (see list_experts).")] string[] experts,
        [Description("Why it is cancelled, if it should be on record.")] string? reason = null,
        CancellationToken ct = default) =>
        McpToolRun.RunAsync(caller, async () =>
        {
            if (!caller.CanWrite) throw new McpForbiddenException("cancel_work needs an API key with the write scope; this key has read only.");
            var result = await knowledge.CancelTaskAsync(caller.Team, taskId, experts ?? [], reason, ct);
            var cancelled = result.Changes.Where(c => c.Events > 0).Select(c => c.Expert).ToList();
            return new McpCancelResult(taskId.Trim(), cancelled.Count == 0, cancelled, result.EventCount);
        });
}
