using System.IO.Compression;
using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeOs.Server.Transfer;

/// <summary>Export of a team: the JSON export (every item with provenance) or a zip as <c>kos export</c> writes it.</summary>
public static class ExportApi
{
    /// <summary>Maps the endpoints under a team group.</summary>
    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder team)
    {
        var export = team.MapGroup("/export").WithTags("Import and export");
        export.MapGet("/", Json).WithName("ExportTeam").WithSummary("The team's JSON export, as kos export writes {team}_export.json.");
        export.MapGet("/zip", Zip).WithName("ExportTeamZip")
            .WithSummary("A zip of {slug}_knowledge.md for every expert (lang=ru|en) and {team}_export.json, as kos export writes them.")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return team;
    }

    /// <summary>GET the JSON export.</summary>
    public static async Task<ContentHttpResult> Json(string team, KnowledgeService service, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var experts = await service.ListAsync(team, ct);
        // The export format's own serializer options (indented, stable), so the body equals the CLI's file byte for byte.
        return TypedResults.Content(KnowledgeExport.Of(team, experts).ToJson(), "application/json; charset=utf-8");
    }

    /// <summary>GET the zip.</summary>
    public static async Task<FileContentHttpResult> Zip(string team, string? lang, KnowledgeService service, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var language = RenderOptions.ParseLanguage(lang, "lang");
        var experts = await service.ListAsync(team, ct);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var e in experts)
                await AddAsync(zip, $"{e.State.Slug}_knowledge.md", MarkdownRenderer.Render(e.State, new RenderOptions(language)), ct);
            await AddAsync(zip, $"{team}_export.json", KnowledgeExport.Of(team, experts).ToJson(), ct);
        }
        return TypedResults.File(buffer.ToArray(), "application/zip", $"{team}_export.zip");
    }

    private static async Task AddAsync(ZipArchive zip, string name, string content, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using var stream = await entry.OpenAsync(ct);
        var bytes = Encoding.UTF8.GetBytes(content);
        await stream.WriteAsync(bytes, ct);
    }
}
