using KnowledgeOs.Postgres;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KnowledgeOs.Tests.Cycle;

/// <summary>
/// What every <see cref="ICycleStore"/> must do, whatever the database: leases, runs recorded once, feed state. A
/// backend subclasses it with how to make a new database (its event store open) and open a cycle store on it.
/// </summary>
public abstract class CycleStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 6, 0, 0, TimeSpan.Zero);
    private readonly List<IAsyncDisposable> _opened = [];

    /// <summary>Makes a new, empty KnowledgeOS database; the returned disposable closes its event store.</summary>
    protected abstract Task<IAsyncDisposable> CreateDatabaseAsync();

    /// <summary>A cycle store on the database <see cref="CreateDatabaseAsync"/> made; each call a separate instance (its own connections).</summary>
    protected abstract Task<ICycleStore> OpenAsync();

    /// <summary>Runs a statement on the database <see cref="CreateDatabaseAsync"/> made, as another program would.</summary>
    protected abstract Task ExecuteAsync(string sql);

    /// <summary>A cycle store on a new database, disposed after the test.</summary>
    protected async Task<ICycleStore> NewStoreAsync()
    {
        Track(await CreateDatabaseAsync());
        return Track(await OpenAsync());
    }

    /// <summary>Another cycle store instance on the same database, as another server process has.</summary>
    protected async Task<ICycleStore> SameStoreAsync() => Track(await OpenAsync());

    private T Track<T>(T item) where T : IAsyncDisposable
    {
        lock (_opened) _opened.Add(item);
        return item;
    }

    /// <inheritdoc/>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_opened)) await item.DisposeAsync();
    }

    private static CancellationToken Ct => CancellationToken.None;

    [SkippableFact]
    public async Task A_feed_state_keeps_its_outcome_text_and_an_unknown_stored_outcome_is_refused_naming_the_column()
    {
        var store = await NewStoreAsync();
        await store.SaveFeedAsync(new FeedState("t", "https://x/a", "\"v1\"", null, Now, FeedStatus.NotModified, null), Ct);
        await ExecuteAsync("INSERT INTO cycle_feeds (team, url, status) VALUES ('t', 'https://x/b', 'lost')");

        Assert.Equal(FeedStatus.NotModified, (await store.GetFeedAsync("t", "https://x/a", Ct))!.Status);
        var ex = await Assert.ThrowsAsync<StorageException>(() => store.GetFeedAsync("t", "https://x/b", Ct));
        Assert.Contains("cycle_feeds.status", ex.Message);
        Assert.Contains("'lost'", ex.Message);
        Assert.Contains("https://x/b", ex.Message);
    }

    [SkippableFact]
    public async Task A_lease_is_taken_when_free_refused_while_another_holds_it_renewed_by_its_holder_and_taken_over_when_expired()
    {
        var store = await NewStoreAsync();
        var ten = TimeSpan.FromMinutes(10);

        Assert.True(await store.TryAcquireLeaseAsync("cycle:daily", "server-a", Now, ten, Ct));
        Assert.False(await store.TryAcquireLeaseAsync("cycle:daily", "server-b", Now.AddMinutes(9), ten, Ct));
        Assert.True(await store.TryAcquireLeaseAsync("cycle:daily", "server-a", Now.AddMinutes(9), ten, Ct));
        // Renewed at 9 minutes: still held at 18, free from 19.
        Assert.False(await store.TryAcquireLeaseAsync("cycle:daily", "server-b", Now.AddMinutes(18), ten, Ct));
        Assert.True(await store.TryAcquireLeaseAsync("cycle:daily", "server-b", Now.AddMinutes(19), ten, Ct));
        Assert.False(await store.TryAcquireLeaseAsync("cycle:daily", "server-a", Now.AddMinutes(20), ten, Ct));
        // Leases are per name.
        Assert.True(await store.TryAcquireLeaseAsync("cycle:weekly", "server-a", Now.AddMinutes(20), ten, Ct));
    }

    [SkippableFact]
    public async Task A_lease_is_given_back_only_by_its_holder()
    {
        var store = await NewStoreAsync();
        var ten = TimeSpan.FromMinutes(10);
        Assert.True(await store.TryAcquireLeaseAsync("cycle:feeds", "server-a", Now, ten, Ct));

        await store.ReleaseLeaseAsync("cycle:feeds", "server-b", Ct);
        Assert.False(await store.TryAcquireLeaseAsync("cycle:feeds", "server-b", Now.AddMinutes(1), ten, Ct));

        await store.ReleaseLeaseAsync("cycle:feeds", "server-a", Ct);
        Assert.True(await store.TryAcquireLeaseAsync("cycle:feeds", "server-b", Now.AddMinutes(1), ten, Ct));
    }

    [SkippableFact]
    public async Task A_run_is_recorded_once_per_job_and_occurrence_and_listed_oldest_first()
    {
        var store = await NewStoreAsync();
        Assert.Null(await store.LastRunAsync("daily", Ct));
        var second = new JobRun("daily", Now, "server-a", Now.AddMinutes(1), "2 experts reviewed");
        var first = new JobRun("daily", Now.AddDays(-1), "server-b", Now.AddDays(-1).AddMinutes(2), "1 expert reviewed");

        Assert.True(await store.RecordRunAsync(second, Ct));
        Assert.True(await store.RecordRunAsync(first, Ct));
        Assert.False(await store.RecordRunAsync(second with { Holder = "server-b", Summary = "again" }, Ct));
        Assert.True(await store.RecordRunAsync(new JobRun("weekly", Now, "server-a", Now, "ranking"), Ct));

        Assert.Equal([first, second], await store.RunsAsync("daily", Ct));
        Assert.Equal(Now, await store.LastRunAsync("daily", Ct));
        Assert.Empty(await store.RunsAsync("feeds", Ct));
    }

    [SkippableFact]
    public async Task Feed_state_is_saved_read_back_and_replaced()
    {
        var store = await NewStoreAsync();
        const string Url = "https://example.org/feed.xml";
        Assert.Null(await store.GetFeedAsync("demo", Url, Ct));

        var ok = new FeedState("demo", Url, "\"abc\"", "Mon, 02 Mar 2026 05:00:00 GMT", Now, FeedStatus.Ok, null);
        await store.SaveFeedAsync(ok, Ct);
        Assert.Equal(ok, await store.GetFeedAsync("demo", Url, Ct));

        var failed = new FeedState("demo", Url, null, null, null, FeedStatus.Failed, "HTTP 500");
        await store.SaveFeedAsync(failed, Ct);
        Assert.Equal(failed, await store.GetFeedAsync("demo", Url, Ct));
        Assert.Null(await store.GetFeedAsync("other-team", Url, Ct));
    }

    [SkippableFact]
    public async Task Two_store_instances_racing_for_one_lease_and_one_run_record_each_have_exactly_one_winner()
    {
        var a = await NewStoreAsync();
        var b = await SameStoreAsync();
        for (var round = 0; round < 20; round++)
        {
            var at = Now.AddHours(round);
            // On the thread pool, several attempts per instance, so the statements really overlap.
            var leases = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
                (i % 2 == 0 ? a : b).TryAcquireLeaseAsync($"cycle:race-{round}", $"server-{i}", at, TimeSpan.FromMinutes(10), Ct))));
            Assert.Single(leases, won => won);

            var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
                (i % 2 == 0 ? a : b).RecordRunAsync(new JobRun("daily", at, $"server-{i}", at, "done"), Ct))));
            Assert.Single(runs, won => won);
        }
        Assert.Equal(20, (await b.RunsAsync("daily", Ct)).Count);
    }

    [SkippableFact]
    public async Task Opening_on_one_database_from_several_instances_at_once_creates_the_tables_once()
    {
        Track(await CreateDatabaseAsync());
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(OpenAsync)));
        foreach (var store in stores) Track(store);

        Assert.True(await stores[0].RecordRunAsync(new JobRun("daily", Now, "server-a", Now, "done"), Ct));
        Assert.Equal(Now, await stores[3].LastRunAsync("daily", Ct));
    }
}

/// <summary>The cycle store contract on a real SQLite file.</summary>
public sealed class SqliteCycleStoreTests : CycleStoreContract
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    /// <inheritdoc/>
    protected override async Task<IAsyncDisposable> CreateDatabaseAsync() => await SqliteEventStore.OpenAsync(Db, TimeProvider.System, default);

    /// <inheritdoc/>
    protected override async Task<ICycleStore> OpenAsync() => await SqliteCycleStore.OpenAsync(Db, default);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(string sql)
    {
        await using var db = new SqliteConnection($"Data Source={Db};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_file_without_a_KnowledgeOS_store_is_refused()
    {
        var missing = await Assert.ThrowsAsync<StorageException>(() => SqliteCycleStore.OpenAsync(Db, default));
        Assert.Contains("does not exist; open the event store on it first", missing.Message);
    }

    [Fact]
    public async Task Times_are_stored_as_Unix_milliseconds_so_older_files_read_back_alike()
    {
        var store = await NewStoreAsync();
        var at = new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.FromHours(3));
        await store.RecordRunAsync(new JobRun("daily", at, "server-a", at.AddMinutes(1), "done"), default);
        await using (var db = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = """
                SELECT typeof(occurrence) || ' ' || occurrence || ' ' || completed_at FROM cycle_runs;
                INSERT INTO cycle_feeds (team, url, etag, last_modified, fetched_at, status, error) VALUES ('t', 'https://x/feed', NULL, NULL, 1000, 'ok', NULL);
                """;
            Assert.Equal($"integer {at.ToUnixTimeMilliseconds()} {at.AddMinutes(1).ToUnixTimeMilliseconds()}", await command.ExecuteScalarAsync());
        }

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1), (await store.GetFeedAsync("t", "https://x/feed", default))!.FetchedAt);
        Assert.Equal(at, await store.LastRunAsync("daily", default));
    }
}

/// <summary>The cycle store contract on a real PostgreSQL schema (<c>KOS_TEST_POSTGRES</c>); each instance has its own pool.</summary>
public sealed class PostgresCycleStoreTests : CycleStoreContract
{
    private readonly TestPostgres _postgres = new();
    private string _schema = "";

    /// <inheritdoc/>
    protected override async Task<IAsyncDisposable> CreateDatabaseAsync()
    {
        var connection = TestPostgres.Require();
        _schema = _postgres.NewSchema();
        return await PostgresEventStore.OpenAsync(connection, TimeProvider.System, new PostgresStoreOptions { Schema = _schema }, default);
    }

    /// <inheritdoc/>
    protected override async Task<ICycleStore> OpenAsync() =>
        await PgCycleStore.OpenAsync(TestPostgres.Require(), new PostgresStoreOptions { Schema = _schema }, default);

    /// <inheritdoc/>
    protected override Task ExecuteAsync(string sql) => TestPostgres.ScalarAsync(sql, _schema);

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [SkippableFact]
    public async Task The_tables_keep_their_types_timestamptz_times_and_byte_ordered_keys()
    {
        await NewStoreAsync();

        var columns = await TestPostgres.ScalarAsync($"""
            SELECT string_agg(table_name || '.' || column_name || ' ' || data_type || coalesce(' ' || collation_name, ''), ', '
                              ORDER BY table_name, ordinal_position)
            FROM information_schema.columns WHERE table_schema = '{_schema}' AND table_name LIKE 'cycle%'
            """);

        Assert.Equal(string.Join(", ",
            "cycle_feeds.team text C", "cycle_feeds.url text C", "cycle_feeds.etag text", "cycle_feeds.last_modified text",
            "cycle_feeds.fetched_at timestamp with time zone", "cycle_feeds.status text", "cycle_feeds.error text",
            "cycle_leases.name text C", "cycle_leases.holder text", "cycle_leases.expires_at timestamp with time zone",
            "cycle_runs.job text C", "cycle_runs.occurrence timestamp with time zone", "cycle_runs.holder text",
            "cycle_runs.completed_at timestamp with time zone", "cycle_runs.summary text"), columns);
    }

    [SkippableFact]
    public async Task A_login_without_create_rights_uses_existing_cycle_tables()
    {
        await NewStoreAsync();
        var role = "kos_cy_" + _schema[6..];
        await TestPostgres.ScalarAsync($"""
            CREATE ROLE {role} LOGIN;
            GRANT USAGE ON SCHEMA {_schema} TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {_schema} TO {role};
            """);
        try
        {
            var login = new NpgsqlConnectionStringBuilder(TestPostgres.Connection) { Username = role }.ConnectionString;
            await using var store = await PgCycleStore.OpenAsync(login, new PostgresStoreOptions { Schema = _schema }, default);

            Assert.True(await store.TryAcquireLeaseAsync("cycle:daily", "server-a", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1), default));
        }
        finally
        {
            await TestPostgres.ScalarAsync($"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    [SkippableFact]
    public async Task A_schema_without_a_KnowledgeOS_store_is_refused_and_left_empty()
    {
        var schema = _postgres.NewSchema();
        await TestPostgres.ScalarAsync($"CREATE SCHEMA \"{schema}\"");

        var ex = await Assert.ThrowsAsync<StorageException>(() => PgCycleStore.OpenAsync(TestPostgres.Require(), new PostgresStoreOptions { Schema = schema }, default));

        Assert.Contains($"Schema '{schema}'", ex.Message);
        Assert.Contains("open the event store on it first", ex.Message);
        Assert.Equal(0L, await TestPostgres.ScalarAsync($"SELECT count(*) FROM pg_tables WHERE schemaname = '{schema}'"));
    }
}
