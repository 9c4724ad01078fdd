using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Metrics;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Samples;

/// <summary>The sample story through KnowledgeService on a real SQLite file: the same result as the pure domain path.</summary>
public sealed class SampleTeamStoreTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 20, 9, 0, 0, TimeSpan.Zero));
    private IEventStore _store = null!;
    private KnowledgeService _service = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        _store = await SqliteEventStore.OpenAsync(_folder.File("kos.db"), _time, CancellationToken.None);
        _service = new KnowledgeService(_store, _time);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private async Task<List<WriteResult>> LoadStoryAsync()
    {
        var team = TeamFile.Parse(await File.ReadAllTextAsync(SamplesFolder.File("team.json")), "team.json");
        foreach (var expert in team.Experts) await _service.OnboardAsync(team.Team, expert, "manual:samples", CancellationToken.None);
        var results = new List<WriteResult>();
        foreach (var file in SamplesFolder.Reports())
        {
            var report = ReportParser.Parse(await File.ReadAllTextAsync(file), Path.GetFileName(file));
            results.Add(await _service.LearnAsync("demo", report, onboardUnknown: false, CancellationToken.None));
        }
        return results;
    }

    [Fact]
    public async Task The_story_in_the_store_gives_the_same_knowledge_bases_as_the_domain()
    {
        await LoadStoryAsync();
        var domain = DomainTeam.FromFile(SamplesFolder.File("team.json"));
        foreach (var file in SamplesFolder.Reports()) domain.ApplyFile(file);

        var stored = await _service.ListAsync("demo", CancellationToken.None);

        Assert.Equal(["dmitriy", "ivan", "mariya", "mariya-qa", "yuliya"], stored.Select(s => s.State.Slug));
        foreach (var snapshot in stored)
        {
            var slug = snapshot.State.Slug;
            Assert.Equal(domain.Log[slug].Count, snapshot.Version);
            Assert.Equal(ExpertMetrics.Of(domain.States[slug]), ExpertMetrics.Of(snapshot.State));
            // Onboarding time differs (the service uses its clock); everything learned is the same.
            Assert.Equal(domain.States[slug].Items.Keys, snapshot.State.Items.Keys);
            Assert.Equal(domain.States[slug].Items.Values.Select(i => (i.Section, i.Text, i.Solutions.Count, i.AllSources.Count())),
                snapshot.State.Items.Values.Select(i => (i.Section, i.Text, i.Solutions.Count, i.AllSources.Count())));
        }
        var promotions = 0;
        foreach (var snapshot in stored)
            promotions += (await _service.HistoryAsync("demo", snapshot.State.Slug, CancellationToken.None)).Count(e => e.Event is KnowledgePromoted);
        Assert.Equal(13, promotions);
    }

    [Fact]
    public async Task Loading_the_story_twice_writes_nothing_the_second_time()
    {
        await LoadStoryAsync();
        var events = await _store.CountEventsAsync(CancellationToken.None);

        var again = await LoadStoryAsync();

        Assert.All(again, r => Assert.True(r.Duplicate));
        Assert.Equal(events, await _store.CountEventsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_rebuild_from_the_log_equals_the_inline_projections()
    {
        await LoadStoryAsync();
        var rebuilt = new Dictionary<StreamId, ExpertState>();
        await foreach (var e in _store.ReadAllAsync(0, CancellationToken.None))
            rebuilt[e.Stream] = ExpertState.Evolve(rebuilt.GetValueOrDefault(e.Stream), e.Event);

        foreach (var snapshot in await _service.ListAsync("demo", CancellationToken.None))
            Assert.Equal(Domain.Build.Json(snapshot.State), Domain.Build.Json(rebuilt[new StreamId("demo", snapshot.State.Slug)]));
    }

    [Fact]
    public async Task Reloading_the_team_file_is_a_no_op_and_an_edited_profile_is_a_conflict()
    {
        await LoadStoryAsync();
        var team = TeamFile.Parse(await File.ReadAllTextAsync(SamplesFolder.File("team.json")), "team.json");

        var again = await _service.OnboardAsync("demo", team.Experts[0], "manual:samples", CancellationToken.None);
        Assert.Equal(0, again.EventCount);

        await Assert.ThrowsAsync<ConflictException>(() =>
            _service.OnboardAsync("demo", team.Experts[0] with { Priority = 5 }, "manual:samples", CancellationToken.None));
    }
}
