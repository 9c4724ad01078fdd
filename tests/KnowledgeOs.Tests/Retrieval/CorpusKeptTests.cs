using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>
/// The service keeps a team's corpus while the store's head does not move, and a write is seen by the next query:
/// only the changed expert is analyzed and indexed again (real SQLite file).
/// </summary>
public sealed class CorpusKeptTests : IAsyncLifetime
{
    private const string Team = "orbit";
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));
    private SqliteEventStore _store = null!;
    private KnowledgeService _knowledge = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteEventStore.OpenAsync(_folder.File("kos.db"), _time, CancellationToken.None);
        _knowledge = new KnowledgeService(_store, _time);
        await _knowledge.OnboardAsync(Team, new OnboardExpert("igor", "Igor", "Backend Developer", "Orbit"), "manual:test", default);
        await _knowledge.OnboardAsync(Team, new OnboardExpert("sofia", "Sofia", "QA Engineer", "Orbit"), "manual:test", default);
        await _knowledge.AddAsync(Team, "igor", new AddKnowledge(SectionKind.Known, "Retries with idempotency keys on payment webhooks"), "task:T-1", default);
        await _knowledge.AddAsync(Team, "sofia", new AddKnowledge(SectionKind.Practice, "Contract tests for every public API"), "task:T-2", default);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_query_with_no_write_since_the_last_one_reuses_the_team_corpus()
    {
        var retrieval = new RetrievalService(_knowledge);
        var first = await retrieval.CorpusAsync(Team, default);
        var second = await retrieval.CorpusAsync(Team, default);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task An_item_written_after_a_query_is_found_by_the_next_one_and_only_its_expert_is_indexed_again()
    {
        var retrieval = new RetrievalService(_knowledge);
        var before = await retrieval.CorpusAsync(Team, default);
        Assert.Empty(await retrieval.RouteAsync(Team, "flaky quarantine", null, 5, default));

        await _knowledge.AddAsync(Team, "sofia", new AddKnowledge(SectionKind.Problem, "Flaky tests go to quarantine, not retried"), "task:T-3", default);

        var routed = await retrieval.RouteAsync(Team, "flaky quarantine", null, 5, default);
        Assert.Equal("sofia", Assert.Single(routed).Expert);
        var pack = await retrieval.ContextAsync(Team, new ContextPackRequest("flaky quarantine"), default);
        Assert.Contains("Flaky tests go to quarantine", pack.Markdown, StringComparison.Ordinal);
        var after = await retrieval.CorpusAsync(Team, default);
        Assert.NotSame(before, after);
        Assert.Same(before.Find("igor"), after.Find("igor"));
        Assert.NotSame(before.Find("sofia"), after.Find("sofia"));
    }

    [Fact]
    public async Task After_a_write_only_the_expert_it_touched_is_brought_up_to_date_from_its_events_nothing_is_read_again()
    {
        var reads = new ReadCountingStore(_store);
        var retrieval = new RetrievalService(new KnowledgeService(reads, _time));
        Assert.Equal("sofia", (await retrieval.RouteAsync(Team, "contract tests", null, 5, default))[0].Expert);

        await _knowledge.AddAsync(Team, "sofia", new AddKnowledge(SectionKind.Problem, "Flaky tests go to quarantine, not retried"), "task:T-3", default);
        await _knowledge.OnboardAsync("other", new OnboardExpert("anna", "Anna", "Designer", "Other"), "manual:test", default);

        Assert.Equal("sofia", Assert.Single(await retrieval.RouteAsync(Team, "flaky quarantine", null, 5, default)).Expert);
        Assert.Equal(1, reads.Lists);
        // Its new event folded onto the state the corpus kept: no state of the team read again (FoldedAfterWriteContract).
        Assert.Empty(reads.Loads);
    }

    // The real store underneath, counting what the service reads of it.
    private sealed class ReadCountingStore(IEventStore inner) : ForwardingEventStore(inner)
    {
        public int Lists { get; private set; }

        public List<string> Loads { get; } = [];

        public override Task<IReadOnlyList<Snapshot>> ListAsync(string team, CancellationToken ct)
        {
            Lists++;
            return base.ListAsync(team, ct);
        }

        public override Task<Snapshot?> LoadAsync(StreamId stream, CancellationToken ct)
        {
            Loads.Add($"{stream.Team}/{stream.Expert}");
            return base.LoadAsync(stream, ct);
        }
    }
}
