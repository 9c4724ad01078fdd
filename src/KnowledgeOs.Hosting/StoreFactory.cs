using KnowledgeOs.Postgres;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Retrieval.Cache;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Hosting;

/// <summary>Opens the store a location names, and its whole-store archive side.</summary>
public static class StoreFactory
{
    /// <summary>Opens (creating when missing) the store at a location.</summary>
    public static async Task<IEventStore> OpenAsync(StoreLocation location, TimeProvider time, CancellationToken ct) =>
        (await OpenSearchableAsync(location, time, null, ct)).Events;

    /// <summary>
    /// Opens (creating when missing) the store at a location with its full-text index, typed: each store is its own
    /// index, known here at compile time instead of cast for where it is used. <paramref name="tuning"/> tunes a
    /// PostgreSQL store (null: what the environment sets, <see cref="PostgresSettings"/>).
    /// </summary>
    public static async Task<SearchableStore> OpenSearchableAsync(StoreLocation location, TimeProvider time, PostgresStoreOptions? tuning, CancellationToken ct)
    {
        if (location.Kind == StoreKind.Postgres)
        {
            var postgres = await PostgresEventStore.OpenAsync(location.Target, time, tuning ?? PostgresSettings.FromEnvironment(), ct);
            return new SearchableStore(postgres, postgres, postgres);
        }
        var sqlite = await SqliteEventStore.OpenAsync(location.Target, time, ct);
        return new SearchableStore(sqlite, sqlite, sqlite);
    }

    /// <summary>
    /// Opens the learning cycle's store (leases, runs, feed validators) in the database of a location; its event
    /// store must be open already (its schema made), as a CLI session does.
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
            throw InputException.Of($"{option}: {Path.GetFullPath(location.Target)} does not exist.", option, ErrorCodes.FileMissing, Path.GetFullPath(location.Target), option);
        return await OpenAsync(location, time, ct);
    }
}

/// <summary>An open store, its full-text index and its search item rows (the same object; disposing the store closes all three).</summary>
/// <param name="Events">The event store.</param>
/// <param name="Search">Its search index.</param>
/// <param name="Items">Its item rows, which the in-memory search cache loads (<see cref="Retrieval.Cache.IndexedSearch"/>).</param>
public sealed record SearchableStore(IEventStore Events, ISearchIndex Search, ISearchItemSource Items);
