using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.OpenApi;
using KnowledgeOs.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeOs.Server.Retrieval;

/// <summary>Asking for a context pack.</summary>
/// <param name="Task">The task's text (required unless a title is given).</param>
/// <param name="Title">The task's title.</param>
/// <param name="Experts">Participants' slugs (default: the top 3 routing picks).</param>
/// <param name="Budget">Most characters of Markdown (default 6000, 500–200000), or tokens with <paramref name="BudgetUnit"/> tokens (default 1500, 150–100000).</param>
/// <param name="Lang">ru or en; the team's language when absent.</param>
/// <param name="BudgetUnit">chars (default) or tokens.</param>
/// <param name="Tokenizer">o200k (default) or cl100k; naming one without a unit means tokens.</param>
public sealed record ContextRequest(string? Task = null, string? Title = null, IReadOnlyList<string>? Experts = null, int? Budget = null, string? Lang = null,
    string? BudgetUnit = null, string? Tokenizer = null);

/// <summary>Asking where to route a task.</summary>
/// <param name="Task">The task's text (required unless a title is given).</param>
/// <param name="Title">The task's title.</param>
/// <param name="Top">How many experts (default 5, at most 100).</param>
public sealed record RouteRequest(string? Task = null, string? Title = null, int? Top = null);

/// <summary>Experts ranked for a task.</summary>
/// <param name="Team">The team.</param>
/// <param name="Experts">Best first, each with the reason.</param>
public sealed record RouteResult(string Team, IReadOnlyList<RoutedExpert> Experts);

/// <summary>Knowledge served back: the context pack for a task and routing a task to the right expert (docs/RETRIEVAL.md).</summary>
public static class RetrievalApi
{
    /// <summary>The response header that carries a Markdown context pack's id (a report's <c>usedItems</c> takes it).</summary>
    public const string PackIdHeader = "X-Kos-Pack-Id";

    /// <summary>Registers what the endpoints (and the MCP tools) use: hybrid when an embedding provider is configured (the stack is registered).</summary>
    public static IServiceCollection AddRetrieval(this IServiceCollection services) =>
        services.AddSingleton(sp => new RetrievalService(sp.GetRequiredService<KnowledgeService>(),
            sp.GetService<KnowledgeOs.Hosting.Embeddings.EmbeddingStack>()?.Neighbours()));

    /// <summary>Maps the endpoints under a team group (read scope, as the group requires).</summary>
    public static IEndpointRouteBuilder MapRetrieval(this IEndpointRouteBuilder team)
    {
        var retrieval = team.MapGroup("/").WithTags("Retrieval");
        retrieval.MapPost("/context", Context).WithName("ContextPack").WithSummary("Context pack for a task")
            .WithDescription("The team's knowledge for a task, per participant, most relevant first, within a character budget. JSON with the Markdown inside; send Accept: text/markdown for the Markdown alone: its pack id is then in the X-Kos-Pack-Id header and a first-line HTML comment.")
            .ProducesMarkdown();
        retrieval.MapPost("/route", Route).WithName("RouteTask").WithSummary("Route a task")
            .WithDescription("The team's experts ranked for a task: knowledge (BM25 × evidence), role, successful tasks and level, times the success rate on similar tasks and the workload (open tasks), each with the reason.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return team;
    }

    /// <summary>POST context.</summary>
    public static async Task<Results<Ok<ContextPack>, FileContentHttpResult>> Context(string team, ContextRequest body, RetrievalService retrieval,
        HttpRequest request, HttpResponse response, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var language = RenderOptions.ParseRequested(body.Lang, "lang");
        var (unit, tokenizer) = PackBudget.Parse(body.BudgetUnit, body.Tokenizer, "budgetUnit", "tokenizer");
        var pack = await retrieval.ContextAsync(team, new ContextPackRequest(body.Task ?? "", body.Title, body.Experts,
            body.Budget ?? PackBudget.DefaultFor(unit, ContextPack.DefaultBudget), language, unit, tokenizer), ct);
        if (!WantsMarkdown(request)) return TypedResults.Ok(pack);
        // An agent that reads only the Markdown still has the id to report back: in a header, and in the text itself.
        response.Headers[PackIdHeader] = pack.PackId;
        return TypedResults.Bytes(Encoding.UTF8.GetBytes(PackIdComment(pack.PackId) + "\n" + pack.Markdown), "text/markdown; charset=utf-8");
    }

    /// <summary>POST route.</summary>
    public static async Task<Ok<RouteResult>> Route(string team, RouteRequest body, RetrievalService retrieval, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var experts = await retrieval.RouteAsync(team, body.Task, body.Title, body.Top ?? 5, ct);
        return TypedResults.Ok(new RouteResult(team, experts));
    }

    /// <summary>The first line of a Markdown context pack: an HTML comment (invisible when rendered) naming its id. A pack id is base64url, so it never holds <c>--&gt;</c>.</summary>
    public static string PackIdComment(string packId) => $"<!-- kos:pack-id {packId} -->";

    private static bool WantsMarkdown(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/markdown", StringComparison.OrdinalIgnoreCase);
}
