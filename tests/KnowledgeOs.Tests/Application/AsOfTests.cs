using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Application;

public sealed class AsOfTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);
    private FakeTimeProvider _clock = new(Start);

    private static TaskReport Report(string id, string knowledge) => ReportParser.Parse($$"""
        { "taskId": "{{id}}", "title": "Task {{id}}", "completedAt": "2026-01-05T10:00:00Z", "outcome": "success",
          "participants": [ { "expert": "igor", "newKnowledge": ["{{knowledge}}"] } ] }
        """, id);

    private async Task<string> RenderAsync(string db, AsOf? asOf, params TaskReport[] reports)
    {
        await using var store = await SqliteEventStore.OpenAsync(_dir.File(db), _clock, CancellationToken.None);
        var service = new KnowledgeService(store, _clock);
        if (reports.Length > 0 || asOf is null)
        {
            await service.OnboardAsync("t", new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", CancellationToken.None);
        }
        foreach (var r in reports)
        {
            _clock.Advance(TimeSpan.FromDays(1));
            await service.LearnAsync("t", r, false, CancellationToken.None);
        }
        var snapshot = await service.GetAsync("t", "igor", asOf, CancellationToken.None);
        return MarkdownRenderer.Render(snapshot.State, RenderOptions.Default);
    }

    [Fact]
    public async Task Rendering_as_recorded_by_a_past_time_shows_only_what_was_recorded_by_then()
    {
        var start = Start;
        var withFirstOnly = await RenderAsync("first.db", null, Report("T-1", "Partial indexes"));

        _clock = new FakeTimeProvider(Start);
        var latest = await RenderAsync("both.db", null, Report("T-1", "Partial indexes"), Report("T-2", "Covering indexes"));
        await using var store = await SqliteEventStore.OpenAsync(_dir.File("both.db"), _clock, CancellationToken.None);
        var service = new KnowledgeService(store, _clock);
        var pastSnapshot = await service.GetAsync("t", "igor", AsOf.Recorded(start.AddDays(1).AddHours(1)), CancellationToken.None);
        var past = MarkdownRenderer.Render(pastSnapshot.State, RenderOptions.Default);

        Assert.Contains("Covering indexes", latest);
        Assert.DoesNotContain("Covering indexes", past);
        Assert.Contains("Partial indexes", past);
        Assert.Equal(withFirstOnly, past);
    }

    [Fact]
    public async Task Before_the_expert_existed_as_of_is_a_not_found_with_the_date()
    {
        await RenderAsync("one.db", null, Report("T-1", "Partial indexes"));
        await using var store = await SqliteEventStore.OpenAsync(_dir.File("one.db"), _clock, CancellationToken.None);
        var service = new KnowledgeService(store, _clock);
        var ex = await Assert.ThrowsAsync<NotFoundException>(() => service.GetAsync("t", "igor", AsOf.Recorded(new DateTimeOffset(2025, 12, 31, 0, 0, 0, TimeSpan.Zero)), CancellationToken.None));
        Assert.Contains("2025-12-31", ex.Message);
    }

    public void Dispose() => _dir.Dispose();
}
