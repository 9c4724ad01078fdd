using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Hosting;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.Idempotency;
using KnowledgeOs.Server.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeOs.Server.Transfer;

/// <summary>What importing uploaded files did; file names are the uploaded names, never server paths.</summary>
/// <param name="DryRun">True when nothing was written (<c>?dryRun=true</c>).</param>
/// <param name="Imported">Files that imported.</param>
/// <param name="Failed">Files that failed (each names why).</param>
/// <param name="Files">Per file, as <c>kos import --json</c> reports it: warnings, repair note and look-alike reasons worded in the team's language (or <c>?lang=</c>'s) beside their <c>code</c>/<c>args</c>/<c>reasonCode</c>.</param>
public sealed record ImportResult(bool DryRun, int Imported, int Failed, IReadOnlyList<FileImportReport> Files);

/// <summary>Import of old Markdown knowledge bases and learning programs, uploaded as multipart form files.</summary>
public static class ImportApi
{
    /// <summary>Longest uploaded file name, in UTF-8 bytes: what Linux, macOS and Windows file systems all hold.</summary>
    public const int MaxFileNameBytes = 255;

    /// <summary>Maps the endpoint under a team group.</summary>
    public static IEndpointRouteBuilder MapImport(this IEndpointRouteBuilder team, KosServerOptions options)
    {
        team.MapPost("/import", Import).WithName("ImportDocuments").WithSummary("Import documents").WithTags("Import and export")
            .WithDescription("Import Markdown knowledge bases and learning programs (multipart files); a file imports whole or not at all, and again changes nothing. The notes are worded in the team's language unless ?lang=ru|en says otherwise; each keeps its code.")
            .RequireScope(ApiKeyScopes.Admin).WithIdempotencyKey()
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(options.MaxImportBodyBytes))
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge);
        return team;
    }

    /// <summary>POST files.</summary>
    public static async Task<Ok<ImportResult>> Import(string team, bool? dryRun, string? lang, IFormFileCollection files, ImportService importer,
        KnowledgeService service, KosServerOptions options, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var asked = RenderOptions.ParseRequested(lang, "lang"); // a bad value is refused before anything is read
        if (files.Count == 0) throw InputException.Of("Attach at least one Markdown file (multipart/form-data, any field name).", "files", ErrorCodes.FilesMissing);
        if (files.Count > 500) throw InputException.Of($"{files.Count} files in one request; the limit is 500.", "files", ErrorCodes.FilesTooMany,
            files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "500");
        // The service reads files from disk (as kos import does): the uploads go to a private temporary folder,
        // under their own names only, so no client-chosen path ever reaches the file system.
        var folder = Directory.CreateTempSubdirectory("kos-import-");
        try
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var file in files)
            {
                var name = Path.GetFileName(file.FileName ?? "");
                if (name.Length == 0 || name.StartsWith('.') || name.Any(c => char.IsControl(c)))
                    throw InputException.Of($"'{file.FileName}' is not a usable file name.", "files", ErrorCodes.FileNameUnusable, file.FileName ?? "");
                // Longer than a file system allows (255 bytes on Linux): refused here rather than failing to create it.
                if (Encoding.UTF8.GetByteCount(name) > MaxFileNameBytes)
                    throw InputException.Of($"File name '{name[..40]}…' is {name.Length} characters long; the limit is {MaxFileNameBytes} bytes (UTF-8).", "files",
                        ErrorCodes.FileNameTooLong, name[..40], name.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        MaxFileNameBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (!names.TryAdd(name, name)) throw InputException.Of($"Two files are named '{name}'.", "files", ErrorCodes.FileNameTwice, name);
                var path = Path.Combine(folder.FullName, name);
                await using var target = File.Create(path);
                await file.CopyToAsync(target, ct);
            }
            var paths = names.Keys.Order(StringComparer.Ordinal).Select(n => Path.Combine(folder.FullName, n)).ToList();
            var report = await importer.ImportAsync(team, paths,
                new ImportOptions(DryRun: dryRun ?? false, MaxFileBytes: options.MaxImportBodyBytes) { CallerKey = CallerIdempotencyKey.Of(http) }, ct: ct);
            if (report.Files.Any(f => f.Replayed)) CallerIdempotencyKey.MarkReplayed(http.Response);
            // The notes in the team's language as it is after the import (Russian for a team with no text yet), or ?lang='s.
            var language = asked ?? TeamLanguage.Of((await service.ListAsync(team, ct)).Select(e => e.State));
            var perFile = report.Files.Select(f => f.WordedIn(CliLabels.For(language)) with { Path = Path.GetFileName(f.Path) }).ToList();
            return TypedResults.Ok(new ImportResult(report.DryRun, report.Imported, report.Failed, perFile));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
