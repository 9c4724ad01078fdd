using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.OpenApi;

namespace KnowledgeOs.Server.Knowledge;

/// <summary><c>GET …/experts/{slug}/guidance.md</c>: the expert's guidance block, as <c>kos guidance SLUG</c> prints it.</summary>
public static class GuidanceApi
{
    /// <summary>Maps the endpoint under a team group.</summary>
    public static IEndpointRouteBuilder MapGuidance(this IEndpointRouteBuilder team)
    {
        team.MapGroup("/").WithTags("Knowledge").MapGet("/experts/{slug}/guidance.md", Guidance).WithName("GetGuidance").WithSummary("Guidance for agents")
            .WithDescription("The expert's guidance for agents as a marked Markdown block (role, confirmed practices and lessons, open problems, with item ids), to put into AGENTS.md or CLAUDE.md. The same log position gives the same bytes.")
            .ProducesMarkdown();
        return team;
    }

    /// <summary>GET guidance.md.</summary>
    public static async Task<IResult> Guidance(string team, string slug, int? budget, KnowledgeService service, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        Queries.Slug(slug, "slug");
        var guidance = await GuidanceCompiler.CompileAsync(service, team, slug, budget ?? GuidanceBlock.DefaultBudget, ct);
        return TypedResults.Bytes(Encoding.UTF8.GetBytes(guidance.Block + "\n"), "text/markdown; charset=utf-8");
    }
}
