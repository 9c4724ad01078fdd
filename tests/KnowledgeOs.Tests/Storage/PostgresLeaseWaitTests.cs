using System.Diagnostics;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Postgres;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// <see cref="PostgresStoreOptions.LeaseWait"/>: a write whose lease another session holds (a stuck server) fails after
/// the wait with an error naming the team and the wait, stores nothing, and succeeds once the lock is let go.
/// </summary>
public sealed class PostgresLeaseWaitTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TestPostgres _postgres = new();
    private readonly FakeTimeProvider _clock = new(Domain.Start);
    private PostgresEventStore? _store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_write_whose_lease_another_session_holds_fails_after_the_wait_with_a_coded_error_and_stores_nothing()
    {
        TestPostgres.Require();
        var schema = _postgres.NewSchema();
        _store = await PostgresEventStore.OpenAsync(TestPostgres.Require(), _clock,
            PostgresStoreOptions.Default with { Schema = schema, LeaseWait = TimeSpan.FromSeconds(1) }, Ct);
        var service = new KnowledgeService(_store, _clock);
        await service.OnboardAsync("t", new OnboardExpert("e0", "e0", "Backend Developer"), "manual:test", Ct);
        await service.AddAsync("t", "e0", new AddKnowledge(SectionKind.Learned, "Урок 1"), "manual:test", Ct);
        var (classId, objId) = await LeaseKeyAsync(schema, "t");

        // Another session (a stuck server) takes the very lock the store's write of e0 takes, and keeps it.
        await using var stuck = await TakeAsync(classId, objId);

        var waited = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<StorageException>(() =>
            service.AddAsync("t", "e0", new AddKnowledge(SectionKind.Learned, "Урок 2"), "manual:test", Ct).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.InRange(waited.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        Assert.Contains("team 't'", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.LeaseWaitedOut, error.Code);
        Assert.Equal(["t", "1"], error.Args);
        Assert.Contains("«t»", ErrorLabels.Text(error, RenderLanguage.Ru), StringComparison.Ordinal);
        Assert.Equal(["Урок 1"], await LessonsAsync());

        // The stuck session lets go: the same write goes through, once.
        await using (var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", stuck)) await release.ExecuteScalarAsync(Ct);
        await service.AddAsync("t", "e0", new AddKnowledge(SectionKind.Learned, "Урок 2"), "manual:test", Ct).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["Урок 1", "Урок 2"], await LessonsAsync());
    }

    /// <summary>A session of its own (as a stuck server's) holding the advisory lock with these keys.</summary>
    internal static async Task<NpgsqlConnection> TakeAsync(int classId, int objId)
    {
        var stuck = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestPostgres.Require()) { Pooling = false }.ConnectionString);
        await stuck.OpenAsync(Ct);
        await using var take = new NpgsqlCommand("SELECT pg_advisory_lock(@c, @o)", stuck);
        take.Parameters.AddWithValue("c", classId);
        take.Parameters.AddWithValue("o", objId);
        await take.ExecuteScalarAsync(Ct);
        return stuck;
    }

    private async Task<List<string>> LessonsAsync() =>
        [.. (await _store!.LoadAsync(new StreamId("t", "e0"), Ct))!.State.Items.Values.OrderBy(i => i.Order).Select(i => i.Text).Where(t => t.StartsWith("Урок", StringComparison.Ordinal))];

    /// <summary>
    /// The two keys of the advisory lock a write to <paramref name="team"/> takes (its one lease group, the default), as
    /// the store computes them. Computed rather than looked up in <c>pg_locks</c>: the store lets an idle lease go after
    /// <see cref="PostgresStoreOptions.LeaseIdle"/>, which on a loaded machine can come before a look.
    /// </summary>
    internal static async Task<(int ClassId, int ObjId)> LeaseKeyAsync(string schema, string team)
    {
        var key = (string)(await TestPostgres.ScalarAsync(
            $"SELECT hashtext('{schema}')::text || ' ' || hashtext('{PgGroupLeases.Key(team, 0)}')::text"))!;
        var parts = key.Split(' ').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (parts[0], parts[1]);
    }
}
