using System.Runtime.CompilerServices;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>
/// After a write the service folds the team's new events onto the states its corpus kept instead of reading the
/// changed experts' states again; the folded state is exactly the stored one (its JSON, its version) and the answers
/// are those of a corpus built from the store. Anything it cannot fold (an expert new to the corpus, a gap in the
/// versions) is read from the store. Run on a real SQLite file and on PostgreSQL.
/// </summary>
public abstract class FoldedAfterWriteContract(ITestStores stores) : StoreContract(stores)
{
    private const string Team = "orbit";

    private static readonly string[] Tasks =
    [
        "retry payment webhooks with idempotency keys",
        "contract tests for the public API",
        "flaky tests quarantine",
        "circuit breaker around the payment provider",
    ];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));
    private IEventStore? _store;
    private KnowledgeService _knowledge = null!;

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await base.DisposeAsync();
    }

    // Two experts with a few items each, written through the store (inside the test, so a missing PostgreSQL skips it).
    private async Task<IEventStore> TeamAsync()
    {
        var store = _store = await CreateStoreAsync(_time);
        _knowledge = new KnowledgeService(store, _time);
        await _knowledge.OnboardAsync(Team, new OnboardExpert("igor", "Igor", "Backend Developer", "Orbit"), "manual:test", default);
        await _knowledge.OnboardAsync(Team, new OnboardExpert("sofia", "Sofia", "QA Engineer", "Orbit"), "manual:test", default);
        await _knowledge.AddAsync(Team, "igor", new AddKnowledge(SectionKind.Known, "Retries with idempotency keys on payment webhooks"), "task:T-1", default);
        await _knowledge.AddAsync(Team, "igor", new AddKnowledge(SectionKind.Practice, "Cache invalidation by version key, never by time alone"), "task:T-2", default);
        await _knowledge.AddAsync(Team, "sofia", new AddKnowledge(SectionKind.Practice, "Contract tests for every public API"), "task:T-3", default);
        return store;
    }

    [SkippableFact]
    public async Task After_adds_confirmations_retractions_a_profile_change_relearning_and_a_snapshot_the_folded_states_are_the_stored_ones_and_none_is_read()
    {
        var reads = new ReadCountingStore(await TeamAsync());
        var retrieval = new RetrievalService(new KnowledgeService(reads, _time));
        await AssertFoldedAsync(retrieval, reads);

        _time.Advance(TimeSpan.FromDays(1));
        await _knowledge.AddAsync(Team, "igor", new AddKnowledge(SectionKind.Problem, "Payment webhooks retried without idempotency keys charged twice"), "task:T-10", default);
        await AssertFoldedAsync(retrieval, reads);

        _time.Advance(TimeSpan.FromDays(2));
        await _knowledge.ConfirmAsync(Team, "igor", ItemId("igor", "Cache invalidation"), "task:T-11", default);
        await _knowledge.RetractAsync(Team, "igor", ItemId("igor", "Retries with idempotency"), "no longer true", "task:T-12", default);
        await AssertFoldedAsync(retrieval, reads);

        await _knowledge.ChangeAsync(Team, "sofia", new ChangeExpert(Role: "QA Lead", Tags: ["flaky", "contracts"]), "manual:test", null, default);
        await AssertFoldedAsync(retrieval, reads);

        _time.Advance(TimeSpan.FromDays(1));
        await _knowledge.LearnAsync(Team, Report(revised: false), onboardUnknown: false, default);
        await AssertFoldedAsync(retrieval, reads);
        _time.Advance(TimeSpan.FromDays(1));
        await _knowledge.LearnAsync(Team, Report(revised: true), onboardUnknown: false, amend: true, default);
        await AssertFoldedAsync(retrieval, reads);

        // Across the stored snapshot's boundary (every 64 events for a small state): the store reads the new snapshot, the service folds on.
        var before = (await _store!.LoadAsync(new StreamId(Team, "sofia"), default))!.Version;
        for (var i = 0; i < SnapshotPolicy.Interval + 3; i++)
        {
            _time.Advance(TimeSpan.FromHours(1));
            await _knowledge.AddAsync(Team, "sofia", new AddKnowledge(SectionKind.Learned, $"Exploratory session {i} on screen layout {i}"), $"task:F-{i}", default);
            if (i % 20 == 0) await AssertFoldedAsync(retrieval, reads);
        }
        await AssertFoldedAsync(retrieval, reads);
        Assert.NotEqual(before / SnapshotPolicy.Interval, (await _store!.LoadAsync(new StreamId(Team, "sofia"), default))!.Version / SnapshotPolicy.Interval);
        Assert.Equal(1, reads.Lists);
    }

    [SkippableFact]
    public async Task An_expert_new_to_the_corpus_is_read_from_the_store()
    {
        var reads = new ReadCountingStore(await TeamAsync());
        var retrieval = new RetrievalService(new KnowledgeService(reads, _time));
        await retrieval.RouteAsync(Team, "contract tests", null, 5, default);

        await _knowledge.OnboardAsync(Team, new OnboardExpert("anna", "Anna", "Designer", "Orbit"), "manual:test", default);
        await _knowledge.AddAsync(Team, "anna", new AddKnowledge(SectionKind.Practice, "Flaky tests quarantine board"), "task:T-30", default);

        Assert.Equal("anna", (await retrieval.RouteAsync(Team, "flaky quarantine", null, 5, default))[0].Expert);
        Assert.Equal(["orbit/anna"], reads.Loads);
        await AssertSameAsStoredAsync(retrieval);
    }

    [SkippableFact]
    public async Task A_gap_in_the_versions_read_is_not_folded_over_the_expert_is_read_from_the_store()
    {
        var reads = new ReadCountingStore(await TeamAsync());
        var retrieval = new RetrievalService(new KnowledgeService(reads, _time));
        await retrieval.RouteAsync(Team, "contract tests", null, 5, default);

        var first = await _knowledge.AddAsync(Team, "sofia", new AddKnowledge(SectionKind.Problem, "Flaky tests go to quarantine"), "task:T-40", default);
        await _knowledge.AddAsync(Team, "sofia", new AddKnowledge(SectionKind.Known, "Circuit breaker tests with a fake provider"), "task:T-41", default);
        reads.Hidden = first.Changes.Single().Version;

        Assert.Equal("sofia", (await retrieval.RouteAsync(Team, "flaky quarantine", null, 5, default))[0].Expert);
        Assert.Equal(["orbit/sofia"], reads.Loads);
        await AssertSameAsStoredAsync(retrieval);
    }

    [SkippableFact]
    public async Task Events_read_past_the_head_the_corpus_was_kept_under_are_not_folded_twice()
    {
        var reads = new ReadCountingStore(await TeamAsync());
        var retrieval = new RetrievalService(new KnowledgeService(reads, _time));
        await retrieval.RouteAsync(Team, "contract tests", null, 5, default);

        // The head is read before the events: a write landing in between is folded under the older head, and read again after it.
        var first = await _knowledge.AddAsync(Team, "sofia", new AddKnowledge(SectionKind.Problem, "Flaky tests go to quarantine"), "task:T-50", default);
        await _knowledge.AddAsync(Team, "sofia", new AddKnowledge(SectionKind.Known, "Circuit breaker tests with a fake provider"), "task:T-51", default);
        reads.Head = await _store!.HeadPositionAsync(default) - 1;
        await AssertFoldedAsync(retrieval, reads);
        reads.Head = null;
        Assert.Equal(first.Changes.Single().Version + 1, (await retrieval.CorpusAsync(Team, default)).Find("sofia")!.Version);
        await AssertFoldedAsync(retrieval, reads);
    }

    [SkippableFact]
    public async Task A_search_after_writes_reads_only_the_experts_they_touched_and_weighs_hits_as_the_stored_states_do()
    {
        var store = await TeamAsync();
        var reads = new ReadCountingStore(store);
        var search = new RankedSearch((ISearchIndex)store, reads);
        await AssertSearchesAsStoredAsync(search, store);

        _time.Advance(TimeSpan.FromDays(1));
        await _knowledge.AddAsync(Team, "igor", new AddKnowledge(SectionKind.Problem, "Payment webhooks retried without idempotency keys charged twice"), "task:T-60", default);
        await AssertSearchesAsStoredAsync(search, store);

        await _knowledge.ConfirmAsync(Team, "igor", ItemId("igor", "Cache invalidation"), "task:T-61", default);
        await _knowledge.RetractAsync(Team, "igor", ItemId("igor", "Retries with idempotency"), "no longer true", "task:T-62", default);
        await AssertSearchesAsStoredAsync(search, store);

        // A report with both experts: its task joins the task hits, and the search answers as the stored states do.
        _time.Advance(TimeSpan.FromDays(1));
        await _knowledge.LearnAsync(Team, Report(revised: false), onboardUnknown: false, default);
        await AssertSearchesAsStoredAsync(search, store);

        // A report that used sofia's practice: its usefulness rises, and the search weighs it as the stored state does.
        await _knowledge.LearnAsync(Team, ReportUsing(ItemId("sofia", "Contract tests for every public API")), onboardUnknown: false, default);
        await AssertSearchesAsStoredAsync(search, store);

        await _knowledge.OnboardAsync(Team, new OnboardExpert("anna", "Anna", "Designer", "Orbit"), "manual:test", default);
        await _knowledge.AddAsync(Team, "anna", new AddKnowledge(SectionKind.Practice, "Contract tests for the design system tokens"), "task:T-63", default);
        await AssertSearchesAsStoredAsync(search, store);

        // The team was listed once; after it, only the experts whose digest a write could change were read again (no
        // state is kept to fold onto): igor and sofia after the first report (its tasks), sofia after the second (a use,
        // a task), anna (onboarded); the adds, the confirmation and the retraction touch no use and no task, so nothing
        // was read for them.
        Assert.Equal(1, reads.Lists);
        Assert.Equal(["orbit/anna", "orbit/igor", "orbit/sofia", "orbit/sofia"], reads.Loads.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task A_search_keeps_none_of_the_states_it_read_of_the_team()
    {
        var store = await TeamAsync();
        await _knowledge.LearnAsync(Team, Report(revised: false), onboardUnknown: false, default);
        var used = ItemId("sofia", "Contract tests for every public API");
        await _knowledge.LearnAsync(Team, ReportUsing(used), onboardUnknown: false, default);
        var reads = new ReadCountingStore(store);
        var search = new RankedSearch((ISearchIndex)store, reads);
        await AssertSearchesAsStoredAsync(search, store);

        // The team was read once; once collected, none of the states read is still held: the search kept a digest, not them.
        Assert.Equal(1, reads.Lists);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(0, reads.Listed.Count(w => w.TryGetTarget(out _)));

        // What it keeps instead: the factor of the one item a report used (sofia's practice, one success), and the task
        // records (ORB-7 for each of its two participants, ORB-8 for sofia).
        var digest = await search.DigestAsync(Team, default);
        Assert.Equal(1, digest.HeldFactors);
        Assert.Equal(Usefulness.Factor(1, 0), digest.Factor("sofia", used));
        Assert.Equal(1.0, digest.Factor("igor", ItemId("igor", "Cache invalidation")));
        Assert.Equal(3, digest.HeldTasks);
        var hit = (await search.SearchAsync(new SearchQuery(Team, "contract tests public API"), default)).First(h => h.ItemId == used);
        Assert.Equal(Usefulness.Factor(1, 0), hit.Usefulness);
        GC.KeepAlive(search);
    }

    // The kept search's hits (scores, usefulness, task hits) are those of a search that lists the team from the store now.
    private static async Task AssertSearchesAsStoredAsync(RankedSearch kept, IEventStore store)
    {
        var fresh = new RankedSearch((ISearchIndex)store, store);
        foreach (var text in (string[])["payment webhooks idempotency", "contract tests public API", "circuit breaker provider", "cache invalidation"])
        {
            var query = new SearchQuery(Team, text);
            Assert.Equal(Hits(await fresh.SearchAsync(query, default)), Hits(await kept.SearchAsync(query, default)));
        }
    }

    private static List<string> Hits(IReadOnlyList<SearchHit> hits) =>
        [.. hits.Select(h => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{h.Kind} {h.Expert} {h.ItemId} {h.Status} {h.Confirmations} {h.Score:R} {h.Usefulness:R}"))];

    // Each kept state is the stored one, no state was read, and the corpus answers as one built from the store.
    private async Task AssertFoldedAsync(RetrievalService retrieval, ReadCountingStore reads)
    {
        foreach (var task in Tasks) await retrieval.RouteAsync(Team, task, null, 5, default);
        Assert.Empty(reads.Loads);
        await AssertSameAsStoredAsync(retrieval);
    }

    private async Task AssertSameAsStoredAsync(RetrievalService retrieval)
    {
        var kept = await retrieval.CorpusAsync(Team, default);
        var stored = await _store!.ListAsync(Team, default);
        Assert.Equal(stored.Select(s => s.State.Slug).Order(StringComparer.Ordinal), kept.Experts.Select(e => e.State.Slug).Order(StringComparer.Ordinal));
        foreach (var snapshot in stored)
        {
            var folded = kept.Find(snapshot.State.Slug)!;
            Assert.Equal(snapshot.Version, folded.Version);
            Assert.Equal(StoredState.Write(snapshot.State), StoredState.Write(folded.State));
        }
        CorpusAnswers.AssertSame(TeamCorpus.Of(stored.Select(s => AnalyzedExpert.Of(s.State, s.Version))), kept, Tasks);
    }

    private string ItemId(string expert, string start)
    {
        var state = _store!.LoadAsync(new StreamId(Team, expert), default).GetAwaiter().GetResult()!.State;
        return state.Items.Values.Single(i => i.IsActive && i.Text.StartsWith(start, StringComparison.Ordinal)).Id;
    }

    // A native report with both experts; the revision changes what each learned, so amending it retracts and records.
    private static TaskReport Report(bool revised) => ReportParser.Parse($$"""
        {
          "taskId": "ORB-7",
          "title": "Payment provider outage drill",
          "description": "Circuit breaker around the payment provider{{(revised ? ", with a fallback queue" : "")}}",
          "completedAt": "2026-11-04T10:00:00Z",
          "outcome": "success",
          "participants": [
            { "expert": "igor", "errorsFixed": 2, "newKnowledge": ["{{(revised ? "Half-open state probes one request at a time" : "Circuit breaker opens after five timeouts")}}"],
              "problems": [ { "problem": "Provider timeouts piled up threads", "solution": "Bulkhead per provider" } ] },
            { "expert": "sofia", "newKnowledge": ["Contract tests replay the provider's outage responses"], "practicesApplied": ["Contract tests for every public API"] }
          ]
        }
        """, revised ? "ORB-7-rev.json" : "ORB-7.json");

    // A report whose task used the given item and succeeded (a usedItems entry: the item's usefulness rises).
    private static TaskReport ReportUsing(string itemId) => ReportParser.Parse($$"""
        {
          "taskId": "ORB-8",
          "title": "Contract suite for the billing API",
          "completedAt": "2026-11-05T10:00:00Z",
          "outcome": "success",
          "usedItems": ["{{itemId}}"],
          "participants": [ { "expert": "sofia", "newKnowledge": ["Billing API contracts pinned per version"] } ]
        }
        """, "ORB-8.json");

    // The real store underneath, counting the states the service reads of it; with Hidden set, the team's feed leaves
    // out the event of that version (a gap in what the service reads); with Head set, the head is said to be there.
    private sealed class ReadCountingStore(IEventStore inner) : ForwardingEventStore(inner)
    {
        public int Lists { get; private set; }

        public List<string> Loads { get; } = [];

        /// <summary>The states the team's listings returned, held weakly (whether a reader still keeps them).</summary>
        public List<WeakReference<ExpertState>> Listed { get; } = [];

        public long? Hidden { get; set; }

        public long? Head { get; set; }

        public override Task<long> HeadPositionAsync(CancellationToken ct) => Head is { } head ? Task.FromResult(head) : base.HeadPositionAsync(ct);

        public override Task<IReadOnlyList<Snapshot>> ListAsync(string team, CancellationToken ct)
        {
            Lists++;
            return ListedAsync(team, ct);
        }

        private async Task<IReadOnlyList<Snapshot>> ListedAsync(string team, CancellationToken ct)
        {
            var states = await base.ListAsync(team, ct);
            Listed.AddRange(states.Select(s => new WeakReference<ExpertState>(s.State)));
            return states;
        }

        public override Task<Snapshot?> LoadAsync(StreamId stream, CancellationToken ct)
        {
            Loads.Add($"{stream.Team}/{stream.Expert}");
            return base.LoadAsync(stream, ct);
        }

        public override async IAsyncEnumerable<StoredEvent> ReadTeamAfterAsync(string team, long afterPosition, [EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var e in base.ReadTeamAfterAsync(team, afterPosition, ct))
                if (e.Version != Hidden || e.Stream.Expert != "sofia") yield return e;
        }
    }
}

/// <summary>The fold-after-write contract on SQLite.</summary>
public sealed class SqliteFoldedAfterWriteTests() : FoldedAfterWriteContract(new SqliteTestStores());

/// <summary>The fold-after-write contract on PostgreSQL (skipped without <c>KOS_TEST_POSTGRES</c>).</summary>
public sealed class PostgresFoldedAfterWriteTests() : FoldedAfterWriteContract(new PostgresTestStores());
