using KnowledgeOs.Postgres;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Support;

/// <summary>Fresh stores of one kind for a contract suite (<see cref="StoreContract"/>), cleaned up at dispose.</summary>
public interface ITestStores : IAsyncDisposable
{
    /// <summary>A store of this kind, new and empty, with the default events-per-commit limit unless one is given.</summary>
    Task<IEventStore> CreateAsync(TimeProvider time, int maxEventsPerCommit = CommitRules.DefaultMaxEventsPerCommit);

    /// <summary>A second instance on the store created last.</summary>
    Task<IEventStore> OpenSameAsync(TimeProvider time);
}

/// <summary>Fresh SQLite stores for a contract suite: each a new file in one temp folder, deleted at dispose.</summary>
public sealed class SqliteTestStores : ITestStores, IDisposable
{
    /// <summary>The temp folder every file of these stores is in (tests may put files of their own there).</summary>
    public string Folder { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kos-store-" + Guid.NewGuid().ToString("N"));

    /// <summary>The file of the store created last.</summary>
    public string Path { get; private set; } = "";

    /// <summary>A store on a new file, with the default events-per-commit limit unless one is given.</summary>
    public async Task<IEventStore> CreateAsync(TimeProvider time, int maxEventsPerCommit = CommitRules.DefaultMaxEventsPerCommit)
    {
        Path = System.IO.Path.Combine(Folder, Guid.NewGuid().ToString("N"), "kos.db");
        return await SqliteEventStore.OpenAsync(Path, time, new SqliteStoreOptions { MaxEventsPerCommit = maxEventsPerCommit }, CancellationToken.None);
    }

    /// <summary>A second instance on the file created last.</summary>
    public async Task<IEventStore> OpenSameAsync(TimeProvider time) => await SqliteEventStore.OpenAsync(Path, time, CancellationToken.None);

    /// <inheritdoc/>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Fresh PostgreSQL stores for a contract suite: each in a schema of its own, dropped at dispose; skips without a server.</summary>
public sealed class PostgresTestStores : ITestStores
{
    private readonly TestPostgres _postgres = new();

    /// <summary>The schema of the store created last.</summary>
    public string Schema { get; private set; } = "";

    /// <summary>A store in a new schema, with the default events-per-commit limit unless one is given.</summary>
    public async Task<IEventStore> CreateAsync(TimeProvider time, int maxEventsPerCommit = CommitRules.DefaultMaxEventsPerCommit)
    {
        var connection = TestPostgres.Require();
        Schema = _postgres.NewSchema();
        return await PostgresEventStore.OpenAsync(connection, time,
            new PostgresStoreOptions { Schema = Schema, MaxEventsPerCommit = maxEventsPerCommit }, CancellationToken.None);
    }

    /// <summary>A second instance (another pool, as another server) on the schema created last.</summary>
    public async Task<IEventStore> OpenSameAsync(TimeProvider time) =>
        await PostgresEventStore.OpenAsync(TestPostgres.Require(), time, new PostgresStoreOptions { Schema = Schema }, CancellationToken.None);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _postgres.DisposeAsync();
}
