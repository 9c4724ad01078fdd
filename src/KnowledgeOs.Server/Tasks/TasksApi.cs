using KnowledgeOs.Application;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.Idempotency;
using KnowledgeOs.Server.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeOs.Server.Tasks;

/// <summary>Starting a task.</summary>
/// <param name="Experts">The experts working on it (slugs); at least one, each in the team.</param>
/// <param name="Title">The task's title, if any.</param>
public sealed record StartTaskRequest(IReadOnlyList<string>? Experts, string? Title = null);

/// <summary>What starting a task did.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Duplicate">True when it was open (or finished) for every expert named: nothing was written.</param>
/// <param name="Started">The experts for whom it is open from now (a <c>v1.TaskStarted</c> each).</param>
/// <param name="Events">Events written now.</param>
public sealed record StartTaskResult(string TaskId, bool Duplicate, IReadOnlyList<string> Started, int Events);

/// <summary>Cancelling a started task.</summary>
/// <param name="Experts">The experts for whom it is cancelled (slugs); at least one, each in the team.</param>
/// <param name="Reason">Why, if the caller wants it on record.</param>
public sealed record CancelTaskRequest(IReadOnlyList<string>? Experts, string? Reason = null);

/// <summary>What cancelling a task did.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Duplicate">True when it was open for none of the experts named: nothing was written.</param>
/// <param name="Cancelled">The experts for whom it is closed now (a <c>v1.TaskCancelled</c> each).</param>
/// <param name="Events">Events written now.</param>
public sealed record CancelTaskResult(string TaskId, bool Duplicate, IReadOnlyList<string> Cancelled, int Events);

/// <summary>Tasks under way: a start makes the task open work for its experts (routing's workload) until its report is learned.</summary>
public static class TasksApi
{
    /// <summary>Maps the endpoints under a team group.</summary>
    public static IEndpointRouteBuilder MapTasks(this IEndpointRouteBuilder team)
    {
        var tasks = team.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapPost("/{taskId}/start", Start).WithName("StartTask").WithSummary("Start a task")
            .WithDescription("Record that these experts started the task: it is open work for each (openTasks; routing ranks a busy expert lower) until a report of the task is learned for them. 201 when a start was recorded, 200 when it was open or finished already for every expert (nothing written).")
            .RequireScope(ApiKeyScopes.Write).WithIdempotencyKey()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        tasks.MapPost("/{taskId}/cancel", Cancel).WithName("CancelTask").WithSummary("Cancel a started task")
            .WithDescription("Close a started task for experts who will not finish it (abandoned, or started for the wrong expert): it is no longer their open work (openTasks; routing's workload). 200 with the experts for whom it was closed; 200 with duplicate true when it was open for none of them (nothing written). 404 for an expert not in the team.")
            .RequireScope(ApiKeyScopes.Write).WithIdempotencyKey()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return team;
    }

    /// <summary>POST a start.</summary>
    public static async Task<Results<Created<StartTaskResult>, Ok<StartTaskResult>>> Start(string team, string taskId, StartTaskRequest? request,
        KnowledgeService service, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var result = await service.StartTaskAsync(team, taskId, request?.Experts ?? [], request?.Title, ct, CallerIdempotencyKey.Of(http));
        if (result.Replayed) CallerIdempotencyKey.MarkReplayed(http.Response);
        var view = new StartTaskResult(taskId.Trim(), result.Duplicate || result.EventCount == 0, [.. result.Changes.Where(c => c.Events > 0).Select(c => c.Expert)],
            result.EventCount);
        return view.Duplicate ? TypedResults.Ok(view) : TypedResults.Created((string?)null, view);
    }

    /// <summary>POST a cancel.</summary>
    public static async Task<Ok<CancelTaskResult>> Cancel(string team, string taskId, CancelTaskRequest? request, KnowledgeService service, HttpContext http,
        CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var result = await service.CancelTaskAsync(team, taskId, request?.Experts ?? [], request?.Reason, ct, CallerIdempotencyKey.Of(http));
        if (result.Replayed) CallerIdempotencyKey.MarkReplayed(http.Response);
        var cancelled = result.Changes.Where(c => c.Events > 0).Select(c => c.Expert).ToList();
        return TypedResults.Ok(new CancelTaskResult(taskId.Trim(), cancelled.Count == 0, cancelled, result.EventCount));
    }
}
