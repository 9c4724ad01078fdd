using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Postgres;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// Two servers on one PostgreSQL schema writing the same experts take turns through the database (write leases),
/// instead of deciding on the same version and racing into conflicts.
/// </summary>
public sealed class PostgresWriteAffinityTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TestPostgres _postgres = new();
    private readonly List<IAsyncDisposable> _opened = [];
    private readonly FakeTimeProvider _clock = new(Domain.Start);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _opened) await store.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private async Task<PostgresEventStore> OpenAsync(string schema)
    {
        var store = await PostgresEventStore.OpenAsync(TestPostgres.Require(), _clock, new PostgresStoreOptions { Schema = schema }, Ct);
        _opened.Add(store);
        return store;
    }

    [SkippableFact]
    public async Task Two_stores_writing_the_same_experts_at_once_surface_no_conflict_and_lose_or_double_nothing()
    {
        TestPostgres.Require();
        var schema = _postgres.NewSchema();
        var first = await OpenAsync(schema);
        var second = await OpenAsync(schema);
        string[] experts = ["e0", "e1", "e2", "e3", "e4"];
        // One retry only (the least the retry policy takes): under the lease a server learns where the expert stands
        // before deciding, so a state it cached is caught up first and nobody writes in between. Racing optimistically,
        // eight writers per server on five experts exhaust one retry at once.
        var services = new[] { new KnowledgeService(first, _clock, maxConflictRetries: 1), new KnowledgeService(second, _clock, maxConflictRetries: 1) };
        foreach (var slug in experts) await services[0].OnboardAsync("t", new OnboardExpert(slug, slug, "Backend Developer"), "manual:test", Ct);
        const int writersPerServer = 8;
        const int addsPerWriter = 12;

        await Task.WhenAll(services.SelectMany((service, s) => Enumerable.Range(0, writersPerServer).Select(w => Task.Run(async () =>
        {
            for (var n = 0; n < addsPerWriter; n++)
            {
                var slug = experts[(w + n) % experts.Length];
                await service.AddAsync("t", slug, new AddKnowledge(SectionKind.Learned, $"Урок {s}-{w}-{n}"), "manual:test", Ct);
            }
        }))));

        var total = 2 * writersPerServer * addsPerWriter;
        var texts = new List<string>();
        foreach (var slug in experts)
        {
            var snapshot = (await first.LoadAsync(new StreamId("t", slug), Ct))!;
            texts.AddRange(snapshot.State.Items.Values.Select(i => i.Text));
            var versions = new List<long>();
            await foreach (var e in first.ReadStreamAsync(new StreamId("t", slug), null, Ct)) versions.Add(e.Version);
            Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
            Assert.Equal(versions.Count, snapshot.Version);
        }
        Assert.Equal(total, texts.Count);
        Assert.Equal(total, texts.Distinct().Count());
        Assert.Equal(await first.CountEventsAsync(Ct), await second.HeadPositionAsync(Ct));
    }
}
