using System.IO.Compression;
using System.Net;
using KnowledgeOs.Application;
using KnowledgeOs.Cli.Infrastructure;
using KnowledgeOs.Experts;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Support;
using Given = KnowledgeOs.Tests.Storage.Domain;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// The server's API keys travel with a whole-store copy (<c>kos migrate</c>, <c>kos backup</c>, <c>kos restore</c>):
/// an agent's key works on the target, a revoked key stays refused, and the counts and hash cover every key row.
/// </summary>
public sealed class StoreKeysTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempFolder _dir = new();
    private readonly TestPostgres _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    /// <summary>A store with an expert and a keyed report, an active write key and a revoked read key.</summary>
    private async Task<(string Active, string Revoked)> StoreWithKeysAsync(string db)
    {
        await using (var store = await SqliteEventStore.OpenAsync(db, TimeProvider.System, Ct))
        {
            var service = new KnowledgeService(store, TimeProvider.System);
            await service.OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", Ct);
            await service.LearnAsync("atra", Given.Report("T-1", "igor", "Урок 1", "Индексы — не бесплатны"), false, Ct);
        }
        var active = await CreateKeyAsync(db, "agent-igor", "read,write");
        var revoked = await CreateKeyAsync(db, "old-bot", "read");
        var revoke = await Kos.RunAsync("keys", "revoke", ApiKeyStore.IdOf(revoked)!, "--data", db);
        Assert.True(revoke.ExitCode == 0, revoke.Error);
        return (active, revoked);
    }

    private static async Task<string> CreateKeyAsync(string db, string name, string scope)
    {
        var created = await Kos.RunAsync("keys", "create", "--data", db, "--team", "atra", "--name", name, "--scope", scope);
        Assert.True(created.ExitCode == 0, created.Error);
        return created.Out.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("kos_", StringComparison.Ordinal));
    }

    private static async Task<ArchiveSummary> SqliteSummaryAsync(string db) => await ArchiveHash.OfAsync(ServerArchive.ReadSqliteAsync(db, Ct), Ct);

    private static async Task<ArchiveSummary> PostgresSummaryAsync(string connection)
    {
        await using var store = await Postgres.PostgresEventStore.OpenAsync(connection, TimeProvider.System, Ct);
        return await ArchiveHash.OfAsync((await ServerArchive.OpenAsync(store, TimeProvider.System, Ct)).ExportAsync(Ct), Ct);
    }

    /// <summary>Starts a server on a store and checks that the active key reads, the revoked one and no key are refused.</summary>
    private static async Task AssertKeysWorkAsync(KosServerOptions options, string active, string revoked)
    {
        await using var server = await ApiServer.StartAsync(options);
        using var agent = server.NewClient(active);
        var experts = await agent.GetJsonAsync("api/v1/teams/atra/experts");
        Assert.Contains("igor", experts.ToString(), StringComparison.Ordinal);
        using var old = server.NewClient(revoked);
        using (var refused = await old.GetAsync("api/v1/teams/atra/experts")) await refused.ProblemAsync(401);
        using (var anonymous = await server.Client.GetAsync("api/v1/teams/atra/experts")) await anonymous.ProblemAsync(401);
    }

    private static KosServerOptions OnPostgres(string connection) =>
        ApiServer.Options("unused.db") with { Store = StoreKind.Postgres, Connection = connection };

    [SkippableFact]
    public async Task Api_keys_migrated_to_postgres_and_back_still_authenticate_and_a_revoked_key_stays_refused()
    {
        TestPostgres.Require();
        var sqlite = _dir.File("kos.db");
        var (active, revoked) = await StoreWithKeysAsync(sqlite);
        var original = await SqliteSummaryAsync(sqlite);
        var pg = TestPostgres.WithSchema(_postgres.NewSchema());
        var back = _dir.File("back.db");

        var there = await Kos.RunAsync("migrate", "--from", "sqlite:" + sqlite, "--to", "postgres:" + pg, "--lang", "en");
        var again = await Kos.RunAsync("migrate", "--from", "postgres:" + pg, "--to", "sqlite:" + back, "--json");

        Assert.True(there.ExitCode == 0, there.Error);
        Assert.Equal(2, original.ApiKeys);
        Assert.Contains($"Copied {original.Events} events, {original.Keys} idempotency keys and 2 API keys", there.Out, StringComparison.Ordinal);
        Assert.Contains(original.Hash, there.Out, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("\"apiKeys\": 2", again.Out, StringComparison.Ordinal);
        Assert.Equal(original, await PostgresSummaryAsync(pg));
        Assert.Equal(original, await SqliteSummaryAsync(back));
        await AssertKeysWorkAsync(OnPostgres(pg), active, revoked);
        await AssertKeysWorkAsync(ApiServer.Options(back), active, revoked);
    }

    [SkippableFact]
    public async Task An_sqlite_backup_keeps_the_api_keys_restored_into_postgres_and_through_a_postgres_archive_into_sqlite()
    {
        TestPostgres.Require();
        var sqlite = _dir.File("kos.db");
        var (active, revoked) = await StoreWithKeysAsync(sqlite);
        var original = await SqliteSummaryAsync(sqlite);
        var pg = TestPostgres.WithSchema(_postgres.NewSchema());

        var backup = await Kos.RunAsync("backup", _dir.File("kos-backup.db"), "--data", sqlite, "--lang", "en");
        var intoPostgres = await Kos.RunAsync("restore", _dir.File("kos-backup.db"), "--store", "postgres", "--connection", pg, "--lang", "en");
        var archive = await Kos.RunAsync("backup", _dir.File("kos.jsonl.gz"), "--store", "postgres", "--connection", pg);
        var intoSqlite = await Kos.RunAsync("restore", _dir.File("kos.jsonl.gz"), "--data", _dir.File("restored.db"));
        var direct = await Kos.RunAsync("restore", _dir.File("kos-backup.db"), "--data", _dir.File("direct.db"));

        foreach (var run in new[] { backup, intoPostgres, archive, intoSqlite, direct }) Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("2 API keys", backup.Out, StringComparison.Ordinal);
        Assert.Contains("2 API keys", intoPostgres.Out, StringComparison.Ordinal);
        Assert.Contains(original.Hash, archive.Out, StringComparison.Ordinal);
        Assert.Equal(original, await PostgresSummaryAsync(pg));
        Assert.Equal(original, await SqliteSummaryAsync(_dir.File("restored.db")));
        Assert.Equal(original, await SqliteSummaryAsync(_dir.File("direct.db")));
        await AssertKeysWorkAsync(OnPostgres(pg), active, revoked);
        await AssertKeysWorkAsync(ApiServer.Options(_dir.File("restored.db")), active, revoked);
    }

    [Fact]
    public async Task An_sqlite_backup_restored_into_sqlite_keeps_the_keys_working()
    {
        var sqlite = _dir.File("kos.db");
        var (active, revoked) = await StoreWithKeysAsync(sqlite);

        var backup = await Kos.RunAsync("backup", _dir.File("kos-backup.db"), "--data", sqlite, "--json");
        var restore = await Kos.RunAsync("restore", _dir.File("kos-backup.db"), "--data", _dir.File("restored.db"));

        Assert.True(backup.ExitCode == 0, backup.Error);
        Assert.Contains("\"apiKeys\": 2", backup.Out, StringComparison.Ordinal);
        Assert.True(restore.ExitCode == 0, restore.Error);
        Assert.Equal(await SqliteSummaryAsync(sqlite), await SqliteSummaryAsync(_dir.File("restored.db")));
        await AssertKeysWorkAsync(ApiServer.Options(_dir.File("restored.db")), active, revoked);
    }

    [Fact]
    public async Task A_key_row_altered_in_an_archive_is_detected_and_nothing_is_restored()
    {
        var sqlite = _dir.File("kos.db");
        var (_, revoked) = await StoreWithKeysAsync(sqlite);
        var archive = _dir.File("kos.jsonl.gz");
        await using (var output = File.Create(archive))
            await ArchiveFile.WriteAsync(output, ServerArchive.ReadSqliteAsync(sqlite, Ct), "test", TimeProvider.System, Ct);
        var lines = await ReadLinesAsync(archive);
        var id = ApiKeyStore.IdOf(revoked)!;
        var keyLine = Array.FindIndex(lines, l => l.Contains($"\"apiKey\":\"{id}\"", StringComparison.Ordinal));
        Assert.True(keyLine > 0, "the archive has a line for the revoked key");
        // Un-revoking a key and widening its scopes, the two edits an attacker with the file would want.
        var unrevoked = lines.ToArray();
        unrevoked[keyLine] = System.Text.RegularExpressions.Regex.Replace(lines[keyLine], "\"revokedAt\":\"[^\"]+\"", "\"revokedAt\":null");
        var widened = lines.ToArray();
        widened[keyLine] = lines[keyLine].Replace("\"scopes\":\"read\"", "\"scopes\":\"read,write,admin\"", StringComparison.Ordinal);
        Assert.NotEqual(lines[keyLine], unrevoked[keyLine]);
        Assert.NotEqual(lines[keyLine], widened[keyLine]);
        await WriteLinesAsync(_dir.File("unrevoked.jsonl.gz"), unrevoked);
        await WriteLinesAsync(_dir.File("widened.jsonl.gz"), widened);

        var whole = await Kos.RunAsync("restore", archive, "--data", _dir.File("whole.db"), "--lang", "en");
        var first = await Kos.RunAsync("restore", _dir.File("unrevoked.jsonl.gz"), "--data", _dir.File("unrevoked.db"));
        var second = await Kos.RunAsync("restore", _dir.File("widened.jsonl.gz"), "--data", _dir.File("widened.db"));

        Assert.True(whole.ExitCode == 0, whole.Error);
        Assert.Contains("2 API keys", whole.Out, StringComparison.Ordinal);
        foreach (var (run, db) in new[] { (first, "unrevoked.db"), (second, "widened.db") })
        {
            Assert.Equal(ExitCodes.Storage, run.ExitCode);
            Assert.Contains("does not match its end line", run.Error, StringComparison.Ordinal);
            var left = await SqliteSummaryAsync(_dir.File(db));
            Assert.Equal((0L, 0L, 0L), (left.Events, left.Keys, left.ApiKeys));
        }
    }

    [Fact]
    public async Task A_consistent_archive_with_an_invalid_key_row_restores_nothing()
    {
        var sqlite = _dir.File("kos.db");
        await StoreWithKeysAsync(sqlite);
        var records = new List<ArchiveRecord>();
        await foreach (var r in ServerArchive.ReadSqliteAsync(sqlite, Ct)) records.Add(r);
        var index = records.FindIndex(r => r is ApiKeyRecord);
        var badHash = records.ToList();
        badHash[index] = ((ApiKeyRecord)records[index]) with { Hash = "not-a-sha256" };
        var twice = records.Append(records[^1]).ToList();
        // Written by the archive writer itself, so the end line matches: only the key rows' own checks can refuse them.
        foreach (var (name, rows) in new[] { ("bad-hash", badHash), ("twice", twice) })
        {
            await using var output = File.Create(_dir.File(name + ".jsonl.gz"));
            await ArchiveFile.WriteAsync(output, rows.ToAsyncEnumerable(), "test", TimeProvider.System, Ct);
        }

        var restoredBadHash = await Kos.RunAsync("restore", _dir.File("bad-hash.jsonl.gz"), "--data", _dir.File("bad-hash.db"));
        var restoredTwice = await Kos.RunAsync("restore", _dir.File("twice.jsonl.gz"), "--data", _dir.File("twice.db"));

        Assert.Equal(ExitCodes.Storage, restoredBadHash.ExitCode);
        Assert.Contains("no valid hash", restoredBadHash.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Storage, restoredTwice.ExitCode);
        Assert.Contains("twice", restoredTwice.Error, StringComparison.Ordinal);
        foreach (var db in new[] { "bad-hash.db", "twice.db" })
        {
            var left = await SqliteSummaryAsync(_dir.File(db));
            Assert.Equal((0L, 0L, 0L), (left.Events, left.Keys, left.ApiKeys));
        }
    }

    [Fact]
    public async Task Restoring_into_a_store_that_already_has_api_keys_is_refused_and_changes_nothing()
    {
        var sqlite = _dir.File("kos.db");
        await StoreWithKeysAsync(sqlite);
        var target = _dir.File("target.db");
        await CreateKeyAsync(target, "set-up-too-early", "admin");
        var before = await SqliteSummaryAsync(target);

        var restore = await Kos.RunAsync("restore", sqlite, "--data", target);
        var migrate = await Kos.RunAsync("migrate", "--from", "sqlite:" + sqlite, "--to", "sqlite:" + target);

        foreach (var run in new[] { restore, migrate })
        {
            Assert.Equal(ExitCodes.Conflict, run.ExitCode);
            Assert.Contains("already holds API keys", run.Error, StringComparison.Ordinal);
        }
        Assert.Equal(before, await SqliteSummaryAsync(target));
        Assert.Equal((0L, 1L), (before.Events, before.ApiKeys));
    }

    [Fact]
    public async Task A_version_1_archive_without_api_keys_still_restores_with_its_hash()
    {
        var sqlite = _dir.File("kos.db");
        await using (var store = await SqliteEventStore.OpenAsync(sqlite, TimeProvider.System, Ct))
            await new KnowledgeService(store, TimeProvider.System).LearnAsync("atra", Given.Report("T-1", "igor", "Урок 1"), true, Ct);
        var archive = _dir.File("kos.jsonl.gz");
        await using (var output = File.Create(archive))
            await ArchiveFile.WriteAsync(output, SqliteBackup.ReadAsync(sqlite, Ct), "test", TimeProvider.System, Ct);
        // What kos wrote before API keys were copied: version 1, no apiKeys count in the end line.
        var lines = await ReadLinesAsync(archive);
        lines[0] = lines[0].Replace("\"version\":2", "\"version\":1", StringComparison.Ordinal);
        lines[^1] = lines[^1].Replace(",\"apiKeys\":0", "", StringComparison.Ordinal);
        Assert.DoesNotContain("apiKeys", lines[^1], StringComparison.Ordinal);
        await WriteLinesAsync(_dir.File("v1.jsonl.gz"), lines);

        var restore = await Kos.RunAsync("restore", _dir.File("v1.jsonl.gz"), "--data", _dir.File("restored.db"));

        Assert.True(restore.ExitCode == 0, restore.Error);
        var original = await SqliteSummaryAsync(sqlite);
        Assert.Equal(0, original.ApiKeys);
        Assert.Equal(original, await SqliteSummaryAsync(_dir.File("restored.db")));
        Assert.Contains(original.Hash, restore.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_store_alone_refuses_an_archive_with_api_keys_rather_than_drop_them()
    {
        var sqlite = _dir.File("kos.db");
        await StoreWithKeysAsync(sqlite);
        await using var target = await SqliteEventStore.OpenAsync(_dir.File("target.db"), TimeProvider.System, Ct);

        var error = await Assert.ThrowsAsync<StorageException>(() => target.ImportAsync(ServerArchive.ReadSqliteAsync(sqlite, Ct), Ct));

        Assert.Contains("API keys", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await ArchiveHash.OfAsync(target.ExportAsync(Ct), Ct)).Events);
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
