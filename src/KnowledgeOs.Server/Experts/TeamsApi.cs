using KnowledgeOs.Server.Auth;
using KnowledgeOs.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeOs.Server.Experts;

/// <summary>The teams a caller may see: its key's team, or every team when authentication is off.</summary>
public static class TeamsApi
{
    /// <summary>Maps <c>GET /api/v1/teams</c>.</summary>
    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/teams", List).WithName("ListTeams").WithSummary("List teams").WithTags("Teams").RequireCaller().WithDescription("Teams visible to the caller: every team without keys, the key's own team with one.");
        return app;
    }

    /// <summary>GET teams.</summary>
    public static async Task<Ok<IReadOnlyList<string>>> List(Caller caller, IEventStore store, CancellationToken ct)
    {
        var teams = await store.TeamsAsync(ct);
        IReadOnlyList<string> visible = caller.Key is { } key ? [.. teams.Where(t => t == key.Team)] : teams;
        return TypedResults.Ok(visible);
    }
}
