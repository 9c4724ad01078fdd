using System.Runtime.CompilerServices;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Hosting;

/// <summary>
/// A whole store as <c>kos migrate</c>, <c>kos backup</c> and <c>kos restore</c> copy it: the event store's events and
/// idempotency keys, then the server's API keys (hashes only) from the same database. The HTTP idempotency records
/// are not copied: they only guard client retries for a day, and a copied store is a new place to retry against.
/// </summary>
/// <param name="events">The event store's archive.</param>
/// <param name="keys">The API keys in the same database.</param>
/// <param name="where">The database, for messages.</param>
public sealed class ServerArchive(IStoreArchive events, ApiKeyStore keys, string where) : IStoreArchive
{
    /// <summary>The archive of an open store: its events and the API keys in its database.</summary>
    /// <exception cref="StorageException">The store cannot be copied whole or its server tables cannot be opened.</exception>
    public static async Task<ServerArchive> OpenAsync(IEventStore store, TimeProvider time, CancellationToken ct)
    {
        var archive = StoreFactory.Archive(store);
        var database = await ServerDatabase.OpenAsync(store, ct);
        return new(archive, new ApiKeyStore(database, time), database.Where);
    }

    /// <inheritdoc/>
    /// <remarks>Events and idempotency keys from one snapshot, then the API keys by id; keys are not tied to positions.</remarks>
    public async IAsyncEnumerable<ArchiveRecord> ExportAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var record in events.ExportAsync(ct).WithCancellation(ct)) yield return record;
        await foreach (var key in keys.ExportAsync(ct).WithCancellation(ct)) yield return key;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// A target that holds API keys is refused before anything is written. The events go in one transaction of the
    /// event store while the API keys are set aside; they are written once that commits — so a damaged archive (its
    /// end line is checked after the last key) writes neither.
    /// </remarks>
    public async Task<ArchiveSummary> ImportAsync(IAsyncEnumerable<ArchiveRecord> records, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (await keys.AnyAsync(ct))
            throw new ConflictException($"Cannot import into {where}: the store already holds API keys (kos keys list). Import into an empty store.")
                .WithCode(ErrorCodes.StoreHoldsKeys, where);
        var apiKeys = new List<ApiKeyRecord>();
        using var hash = new ArchiveHash();
        await events.ImportAsync(SetKeysAside(records, apiKeys, hash, ct), ct);
        try
        {
            await keys.ImportAsync(apiKeys, ct);
        }
        catch (StorageException ex)
        {
            // Rare (the rows were checked and the table was empty), but say plainly what is half done.
            throw new StorageException($"The events were imported into {where}, but its API keys were not: {ex.Message} Import again into a new empty store.", ex);
        }
        return hash.Summary();
    }

    /// <summary>
    /// Every record of an SQLite store file (a <c>kos backup</c> file), read-only: events and idempotency keys, then
    /// the API keys when the file has the server's table (a store the server never opened has none).
    /// </summary>
    /// <exception cref="StorageException">The file is missing or not a KnowledgeOS database.</exception>
    public static async IAsyncEnumerable<ArchiveRecord> ReadSqliteAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var record in SqliteBackup.ReadAsync(path, ct).WithCancellation(ct)) yield return record;
        await using var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ConnectionString);
        await db.OpenAsync(ct);
        await using (var exists = ServerDatabase.Command(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'server_api_keys'"))
        {
            if ((long)(await exists.ExecuteScalarAsync(ct))! == 0) yield break;
        }
        await foreach (var key in ApiKeyStore.ExportAsync(db, ct).WithCancellation(ct)) yield return key;
    }

    /// <summary>
    /// <c>kos backup</c> of an SQLite store: a compact copy of the file (every table, the API keys included), read
    /// back to count and hash what it holds.
    /// </summary>
    /// <exception cref="StorageException">The store is missing, the target exists, or the copy cannot be written.</exception>
    public static async Task<ArchiveSummary> BackupSqliteAsync(string path, string target, CancellationToken ct)
    {
        await SqliteBackup.CopyAsync(path, target, ct);
        return await ArchiveHash.OfAsync(ReadSqliteAsync(target, ct), ct);
    }

    private static async IAsyncEnumerable<ArchiveRecord> SetKeysAside(
        IAsyncEnumerable<ArchiveRecord> records, List<ApiKeyRecord> apiKeys, ArchiveHash hash, [EnumeratorCancellation] CancellationToken ct)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var record in records.WithCancellation(ct))
        {
            hash.Add(record);
            if (record is ApiKeyRecord key)
            {
                // Checked here, inside the events' transaction, so a bad key row rolls the events back too.
                ApiKeyStore.Check(key);
                if (!ids.Add(key.Id)) throw new StorageException($"The archive holds API key '{key.Id}' twice.");
                apiKeys.Add(key);
            }
            else
            {
                yield return record;
            }
        }
    }
}
