using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Hosting;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.Idempotency;
using KnowledgeOs.Server.OpenApi;
using KnowledgeOs.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeOs.Server.Experts;

/// <summary>Experts of a team: list, get (with ETag), onboard, change (with If-Match).</summary>
public static class ExpertsApi
{
    /// <summary>Maps the endpoints under a team group.</summary>
    public static IEndpointRouteBuilder MapExperts(this IEndpointRouteBuilder team)
    {
        var experts = team.MapGroup("/experts").WithTags("Experts");
        experts.MapGet("/", List).WithName("ListExperts").WithSummary("List experts").WithDescription("The team's experts with computed metrics, by slug, paged (limit, cursor); filter by status or tag.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        experts.MapGet("/{slug}", Get).WithName("GetExpert").WithSummary("Get an expert").WithDescription("One expert; the ETag is its version.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        experts.MapPost("/", Onboard).WithName("OnboardExpert").WithSummary("Onboard an expert").WithDescription("Onboard an expert (a repeat with the same profile changes nothing).")
            .RequireScope(ApiKeyScopes.Admin).WithIdempotencyKey()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        experts.MapPatch("/{slug}", Change).WithName("ChangeExpert").WithSummary("Change an expert").WithDescription("Change profile fields; send If-Match with the ETag you read.")
            .RequireScope(ApiKeyScopes.Admin).WithIdempotencyKey()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed);
        return team;
    }

    /// <summary>GET experts.</summary>
    public static async Task<Ok<Page<ExpertView>>> List(string team, string? status, string? tag, int? limit, string? cursor, KnowledgeService service,
        KosServerOptions options, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        // An unknown status is a 400 naming the parameter, not an empty list that reads as "nobody has it".
        var wanted = ExpertStatuses.ParseInput(status);
        var page = Paging.Read("experts", limit, cursor, options);
        var all = await service.ListAsync(team, ct);
        var matching = all
            .Where(s => wanted is null || s.State.Status == wanted)
            .Where(s => tag is null || s.State.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase));
        return TypedResults.Ok(Paging.Slice(matching, s => s.State.Slug, StringComparer.Ordinal, ExpertView.Of, page, http));
    }

    /// <summary>GET one expert.</summary>
    public static async Task<Results<Ok<ExpertView>, StatusCodeHttpResult>> Get(string team, string slug, KnowledgeService service,
        ProjectionGenerationWatch generation, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        Queries.Slug(slug, "slug");
        var seen = generation.Current; // before the load, as in KnowledgeApi: a rebuild moves no version, only this
        var snapshot = await service.GetAsync(team, slug, null, ct);
        var etag = Versions.ViewETag(snapshot.Version, seen);
        http.Response.Headers.ETag = etag;
        if (Versions.NotModified(http.Request, etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Ok(ExpertView.Of(snapshot));
    }

    /// <summary>POST an expert.</summary>
    public static async Task<Results<Created<ExpertView>, Ok<ExpertView>>> Onboard(string team, OnboardRequest request, Caller caller,
        KnowledgeService service, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var result = await service.OnboardAsync(team, request.ToCommand(), caller.Source, ct, CallerIdempotencyKey.Of(http));
        if (result.Replayed) CallerIdempotencyKey.MarkReplayed(http.Response);
        var snapshot = result.Changes.Single().Snapshot;
        Versions.SetETag(http.Response, snapshot.Version);
        var view = ExpertView.Of(snapshot);
        return result.EventCount > 0
            ? TypedResults.Created($"/api/v1/teams/{team}/experts/{request.Slug}", view)
            : TypedResults.Ok(view);
    }

    /// <summary>PATCH an expert.</summary>
    public static async Task<Ok<ExpertView>> Change(string team, string slug, ChangeRequest request, Caller caller,
        KnowledgeService service, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        Queries.Slug(slug, "slug");
        var expected = Versions.IfMatch(http.Request);
        // One write, no read around it: the service checks If-Match under the expert's lock (412 when stale) and
        // returns the state and version it wrote.
        var result = await service.ChangeAsync(team, slug, request.ToCommand(), caller.Source, expected, ct, CallerIdempotencyKey.Of(http));
        if (result.Replayed) CallerIdempotencyKey.MarkReplayed(http.Response);
        var snapshot = result.Changes.Single().Snapshot;
        Versions.SetETag(http.Response, snapshot.Version);
        return TypedResults.Ok(ExpertView.Of(snapshot));
    }
}
