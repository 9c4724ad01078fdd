using KnowledgeOs.Hosting;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos restore</c>: loads a backup (an SQLite backup file or a PostgreSQL archive) into an empty store of either
/// kind — events and idempotency keys in one transaction, then the server's API keys — and proves it by counts and
/// content hash. A damaged or cut-off file writes nothing.
/// </summary>
public sealed class RestoreCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<RestoreCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>The backup file.</summary>
        [CommandArgument(0, "<FILE>")]
        [Description("A file written by kos backup (SQLite database or .jsonl.gz archive).")]
        public string File { get; init; } = "";
    }

    /// <inheritdoc/>
    protected override void CheckInput(Settings settings)
    {
        var file = Path.GetFullPath(settings.File);
        if (!System.IO.File.Exists(file)) throw InputException.Of($"{file} does not exist.", "FILE", ErrorCodes.FileMissing, file);
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var file = Path.GetFullPath(settings.File);
        var location = settings.Location;
        var target = await ServerArchive.OpenAsync(session.Store, Time, ct);
        ArchiveSummary restored;
        if (SqliteBackup.IsSqliteFile(file))
        {
            restored = await StoreCopy.CopyAsync(ServerArchive.ReadSqliteAsync(file, ct), target, ct);
        }
        else if (ArchiveFile.IsArchive(file))
        {
            await using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            restored = await StoreCopy.CopyAsync(ArchiveFile.ReadAsync(input, file, ct), target, ct);
        }
        else
        {
            throw InputException.Of($"{file} is neither an SQLite backup nor a KnowledgeOS archive.", "FILE", ErrorCodes.BackupUnknown, file);
        }
        if (settings.Json)
        {
            Output.Json(Console, new { store = location.Describe(), file, restored.Events, restored.Keys, restored.ApiKeys, sha256 = restored.Hash, verified = true });
        }
        else
        {
            var l = await session.LabelsAsync(ct); // the restored team's language, on the store already open
            Output.Line(Console, l.Restored(file, location.Describe(), restored.Events, restored.Keys, restored.ApiKeys));
            Output.Line(Console, l.RestoreVerified(restored.Hash));
        }
        return ExitCodes.Ok;
    }
}
