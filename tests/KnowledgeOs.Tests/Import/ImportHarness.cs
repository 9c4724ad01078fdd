using KnowledgeOs.Application;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Import;

/// <summary>A real SQLite store in a temp folder with an <see cref="ImportService"/> on it.</summary>
public sealed class ImportHarness : IAsyncDisposable
{
    /// <summary>The team every test imports into.</summary>
    public const string Team = "atra";

    private ImportHarness(TempFolder folder, SqliteEventStore store, FakeTimeProvider time)
    {
        Folder = folder;
        Store = store;
        Time = time;
        Service = new ImportService(store, time);
    }

    /// <summary>Scratch folder for generated files (the database lives in it too).</summary>
    public TempFolder Folder { get; }

    /// <summary>The store.</summary>
    public SqliteEventStore Store { get; }

    /// <summary>The clock.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The importer.</summary>
    public ImportService Service { get; }

    /// <summary>Opens a fresh store.</summary>
    public static async Task<ImportHarness> OpenAsync()
    {
        var folder = new TempFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));
        var store = await SqliteEventStore.OpenAsync(folder.File("kos.db"), time, CancellationToken.None);
        return new ImportHarness(folder, store, time);
    }

    /// <summary>Imports paths into <see cref="Team"/>.</summary>
    public Task<ImportReport> ImportAsync(params string[] paths) => Service.ImportAsync(Team, paths);

    /// <summary>Imports paths with options.</summary>
    public Task<ImportReport> ImportAsync(ImportOptions options, params string[] paths) => Service.ImportAsync(Team, paths, options);

    /// <summary>An expert's state.</summary>
    public async Task<Snapshot> ExpertAsync(string slug) =>
        await Store.LoadAsync(new StreamId(Team, slug), CancellationToken.None) ?? throw new InvalidOperationException($"no expert {slug}");

    /// <summary>Every event stored.</summary>
    public Task<long> EventsAsync() => Store.CountEventsAsync(CancellationToken.None);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Folder.Dispose();
    }
}
