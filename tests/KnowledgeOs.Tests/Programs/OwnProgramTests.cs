using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Import;
using KnowledgeOs.Programs;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Domain;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Programs;

/// <summary>An expert who brought a learning program follows it, not their role's template (issue 14).</summary>
public sealed class OwnProgramTests
{
    private const string Program = """
        # 🎓 ПРОГРАММА ОБУЧЕНИЯ: Дмитрий (Backend Developer)

        ## 🎯 ЦЕЛИ ОБУЧЕНИЯ

        1. **Точность:**
           - Деньги в Decimal

        ## 📚 МАТЕРИАЛЫ ДЛЯ ИЗУЧЕНИЯ

        ### Книги:
        - Release It! - Michael Nygard

        ### Практика:
        - Идемпотентные ретраи платежей

        ### Курсы:
        - Курс по распределённым системам

        ## 📅 ПЛАН ОБУЧЕНИЯ

        ### Неделя 1-2: Основы
        - [x] Изучение идемпотентности платёжных запросов
        - [x] Лидерство

        ## ✅ КРИТЕРИИ УСПЕХА

        - Способность обучать других
        """;

    private static ExpertState WithProgram(ExpertState state) =>
        Build.Then(state, [new ProgramImported
        {
            At = Build.Day(0), Source = "import:dmitriy_program.md",
            Program = LearningProgramParser.Parse(Program, "dmitriy_program.md").Program,
        }]);

    [Fact]
    public void An_imported_program_replaces_the_role_template_with_every_entry_kept_and_given_its_rule()
    {
        var p = ProgramEvaluator.Evaluate(WithProgram(Build.Given(Build.Onboarded())), ProgramCatalog.Builtin);
        Assert.Equal("dmitriy_program.md", p.Template.ImportedFrom);
        Assert.Equal(["Деньги в Decimal"], p.Template.Goals.SelectMany(g => g.Items));
        Assert.Equal(["book:Release It!", "practice_applied:Идемпотентные ретраи платежей", NoRule.Code],
            p.Materials!.Select(m => m.Entry.Rule.Text));
        // A stage item naming something to look for gets the knowledge rule; «Лидерство» names nothing a rule can find.
        Assert.Equal(["knowledge:Изучение идемпотентности платёжных запросов", NoRule.Code], p.Items.Select(i => i.Item.Rule.Text));
        Assert.Equal((0, 1, 1), (p.Done, p.Total, p.NeedPerson));
        var md = ProgramRenderer.Render(p);
        Assert.Contains("- [ ] Лидерство — нет правила доказательства — нужно подтверждение человека", md);
        Assert.Contains("- [ ] Release It! - Michael Nygard — правило `book:Release It!`: ", md);
        Assert.Contains("### Неделя 1-2: Основы", md);
        Assert.DoesNotContain("Программа роли", md);
        // The Russian document says the level in Russian, not the domain's English reason line.
        Assert.Contains("★☆☆☆☆ — задач пока нет", md);
        Assert.DoesNotContain("no tasks yet", md);
    }

    [Fact]
    public void Entries_tick_from_evidence_naming_the_item_and_the_task()
    {
        var state = WithProgram(Build.Given(Build.Onboarded()));
        state = Build.LearnAll(state, [
            Build.Report("T-7", 1, Build.Participant("dmitriy", knowledge: ["Идемпотентность платёжных запросов через ключ"],
                materials: ["Release It! - Michael Nygard"], practices: ["Идемпотентные ретраи платежей"])),
        ]);
        var p = ProgramEvaluator.Evaluate(state, ProgramCatalog.Builtin);
        var stage = p.Items[0].Result;
        Assert.True(stage.Holds);
        Assert.Equal("T-7", stage.TaskId);
        Assert.Equal(state.Items.Values.Single(i => i.Text.StartsWith("Идемпотентность", StringComparison.Ordinal)).Id, stage.ItemId);
        var practice = p.Materials!.Single(m => m.Entry.Kind == "practice").Result;
        Assert.True(practice.Holds);
        Assert.Equal("T-7", practice.TaskId);
        Assert.True(p.Materials!.Single(m => m.Entry.Kind == "book").Result.Holds);
        Assert.Contains(" · задача `T-7`", ProgramRenderer.Render(p));
    }

    [Fact]
    public void A_practice_applied_only_in_a_failed_task_does_not_tick()
    {
        var state = WithProgram(Build.Given(Build.Onboarded()));
        state = Build.LearnAll(state, [
            Build.Report("T-8", 1, Build.Participant("dmitriy", Outcome.Failure, practices: ["Идемпотентные ретраи платежей"])),
        ]);
        var practice = ProgramEvaluator.Evaluate(state, ProgramCatalog.Builtin).Materials!.Single(m => m.Entry.Kind == "practice").Result;
        Assert.False(practice.Holds);
        Assert.Null(practice.TaskId);
    }

    /// <summary>Per file, counted by hand from the files: goal points, books, articles, practices, tools,
    /// certifications, stage checklist items (a stage repeated under a second heading counted once), success criteria.</summary>
    private sealed record Counts(int Goals, int Books, int Articles, int Practices, int Tools, int Certifications, int StageItems, int Criteria);

    private static readonly Dictionary<string, Counts> Expected = new(StringComparer.Ordinal)
    {
        ["alexey"] = new(9, 4, 0, 4, 0, 3, 27, 3),
        ["anastasiya"] = new(15, 14, 0, 12, 0, 6, 30, 7),
        ["andrey"] = new(12, 4, 0, 4, 0, 3, 27, 4),
        ["anna"] = new(9, 4, 0, 4, 0, 3, 27, 3),
        ["artem"] = new(12, 4, 0, 4, 0, 3, 27, 4),
        ["daria"] = new(13, 4, 0, 4, 0, 3, 27, 4),
        ["dmitriy"] = new(9, 4, 0, 4, 0, 3, 27, 3),
        ["ekaterina"] = new(9, 3, 3, 3, 4, 3, 30, 6),
        ["elena"] = new(9, 4, 0, 4, 0, 3, 27, 3),
        ["igor"] = new(9, 4, 0, 4, 0, 3, 27, 3),
        ["maria"] = new(9, 4, 0, 4, 0, 3, 27, 3),
        ["marina"] = new(16, 4, 0, 4, 0, 3, 27, 4),
        ["maxim"] = new(9, 4, 0, 4, 0, 3, 27, 3),
        ["nikita"] = new(12, 4, 0, 4, 0, 3, 27, 4),
        ["olga"] = new(9, 4, 0, 4, 0, 2, 27, 3),
        ["pavel"] = new(9, 4, 0, 4, 0, 3, 27, 3),
        ["roman"] = new(9, 4, 0, 4, 0, 3, 27, 3),
        ["sergey"] = new(9, 4, 0, 4, 0, 3, 27, 3),
        ["sofia"] = new(12, 4, 0, 4, 0, 3, 27, 4),
        ["tatyana"] = new(9, 4, 0, 4, 0, 2, 27, 3),
        ["viktoriya"] = new(15, 13, 0, 8, 0, 5, 30, 7),
        ["yuliya"] = new(17, 4, 0, 4, 0, 3, 30, 4),
    };

    [SkippableFact]
    public async Task Each_of_the_22_atra_experts_follows_the_entries_of_their_own_file()
    {
        Skip.If(Repo.Fixtures is null, Repo.FixturesAbsent);
        using var folder = new TempFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));
        await using var store = await SqliteEventStore.OpenAsync(folder.File("kos.db"), time, default);
        await new ImportService(store, time).ImportAsync("atra", [Path.Combine(Repo.Fixtures!, "atra")]);
        var experts = await new KnowledgeService(store, time).ListAsync("atra", default);
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), experts.Select(e => e.State.Slug).Order(StringComparer.Ordinal));
        foreach (var e in experts)
        {
            var p = ProgramEvaluator.Evaluate(e.State, ProgramCatalog.Builtin);
            var materials = p.Materials!;
            int Kind(string kind) => materials.Count(m => m.Entry.Kind == kind);
            var actual = new Counts(p.Template.Goals.Sum(g => g.Items.Count), Kind("book"), Kind("article"), Kind("practice"), Kind("tool"),
                Kind("certification"), p.Items.Count, p.Criteria.Count);
            Assert.Equal((e.State.Slug, Expected[e.State.Slug]), (e.State.Slug, actual));
            Assert.Equal($"{e.State.Slug}_program.md", p.Template.ImportedFrom);
            // Nobody in the fixtures ever ran a task: no task-based entry may hold, and no evidence names a task.
            Assert.Empty(e.State.Tasks);
            Assert.All(p.Items.Select(i => i.Result).Concat(materials.Select(m => m.Result)), r => Assert.Null(r.TaskId));
            Assert.All(materials.Where(m => m.Entry.Rule is PracticeApplied), m => Assert.False(m.Result.Holds, $"{e.State.Slug}: {m.Entry.Text}"));
            var md = ProgramRenderer.Render(p);
            Assert.All(p.Items, i => Assert.Contains("- [" + (i.Result.Holds ? "x" : " ") + "] " + i.Item.Text + " — ", md));
        }
    }
}
