using KnowledgeOs.Postgres;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Hosting;

/// <summary>Opens the store a location names, and its whole-store archive side.</summary>
public static class StoreFactory
{
    /// <summary>Opens (creating when missing) the store at a location.</summary>
    public static async Task<IEventStore> OpenAsync(StoreLocation location, TimeProvider time, CancellationToken ct) => location.Kind switch
    {
        StoreKind.Postgres => await PostgresEventStore.OpenAsync(location.Target, time, ct),
        _ => await SqliteEventStore.OpenAsync(location.Target, time, ct),
    };

    /// <summary>
    /// Opens the learning cycle's store (leases, runs, feed validators) in the database of a location; its event
    /// store must be open already (its schema made), as a <see cref="KosSession"/> does.
    /// </summary>
    public static async Task<ICycleStore> OpenCycleStoreAsync(StoreLocation location, CancellationToken ct) => location.Kind switch
    {
        StoreKind.Postgres => await PgCycleStore.OpenAsync(location.Target, ct),
        _ => await SqliteCycleStore.OpenAsync(location.Target, ct),
    };

    /// <summary>The whole-store export and import of an open store.</summary>
    public static IStoreArchive Archive(IEventStore store) => store switch
    {
        IStoreArchive archive => archive,
        _ => throw new StorageException($"A {store.GetType().Name} cannot be copied whole."),
    };

    /// <summary>Opens an existing store to read from; an SQLite path that does not exist is an input error, never created.</summary>
    public static async Task<IEventStore> OpenExistingAsync(StoreLocation location, TimeProvider time, string option, CancellationToken ct)
    {
        if (location.Kind == StoreKind.Sqlite && !File.Exists(location.Target))
            throw new InputException($"{option}: {Path.GetFullPath(location.Target)} does not exist.", option);
        return await OpenAsync(location, time, ct);
    }
}
