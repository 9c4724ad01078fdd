using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Application;

/// <summary>One command may write at most <see cref="ReportLimits.MaxEventsPerCommit"/> events; over it nothing is written.</summary>
public sealed class EventsPerCommitLimitTests : IDisposable
{
    private readonly SqliteTestStores _stores = new();

    [Fact]
    public async Task A_report_that_would_write_more_events_than_the_limit_is_refused_naming_the_limit_and_writes_nothing()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await using var store = await _stores.CreateAsync(clock);
        var service = new KnowledgeService(store, clock, new LearningOptions(Limits: new ReportLimits(MaxEventsPerCommit: 4)));
        await service.OnboardAsync("t", new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", CancellationToken.None);
        TaskReport Report(string id, params string[] knowledge) => ReportParser.Parse($$"""
            { "taskId": "{{id}}", "completedAt": "2026-03-02T10:00:00Z", "outcome": "success",
              "participants": [ { "expert": "igor", "newKnowledge": [{{string.Join(",", knowledge.Select(k => $"\"{k}\""))}}] } ] }
            """, id);

        var ex = await Assert.ThrowsAsync<LimitExceededException>(() => service.LearnAsync("t", Report("T-1", "a", "b", "c", "d"), false, CancellationToken.None));
        var fits = await service.LearnAsync("t", Report("T-2", "a", "b", "c"), false, CancellationToken.None);

        Assert.Equal((nameof(ReportLimits.MaxEventsPerCommit), 4), (ex.Limit, ex.Max));
        Assert.Contains("5 events", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, fits.EventCount);
        Assert.Equal(5, await store.CountEventsAsync(CancellationToken.None));
    }

    /// <inheritdoc/>
    public void Dispose() => _stores.Dispose();
}
