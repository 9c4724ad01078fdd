using KnowledgeOs.Hosting;
using KnowledgeOs.Rendering;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos backup</c>: a consistent copy of the store while servers keep writing. SQLite: a compact database file
/// (<c>VACUUM INTO</c>); PostgreSQL: a logical archive of the store's events, idempotency keys and API keys (gzip JSON
/// lines with a checked trailer).
/// </summary>
public sealed class BackupCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<BackupCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>The backup file.</summary>
        [CommandArgument(0, "<FILE>")]
        [Description("New file to write (refused if it exists).")]
        public string File { get; init; } = "";
    }

    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var file = Path.GetFullPath(settings.File);
        if (System.IO.File.Exists(file)) throw InputException.Of($"{file} already exists; back up to a new file.", "FILE", ErrorCodes.FileExists, file);
        var location = settings.Location;
        ArchiveSummary summary;
        CliLabels? labels = null; // the team's language is read once, on the store the work opened when it opened one
        if (location.Kind == StoreKind.Sqlite)
        {
            if (!System.IO.File.Exists(location.Target)) throw InputException.Of($"{Path.GetFullPath(location.Target)} does not exist; nothing to back up.", "--data",
                ErrorCodes.FileMissing, Path.GetFullPath(location.Target), "--data");
            summary = await ServerArchive.BackupSqliteAsync(location.Target, file, ct); // a file copy: the store is not opened for it
            if (!settings.Json) labels = await KosSession.LabelsAsync(settings, time, ct);
        }
        else
        {
            await using var session = await KosSession.OpenAsync(settings, time, ct);
            summary = await WriteArchiveAsync(await ServerArchive.OpenAsync(session.Store, time, ct), file, location.Describe(), ct);
            if (!settings.Json) labels = await session.LabelsAsync(ct);
        }
        if (labels is null)
        {
            Output.Json(console, new { store = location.Describe(), file, summary.Events, summary.Keys, summary.ApiKeys, sha256 = summary.Hash });
        }
        else
        {
            Output.Line(console, labels.BackedUp(location.Describe(), file, summary.Events, summary.Keys, summary.ApiKeys));
            Output.Line(console, labels.BackupHash(summary.Hash, settings.File));
        }
        return ExitCodes.Ok;
    }

    /// <summary>Writes an archive beside the target and renames it when complete, so a cut-off run leaves no half backup.</summary>
    private async Task<ArchiveSummary> WriteArchiveAsync(IStoreArchive archive, string file, string source, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var partial = file + ".partial";
        try
        {
            ArchiveSummary summary;
            await using (var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                summary = await ArchiveFile.WriteAsync(output, archive.ExportAsync(ct), source, time, ct);
                await output.FlushAsync(ct);
                output.Flush(flushToDisk: true);
            }
            System.IO.File.Move(partial, file);
            return summary;
        }
        catch
        {
            System.IO.File.Delete(partial);
            throw;
        }
    }
}
