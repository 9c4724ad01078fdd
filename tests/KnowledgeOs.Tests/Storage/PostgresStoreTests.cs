using System.Globalization;
using KnowledgeOs.Application;
using KnowledgeOs.Postgres;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Npgsql;

namespace KnowledgeOs.Tests.Storage;

/// <summary>What only the PostgreSQL store has: concurrent starts, transient faults, commits in doubt, several instances.</summary>
public sealed class PostgresStoreTests : PostgresStoresTest
{
    private static async Task<long> CountAsync(string schema, string table) =>
        (long)(await TestPostgres.ScalarAsync($"SELECT count(*) FROM {table}", schema))!;

    /// <summary>Breaks the writer's connection the way a network or server fault does: the server ends the backend.</summary>
    private static async Task KillBackendAsync(NpgsqlConnection victim)
    {
        var pid = victim.ProcessID;
        Assert.Equal(true, await TestPostgres.ScalarAsync($"SELECT pg_terminate_backend({pid})"));
        // pg_terminate_backend only signals; wait until the backend is gone so the victim's next command fails.
        for (var i = 0; i < 200 && (long)(await TestPostgres.ScalarAsync($"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}"))! > 0; i++)
            await Task.Delay(10);
    }

    [SkippableFact]
    public async Task Servers_starting_at_once_apply_the_schema_once()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();

        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => OpenAsync(schema))));
        await stores[2].AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")]), Ct);

        Assert.NotNull(await stores[5].LoadAsync(new StreamId("atra", "igor"), Ct));
        Assert.Equal((long)PgSchema.Latest, await CountAsync(schema, "schema_migrations"));
    }

    /// <summary>Appends <paramref name="count"/> single-event commits to a stream; returns the state JSON after each version.</summary>
    private static async Task<Dictionary<long, string>> AppendLessonsAsync(IEventStore store, StreamAppend first, int count)
    {
        await store.AppendAsync(new Commit(first.Stream.Team, [first]), Ct);
        var states = new Dictionary<long, string> { [first.Events.Count] = ProjectionRebuilder.Json(first.NewState) };
        var (state, version) = (first.NewState, (long)first.Events.Count);
        for (var i = 0; i < count; i++)
        {
            var add = Domain.Add(first.Stream, state, version, $"Lesson {i}", source: $"task:T-{i}");
            await store.AppendAsync(new Commit(first.Stream.Team, [add]), Ct);
            (state, version) = (add.NewState, version + add.Events.Count);
            states[version] = ProjectionRebuilder.Json(state);
        }
        return states;
    }

    private static async Task<(long StateVersion, long Version)> ExpertRowAsync(string schema, string slug)
    {
        var row = (string)(await TestPostgres.ScalarAsync($"SELECT state_version || ' ' || version FROM experts WHERE slug = '{slug}'", schema))!;
        var parts = row.Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task The_state_snapshot_is_rewritten_every_few_events_and_loads_still_equal_the_fold_of_the_log()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        var store = await OpenAsync(schema);
        var igor = Domain.Onboard("t", "igor");
        var states = await AppendLessonsAsync(store, igor, 70);
        var anna = Domain.OnboardWithItems("t", "anna", 2);
        await store.AppendAsync(new Commit("t", [anna]), Ct);

        // The last multiple of the interval, not every commit; a new stream's first commit always writes one.
        Assert.Equal((64L, 71L), await ExpertRowAsync(schema, "igor"));
        Assert.Equal((3L, 3L), await ExpertRowAsync(schema, "anna"));
        var loaded = await store.LoadAsync(igor.Stream, Ct);
        Assert.Equal(71, loaded!.Version);
        Assert.Equal(states[71], ProjectionRebuilder.Json(loaded.State));
        var listed = await store.ListAsync("t", Ct);
        Assert.Equal(["anna", "igor"], listed.Select(s => s.State.Slug));
        Assert.Equal(ProjectionRebuilder.Json(anna.NewState), ProjectionRebuilder.Json(listed[0].State));
        Assert.Equal(states[71], ProjectionRebuilder.Json(listed[1].State));
        // Another instance (another server) folds the same tail.
        var other = await OpenAsync(schema);
        Assert.Equal(states[71], ProjectionRebuilder.Json((await other.LoadAsync(igor.Stream, Ct))!.State));

        Assert.Empty((await ProjectionRebuilder.RebuildAsync(store, write: false, null, Ct)).Mismatches);
        await ProjectionRebuilder.RebuildAsync(store, write: true, null, Ct);
        // A rebuild writes whole snapshots: nothing left to fold.
        Assert.Equal((71L, 71L), await ExpertRowAsync(schema, "igor"));
        Assert.Equal(states[71], ProjectionRebuilder.Json((await store.LoadAsync(igor.Stream, Ct))!.State));
    }

    [SkippableFact]
    public async Task Loads_while_another_server_appends_across_snapshots_always_equal_the_fold_up_to_their_version()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        var writer = await OpenAsync(schema);
        var reader = await OpenAsync(schema);
        var igor = Domain.Onboard("t", "igor");
        var seen = new List<(long Version, string Json)>();
        using var done = new CancellationTokenSource();

        var appending = Task.Run(async () =>
        {
            try
            {
                return await AppendLessonsAsync(writer, igor, 200);
            }
            finally
            {
                await done.CancelAsync();
            }
        });
        while (!done.IsCancellationRequested)
        {
            if (await reader.LoadAsync(igor.Stream, Ct) is { } snapshot) seen.Add((snapshot.Version, ProjectionRebuilder.Json(snapshot.State)));
            if ((await reader.ListAsync("t", Ct)).SingleOrDefault() is { } listed) seen.Add((listed.Version, ProjectionRebuilder.Json(listed.State)));
        }
        var states = await appending;

        Assert.True(seen.Select(s => s.Version).Distinct().Count() > 2, "the reads overlapped the appends");
        Assert.All(seen, s => Assert.Equal(states[s.Version], s.Json));
    }

    [SkippableFact]
    public async Task A_store_of_schema_version_1_is_migrated_to_snapshots_and_keeps_loading_the_same_states()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        var store = await OpenAsync(schema);
        var igor = Domain.Onboard("t", "igor");
        var states = await AppendLessonsAsync(store, igor, 10);
        await ProjectionRebuilder.RebuildAsync(store, write: true, null, Ct);
        await store.DisposeAsync();
        // What a version-1 store holds: the whole state in every row, no state_version (and no search columns).
        await TestPostgres.ScalarAsync("ALTER TABLE experts DROP COLUMN state_version; DROP INDEX items_search; " +
            "ALTER TABLE items DROP COLUMN search, DROP COLUMN terms; DROP TABLE item_vectors; DELETE FROM schema_migrations WHERE version > 1", schema);

        var reopened = await OpenAsync(schema);

        Assert.Equal((11L, 11L), await ExpertRowAsync(schema, "igor"));
        Assert.Equal(states[11], ProjectionRebuilder.Json((await reopened.LoadAsync(igor.Stream, Ct))!.State));
        Assert.Equal((long)PgSchema.Latest, await CountAsync(schema, "schema_migrations"));
    }

    [SkippableFact]
    public async Task Kos_rebuild_check_on_PostgreSQL_finds_the_folded_states_equal_to_the_log()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        var store = await OpenAsync(schema);
        await AppendLessonsAsync(store, Domain.Onboard("t", "igor"), 70);
        Assert.Equal((64L, 71L), await ExpertRowAsync(schema, "igor"));

        var run = await Kos.RunAsync("rebuild", "--check", "--json", "--store", "postgres", "--connection", TestPostgres.WithSchema(schema));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"mismatches\": []", run.Out);
        Assert.Contains("\"streams\": 1", run.Out);
    }

    [SkippableFact]
    public async Task A_schema_holding_another_programs_tables_is_refused()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        await TestPostgres.ScalarAsync($"CREATE SCHEMA {schema}; CREATE TABLE {schema}.invoices (id int PRIMARY KEY)");

        var ex = await Assert.ThrowsAsync<StorageException>(() => OpenAsync(schema));

        Assert.Contains($"Schema '{schema}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("is not a KnowledgeOS store", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_keyed_commit_whose_acknowledgement_was_lost_is_retried_as_a_duplicate_not_applied_twice()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        var lost = 0;
        var store = await OpenAsync(schema, new PostgresStoreOptions
        {
            // The COMMIT reached the server and was durable, then the connection died before the client heard back.
            OnStage = async (stage, db, ct) =>
            {
                if (stage != WriterStage.AfterCommit || Interlocked.Increment(ref lost) != 1) return;
                await KillBackendAsync(db);
                throw new NpgsqlException("Exception while reading from stream", new EndOfStreamException());
            },
        });
        var igor = Domain.OnboardWithItems("atra", "igor", 2);

        var result = await store.AppendAsync(new Commit("atra", [igor], "task:T-1", "hash-1"), Ct);

        Assert.True(lost >= 2, "the batch was run a second time");
        Assert.Equal(new AppendResult(true, 3, 3), result);
        Assert.Equal(3, await store.CountEventsAsync(Ct));
        Assert.Equal(1L, await CountAsync(schema, "idempotency"));
        Assert.Equal(3, (await store.LoadAsync(igor.Stream, Ct))!.Version);
        Assert.Equal(3L, (long)(await TestPostgres.ScalarAsync("SELECT position FROM log_head", schema))!);
    }

    [SkippableFact]
    public async Task A_keyless_commit_whose_acknowledgement_was_lost_finds_its_own_events_and_is_not_applied_twice()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        var store = await OpenAsync(schema);
        var igor = Domain.Onboard("atra", "igor");
        await store.AppendAsync(new Commit("atra", [igor]), Ct);
        await store.DisposeAsync();
        var lost = 0;
        var faulty = await OpenAsync(schema, new PostgresStoreOptions
        {
            OnStage = async (stage, db, ct) =>
            {
                if (stage != WriterStage.AfterCommit || Interlocked.Increment(ref lost) != 1) return;
                await KillBackendAsync(db);
                throw new NpgsqlException("Exception while reading from stream", new EndOfStreamException());
            },
        });

        var result = await faulty.AppendAsync(new Commit("atra", [Domain.Add(igor.Stream, igor.NewState, 1, "Урок после обрыва")]), Ct);

        Assert.Equal(new AppendResult(false, 2, 1), result);
        Assert.Equal(2, await faulty.CountEventsAsync(Ct));
        Assert.Single((await faulty.LoadAsync(igor.Stream, Ct))!.State.Items);
    }

    [SkippableFact]
    public async Task A_backend_killed_before_commit_is_retried_and_the_commit_applied_once()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        var kills = 0;
        var store = await OpenAsync(schema, new PostgresStoreOptions
        {
            OnStage = async (stage, db, ct) =>
            {
                if (stage == WriterStage.BeforeCommit && Interlocked.Increment(ref kills) <= 2) await KillBackendAsync(db);
            },
        });
        var appends = Enumerable.Range(0, 5).Select(i => Domain.Onboard("atra", $"e{i}")).ToList();

        var results = await Task.WhenAll(appends.Select((a, i) => store.AppendAsync(new Commit("atra", [a], $"task:{i}", "h"), Ct)));

        Assert.True(kills >= 3);
        Assert.All(results, r => Assert.False(r.Duplicate));
        Assert.Equal([1L, 2, 3, 4, 5], results.Select(r => r.LastPosition).Order());
        Assert.Equal(5, await store.CountEventsAsync(Ct));
    }

    [SkippableFact]
    public async Task A_NUL_that_reaches_PostgreSQL_anyway_fails_only_its_commit_and_the_rest_of_its_batch_commits()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        var hold = 0;
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = await OpenAsync(schema, new PostgresStoreOptions
        {
            // Holds one batch open so that the commits queued meanwhile make up the next batch, together.
            OnStage = async (stage, _, _) =>
            {
                if (stage != WriterStage.BeforeCommit || Interlocked.Exchange(ref hold, 0) == 0) return;
                held.TrySetResult();
                await gate.Task;
            },
        });
        var igor = Domain.Onboard("atra", "igor");
        var anna = Domain.Onboard("atra", "anna");
        var olga = Domain.Onboard("beta", "olga");
        await store.AppendAsync(new Commit("atra", [igor, anna]), Ct);
        await store.AppendAsync(new Commit("beta", [olga]), Ct);
        // Clean events, but the item row the state carries holds a NUL: a state folded from data stored before
        // NUL was refused (SQLite kept it), or any writer that slips past the checks.
        var add = Domain.Add(igor.Stream, igor.NewState, 1, "Урок");
        var item = add.NewState.Items.Values.Single();
        var poisoned = add with { NewState = add.NewState with { Items = add.NewState.Items.SetItem(item.Id, item with { Text = "Ур\0ок" }) } };

        Interlocked.Exchange(ref hold, 1);
        var blocker = store.AppendAsync(new Commit("gamma", [Domain.Onboard("gamma", "zed")]), Ct);
        await held.Task;
        var bad = store.AppendAsync(new Commit("atra", [poisoned], "task:bad", "h"), Ct);
        var sameTeam = store.AppendAsync(new Commit("atra", [Domain.Add(anna.Stream, anna.NewState, 1, "Урок Анны")]), Ct);
        var otherTeam = store.AppendAsync(new Commit("beta", [Domain.Add(olga.Stream, olga.NewState, 1, "Урок Ольги")]), Ct);
        gate.SetResult();

        await blocker;
        await sameTeam;
        await otherTeam;
        var ex = await Assert.ThrowsAsync<InputException>(() => bad);
        Assert.Contains("PostgreSQL refused the data of this commit", ex.Message, StringComparison.Ordinal);
        Assert.Contains("22021", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await store.LoadAsync(igor.Stream, Ct))!.Version);
        Assert.Equal("Урок Анны", (await store.LoadAsync(anna.Stream, Ct))!.State.Items.Values.Single().Text);
        Assert.Equal("Урок Ольги", (await store.LoadAsync(olga.Stream, Ct))!.State.Items.Values.Single().Text);
        Assert.Equal(6, await store.CountEventsAsync(Ct));
        // The refused commit did not spend its key: the clean commit goes through under it.
        Assert.False((await store.AppendAsync(new Commit("atra", [add], "task:bad", "h"), Ct)).Duplicate);
    }

    [SkippableFact]
    public async Task A_row_written_behind_the_stores_back_is_caught_by_the_unique_constraint_and_fails_only_its_commit()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        var store = await OpenAsync(schema);
        var igor = Domain.Onboard("atra", "igor");
        var anna = Domain.Onboard("atra", "anna");
        await store.AppendAsync(new Commit("atra", [igor, anna]), Ct);
        // A foreign writer that ignores the log head puts a row at igor's next version without moving the stream.
        await TestPostgres.ScalarAsync("INSERT INTO events VALUES (1000, 'atra/igor', 2, 'v1.Foreign', '{}', now())", schema);

        var forIgor = store.AppendAsync(new Commit("atra", [Domain.Add(igor.Stream, igor.NewState, 1, "Урок Игоря")]), Ct);
        var forAnna = store.AppendAsync(new Commit("atra", [Domain.Add(anna.Stream, anna.NewState, 1, "Урок Анны")]), Ct);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => forIgor);
        Assert.Contains("Another writer", refused.Message, StringComparison.Ordinal);
        Assert.False((await forAnna).Duplicate);
        Assert.Equal(2, (await store.LoadAsync(anna.Stream, Ct))!.Version);
        Assert.Equal(1, (await store.LoadAsync(igor.Stream, Ct))!.Version);
    }

    [SkippableFact]
    public async Task Transient_faults_past_the_retry_budget_fail_every_caller_clearly_and_write_nothing()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        var attempts = 0;
        var store = await OpenAsync(schema, new PostgresStoreOptions
        {
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            OnStage = (stage, db, ct) =>
            {
                if (stage == WriterStage.BeforeCommit)
                {
                    Interlocked.Increment(ref attempts);
                    throw new NpgsqlException("Exception while writing to stream", new IOException("Broken pipe"));
                }
                return ValueTask.CompletedTask;
            },
        });

        var ex = await Assert.ThrowsAsync<StorageException>(() => store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")]), Ct));

        Assert.Equal(3, attempts);
        Assert.Contains("gave up after 3 attempts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountEventsAsync(Ct));
    }

    [SkippableFact]
    public async Task A_server_that_refuses_connections_is_reported_with_its_address_after_bounded_retries()
    {
        TestPostgres.Require();
        var connection = new NpgsqlConnectionStringBuilder(TestPostgres.Connection) { Port = 1 }.ConnectionString;

        var ex = await Assert.ThrowsAsync<StorageException>(() => PostgresEventStore.OpenAsync(connection, Clock,
            new PostgresStoreOptions { MaxRetries = 2, RetryDelay = TimeSpan.FromMilliseconds(1) }, Ct));

        Assert.StartsWith("PostgreSQL at 127.0.0.1:1/", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gave up after 3 attempts", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_database_that_does_not_exist_is_reported_at_once_not_retried()
    {
        TestPostgres.Require();
        var connection = new NpgsqlConnectionStringBuilder(TestPostgres.Connection) { Database = "kos_no_such_db" }.ConnectionString;

        var ex = await Assert.ThrowsAsync<StorageException>(() => PostgresEventStore.OpenAsync(connection, Clock, Ct));

        Assert.Contains("database \"kos_no_such_db\" does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains("createdb", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_change_feed_on_a_third_instance_sees_appends_of_two_writers_in_order_with_no_gap()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        var one = await OpenAsync(schema);
        var two = await OpenAsync(schema);
        var feed = await OpenAsync(schema);
        var experts = Enumerable.Range(0, 8).Select(i => Domain.Onboard("atra", $"e{i}")).ToList();
        await one.AppendAsync(new Commit("atra", experts), Ct);
        const int perWriter = 60;

        using var done = new CancellationTokenSource();
        var seen = new List<long>();
        var reader = Task.Run(async () =>
        {
            long last = 0;
            while (true)
            {
                var finished = done.IsCancellationRequested;
                await foreach (var e in feed.ReadAllAsync(last, Ct))
                {
                    // A poll must continue exactly where the last one stopped: a gap would be an event lost for good.
                    Assert.Equal(last + 1, e.Position);
                    last = e.Position;
                    seen.Add(last);
                }
                if (finished) return;
                await Task.Delay(1);
            }
        });
        var writers = experts.Select((e, w) => Task.Run(async () =>
        {
            var store = w % 2 == 0 ? one : two;
            var state = e.NewState;
            for (var i = 0; i < perWriter; i++)
            {
                var add = Domain.Add(e.Stream, state, 1 + i, $"Урок {w}-{i}");
                await store.AppendAsync(new Commit("atra", [add], $"task:{w}-{i}", "h"), Ct);
                state = add.NewState;
            }
        })).ToList();
        await Task.WhenAll(writers);
        await done.CancelAsync();
        await reader;

        var total = experts.Count + experts.Count * perWriter;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), seen);
    }

    [SkippableFact]
    public async Task An_exported_store_imports_into_an_empty_one_with_the_same_hash_and_projections()
    {
        TestPostgres.Require();
        var source = await OpenAsync(Postgres.NewSchema());
        var igor = Domain.Rich("atra", "igor");
        await source.AppendAsync(new Commit("atra", [igor, Domain.OnboardWithItems("atra", "anna", 3)], "task:1", "h1"), Ct);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await source.AppendAsync(new Commit("beta", [Domain.Onboard("beta", "zoe")], "task:2", "h2"), Ct);
        var target = await OpenAsync(Postgres.NewSchema());

        var imported = await target.ImportAsync(source.ExportAsync(Ct), Ct);

        var exported = await ArchiveHash.OfAsync(source.ExportAsync(Ct), Ct);
        Assert.Equal(exported, imported);
        Assert.Equal(exported, await ArchiveHash.OfAsync(target.ExportAsync(Ct), Ct));
        Assert.Equal(2L, exported.Keys);
        Assert.Equal(StoredState.Write(igor.NewState), StoredState.Write((await target.LoadAsync(igor.Stream, Ct))!.State));
        // The imported store goes on from the imported head, and knows the imported keys.
        Assert.True((await target.AppendAsync(new Commit("atra", [], "task:1", "h1"), Ct)).Duplicate);
        var next = await target.AppendAsync(new Commit("beta", [Domain.Onboard("beta", "max")]), Ct);
        Assert.Equal(exported.Events + 1, next.LastPosition);
        var refused = await Assert.ThrowsAsync<ConflictException>(() => target.ImportAsync(source.ExportAsync(Ct), Ct));
        Assert.Contains("already holds events", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Every_connection_waits_for_the_WAL_flush_even_when_the_connection_string_says_otherwise()
    {
        var relaxed = new NpgsqlConnectionStringBuilder(TestPostgres.Require()) { Options = "-c synchronous_commit=off" }.ConnectionString;
        await using var source = PgConnections.Create(relaxed, "public");
        await using var db = await source.OpenConnectionAsync();
        await using var show = new NpgsqlCommand("SHOW synchronous_commit", db);

        Assert.Equal("on", await show.ExecuteScalarAsync());
    }

    [SkippableFact]
    public async Task A_login_without_create_rights_opens_an_existing_store_and_writes()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        await (await OpenAsync(schema)).AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")]), Ct);
        var role = "kos_rw_" + schema[6..];
        await TestPostgres.ScalarAsync($"""
            CREATE ROLE {role} LOGIN;
            GRANT USAGE ON SCHEMA {schema} TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role};
            """);
        try
        {
            var login = new NpgsqlConnectionStringBuilder(TestPostgres.Connection) { Username = role }.ConnectionString;
            await using var store = await PostgresEventStore.OpenAsync(login, Clock, new PostgresStoreOptions { Schema = schema }, Ct);

            await store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "anna")]), Ct);

            Assert.Equal(2, await store.CountEventsAsync(Ct));
        }
        finally
        {
            await TestPostgres.ScalarAsync($"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    [Fact]
    public void Pool_settings_are_chosen_unless_the_connection_string_names_them()
    {
        var chosen = PgConnections.Builder("Host=db;Username=kos");
        var given = PgConnections.Builder("Host=db;Username=kos;Maximum Pool Size=7;Timeout=3;Command Timeout=5");

        Assert.Equal(20, chosen.MaxPoolSize);
        Assert.Equal(10, chosen.Timeout);
        Assert.Equal(30, chosen.CommandTimeout);
        Assert.Equal(30, chosen.KeepAlive);
        Assert.Equal(7, given.MaxPoolSize);
        Assert.Equal(3, given.Timeout);
        Assert.Equal(5, given.CommandTimeout);
        Assert.Equal("db:5432/kos", PgConnections.Describe(chosen));
        Assert.Throws<InputException>(() => PgConnections.Builder("Host=db;Bogus Setting=1"));
    }
}
