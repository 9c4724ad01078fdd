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

/// <summary>
/// <c>start_work</c>: the write that says a task is under way, so routing sees who is busy (the prompt <c>start_task</c>
/// only reads: it prepares the context). Starting again writes nothing; the task's report closes it.
/// </summary>
[McpServerToolType]
public sealed class StartWorkTool(KnowledgeService knowledge, McpCaller caller)
{
    /// <summary>start_work.</summary>
    [McpServerTool(Name = "start_work", Title = "Start a task", Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Record that experts started a task, as `kos task start` does: the task counts as open work for each (openTasks in list_experts; route_task ranks a busy expert lower) until its report is learned (learn_from_report). Starting the same task again writes nothing. Needs write access.")]
    public Task<CallToolResult> StartWork(
        [Description("The task's id (the taskId its report will carry).")] string taskId,
        [Description("The experts working on it: slugs (see list_experts).")] string[] experts,
        [Description("The task's title, if any.")] string? title = null,
        CancellationToken ct = default) =>
        McpToolRun.RunAsync(caller, async () =>
        {
            if (!caller.CanWrite) throw new McpForbiddenException("start_work needs an API key with the write scope; this key has read only.");
            var result = await knowledge.StartTaskAsync(caller.Team, taskId, experts ?? [], title, ct);
            return new McpStartResult(taskId.Trim(), result.Duplicate || result.EventCount == 0,
                [.. result.Changes.Where(c => c.Events > 0).Select(c => c.Expert)], result.EventCount);
        });
}
