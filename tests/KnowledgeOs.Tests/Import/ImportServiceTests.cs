using System.Text.Json;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Tests.Import;

public sealed class ImportServiceTests : IAsyncLifetime
{
    private ImportHarness _h = null!;

    public async Task InitializeAsync() => _h = await ImportHarness.OpenAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_knowledge_base_and_its_program_land_on_one_expert()
    {
        var report = await _h.ImportAsync(ImportFiles.Sample("svetlana_knowledge.md"), ImportFiles.Sample("svetlana_program.md"));

        Assert.All(report.Files, f => Assert.Null(f.Error));
        Assert.All(report.Files, f => Assert.Equal("svetlana", f.Slug));
        var state = (await _h.ExpertAsync("svetlana")).State;
        Assert.Equal(("Светлана", "QA Engineer", 4, "Orbit"), (state.DisplayName, state.Role, state.Priority, state.Project));
        Assert.Equal(new DateTimeOffset(2026, 1, 12, 0, 0, 0, TimeSpan.Zero), state.CreatedAt);
        Assert.Equal(3, state.Active(SectionKind.Book).Count());
        Assert.All(state.Items.Values, i => Assert.Equal("import:svetlana_knowledge.md", i.Source));
        Assert.NotNull(state.ImportedProgram);
        Assert.Equal(3, state.ImportedProgram!.Stages.Count);
        Assert.Equal(4, state.Claims.Count);
        var knowledge = report.Files.Single(f => f.Kind == "knowledge");
        Assert.Equal(8, knowledge.DuplicatesDropped);
        Assert.Equal(2, knowledge.Suggestions.Count);
        Assert.Equal(["📈 Результаты:"], knowledge.UnknownSections);
    }

    [Fact]
    public async Task Importing_the_same_file_again_writes_nothing()
    {
        var first = await _h.ImportAsync(ImportFiles.Samples);
        var events = await _h.EventsAsync();
        var second = await _h.ImportAsync(ImportFiles.Samples);

        Assert.Equal(events, await _h.EventsAsync());
        Assert.All(first.Files, f => Assert.False(f.AlreadyImported));
        Assert.All(second.Files, f => Assert.True(f.AlreadyImported, f.Path));
        Assert.Equal(0, second.Items);
    }

    [Fact]
    public async Task A_changed_file_adds_only_what_is_new()
    {
        var path = _h.Folder.Write("svetlana_knowledge.md", ImportFiles.SampleText("svetlana_knowledge.md"));
        await _h.ImportAsync(path);
        var before = await _h.EventsAsync();
        File.AppendAllText(path, "\n## 📝 ПУБЛИКАЦИИ И ИССЛЕДОВАНИЯ\n\n- Доклад: 'Тесты вебхуков'\n");
        var report = await _h.ImportAsync(path);

        var file = report.Files.Single();
        Assert.Equal(1, file.ItemCount);
        Assert.Equal(1, file.Items["publication"]);
        Assert.Equal(before + 1, await _h.EventsAsync());
    }

    [Fact]
    public async Task A_dry_run_reports_the_same_and_writes_nothing()
    {
        var dry = await _h.ImportAsync(new ImportOptions(DryRun: true), ImportFiles.Samples);
        Assert.Equal(0, await _h.EventsAsync());
        Assert.Empty(await _h.Store.TeamsAsync(CancellationToken.None));
        Assert.True(dry.DryRun);

        var real = await _h.ImportAsync(ImportFiles.Samples);
        Assert.Equal(
            real.Files.Where(f => f.Kind == "knowledge").Select(f => (f.Path, f.ItemCount, f.DuplicatesDropped, f.ClaimsRecorded)),
            dry.Files.Where(f => f.Kind == "knowledge").Select(f => (f.Path, f.ItemCount, f.DuplicatesDropped, f.ClaimsRecorded)));
    }

    [Fact]
    public async Task An_existing_expert_is_found_by_name_and_role_and_keeps_its_profile()
    {
        var service = new KnowledgeService(_h.Store, _h.Time);
        await service.OnboardAsync(ImportHarness.Team, new OnboardExpert("sveta", "Светлана", "QA Engineer", Priority: 1), "manual:test", CancellationToken.None);
        await service.AddAsync(ImportHarness.Team, "sveta", new AddKnowledge(SectionKind.Tool, "k6"), "manual:test", CancellationToken.None);

        var report = await _h.ImportAsync(ImportFiles.Sample("svetlana_knowledge.md"));

        var file = report.Files.Single();
        Assert.Equal(("sveta", "name and role"), (file.Slug, file.MatchedBy));
        Assert.Equal(1, file.Confirmed); // k6 was there already: confirmed by the file, not recorded twice
        var state = (await _h.ExpertAsync("sveta")).State;
        Assert.Equal(1, state.Priority);
        Assert.Equal(["Контрактные тесты платёжного API", "Нагрузочные прогоны перед релизом", "Приёмка релизов"], state.Duties);
        Assert.Null(await _h.Store.LoadAsync(new KnowledgeOs.Storage.StreamId(ImportHarness.Team, "svetlana"), CancellationToken.None));
    }

    [Fact]
    public async Task Reading_back_kos_s_export_does_not_confirm_what_a_task_taught()
    {
        var service = new KnowledgeService(_h.Store, _h.Time);
        await _h.ImportAsync(ImportFiles.Sample("svetlana_knowledge.md"));
        await service.LearnAsync(ImportHarness.Team, ReportParser.Parse("""
            {"task_id":"T-1","task_name":"Release check","task_description":"Pre-release checks","completed_at":"2026-11-01T10:00:00Z",
             "experts":[{"name":"Светлана","role":"QA Engineer","new_knowledge":["Canary releases catch config drift"]}],"overall_success":true}
            """, "t-1.json"), onboardUnknown: false, CancellationToken.None);
        var before = (await _h.ExpertAsync("svetlana")).State;
        var export = _h.Folder.Write("export/svetlana_knowledge.md", MarkdownRenderer.Render(before, new RenderOptions(RenderLanguage.Ru)));

        var report = await _h.ImportAsync(export);

        var after = (await _h.ExpertAsync("svetlana")).State;
        var learned = after.Items.Values.Single(i => i.Text == "Canary releases catch config drift");
        Assert.Empty(learned.Confirmations);
        Assert.Equal(JsonSerializer.Serialize(ExpertMetrics.Of(before)), JsonSerializer.Serialize(ExpertMetrics.Of(after)));
        Assert.Equal(0, report.Files.Single().Confirmed);
    }

    [Fact]
    public async Task A_program_file_finds_its_expert_by_the_file_name()
    {
        var knowledge = _h.Folder.Write("sveta_knowledge.md", ImportFiles.SampleText("svetlana_knowledge.md"));
        // The same expert's program under another spelling of the name: the file name ties them.
        var program = _h.Folder.Write("sveta_program.md", ImportFiles.SampleText("svetlana_program.md").Replace("Светлана (QA Engineer)", "Света (QA)", StringComparison.Ordinal));
        await _h.ImportAsync(knowledge);
        var report = await _h.ImportAsync(program);

        Assert.Equal(("sveta", "file name"), (report.Files.Single().Slug, report.Files.Single().MatchedBy));
        Assert.NotNull((await _h.ExpertAsync("sveta")).State.ImportedProgram);
        Assert.Single(await _h.Store.ListAsync(ImportHarness.Team, CancellationToken.None));
    }
}
