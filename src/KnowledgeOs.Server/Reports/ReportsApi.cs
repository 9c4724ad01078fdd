using KnowledgeOs.Events;
using KnowledgeOs.Application;
using KnowledgeOs.Hosting;
using KnowledgeOs.Learning;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.Idempotency;
using KnowledgeOs.Server.OpenApi;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeOs.Server.Reports;

/// <summary>What learning from a report did.</summary>
/// <param name="TaskId">The report's task id (its idempotency key).</param>
/// <param name="Format">native or atra.</param>
/// <param name="Duplicate">True when this task was learned before: nothing was written now.</param>
/// <param name="Events">Events written now.</param>
/// <param name="Changes">Per expert: events written and the version after.</param>
/// <param name="Onboarded">Experts onboarded by this report (<c>?onboard=true</c>).</param>
public sealed record ReportResult(string TaskId, string Format, bool Duplicate, int Events, IReadOnlyList<ReportChange> Changes, IReadOnlyList<string> Onboarded)
{
    /// <summary>The revision applied (<c>?amend=true</c> for a task learned before): 8 hex digits of the report's content hash; absent for a plain learn.</summary>
    public string? Revision { get; init; }
}

/// <summary>What a report did to one expert; the knowledge base itself is read with GET (the answer's size follows the report, not the history).</summary>
/// <param name="Expert">Slug.</param>
/// <param name="Events">Events written now.</param>
/// <param name="Version">The expert's stream version after the write (an <c>If-Match</c> for a later change).</param>
public sealed record ReportChange(string Expert, int Events, long Version);

/// <summary>A task as the team's knowledge bases remember it.</summary>
/// <param name="TaskId">Task id.</param>
/// <param name="Title">Title.</param>
/// <param name="Participants">Who took part, with their outcome and the report's source.</param>
public sealed record TaskView(string TaskId, string Title, IReadOnlyList<TaskParticipantView> Participants)
{
    /// <summary>What the task was, when the report said.</summary>
    public string? Description { get; init; }
    /// <summary>The report's metrics, typed; absent when it had none.</summary>
    public IReadOnlyList<TaskMeasurement>? Measurements { get; init; }
    /// <summary>The revision in force (<c>?amend=true</c>); absent for the report first learned.</summary>
    public string? Revision { get; init; }
}

/// <summary>One participant of a task.</summary>
/// <param name="Expert">Slug.</param>
/// <param name="Outcome">success, partial, failure or unknown.</param>
/// <param name="ErrorsFixed">Errors fixed.</param>
/// <param name="Source">task:&lt;id&gt; or retro:&lt;id&gt;.</param>
/// <param name="CompletedAt">When it completed.</param>
public sealed record TaskParticipantView(string Expert, Outcome Outcome, int ErrorsFixed, string Source, DateTimeOffset CompletedAt);

/// <summary>Task reports in the native or the ATRA retrospective format; the task id makes a replay harmless.</summary>
public static class ReportsApi
{
    /// <summary>Maps the endpoints under a team group.</summary>
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder team)
    {
        var reports = team.MapGroup("/reports").WithTags("Reports");
        reports.MapPost("/", Learn).WithName("LearnReport").WithSummary("Learn from a report")
            .WithDescription("Learn from a task report (native or ATRA JSON). 201 when learned, 200 when this task was learned before. ?amend=true applies a revised report of a task learned before.")
            .Accepts<object>("application/json")
            .RequireScope(ApiKeyScopes.Write).WithIdempotencyKey()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity);
        reports.MapGet("/{taskId}", Get).WithName("GetTask").WithSummary("Get a task").WithDescription("Which experts learned from a task, and its outcome for each.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return team;
    }

    /// <summary>POST a report. The body is read as text and parsed by the same parser as <c>kos learn</c>, so errors name the report's own field.</summary>
    public static async Task<Results<Created<ReportResult>, Ok<ReportResult>>> Learn(string team, bool? onboard, bool? amend, KnowledgeService service,
        HttpRequest request, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw InputException.Of($"Send the report as application/json, not {type}.", "Content-Type", ErrorCodes.ContentTypeNotJson, type);
        // Bytes, decoded strictly: invalid UTF-8 is a 400 naming the body, never text altered to U+FFFD.
        var body = await BodyAsync(request, ct);
        var report = ReportParser.Parse(body.Span, "body", service.Options.LimitsInForce);
        var result = await service.LearnAsync(team, report, onboard ?? false, amend ?? false, CallerIdempotencyKey.Of(request.HttpContext), ct);
        if (result.Replayed) CallerIdempotencyKey.MarkReplayed(request.HttpContext.Response);
        // One array filled in one pass, on every POST (no iterator, list and copy).
        var changes = new ReportChange[result.Changes.Count];
        for (var i = 0; i < changes.Length; i++) changes[i] = new ReportChange(result.Changes[i].Expert, result.Changes[i].Events, result.Changes[i].Version);
        var events = result.EventCount;
        var view = new ReportResult(report.TaskId, report.Format, result.Duplicate, events, changes, result.Onboarded) { Revision = result.Revision };
        return result.Duplicate || events == 0
            ? TypedResults.Ok(view)
            : TypedResults.Created($"/api/v1/teams/{team}/reports/{Uri.EscapeDataString(report.TaskId)}", view);
    }

    /// <summary>The body's bytes, read once.</summary>
    private static async Task<ReadOnlyMemory<byte>> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        // A declared length within the server's limit: one array of that size, no growing copies. Kestrel refuses a
        // length over the limit only when the body is first read, so a larger one takes the stream path below and gets
        // its 413 there — never an allocation of what a header claims.
        var limit = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0;
        if (request.ContentLength is { } length and > 0 && length <= limit && length <= Array.MaxLength)
        {
            var bytes = new byte[length];
            await request.Body.ReadExactlyAsync(bytes, ct);
            return bytes;
        }
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        return body.GetBuffer().AsMemory(0, (int)body.Length);
    }

    /// <summary>GET a task.</summary>
    public static async Task<Ok<TaskView>> Get(string team, string taskId, KnowledgeService service, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var experts = await service.ListAsync(team, ct);
        var participants = experts
            .Select(e => (e.State.Slug, Task: e.State.Task(taskId)))
            .Where(p => p.Task is not null)
            .Select(p => (p.Slug, Task: p.Task!))
            .ToList();
        if (participants.Count == 0) throw NotFoundException.Of($"No expert of team '{team}' learned from task '{taskId}'.", ErrorCodes.TaskNotLearned, team, taskId);
        return TypedResults.Ok(new TaskView(taskId, participants[0].Task.Title,
            [.. participants.Select(p => new TaskParticipantView(p.Slug, p.Task.Outcome, p.Task.ErrorsFixed, p.Task.Source, p.Task.At))])
        {
            Description = participants[0].Task.Description, Measurements = participants[0].Task.Measurements, Revision = participants[0].Task.Revision,
        });
    }
}
