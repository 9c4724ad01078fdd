using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.OpenApi;
using KnowledgeOs.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeOs.Server.Experts;

/// <summary>The teams a caller may see: its key's team, or every team when authentication is off.</summary>
public static class TeamsApi
{
    /// <summary>Maps <c>GET /api/v1/teams</c>.</summary>
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/teams", List).WithName("ListTeams").WithSummary("List teams").WithTags("Teams").RequireCaller().WithDescription("Teams visible to the caller (every team without keys, the key's own team with one), by slug, paged (limit, cursor).")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <summary>GET teams.</summary>
    public static async Task<Ok<Page<string>>> List(int? limit, string? cursor, Caller caller, IEventStore store, KosServerOptions options,
        HttpContext http, CancellationToken ct)
    {
        var page = Paging.Read("teams", limit, cursor, options);
        var teams = await store.TeamsAsync(ct);
        var visible = caller.Key is { } key ? teams.Where(t => t == key.Team) : teams;
        return TypedResults.Ok(Paging.Slice(visible, t => t, StringComparer.Ordinal, t => t, page, http));
    }
}
