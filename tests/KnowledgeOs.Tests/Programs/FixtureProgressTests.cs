using KnowledgeOs.Application;
using KnowledgeOs.Programs;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Programs;

/// <summary>
/// The 22 ATRA experts imported from the fixtures (knowledge bases and learning programs) get a progress computed
/// from evidence, not the "195%" their files claim. Igor and Anastasiya are checked by hand (docs/PROGRAMS.md).
/// </summary>
public sealed class FixtureProgressTests
{
    private static async Task<(TempFolder Folder, SqliteEventStore Store, KnowledgeService Service)> ImportAsync()
    {
        var folder = new TempFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));
        var store = await SqliteEventStore.OpenAsync(folder.File("kos.db"), time, default);
        await new ImportService(store, time).ImportAsync("atra", [Path.Combine(Repo.Fixtures!, "atra")]);
        return (folder, store, new KnowledgeService(store, time));
    }

    // The role templates stay what an expert without a program of their own follows; these tests hold them to the
    // evidence of the imported experts (whose own programs are in OwnProgramTests).
    private static ProgramProgress RoleProgram(Snapshot expert) => ProgramEvaluator.Evaluate(expert.State, ProgramCatalog.Builtin.ForRole(expert.State.Role));

    [SkippableFact]
    public async Task The_22_imported_atra_experts_get_a_progress_from_evidence_never_from_their_typed_ticks()
    {
        Skip.If(Repo.Fixtures is null, Repo.FixturesAbsent);
        var (folder, store, service) = await ImportAsync();
        await using var _ = store;
        using var __ = folder;
        var experts = await service.ListAsync("atra", default);
        Assert.Equal(22, experts.Count);
        foreach (var e in experts)
        {
            var p = ProgramEvaluator.Evaluate(e.State, ProgramCatalog.Builtin.ForRole(e.State.Role));
            Assert.InRange(p.Percent, 0, 100);
            // Every program file ticks every item by hand; none of that counts.
            Assert.NotNull(e.State.ImportedProgram);
            Assert.True(p.Percent < 50, $"{e.State.Slug}: {p.Percent}% from an import alone");
            // No tasks were ever recorded: every task, level and achievement rule is open.
            Assert.All(p.Items.Where(i => i.Item.Rule.Text.Contains("tasks", StringComparison.Ordinal) || i.Item.Rule.Text.StartsWith("level", StringComparison.Ordinal)
                || EvidenceRule.Achievements.Any(a => i.Item.Rule.Text.Contains(":" + Sections.SectionCatalog.Code(a) + ":", StringComparison.Ordinal))),
                i => Assert.False(i.Result.Holds, $"{e.State.Slug}: {i.Item.Rule.Text}"));
        }
    }

    [SkippableFact]
    public async Task Igor_and_anastasiya_get_the_progress_counted_by_hand()
    {
        Skip.If(Repo.Fixtures is null, Repo.FixturesAbsent);
        var (folder, store, service) = await ImportAsync();
        await using var _ = store;
        using var __ = folder;

        var igor = RoleProgram(await service.GetAsync("atra", "igor", null, default));
        Assert.Equal("backend-developer", igor.Template.Id);
        Assert.Equal(["knowledge_items:>=3", "book:Designing Data-Intensive Applications", "section:book:>=2",
            "section:advanced_book:>=1", "section:expert_practice:>=1", "section:best_practice:>=2"],
            igor.Items.Where(i => i.Result.Holds).Select(i => i.Item.Rule.Text));
        Assert.Equal((6, 26, 23), (igor.Done, igor.Total, igor.Percent));
        // The program file ticked all 27 of its items by hand: shown as what it is.
        Assert.Equal((27, 27, "igor_program.md"), igor.ClaimedTicks);
        Assert.Contains("**Отмечено галочками в импортированной программе:** 27/27 (igor_program.md) — заявка, не прогресс", ProgramRenderer.Render(igor));

        var anastasiya = RoleProgram(await service.GetAsync("atra", "anastasiya", null, default));
        Assert.Equal("generic", anastasiya.Template.Id);
        Assert.Equal(["knowledge_items:>=3", "section:book:>=1", "section:practice:>=2", "problems_solved:>=1",
            "section:advanced_book:>=1", "section:expert_practice:>=1", "section:best_practice:>=2"],
            anastasiya.Items.Where(i => i.Result.Holds).Select(i => i.Item.Rule.Text));
        Assert.Equal((7, 26, 26), (anastasiya.Done, anastasiya.Total, anastasiya.Percent));
        Assert.Contains(anastasiya.Claims, c => c.Percent == 195);
        var md = ProgramRenderer.Render(anastasiya);
        Assert.Contains("**Прогресс по доказательствам:** 26% (7/26)", md);
        Assert.Contains("195% — «", md);
        Assert.Contains("заявка, не прогресс", md);
    }
}
