using System.Diagnostics;
using System.IO.Compression;
using KnowledgeOs.Application;
using KnowledgeOs.Cli.Infrastructure;
using KnowledgeOs.Experts;
using KnowledgeOs.Postgres;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Given = KnowledgeOs.Tests.Storage.Domain;

namespace KnowledgeOs.Tests.Cli;

/// <summary><c>kos migrate</c>, <c>kos backup</c>, <c>kos restore</c> and store selection, through the real command tree.</summary>
public sealed class StoreCommandsTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempFolder _dir = new();
    private readonly TestPostgres _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>A store with a few experts, items and keyed task reports, written through the real service.</summary>
    private static async Task FillAsync(IEventStore store, int reports = 5)
    {
        var service = new KnowledgeService(store, TimeProvider.System);
        await service.OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", Ct);
        await service.OnboardAsync("beta", new OnboardExpert("anna", "Анна", "QA"), "manual:test", Ct);
        await service.AddAsync("atra", "igor", new AddKnowledge(SectionKind.Book, "Designing Data-Intensive Applications",
            new Dictionary<string, string> { [ItemFields.Author] = "Martin Kleppmann" }), "manual:test", Ct);
        for (var i = 0; i < reports; i++)
            await service.LearnAsync("atra", Given.Report($"T-{i}", "igor", $"Урок {i % 3}", "Индексы — не бесплатны"), false, Ct);
    }

    private static async Task<ArchiveSummary> SummaryAsync(IStoreArchive archive) => await ArchiveHash.OfAsync(archive.ExportAsync(Ct), Ct);

    private static async Task<ArchiveSummary> SummaryAsync(string sqlite) => await ArchiveHash.OfAsync(SqliteBackup.ReadAsync(sqlite, Ct), Ct);

    private static string Postgres(string schema) => TestPostgres.WithSchema(schema);

    [SkippableFact]
    public async Task Migrating_sqlite_to_postgres_and_back_keeps_every_event_and_key_with_the_same_hash()
    {
        TestPostgres.Require();
        var sqlite = _dir.File("kos.db");
        await using (var store = await SqliteEventStore.OpenAsync(sqlite, TimeProvider.System, Ct)) await FillAsync(store);
        var original = await SummaryAsync(sqlite);
        var pg = Postgres(_postgres.NewSchema());

        var there = await Kos.RunAsync("migrate", "--from", "sqlite:" + sqlite, "--to", "postgres:" + pg, "--lang", "en");
        var back = await Kos.RunAsync("migrate", "--from", "postgres:" + pg, "--to", "sqlite:" + _dir.File("back.db"), "--json");

        Assert.True(there.ExitCode == 0, there.Error);
        Assert.Contains($"Copied {original.Events} events, {original.Keys} idempotency keys and 0 API keys", there.Out, StringComparison.Ordinal);
        Assert.Contains(original.Hash, there.Out, StringComparison.Ordinal);
        Assert.True(back.ExitCode == 0, back.Error);
        Assert.Contains(original.Hash, back.Out, StringComparison.Ordinal);
        Assert.Equal(original, await SummaryAsync(_dir.File("back.db")));
        // The migrated store is a working store: same knowledge, the keys still make replays duplicates.
        var list = await Kos.RunAsync("expert", "list", "--team", "atra", "--store", "postgres", "--connection", pg);
        Assert.True(list.ExitCode == 0, list.Error);
        Assert.Contains("igor", list.Out, StringComparison.Ordinal);
        await using var migrated = await PostgresEventStore.OpenAsync(pg, TimeProvider.System, Ct);
        var replay = await new KnowledgeService(migrated, TimeProvider.System).LearnAsync("atra", Given.Report("T-1", "igor", "Урок 1", "Индексы — не бесплатны"), false, Ct);
        Assert.True(replay.Duplicate);
        var check = await Kos.RunAsync("rebuild", "--check", "--store", "postgres", "--connection", pg);
        Assert.True(check.ExitCode == 0, check.Out + check.Error);
    }

    [Fact]
    public async Task Migrating_into_a_store_that_holds_events_is_refused_and_changes_nothing()
    {
        var from = _dir.File("from.db");
        var to = _dir.File("to.db");
        await using (var store = await SqliteEventStore.OpenAsync(from, TimeProvider.System, Ct)) await FillAsync(store, 1);
        await using (var store = await SqliteEventStore.OpenAsync(to, TimeProvider.System, Ct))
            await store.AppendAsync(new Commit("atra", [Given.Onboard("atra", "zoe")]), Ct);
        var before = await SummaryAsync(to);

        var run = await Kos.RunAsync("migrate", "--from", "sqlite:" + from, "--to", "sqlite:" + to);

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Contains("already holds events", run.Error, StringComparison.Ordinal);
        Assert.Equal(before, await SummaryAsync(to));
    }

    [Fact]
    public async Task Migrating_from_a_missing_file_is_an_input_error_and_creates_nothing()
    {
        var missing = _dir.File("missing.db");

        var run = await Kos.RunAsync("migrate", "--from", "sqlite:" + missing, "--to", "sqlite:" + _dir.File("to.db"));
        var bad = await Kos.RunAsync("migrate", "--from", "mysql:db", "--to", "sqlite:" + _dir.File("to.db"));

        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
        Assert.Equal(ExitCodes.Input, bad.ExitCode);
        Assert.Contains("unknown store 'mysql'", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_sqlite_backup_taken_while_writing_restores_a_consistent_prefix_of_the_store()
    {
        var db = _dir.File("kos.db");
        var backup = _dir.File("backups/kos-backup.db");
        await using var store = await SqliteEventStore.OpenAsync(db, TimeProvider.System, Ct);
        await FillAsync(store, 2);
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            var service = new KnowledgeService(store, TimeProvider.System);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await service.LearnAsync("atra", Given.Report($"W-{i}", "igor", $"Урок под нагрузкой {i}"), false, Ct);
                writes++;
            }
        });
        while (writes < 20) await Task.Delay(5);

        var run = await Kos.RunAsync("backup", backup, "--data", db, "--lang", "en");
        var writesDuringBackup = writes;
        while (writes < writesDuringBackup + 20) await Task.Delay(5);
        await stop.CancelAsync();
        await writer;
        var restored = await Kos.RunAsync("restore", backup, "--data", _dir.File("restored/kos.db"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(restored.ExitCode == 0, restored.Error);
        var copy = await SummaryAsync(_dir.File("restored/kos.db"));
        Assert.Contains($"{copy.Events:N0} events", run.Out, StringComparison.Ordinal);
        // The backup is the store as of one commit: its first events and exactly the keys of those commits.
        var all = new List<ArchiveRecord>();
        await foreach (var r in SqliteBackup.ReadAsync(db, Ct)) all.Add(r);
        Assert.True(copy.Events < all.OfType<RawEvent>().Count(), "the writer went on after the backup");
        var prefix = all.Where(r => r is RawEvent e ? e.Position <= copy.Events : ((IdempotencyRecord)r).LastPosition <= copy.Events).ToAsyncEnumerable();
        Assert.Equal(await ArchiveHash.OfAsync(prefix, Ct), copy);
        var check = await Kos.RunAsync("rebuild", "--check", "--data", _dir.File("restored/kos.db"));
        Assert.True(check.ExitCode == 0, check.Out + check.Error);
    }

    [SkippableFact]
    public async Task A_postgres_backup_taken_while_writing_restores_into_postgres_and_into_sqlite()
    {
        TestPostgres.Require();
        var pg = Postgres(_postgres.NewSchema());
        var backup = _dir.File("kos.jsonl.gz");
        await using var store = await PostgresEventStore.OpenAsync(pg, TimeProvider.System, Ct);
        await FillAsync(store, 2);
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            var service = new KnowledgeService(store, TimeProvider.System);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await service.LearnAsync("atra", Given.Report($"W-{i}", "igor", $"Урок под нагрузкой {i}"), false, Ct);
                writes++;
            }
        });
        while (writes < 20) await Task.Delay(5);

        var run = await Kos.RunAsync("backup", backup, "--store", "postgres", "--connection", pg);
        await stop.CancelAsync();
        await writer;
        var intoPostgres = Postgres(_postgres.NewSchema());
        var restoredPg = await Kos.RunAsync("restore", backup, "--store", "postgres", "--connection", intoPostgres);
        var restoredSqlite = await Kos.RunAsync("restore", backup, "--data", _dir.File("from-pg.db"));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.True(restoredPg.ExitCode == 0, restoredPg.Error);
        Assert.True(restoredSqlite.ExitCode == 0, restoredSqlite.Error);
        await using var copy = await PostgresEventStore.OpenAsync(intoPostgres, TimeProvider.System, Ct);
        var summary = await SummaryAsync(copy);
        Assert.Equal(summary, await SummaryAsync(_dir.File("from-pg.db")));
        Assert.Contains(summary.Hash, run.Out, StringComparison.Ordinal);
        var all = new List<ArchiveRecord>();
        await foreach (var r in store.ExportAsync(Ct)) all.Add(r);
        var prefix = all.Where(r => r is RawEvent e ? e.Position <= summary.Events : ((IdempotencyRecord)r).LastPosition <= summary.Events).ToAsyncEnumerable();
        Assert.Equal(await ArchiveHash.OfAsync(prefix, Ct), summary);
    }

    [Fact]
    public async Task A_cut_off_or_altered_archive_restores_nothing()
    {
        var db = _dir.File("kos.db");
        await using (var store = await SqliteEventStore.OpenAsync(db, TimeProvider.System, Ct)) await FillAsync(store, 3);
        var archive = _dir.File("kos.jsonl.gz");
        await using (var output = File.Create(archive))
            await ArchiveFile.WriteAsync(output, SqliteBackup.ReadAsync(db, Ct), "test", TimeProvider.System, Ct);
        var lines = await ReadLinesAsync(archive);
        await WriteLinesAsync(_dir.File("cut.jsonl.gz"), lines[..^1]);
        await WriteLinesAsync(_dir.File("altered.jsonl.gz"), [.. lines.Select(l => l.Replace("Урок 1", "Урок 9", StringComparison.Ordinal))]);

        var whole = await Kos.RunAsync("restore", archive, "--data", _dir.File("whole.db"));
        var cut = await Kos.RunAsync("restore", _dir.File("cut.jsonl.gz"), "--data", _dir.File("cut.db"));
        var altered = await Kos.RunAsync("restore", _dir.File("altered.jsonl.gz"), "--data", _dir.File("altered.db"));

        Assert.True(whole.ExitCode == 0, whole.Error);
        Assert.Equal(ExitCodes.Storage, cut.ExitCode);
        Assert.Contains("cut short", cut.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await SummaryAsync(_dir.File("cut.db"))).Events);
        Assert.Equal(ExitCodes.Storage, altered.ExitCode);
        Assert.Contains("does not match its end line", altered.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await SummaryAsync(_dir.File("altered.db"))).Events);
    }

    [Fact]
    public async Task Store_options_name_one_store_or_say_what_is_missing()
    {
        var noConnection = await Kos.RunAsync("expert", "list", "--store", "postgres");
        var mixed = await Kos.RunAsync("expert", "list", "--connection", "Host=db");
        var unknown = await Kos.RunAsync("expert", "list", "--store", "oracle");
        var both = await Kos.RunAsync("expert", "list", "--store", "postgres", "--connection", "Host=db", "--data", "x.db");

        Assert.Equal(ExitCodes.Usage, noConnection.ExitCode);
        Assert.Contains("--store postgres needs --connection", noConnection.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, mixed.ExitCode);
        Assert.Contains("--connection is for PostgreSQL", mixed.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("unknown store 'oracle'", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, both.ExitCode);
    }

    [SkippableFact]
    public async Task The_store_can_be_chosen_by_environment_variables()
    {
        TestPostgres.Require();
        var pg = Postgres(_postgres.NewSchema());
        // A child process: the variables must not leak into tests running beside this one.
        var start = KosProcess.Start(["expert", "add", "igor", "--name", "Игорь", "--role", "Backend Developer", "--team", "atra"],
            new Dictionary<string, string?> { ["KOS_STORE"] = "postgres", ["KOS_CONNECTION"] = pg, ["KOS_DATA"] = _dir.File("unused.db") });
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await error);
        Assert.False(File.Exists(_dir.File("unused.db")));
        await using var store = await PostgresEventStore.OpenAsync(pg, TimeProvider.System, Ct);
        Assert.NotNull(await store.LoadAsync(new StreamId("atra", "igor"), Ct));
    }

    private static async Task<string[]> ReadLinesAsync(string path)
    {
        await using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(input);
        return (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task WriteLinesAsync(string path, string[] lines)
    {
        await using var output = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        await using var writer = new StreamWriter(output);
        foreach (var line in lines) await writer.WriteAsync(line + "\n");
    }
}
