namespace KnowledgeOs.Storage;

/// <summary>Copies a whole store into an empty one and proves the copy (<c>kos migrate</c>, <c>kos restore</c>).</summary>
public static class StoreCopy
{
    /// <summary>Copies every record of <paramref name="source"/> into <paramref name="target"/>, then checks that the target reads back the same.</summary>
    /// <exception cref="ConflictException">The target is not empty.</exception>
    /// <exception cref="StorageException">The copy reads back other counts or another hash.</exception>
    public static Task<ArchiveSummary> CopyAsync(IStoreArchive source, IStoreArchive target, CancellationToken ct) =>
        CopyAsync(source.ExportAsync(ct), target, ct);

    /// <summary>Imports records into <paramref name="target"/>, then checks that the target reads back the same.</summary>
    /// <exception cref="ConflictException">The target is not empty.</exception>
    /// <exception cref="StorageException">The copy reads back other counts or another hash.</exception>
    public static async Task<ArchiveSummary> CopyAsync(IAsyncEnumerable<ArchiveRecord> records, IStoreArchive target, CancellationToken ct)
    {
        var imported = await target.ImportAsync(records, ct);
        var stored = await ArchiveHash.OfAsync(target.ExportAsync(ct), ct);
        if (stored != imported)
        {
            throw new StorageException(
                $"The copy does not read back as written: {imported.Events} events, {imported.Keys} keys and {imported.ApiKeys} API keys were copied (sha256 {imported.Hash}), " +
                $"the target holds {stored.Events}, {stored.Keys} and {stored.ApiKeys} (sha256 {stored.Hash}).");
        }
        return imported;
    }
}
