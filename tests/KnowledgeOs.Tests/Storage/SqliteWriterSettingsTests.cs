using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Storage;

/// <summary>The SQLite writer connection's settings that durability and the cost of a commit depend on.</summary>
public sealed class SqliteWriterSettingsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <inheritdoc/>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Writer_fsyncs_every_commit_in_WAL_mode_and_keeps_its_savepoint_journals_in_memory()
    {
        await using var store = await SqliteEventStore.OpenAsync(_temp.File("kos.db"), TimeProvider.System, CancellationToken.None);

        Assert.Equal("wal", await store.WriterPragmaAsync("journal_mode", CancellationToken.None));
        // 2 = FULL: the WAL is fsynced at every COMMIT, so an acknowledged batch is on disk.
        Assert.Equal(2L, await store.WriterPragmaAsync("synchronous", CancellationToken.None));
        // 2 = MEMORY: a commit's savepoint and statement journals never spill into a temp file per transaction.
        Assert.Equal(2L, await store.WriterPragmaAsync("temp_store", CancellationToken.None));
    }
}
