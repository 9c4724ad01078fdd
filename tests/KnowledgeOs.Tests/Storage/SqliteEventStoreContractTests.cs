using KnowledgeOs.Application;
using System.Diagnostics;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Storage;

/// <summary>The store contract on a real SQLite file in a temp folder, plus what only SQLite has: files and locks.</summary>
public sealed class SqliteEventStoreContractTests : EventStoreContract
{
    private readonly SqliteTestStores _stores = new();

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time) => _stores.CreateAsync(time);

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time, int maxEventsPerCommit) => _stores.CreateAsync(time, maxEventsPerCommit);

    /// <inheritdoc/>
    protected override Task<IEventStore> OpenSameAsync(TimeProvider time) => _stores.OpenSameAsync(time);

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _stores.Dispose();
    }

    [Fact]
    public async Task The_state_snapshot_is_rewritten_every_few_events_and_loads_still_equal_the_fold_of_the_log()
    {
        var store = (SqliteEventStore)await NewStoreAsync();
        var first = Domain.Onboard("t", "igor");
        await store.AppendAsync(new Commit("t", [first]), CancellationToken.None);
        var (state, version) = (first.NewState, 1L);
        for (var i = 0; i < 70; i++)
        {
            var add = Domain.Add(first.Stream, state, version, $"Lesson {i}", source: $"task:T-{i}");
            await store.AppendAsync(new Commit("t", [add]), CancellationToken.None);
            (state, version) = (add.NewState, version + add.Events.Count);
        }

        await using (var db = new SqliteConnection($"Data Source={store.Path};Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "SELECT state_version, version FROM experts WHERE slug = 'igor'";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(64, reader.GetInt64(0)); // the last multiple of the interval, not every commit
            Assert.Equal(71, reader.GetInt64(1));
        }
        var loaded = await store.LoadAsync(first.Stream, CancellationToken.None);
        var listed = Assert.Single(await store.ListAsync("t", CancellationToken.None));
        Assert.Equal(71, loaded!.Version);
        Assert.Equal(ProjectionRebuilder.Json(state), ProjectionRebuilder.Json(loaded.State));
        Assert.Equal(ProjectionRebuilder.Json(state), ProjectionRebuilder.Json(listed.State));
        Assert.Empty((await ProjectionRebuilder.RebuildAsync(store, write: false, null, CancellationToken.None)).Mismatches);
    }

    [Fact]
    public async Task A_large_state_is_snapshotted_less_often_and_loads_still_equal_the_fold_of_the_log()
    {
        var store = (SqliteEventStore)await NewStoreAsync();
        var first = Domain.OnboardWithItems("t", "igor", 300);
        await store.AppendAsync(new Commit("t", [first]), CancellationToken.None);
        var (state, version) = (first.NewState, (long)first.Events.Count);
        while (version < 400)
        {
            var add = Domain.Add(first.Stream, state, version, $"Lesson {version}", source: $"task:T-{version}");
            await store.AppendAsync(new Commit("t", [add]), CancellationToken.None);
            (state, version) = (add.NewState, version + add.Events.Count);
        }

        // Past 384 (a multiple of 64, not of the 256 a state of 300 items takes): the snapshot stays the first one.
        Assert.Equal((first.Events.Count, version), await ExpertRowAsync(store.Path, "igor"));
        var loaded = await store.LoadAsync(first.Stream, CancellationToken.None);
        var listed = Assert.Single(await store.ListAsync("t", CancellationToken.None));
        Assert.Equal(version, loaded!.Version);
        Assert.Equal(ProjectionRebuilder.Json(state), ProjectionRebuilder.Json(loaded.State));
        Assert.Equal(ProjectionRebuilder.Json(state), ProjectionRebuilder.Json(listed.State));
        Assert.Empty((await ProjectionRebuilder.RebuildAsync(store, write: false, null, CancellationToken.None)).Mismatches);
    }

    private static async Task<(long StateVersion, long Version)> ExpertRowAsync(string path, string slug)
    {
        await using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT state_version, version FROM experts WHERE slug = $slug";
        command.Parameters.AddWithValue("$slug", slug);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    [Fact]
    public async Task Opening_creates_the_folder_and_a_WAL_database_with_full_sync()
    {
        var store = (SqliteEventStore)await NewStoreAsync();

        Assert.True(File.Exists(store.Path));
        await using var db = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
        command.CommandText = "SELECT group_concat(version) FROM schema_migrations";
        Assert.Equal("1,2,3,4,5,6,7,8,9,10", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Item_rows_follow_the_state_for_querying()
    {
        var store = (SqliteEventStore)await NewStoreAsync();
        var igor = Domain.Rich("atra", "igor");
        await store.AppendAsync(new Commit("atra", [igor]), CancellationToken.None);
        var book = igor.NewState.Active(KnowledgeOs.Sections.SectionKind.Book).Single();
        await store.AppendAsync(new Commit("atra", [Domain.Add(igor.Stream, igor.NewState, igor.Events.Count, "Новое знание", "task:T-5")]), CancellationToken.None);

        await using var db = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT section, status, count(*), sum(confirmations) FROM items WHERE team = 'atra' AND expert = 'igor' GROUP BY section, status ORDER BY section, status";
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) rows.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetInt64(2)} {reader.GetInt64(3)}");
        }
        Assert.Equal(["best_practice active 1 0", "book active 1 1", "learned active 1 0", "learned retracted 1 0", "problem active 1 1"], rows);
        command.CommandText = $"SELECT text || '|' || source || '|' || first_at FROM items WHERE item_id = '{book.Id}'";
        Assert.Equal("Designing Data-Intensive Applications|import:Igor.md|2026-11-06T09:00:00.0000000Z", await command.ExecuteScalarAsync());
        command.CommandText = "SELECT version || ' ' || display_name || ' ' || role || ' ' || status FROM experts";
        Assert.Equal($"{igor.Events.Count + 1} Эксперт igor Staff Engineer active", await command.ExecuteScalarAsync());
    }

    /// <summary>Takes igor's first version with a row no commit would write (igor has no stream row), so the version
    /// check passes and the database refuses a commit of igor only after its earlier rows are in.</summary>
    /// <summary>The event rows in the file, the planted one included (reading the log would refuse its unknown type).</summary>
    private static async Task<long> EventRowsAsync(SqliteEventStore store)
    {
        await using var db = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT count(*) FROM events";
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task PlantIgorsFirstVersionAsync(SqliteEventStore store)
    {
        await using var db = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        await db.OpenAsync();
        await using var plant = db.CreateCommand();
        plant.CommandText = "INSERT INTO events (stream, version, type, data, recorded_at) VALUES ('atra/igor', 1, 'v1.Planted', '{}', '2026-11-02T09:00:00.0000000Z')";
        await plant.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_lone_commit_the_database_refuses_midway_leaves_none_of_its_rows_and_the_writer_goes_on()
    {
        var store = (SqliteEventStore)await NewStoreAsync();
        // A row no commit would write: igor's first version is taken, though igor has no stream row, so the version
        // check passes and the database refuses the commit only after anna's rows are in.
        await PlantIgorsFirstVersionAsync(store);

        var refused = await Assert.ThrowsAsync<InputException>(() =>
            store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "anna"), Domain.Onboard("atra", "igor")]), CancellationToken.None));

        Assert.Contains("nothing of it was written", refused.Message, StringComparison.Ordinal);
        Assert.Null(await store.LoadAsync(new StreamId("atra", "anna"), CancellationToken.None));
        Assert.Equal(1, await EventRowsAsync(store));
        // The writer's prepared BEGIN, COMMIT and ROLLBACK serve the next batches as before.
        await store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "anna")]), CancellationToken.None);
        await store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "boris")]), CancellationToken.None);
        Assert.NotNull(await store.LoadAsync(new StreamId("atra", "anna"), CancellationToken.None));
        Assert.Equal(3, await EventRowsAsync(store));
        await using var check = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        await check.OpenAsync();
        await using var rows = check.CreateCommand();
        rows.CommandText = "SELECT (SELECT group_concat(stream) FROM (SELECT stream FROM streams ORDER BY stream)) || ' ' || (SELECT group_concat(slug) FROM (SELECT slug FROM experts ORDER BY slug))";
        Assert.Equal("atra/anna,atra/boris anna,boris", await rows.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_commit_the_database_refuses_midway_in_a_batch_fails_alone_and_the_others_of_its_batch_land()
    {
        var store = (SqliteEventStore)await NewStoreAsync();
        await PlantIgorsFirstVersionAsync(store);

        // Queued at once, the commits share batches: written without savepoints first, the refused one makes its
        // batch run again with a savepoint per commit.
        var slugs = Enumerable.Range(0, 40).Select(i => i == 23 ? "igor" : $"e{i:00}").ToList();
        var outcomes = await Task.WhenAll(slugs.Select(slug => Task.Run(async () =>
        {
            try
            {
                await store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "anna" + slug), Domain.Onboard("atra", slug)]), CancellationToken.None);
                return null;
            }
            catch (InputException ex)
            {
                return ex;
            }
        })));

        Assert.Contains("nothing of it was written", Assert.IsType<InputException>(outcomes[23]).Message, StringComparison.Ordinal);
        Assert.Equal(39, outcomes.Count(o => o is null));
        Assert.Null(await store.LoadAsync(new StreamId("atra", "annaigor"), CancellationToken.None));
        Assert.Equal(1 + 39 * 2, await EventRowsAsync(store));
        foreach (var slug in slugs.Where(s => s != "igor"))
            Assert.Equal(1, (await store.LoadAsync(new StreamId("atra", slug), CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task Processes_opening_a_new_file_at_once_apply_the_schema_once()
    {
        var path = Path.Combine(_stores.Folder, "race", "kos.db");
        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => SqliteEventStore.OpenAsync(path, Clock, CancellationToken.None))));
        try
        {
            await stores[3].AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")]), CancellationToken.None);
            Assert.NotNull(await stores[5].LoadAsync(new StreamId("atra", "igor"), CancellationToken.None));
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_file_that_is_not_SQLite_is_refused_with_its_path()
    {
        Directory.CreateDirectory(_stores.Folder);
        var path = Path.Combine(_stores.Folder, "notes.db");
        await File.WriteAllTextAsync(path, "# Игорь — база знаний\nnot a database at all\n");

        var ex = await Assert.ThrowsAsync<StorageException>(() => SqliteEventStore.OpenAsync(path, Clock, CancellationToken.None));

        Assert.Equal($"{path} is not a KnowledgeOS database: not an SQLite file.", ex.Message);
        Assert.Equal("# Игорь — база знаний\nnot a database at all\n", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task An_SQLite_file_of_another_program_is_refused()
    {
        Directory.CreateDirectory(_stores.Folder);
        var path = Path.Combine(_stores.Folder, "other.db");
        await using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY)";
            await command.ExecuteNonQueryAsync();
        }

        var ex = await Assert.ThrowsAsync<StorageException>(() => SqliteEventStore.OpenAsync(path, Clock, CancellationToken.None));

        Assert.StartsWith($"{path} is not a KnowledgeOS database", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_from_a_newer_kos_is_refused()
    {
        var store = await NewStoreAsync();
        await store.DisposeAsync();
        await using (var db = new SqliteConnection($"Data Source={_stores.Path};Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01T00:00:00.0000000Z')";
            await command.ExecuteNonQueryAsync();
        }

        var ex = await Assert.ThrowsAsync<StorageException>(() => SqliteEventStore.OpenAsync(_stores.Path, Clock, CancellationToken.None));

        Assert.Contains("schema version 99", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(_stores.Path, ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_read_only_folder_is_refused_with_its_path()
    {
        var folder = Path.Combine(_stores.Folder, "locked");
        Directory.CreateDirectory(folder);
        var how = MakeReadOnly(folder);
        try
        {
            Skip.If(how is null, "cannot make a folder read-only here (root without chattr)");
            var path = Path.Combine(folder, "kos.db");

            var ex = await Assert.ThrowsAsync<StorageException>(() => SqliteEventStore.OpenAsync(path, Clock, CancellationToken.None));

            Assert.StartsWith($"cannot write to {path}: read-only", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            MakeWritable(folder, how);
        }
    }

    [SkippableFact]
    public async Task A_read_only_database_file_is_refused_with_its_path()
    {
        var store = await NewStoreAsync();
        await store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")]), CancellationToken.None);
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        var how = MakeReadOnly(_stores.Path);
        try
        {
            Skip.If(how is null, "cannot make a file read-only here (root without chattr)");

            var ex = await Assert.ThrowsAsync<StorageException>(() => SqliteEventStore.OpenAsync(_stores.Path, Clock, CancellationToken.None));

            Assert.StartsWith($"cannot write to {_stores.Path}: read-only", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            MakeWritable(_stores.Path, how);
        }
        var reopened = await SameStoreAsync();
        Assert.Equal(1, await reopened.CountEventsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Opening_and_reading_do_not_wait_for_another_writer()
    {
        var store = await NewStoreAsync();
        await store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")]), CancellationToken.None);
        await using var holder = new SqliteConnection($"Data Source={_stores.Path};Pooling=False");
        await holder.OpenAsync();
        await using var begin = holder.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        await begin.ExecuteNonQueryAsync();

        await using var second = await SqliteEventStore.OpenAsync(_stores.Path, Clock, new SqliteStoreOptions { BusyTimeout = TimeSpan.FromMilliseconds(200) }, CancellationToken.None);

        Assert.NotNull(await second.LoadAsync(new StreamId("atra", "igor"), CancellationToken.None));
        Assert.Equal(1, await second.CountEventsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_database_locked_beyond_the_busy_timeout_fails_the_append_with_its_path()
    {
        var store = await NewStoreAsync();
        var impatient = await SqliteEventStore.OpenAsync(_stores.Path, Clock, new SqliteStoreOptions { BusyTimeout = TimeSpan.FromMilliseconds(300) }, CancellationToken.None);
        try
        {
            await using var holder = new SqliteConnection($"Data Source={_stores.Path};Pooling=False");
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync();
            }

            var ex = await Assert.ThrowsAsync<StorageException>(() =>
                impatient.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")]), CancellationToken.None));

            Assert.StartsWith($"{_stores.Path} is locked by another process", ex.Message, StringComparison.Ordinal);
            await using (var rollback = holder.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK";
                await rollback.ExecuteNonQueryAsync();
            }
            // Once the lock is gone the same store writes again.
            await impatient.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")]), CancellationToken.None);
            Assert.Equal(1, await store.CountEventsAsync(CancellationToken.None));
        }
        finally
        {
            await impatient.DisposeAsync();
        }
    }

    /// <summary>Makes a folder or file read-only for this process: permissions, or the immutable flag when running as root.</summary>
    private static string? MakeReadOnly(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        File.SetUnixFileMode(path, Directory.Exists(path) ? UnixFileMode.UserRead | UnixFileMode.UserExecute : UnixFileMode.UserRead);
        if (!CanWrite(path)) return "chmod";
        if (Run("chattr", "+i", path) && !CanWrite(path)) return "chattr";
        return null;
    }

    private static void MakeWritable(string path, string? how)
    {
        if (how == "chattr") Run("chattr", "-i", path);
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(path, Directory.Exists(path)
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static bool CanWrite(string path)
    {
        try
        {
            if (!Directory.Exists(path))
            {
                using var _ = File.OpenWrite(path);
                return true;
            }
            var probe = Path.Combine(path, ".probe");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static bool Run(string tool, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardError = true, RedirectStandardOutput = true });
            process!.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
