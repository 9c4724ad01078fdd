using KnowledgeOs.Postgres;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// A test class that opens PostgreSQL stores on schemas of its own (<see cref="TestPostgres.NewSchema"/>), all on one
/// fake clock, and disposes them and the schemas after each test: the fixture of the store's own tests (several
/// instances, leases, faults).
/// </summary>
public abstract class PostgresStoresTest : IAsyncLifetime
{
    protected static readonly CancellationToken Ct = CancellationToken.None;
    private readonly List<IAsyncDisposable> _opened = [];

    protected TestPostgres Postgres { get; } = new();

    protected FakeTimeProvider Clock { get; } = new(Domain.Start);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _opened) await store.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>A store on <paramref name="schema"/> with <paramref name="options"/> (the defaults when null), disposed after the test.</summary>
    protected async Task<PostgresEventStore> OpenAsync(string schema, PostgresStoreOptions? options = null)
    {
        var store = await PostgresEventStore.OpenAsync(TestPostgres.Require(), Clock, (options ?? PostgresStoreOptions.Default) with { Schema = schema }, Ct);
        lock (_opened) _opened.Add(store);
        return store;
    }
}
