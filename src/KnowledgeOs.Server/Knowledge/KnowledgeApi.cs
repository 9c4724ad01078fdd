using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Hosting;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.OpenApi;
using KnowledgeOs.Server.Telemetry;
using KnowledgeOs.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeOs.Server.Knowledge;

/// <summary>Metrics of one expert, named.</summary>
/// <param name="Expert">Slug.</param>
/// <param name="DisplayName">Name.</param>
/// <param name="Version">Stream version the metrics were computed at.</param>
/// <param name="Metrics">Computed metrics.</param>
public sealed record ExpertMetricsView(string Expert, string DisplayName, long Version, ExpertMetrics Metrics);

/// <summary>Rendered knowledge bases (Markdown, as the ATRA documents look, and JSON) and computed metrics.</summary>
public static class KnowledgeApi
{
    /// <summary>Maps the endpoints under a team group.</summary>
    public static IEndpointRouteBuilder MapKnowledge(this IEndpointRouteBuilder team)
    {
        var knowledge = team.MapGroup("/").WithTags("Knowledge");
        knowledge.MapGet("/experts/{slug}/knowledge.md", Markdown).WithName("RenderKnowledgeMarkdown").WithSummary("Knowledge base as Markdown")
            .WithDescription("The knowledge base as Markdown, now, as of asOf (what had happened by then) or recordedAsOf (what had been recorded by then); a date means its end, UTC.")
            .ProducesMarkdown();
        knowledge.MapGet("/experts/{slug}/knowledge", Json).WithName("GetKnowledge").WithSummary("Knowledge base as JSON")
            .WithDescription("The knowledge base as JSON (every item with provenance, tasks, metrics), now or at asOf / recordedAsOf.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        knowledge.MapGet("/experts/{slug}/metrics", ExpertMetricsOf).WithName("GetExpertMetrics").WithSummary("An expert's metrics").WithDescription("Computed metrics of one expert, now or at asOf / recordedAsOf.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        knowledge.MapGet("/metrics", TeamMetrics).WithName("GetTeamMetrics").WithSummary("The team's metrics")
            .WithDescription("Computed metrics of every expert of the team, now or at asOf / recordedAsOf (experts with nothing yet then are left out).");
        return team;
    }

    /// <summary>GET knowledge.md.</summary>
    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> Markdown(string team, string slug, string? lang, string? asOf, string? recordedAsOf,
        KnowledgeService service, RenderCache cache, ProjectionGenerationWatch generation, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        Queries.Slug(slug, "slug");
        if (lang is not null) RenderOptions.ParseLanguage(lang, "lang"); // a bad value is refused before any read
        var at = Queries.PointOfView(asOf, recordedAsOf);
        var seen = generation.Current; // before the load: a render of a state read before a rebuild is never kept under the new generation
        var snapshot = await service.GetAsync(team, slug, at, ct);
        // Without ?lang= the document is in its own language (the TeamLanguage rule over this expert's text: no team scan per read).
        var language = TeamLanguage.Resolve(lang, "lang", [snapshot.State]);
        if (at is null)
        {
            var etag = Versions.ViewETag(snapshot.Version, seen);
            http.Response.Headers.ETag = etag;
            if (Versions.NotModified(http.Request, etag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        byte[] Render() => KosTelemetry.Project("markdown", team, slug,
            () => Encoding.UTF8.GetBytes(MarkdownRenderer.Render(snapshot.State, new RenderOptions(language))));
        var bytes = at is null ? cache.Get(new StreamId(team, slug), snapshot, seen, language, Render) : Render();
        return TypedResults.Bytes(bytes, "text/markdown; charset=utf-8");
    }

    /// <summary>GET knowledge as JSON.</summary>
    public static async Task<Ok<ExpertExport>> Json(string team, string slug, string? asOf, string? recordedAsOf, KnowledgeService service,
        ProjectionGenerationWatch generation, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        Queries.Slug(slug, "slug");
        var at = Queries.PointOfView(asOf, recordedAsOf);
        var seen = generation.Current;
        var snapshot = await service.GetAsync(team, slug, at, ct);
        if (at is null) http.Response.Headers.ETag = Versions.ViewETag(snapshot.Version, seen);
        return TypedResults.Ok(KosTelemetry.Project("json", team, slug, () => ExpertExport.Of(snapshot.State, snapshot.Version)));
    }

    /// <summary>GET an expert's metrics.</summary>
    public static async Task<Ok<ExpertMetricsView>> ExpertMetricsOf(string team, string slug, string? asOf, string? recordedAsOf, KnowledgeService service, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        Queries.Slug(slug, "slug");
        var snapshot = await service.GetAsync(team, slug, Queries.PointOfView(asOf, recordedAsOf), ct);
        return TypedResults.Ok(View(snapshot));
    }

    /// <summary>GET the team's metrics.</summary>
    public static async Task<Ok<IReadOnlyList<ExpertMetricsView>>> TeamMetrics(string team, string? asOf, string? recordedAsOf, KnowledgeService service, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var experts = await service.ListAsync(team, Queries.PointOfView(asOf, recordedAsOf), ct);
        IReadOnlyList<ExpertMetricsView> views = [.. experts.Select(View)];
        return TypedResults.Ok(views);
    }

    private static ExpertMetricsView View(Snapshot s) =>
        new(s.State.Slug, s.State.DisplayName, s.Version, KosTelemetry.Project("metrics", "", s.State.Slug, () => ExpertMetrics.Of(s.State)));
}
