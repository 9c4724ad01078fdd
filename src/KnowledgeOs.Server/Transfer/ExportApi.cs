using System.IO.Compression;
using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Programs;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.OpenApi;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeOs.Server.Transfer;

/// <summary>Export of a team: the JSON export (every item with provenance) or a zip as <c>kos export</c> writes it.</summary>
public static class ExportApi
{
    /// <summary>Maps the endpoints under a team group.</summary>
    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder team)
    {
        var export = team.MapGroup("/export").WithTags("Import and export");
        export.MapGet("/", Json).WithName("ExportTeam").WithSummary("Export the team (JSON)").WithDescription("The team's JSON export, as kos export writes {team}_export.json.");
        export.MapGet("/zip", Zip).WithName("ExportTeamZip").WithSummary("Export the team (zip)")
            .WithDescription("A zip of {slug}_knowledge.md for every expert, {slug}_program.md for every expert who brought a learning program (lang=ru|en, default the team's language) and {team}_export.json, as kos export writes them.")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        return team;
    }

    /// <summary>GET the JSON export, written straight to the response (a large team's text is never held whole).</summary>
    public static async Task<PushStreamHttpResult> Json(string team, KnowledgeService service, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var experts = await service.ListAsync(team, ct);
        // The export format's own serializer options (indented, stable), so the body equals the CLI's file byte for byte.
        var export = KnowledgeExport.Of(team, experts);
        return TypedResults.Stream(body => export.WriteToAsync(body, ct), "application/json; charset=utf-8");
    }

    /// <summary>
    /// GET the zip, written entry by entry straight to the response: memory stays at one expert's document however
    /// large the team (it used to be built whole in memory first, gigabytes for a few concurrent large teams).
    /// </summary>
    public static async Task<PushStreamHttpResult> Zip(string team, string? lang, KnowledgeService service, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var asked = RenderOptions.ParseRequested(lang, "lang"); // a bad value is refused before any read
        var experts = await service.ListAsync(team, ct);
        var language = asked ?? TeamLanguage.Of(experts.Select(e => e.State));
        // An entry's stream, closed asynchronously, still flushes its last deflate block with a synchronous write
        // (System.IO.Compression in .NET 10): a few bytes per entry, so this response alone may write synchronously.
        if (http.Features.Get<IHttpBodyControlFeature>() is { } control) control.AllowSynchronousIO = true;
        return TypedResults.Stream(async body =>
        {
            // The response body cannot seek: the archive writes each entry's sizes after its data (data descriptors).
            await using var zip = await ZipArchive.CreateAsync(body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct);
            foreach (var e in experts)
            {
                await WriteEntryAsync(zip, $"{e.State.Slug}_knowledge.md", MarkdownRenderer.Render(e.State, new RenderOptions(language)), ct);
                if (ProgramFileRenderer.Render(e.State, language == RenderLanguage.En) is { } program)
                    await WriteEntryAsync(zip, ProgramFileRenderer.FileName(e.State.Slug), program, ct);
            }
            await using var json = await zip.CreateEntry($"{team}_export.json", CompressionLevel.Fastest).OpenAsync(ct);
            await KnowledgeExport.Of(team, experts).WriteToAsync(json, ct);
        }, "application/zip", $"{team}_export.zip");
    }

    // One entry at a time: an archive being created holds one open entry, so each is closed before the next.
    private static async Task WriteEntryAsync(ZipArchive zip, string name, string text, CancellationToken ct)
    {
        await using var entry = await zip.CreateEntry(name, CompressionLevel.Fastest).OpenAsync(ct);
        await entry.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
    }
}
