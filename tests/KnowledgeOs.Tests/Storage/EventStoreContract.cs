using System.Text.Json;
using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// What every <see cref="IEventStore"/> must do, whatever the database. A backend's test class subclasses this
/// and says how to make a fresh store and how to open the same database again.
/// </summary>
public abstract partial class EventStoreContract : IAsyncLifetime
{
    private readonly List<IEventStore> _opened = [];

    /// <summary>The clock every store of a test uses; tests move it forward.</summary>
    protected FakeTimeProvider Clock { get; } = new(Domain.Start);

    /// <summary>A store over a new, empty database.</summary>
    protected abstract Task<IEventStore> CreateStoreAsync(TimeProvider time);

    /// <summary>A store over a new, empty database that accepts at most <paramref name="maxEventsPerCommit"/> events per commit.</summary>
    protected abstract Task<IEventStore> CreateStoreAsync(TimeProvider time, int maxEventsPerCommit);

    /// <summary>Another store instance over the database the last <see cref="CreateStoreAsync"/> made (another process, a restart).</summary>
    protected abstract Task<IEventStore> OpenSameAsync(TimeProvider time);

    /// <summary>Opens a fresh store and disposes it after the test.</summary>
    protected async Task<IEventStore> NewStoreAsync() => Track(await CreateStoreAsync(Clock));

    /// <summary>Opens the same database again and disposes it after the test.</summary>
    protected async Task<IEventStore> SameStoreAsync() => Track(await OpenSameAsync(Clock));

    private IEventStore Track(IEventStore store)
    {
        lock (_opened) _opened.Add(store);
        return store;
    }

    /// <inheritdoc/>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened) await store.DisposeAsync();
    }

    private static CancellationToken Ct => CancellationToken.None;

    private static async Task<List<StoredEvent>> ReadStream(IEventStore store, StreamId stream, DateTimeOffset? upTo = null)
    {
        var list = new List<StoredEvent>();
        await foreach (var e in store.ReadStreamAsync(stream, upTo, Ct)) list.Add(e);
        return list;
    }

    private static async Task<List<StoredEvent>> ReadAll(IEventStore store, long after = 0)
    {
        var list = new List<StoredEvent>();
        await foreach (var e in store.ReadAllAsync(after, Ct)) list.Add(e);
        return list;
    }

    private static string Json(ExpertState state) => JsonSerializer.Serialize(state, EventTypes.Json);

    [SkippableFact]
    public async Task Appended_events_read_back_in_order_with_versions_and_positions()
    {
        var store = await NewStoreAsync();
        var igor = Domain.OnboardWithItems("atra", "igor", 3);
        var anna = Domain.OnboardWithItems("atra", "anna", 1);

        var first = await store.AppendAsync(new Commit("atra", [igor]), Ct);
        var second = await store.AppendAsync(new Commit("atra", [anna]), Ct);

        Assert.Equal(new AppendResult(false, 4, 4), first);
        Assert.Equal(new AppendResult(false, 6, 2), second);
        var stream = await ReadStream(store, igor.Stream);
        Assert.Equal([1L, 2, 3, 4], stream.Select(e => e.Version));
        Assert.Equal([1L, 2, 3, 4], stream.Select(e => e.Position));
        Assert.Equal(igor.Events.Select(EventTypes.Serialize), stream.Select(e => EventTypes.Serialize(e.Event)));
        Assert.All(stream, e => Assert.Equal(igor.Stream, e.Stream));
        Assert.Equal(igor.Events.Select(EventTypes.NameOf), stream.Select(e => e.Type));
        var all = await ReadAll(store);
        Assert.Equal([1L, 2, 3, 4, 5, 6], all.Select(e => e.Position));
        Assert.Equal([5L, 6], (await ReadAll(store, 4)).Select(e => e.Position));
        Assert.Equal(6, await store.CountEventsAsync(Ct));

        // What a state held at version 2 is missing: versions 3 and 4 of that stream only.
        var after = new List<StoredEvent>();
        await foreach (var e in store.ReadStreamAfterAsync(igor.Stream, 2, Ct)) after.Add(e);
        Assert.Equal([3L, 4], after.Select(e => e.Version));
        Assert.Equal(stream.Skip(2).Select(e => EventTypes.Serialize(e.Event)), after.Select(e => EventTypes.Serialize(e.Event)));
        await foreach (var e in store.ReadStreamAfterAsync(igor.Stream, 4, Ct)) Assert.Fail($"nothing comes after the last version, got {e.Version}");
    }

    [SkippableFact]
    public async Task The_team_feed_reads_only_that_teams_events_in_position_order_and_the_head_is_the_newest_position()
    {
        var store = await NewStoreAsync();
        Assert.Equal(0, await store.HeadPositionAsync(Ct));
        await store.AppendAsync(new Commit("atra", [Domain.OnboardWithItems("atra", "igor", 2)]), Ct);   // 1-3
        await store.AppendAsync(new Commit("beta", [Domain.OnboardWithItems("beta", "olga", 1)]), Ct);   // 4-5
        await store.AppendAsync(new Commit("atra", [Domain.OnboardWithItems("atra", "anna", 1)]), Ct);   // 6-7
        // A team whose slug is another's prefix must not leak into it.
        await store.AppendAsync(new Commit("atra-2", [Domain.OnboardWithItems("atra-2", "ivan", 0)]), Ct); // 8

        var atra = new List<StoredEvent>();
        await foreach (var e in store.ReadTeamAfterAsync("atra", 0, Ct)) atra.Add(e);
        Assert.Equal([1L, 2, 3, 6, 7], atra.Select(e => e.Position));
        Assert.All(atra, e => Assert.Equal("atra", e.Stream.Team));
        var after = new List<long>();
        await foreach (var e in store.ReadTeamAfterAsync("atra", 3, Ct)) after.Add(e.Position);
        Assert.Equal([6L, 7], after);
        await foreach (var e in store.ReadTeamAfterAsync("atra", 7, Ct)) Assert.Fail($"nothing comes after the team's last event, got {e.Position}");
        await foreach (var e in store.ReadTeamAfterAsync("nobody", 0, Ct)) Assert.Fail($"an unknown team has no events, got {e.Position}");
        Assert.Equal(8, await store.HeadPositionAsync(Ct));
    }

    [SkippableFact]
    public async Task A_quiet_teams_latest_events_are_found_however_busy_the_others_were_since()
    {
        var store = await NewStoreAsync();
        await store.AppendAsync(new Commit("quiet", [Domain.OnboardWithItems("quiet", "igor", 2)]), Ct);   // 1-3
        for (var i = 0; i < 20; i++)
            await store.AppendAsync(new Commit("busy", [Domain.OnboardWithItems("busy", $"e{i:00}", 2)]), Ct);

        var latest = await store.ReadTeamLatestAsync("quiet", 2, Ct);
        Assert.Equal([3L, 2], latest.Select(e => e.Position));
        Assert.Equal([1L, 2, 3], (await store.ReadTeamLatestAsync("quiet", 30, Ct)).Select(e => e.Position).Reverse());
        Assert.Empty(await store.ReadTeamLatestAsync("nobody", 30, Ct));
        Assert.Equal(63, await store.HeadPositionAsync(Ct));
    }

    [SkippableFact]
    public async Task Loaded_projection_equals_the_state_the_append_carried()
    {
        var store = await NewStoreAsync();
        var igor = Domain.OnboardWithItems("atra", "igor", 5);
        await store.AppendAsync(new Commit("atra", [igor]), Ct);
        var add = Domain.Add(igor.Stream, igor.NewState, 6, "Урок 2 про индексы", "task:T-9"); // confirms an existing item
        await store.AppendAsync(new Commit("atra", [add]), Ct);

        var loaded = await store.LoadAsync(igor.Stream, Ct);

        Assert.NotNull(loaded);
        Assert.Equal(7, loaded.Version);
        Assert.Equal(Json(add.NewState), Json(loaded.State));
        Assert.Equal(add.NewState.Items.Keys, loaded.State.Items.Keys);
        Assert.Equal(add.NewState.Active(SectionKind.Learned).Select(i => i.Id), loaded.State.Active(SectionKind.Learned).Select(i => i.Id));
        Assert.Single(loaded.State.Items.Values, i => i.Confirmations.Count == 1);
        Assert.Null(await store.LoadAsync(new StreamId("atra", "nobody"), Ct));
    }

    [SkippableFact]
    public async Task A_rich_state_loads_back_exactly()
    {
        var store = await NewStoreAsync();
        var igor = Domain.Rich("atra", "igor");
        await store.AppendAsync(new Commit("atra", [igor]), Ct);

        var loaded = (await store.LoadAsync(igor.Stream, Ct))!;

        Assert.Equal(Json(igor.NewState), Json(loaded.State));
        Assert.Equal("Staff Engineer", loaded.State.Role);
        var problem = loaded.State.Active(SectionKind.Problem).Single();
        Assert.Equal(["Уникальный индекс на ключ", "Возврат первого ответа"], problem.Solutions);
        Assert.Equal("Martin Kleppmann", loaded.State.Active(SectionKind.Book).Single().Field(ItemFields.Author));
        Assert.Empty(loaded.State.Active(SectionKind.Learned));
        // The domain keys items and sources ordinally; a reloaded state must keep that order.
        Assert.Equal(igor.NewState.Items.Keys, loaded.State.Items.Keys);
        Assert.Equal(igor.NewState.Sources, loaded.State.Sources);
        var next = ExpertDecider.Add(loaded.State, new AddKnowledge(SectionKind.Book, "Designing Data-Intensive Applications",
            new Dictionary<string, string> { [ItemFields.Author] = "Martin Kleppmann" }), "task:T-9", Domain.Start);
        Assert.IsType<KnowledgeConfirmed>(Assert.Single(next));
    }

    [SkippableFact]
    public async Task Experts_list_by_slug_and_teams_list_once()
    {
        var store = await NewStoreAsync();
        await store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "zoe"), Domain.Onboard("atra", "anna")]), Ct);
        await store.AppendAsync(new Commit("beta", [Domain.Onboard("beta", "igor")]), Ct);

        Assert.Equal(["anna", "zoe"], (await store.ListAsync("atra", Ct)).Select(s => s.State.Slug));
        Assert.Equal(["atra", "beta"], await store.TeamsAsync(Ct));
        Assert.Empty(await store.ListAsync("gamma", Ct));
    }

    [SkippableFact]
    public async Task Listing_a_team_folds_each_experts_own_events_after_its_snapshot()
    {
        var store = await NewStoreAsync();
        // Past the snapshot interval, so igor and zoe each have a tail of events after their snapshot; anna has none;
        // beta's igor has a tail too, and none of it may reach atra's.
        var igor = await AppendLessonsAsync(store, Domain.Onboard("atra", "igor"), SnapshotPolicy.Interval + 2);
        var anna = Domain.OnboardWithItems("atra", "anna", 2);
        await store.AppendAsync(new Commit("atra", [anna]), Ct);
        var zoe = await AppendLessonsAsync(store, Domain.Onboard("atra", "zoe"), SnapshotPolicy.Interval + 1);
        var other = await AppendLessonsAsync(store, Domain.Onboard("beta", "igor"), SnapshotPolicy.Interval + 3);

        var listed = await store.ListAsync("atra", Ct);

        Assert.Equal(["anna", "igor", "zoe"], listed.Select(s => s.State.Slug));
        Assert.Equal([(anna.Events.Count, Json(anna.NewState)), igor, zoe], listed.Select(s => (s.Version, Json(s.State))));
        var loaded = (await store.LoadAsync(new StreamId("beta", "igor"), Ct))!;
        Assert.Equal(other, (loaded.Version, Json(loaded.State)));
    }

    /// <summary>Onboards, then adds one lesson per commit; the version and state JSON the stream ends at.</summary>
    private static async Task<(long Version, string State)> AppendLessonsAsync(IEventStore store, StreamAppend first, int lessons)
    {
        await store.AppendAsync(new Commit(first.Stream.Team, [first]), Ct);
        var (state, version) = (first.NewState, (long)first.Events.Count);
        for (var i = 0; i < lessons; i++)
        {
            var add = Domain.Add(first.Stream, state, version, $"Lesson {i} of {first.Stream.Expert}", source: $"task:T-{i}");
            await store.AppendAsync(new Commit(first.Stream.Team, [add]), Ct);
            (state, version) = (add.NewState, version + add.Events.Count);
        }
        return (version, Json(state));
    }

    [SkippableFact]
    public async Task Only_the_stale_commit_among_50_concurrent_ones_fails()
    {
        var store = await NewStoreAsync();
        var experts = Enumerable.Range(0, 50).Select(i => Domain.Onboard("atra", $"e{i:00}")).ToList();
        await store.AppendAsync(new Commit("atra", experts), Ct);

        var appends = experts.Select((e, i) => Domain.Add(e.Stream, e.NewState, i == 17 ? 0 : 1, $"Урок {i}")).ToList();
        var tasks = appends.Select(a => Task.Run(() => store.AppendAsync(new Commit("atra", [a]), Ct))).ToList();
        var outcomes = await Task.WhenAll(tasks.Select(async t => { try { await t; return null; } catch (Exception ex) { return ex; } }));

        var failure = Assert.IsType<WrongExpectedVersionException>(outcomes[17]);
        Assert.Equal(new StreamId("atra", "e17"), failure.Stream);
        Assert.Equal(0, failure.Expected);
        Assert.Equal(1, failure.Actual);
        Assert.Equal(49, outcomes.Count(o => o is null));
        Assert.Equal(99, await store.CountEventsAsync(Ct));
        Assert.Equal(1, (await store.LoadAsync(new StreamId("atra", "e17"), Ct))!.Version);
        Assert.Equal(Enumerable.Range(1, 99).Select(i => (long)i), (await ReadAll(store)).Select(e => e.Position));
    }

    [SkippableFact]
    public async Task Of_50_concurrent_writers_on_one_version_exactly_one_wins()
    {
        var store = await NewStoreAsync();
        var igor = Domain.Onboard("atra", "igor");
        await store.AppendAsync(new Commit("atra", [igor]), Ct);

        var tasks = Enumerable.Range(0, 50)
            .Select(i => Task.Run(() => store.AppendAsync(new Commit("atra", [Domain.Add(igor.Stream, igor.NewState, 1, $"Урок {i}")]), Ct)))
            .ToList();
        var outcomes = await Task.WhenAll(tasks.Select(async t => { try { await t; return null; } catch (Exception ex) { return ex; } }));

        Assert.Equal(1, outcomes.Count(o => o is null));
        Assert.All(outcomes.Where(o => o is not null), o => Assert.IsType<WrongExpectedVersionException>(o));
        Assert.Equal([1L, 2], (await ReadStream(store, igor.Stream)).Select(e => e.Version));
    }

    [SkippableFact]
    public async Task A_commit_with_one_stale_stream_writes_nothing()
    {
        var store = await NewStoreAsync();
        var igor = Domain.Onboard("atra", "igor");
        var anna = Domain.Onboard("atra", "anna");
        await store.AppendAsync(new Commit("atra", [igor, anna]), Ct);
        await store.AppendAsync(new Commit("atra", [Domain.Add(anna.Stream, anna.NewState, 1, "Первый урок")]), Ct);

        var both = new Commit("atra",
            [Domain.Add(igor.Stream, igor.NewState, 1, "Урок для Игоря"), Domain.Add(anna.Stream, anna.NewState, 1, "Устаревший урок")],
            "task:t-1", "hash-1");
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => store.AppendAsync(both, Ct));

        Assert.Equal(3, await store.CountEventsAsync(Ct));
        var loaded = await store.LoadAsync(igor.Stream, Ct);
        Assert.Equal(1, loaded!.Version);
        Assert.Empty(loaded.State.Items);
        // The key was not spent by the refused commit.
        var retry = await store.AppendAsync(both with { Streams = [both.Streams[0]] }, Ct);
        Assert.False(retry.Duplicate);
    }

    [SkippableFact]
    public async Task A_repeated_key_returns_the_first_result_and_writes_nothing()
    {
        var store = await NewStoreAsync();
        var igor = Domain.OnboardWithItems("atra", "igor", 2);
        var first = await store.AppendAsync(new Commit("atra", [igor], "task:42", "abc"), Ct);

        var again = await store.AppendAsync(new Commit("atra", [igor], "task:42", "abc"), Ct);
        var keyOnly = await store.AppendAsync(new Commit("atra", [], "task:42", "abc"), Ct);

        Assert.Equal(new AppendResult(true, first.LastPosition, 3), again);
        Assert.Equal(again, keyOnly);
        Assert.Equal(3, await store.CountEventsAsync(Ct));
    }

    [SkippableFact]
    public async Task A_key_reused_for_another_request_is_a_conflict()
    {
        var store = await NewStoreAsync();
        await store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")], "task:42", "abc"), Ct);

        var ex = await Assert.ThrowsAsync<ConflictException>(() =>
            store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "anna")], "task:42", "other"), Ct));
        await Assert.ThrowsAsync<ConflictException>(() => store.AppendAsync(new Commit("atra", [], "task:42", "other"), Ct));

        Assert.Contains("task:42", ex.Message, StringComparison.Ordinal);
        Assert.Null(await store.LoadAsync(new StreamId("atra", "anna"), Ct));
        // Keys are per team: the same key in another team is free.
        Assert.False((await store.AppendAsync(new Commit("beta", [Domain.Onboard("beta", "anna")], "task:42", "other"), Ct)).Duplicate);
    }

    [SkippableFact]
    public async Task Concurrent_commits_with_one_key_write_once()
    {
        var store = await NewStoreAsync();
        var igor = Domain.OnboardWithItems("atra", "igor", 2);

        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => store.AppendAsync(new Commit("atra", [igor], "task:1", "h"), Ct))));

        Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.Equal(new AppendResult(r.Duplicate, 3, 3), r));
        Assert.Equal(3, await store.CountEventsAsync(Ct));
    }

    [SkippableFact]
    public async Task A_malformed_commit_is_refused_before_anything_is_written()
    {
        var store = await NewStoreAsync();
        var igor = Domain.Onboard("atra", "igor");

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendAsync(new Commit("beta", [igor]), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendAsync(new Commit("atra", [igor, igor]), Ct));
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.AppendAsync(new Commit("atra", [igor with { Stream = new StreamId("atra", "anna") }]), Ct));

        Assert.Equal(0, await store.CountEventsAsync(Ct));
    }

    [SkippableFact]
    public async Task Bad_commits_are_refused_alone_while_every_good_write_of_two_teams_lands()
    {
        var store = await NewStoreAsync();
        string[] teams = ["alpha", "beta"];
        const int good = 4, bad = 3, rounds = 12;
        foreach (var team in teams)
        {
            var everyone = Enumerable.Range(0, good).Select(g => Domain.Onboard(team, $"g{g}"))
                .Concat(Enumerable.Range(0, bad).Select(b => Domain.Onboard(team, $"b{b}"))).ToList();
            await store.AppendAsync(new Commit(team, everyone), Ct);
        }

        // Good writers append one lesson after another; bad writers, at the same time and into the same batches,
        // send commits no store keeps: a NUL in the text, or a state the database's constraints refuse.
        var goodWriters = teams.SelectMany(team => Enumerable.Range(0, good).Select(g => Task.Run(async () =>
        {
            var first = Domain.Onboard(team, $"g{g}");
            var (state, version) = (first.NewState, 1L);
            for (var r = 0; r < rounds; r++)
            {
                var add = Domain.Add(first.Stream, state, version, $"Урок {r} от {team}/g{g}");
                await store.AppendAsync(new Commit(team, [add]), Ct);
                (state, version) = (add.NewState, version + add.Events.Count);
            }
        }))).ToList();
        var badWriters = teams.SelectMany(team => Enumerable.Range(0, bad).Select(b => Task.Run(async () =>
        {
            var first = Domain.Onboard(team, $"b{b}");
            var refusals = new List<(bool Nul, InputException Error)>();
            for (var r = 0; r < rounds; r++)
            {
                var nul = r % 4 == 0;
                var append = nul
                    ? Domain.AddUnchecked(first.Stream, first.NewState, 1, $"Урок\0{r}")
                    : Domain.Add(first.Stream, first.NewState with { DisplayName = null! }, 1, $"Урок {r}");
                refusals.Add((nul, await Assert.ThrowsAsync<InputException>(() => store.AppendAsync(new Commit(team, [append]), Ct))));
            }
            return refusals;
        }))).ToList();

        await Task.WhenAll(goodWriters);
        var refused = (await Task.WhenAll(badWriters)).SelectMany(r => r).ToList();

        Assert.Equal(teams.Length * bad * rounds, refused.Count);
        Assert.All(refused.Where(r => r.Nul), r => Assert.Contains("NUL", r.Error.Message, StringComparison.Ordinal));
        Assert.All(refused.Where(r => !r.Nul), r => Assert.Contains("display_name", r.Error.Message, StringComparison.Ordinal));
        foreach (var team in teams)
        {
            for (var g = 0; g < good; g++)
            {
                var loaded = (await store.LoadAsync(new StreamId(team, $"g{g}"), Ct))!;
                Assert.Equal(1 + rounds, loaded.Version);
                Assert.Equal(Enumerable.Range(0, rounds).Select(r => $"Урок {r} от {team}/g{g}").Order(StringComparer.Ordinal),
                    loaded.State.Active(SectionKind.Learned).Select(i => i.Text).Order(StringComparer.Ordinal));
            }
            for (var b = 0; b < bad; b++)
            {
                var loaded = (await store.LoadAsync(new StreamId(team, $"b{b}"), Ct))!;
                Assert.Equal(1, loaded.Version);
                Assert.Equal("Эксперт " + $"b{b}", loaded.State.DisplayName);
            }
        }
        var total = teams.Length * (good + bad + good * rounds);
        Assert.Equal(total, await store.CountEventsAsync(Ct));
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), (await ReadAll(store)).Select(e => e.Position));
    }

    [SkippableFact]
    public async Task A_NUL_anywhere_in_a_commit_is_refused_alike_on_every_store_and_writes_nothing()
    {
        var store = await NewStoreAsync();
        var igor = Domain.Onboard("atra", "igor");
        await store.AppendAsync(new Commit("atra", [igor]), Ct);

        var inText = await Assert.ThrowsAsync<InputException>(() =>
            store.AppendAsync(new Commit("atra", [Domain.AddUnchecked(igor.Stream, igor.NewState, 1, "до\0после")]), Ct));
        var inKey = await Assert.ThrowsAsync<InputException>(() =>
            store.AppendAsync(new Commit("atra", [Domain.Add(igor.Stream, igor.NewState, 1, "Урок")], "task:1\0", "h"), Ct));

        Assert.Contains("v1.KnowledgeRecorded of atra/igor holds a NUL", inText.Message, StringComparison.Ordinal);
        Assert.Equal("idempotency key", inKey.Field);
        Assert.Equal(1, await store.CountEventsAsync(Ct));
        // A backslash before "u0000" is ordinary text, not a NUL.
        var path = Domain.Add(igor.Stream, igor.NewState, 1, @"C:\u0000\notes");
        await store.AppendAsync(new Commit("atra", [path]), Ct);
        Assert.Equal(@"C:\u0000\notes", (await store.LoadAsync(igor.Stream, Ct))!.State.Active(SectionKind.Learned).Single().Text);
    }

    [SkippableFact]
    public async Task A_commit_over_the_events_limit_is_refused_naming_the_limit()
    {
        var store = Track(await CreateStoreAsync(Clock, maxEventsPerCommit: 5));

        var one = await Assert.ThrowsAsync<InputException>(() =>
            store.AppendAsync(new Commit("atra", [Domain.OnboardWithItems("atra", "igor", 5)]), Ct));
        var two = await Assert.ThrowsAsync<InputException>(() =>
            store.AppendAsync(new Commit("atra", [Domain.OnboardWithItems("atra", "igor", 2), Domain.OnboardWithItems("atra", "anna", 2)]), Ct));

        Assert.Contains("A commit of 6 events is larger than the store accepts (5 events per commit, MaxEventsPerCommit)", one.Message, StringComparison.Ordinal);
        Assert.Contains("A commit of 6 events", two.Message, StringComparison.Ordinal);
        Assert.Equal(0, await store.CountEventsAsync(Ct));
        await store.AppendAsync(new Commit("atra", [Domain.OnboardWithItems("atra", "igor", 4)]), Ct);
        Assert.Equal(5, await store.CountEventsAsync(Ct));
    }

    [SkippableFact]
    public async Task A_cancelled_append_writes_nothing()
    {
        var store = await NewStoreAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")]), cancelled.Token));

        Assert.Equal(0, await store.CountEventsAsync(Ct));
    }

    [SkippableFact]
    public async Task A_store_refuses_appends_after_dispose()
    {
        var store = await NewStoreAsync();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")]), Ct));
    }

    [SkippableFact]
    public async Task A_key_checked_with_no_events_is_not_spent()
    {
        var store = await NewStoreAsync();

        var check = await store.AppendAsync(new Commit("atra", [], "task:7", "abc"), Ct);
        var real = await store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")], "task:7", "different"), Ct);

        Assert.Equal(new AppendResult(false, 0, 0), check);
        Assert.Equal(new AppendResult(false, 1, 1), real);
    }

    [SkippableFact]
    public async Task Reading_as_of_a_time_returns_only_what_was_recorded_by_then()
    {
        var store = await NewStoreAsync();
        var igor = Domain.Onboard("atra", "igor");
        await store.AppendAsync(new Commit("atra", [igor]), Ct);
        var onboardedAt = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromHours(1));
        var add = Domain.Add(igor.Stream, igor.NewState, 1, "Поздний урок");
        await store.AppendAsync(new Commit("atra", [add]), Ct);

        Assert.Equal([1L], (await ReadStream(store, igor.Stream, onboardedAt)).Select(e => e.Version));
        Assert.Equal([1L], (await ReadStream(store, igor.Stream, onboardedAt.AddMinutes(59))).Select(e => e.Version));
        Assert.Equal([1L, 2], (await ReadStream(store, igor.Stream, onboardedAt.AddHours(1))).Select(e => e.Version));
        Assert.Empty(await ReadStream(store, igor.Stream, onboardedAt.AddTicks(-1)));
        var stored = await ReadStream(store, igor.Stream);
        Assert.Equal([onboardedAt, onboardedAt.AddHours(1)], stored.Select(e => e.RecordedAt));
    }

    [SkippableFact]
    public async Task Acknowledged_appends_survive_reopening()
    {
        var store = await NewStoreAsync();
        var igor = Domain.OnboardWithItems("atra", "igor", 3);
        await store.AppendAsync(new Commit("atra", [igor], "task:1", "h"), Ct);
        await store.DisposeAsync();

        var reopened = await SameStoreAsync();

        Assert.Equal(4, await reopened.CountEventsAsync(Ct));
        Assert.Equal(Json(igor.NewState), Json((await reopened.LoadAsync(igor.Stream, Ct))!.State));
        Assert.True((await reopened.AppendAsync(new Commit("atra", [], "task:1", "h"), Ct)).Duplicate);
    }

    [SkippableFact]
    public async Task Dispose_finishes_queued_appends()
    {
        var store = await NewStoreAsync();
        var appends = Enumerable.Range(0, 100).Select(i => store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", $"e{i:000}")]), Ct)).ToList();

        await store.DisposeAsync();

        Assert.All(appends, a => Assert.True(a.IsCompletedSuccessfully));
        var reopened = await SameStoreAsync();
        Assert.Equal(100, await reopened.CountEventsAsync(Ct));
    }

    [SkippableFact]
    public async Task Two_store_instances_writing_one_database_lose_nothing()
    {
        var one = await NewStoreAsync();
        var two = await SameStoreAsync();
        var services = new[] { new KnowledgeService(one, Clock, maxConflictRetries: 50), new KnowledgeService(two, Clock, maxConflictRetries: 50) };
        await services[0].OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:test", Ct);
        await services[1].OnboardAsync("atra", new OnboardExpert("anna", "Анна", "QA"), "manual:test", Ct);

        var writes = Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            services[i % 2].AddAsync("atra", i % 4 < 2 ? "igor" : "anna", new AddKnowledge(SectionKind.Learned, $"Урок номер {i}"), "manual:test", Ct)));
        await Task.WhenAll(writes);

        var all = await ReadAll(one);
        Assert.Equal(42, all.Count);
        Assert.Equal(Enumerable.Range(1, 42).Select(i => (long)i), all.Select(e => e.Position));
        foreach (var slug in new[] { "igor", "anna" })
        {
            var stream = await ReadStream(two, new StreamId("atra", slug));
            Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), stream.Select(e => e.Version));
            var loaded = await one.LoadAsync(new StreamId("atra", slug), Ct);
            Assert.Equal(21, loaded!.Version);
            Assert.Equal(20, loaded.State.Items.Count);
        }
    }

    [SkippableFact]
    public async Task Concurrent_learning_and_adding_on_one_expert_all_land()
    {
        var store = await NewStoreAsync();
        var service = new KnowledgeService(store, Clock, maxConflictRetries: 50);
        await service.OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:test", Ct);

        var learns = Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            service.LearnAsync("atra", Domain.Report($"T-{i}", "igor", $"Знание из задачи {i}"), false, Ct)));
        var adds = Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            service.AddAsync("atra", "igor", new AddKnowledge(SectionKind.Practice, $"Практика {i}"), "manual:test", Ct)));
        var results = await Task.WhenAll(learns.Concat(adds));

        Assert.All(results, r => Assert.False(r.Duplicate));
        var igor = await service.GetAsync("atra", "igor", null, Ct);
        Assert.Equal(10, igor.State.Tasks.Count);
        Assert.Equal(10, igor.State.Active(SectionKind.Practice).Count());
        Assert.Equal(10, igor.State.Active(SectionKind.Learned).Count());
        Assert.Equal(1 + results.Sum(r => r.EventCount), igor.Version);
        Assert.True((await service.LearnAsync("atra", Domain.Report("T-3", "igor", "Знание из задачи 3"), false, Ct)).Duplicate);
    }

    [SkippableFact]
    public async Task Replacing_projections_rewrites_them_from_the_given_snapshots()
    {
        var store = await NewStoreAsync();
        var igor = Domain.OnboardWithItems("atra", "igor", 2);
        await store.AppendAsync(new Commit("atra", [igor]), Ct);
        var replayed = ExpertState.Fold(null, (await ReadStream(store, igor.Stream)).Select(e => e.Event))!;

        await store.ReplaceProjectionsAsync([(igor.Stream, new Snapshot(replayed, 3))], Ct);

        Assert.Equal(Json(replayed), Json((await store.LoadAsync(igor.Stream, Ct))!.State));
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            store.ReplaceProjectionsAsync([(igor.Stream, new Snapshot(replayed, 2))], Ct));
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => store.ReplaceProjectionsAsync([], Ct));
        Assert.NotNull(await store.LoadAsync(igor.Stream, Ct));
    }
}
