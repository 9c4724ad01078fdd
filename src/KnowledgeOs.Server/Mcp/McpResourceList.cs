using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace KnowledgeOs.Server.Mcp;

/// <summary>
/// <c>resources/list</c> names the concrete resources of the caller's team (each expert's knowledge base and program,
/// the team document) besides the templates: a client that only lists resources still finds them.
/// </summary>
public static class McpResourceList
{
    /// <summary>Adds the team's concrete resources to every <c>resources/list</c> answer.</summary>
    public static IMcpServerBuilder WithTeamResourceList(this IMcpServerBuilder builder) =>
        builder.WithRequestFilters(f => f.AddListResourcesFilter(next => async (context, ct) =>
        {
            var result = await next(context, ct);
            var services = context.Services ?? throw new InvalidOperationException("An MCP request without services.");
            var caller = services.GetRequiredService<McpCaller>();
            if (caller.Refusal is not null) return result;
            var experts = await services.GetRequiredService<Application.KnowledgeService>().ListAsync(caller.Team, ct);
            var listed = new List<Resource>(result.Resources)
            {
                new() { Uri = KnowledgeResources.TeamUri(caller.Team), Name = "team.md", Title = "The team document", MimeType = "text/markdown" },
            };
            foreach (var e in experts)
            {
                var name = $"{e.State.DisplayName} ({e.State.Role})";
                listed.Add(new() { Uri = KnowledgeResources.KnowledgeUri(caller.Team, e.State.Slug), Name = e.State.Slug + "/knowledge.md", Title = "Knowledge base: " + name, MimeType = "text/markdown" });
                listed.Add(new() { Uri = KnowledgeResources.ProgramUri(caller.Team, e.State.Slug), Name = e.State.Slug + "/program.md", Title = "Program: " + name, MimeType = "text/markdown" });
                listed.Add(new() { Uri = KnowledgeResources.BacklogUri(caller.Team, e.State.Slug), Name = e.State.Slug + "/backlog.md", Title = "Improvement backlog: " + name, MimeType = "text/markdown" });
            }
            result.Resources = listed;
            return result;
        }));
}
