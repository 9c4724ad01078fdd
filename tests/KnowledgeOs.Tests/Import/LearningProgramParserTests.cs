using KnowledgeOs.Events;
using KnowledgeOs.Import;

namespace KnowledgeOs.Tests.Import;

public class LearningProgramParserTests
{
    private static LearningProgramDocument Read() =>
        LearningProgramParser.Parse(ImportFiles.SampleText("svetlana_program.md"), "svetlana_program.md");

    private static StoredProgram Sample() => Read().Program;

    [Fact]
    public void The_title_header_and_goals_are_read()
    {
        var p = Sample();
        Assert.Equal(("Светлана", "QA Engineer", "svetlana_program.md"), (p.DisplayName, p.Role, p.FileName));
        Assert.Equal(new DateTimeOffset(2026, 1, 12, 0, 0, 0, TimeSpan.Zero), p.Created);
        Assert.Equal("Начинающий → Эксперт", p.Level);
        Assert.Equal(["Основы", "Углубление"], p.Goals.Select(g => g.Title));
        Assert.Equal(["Тестовая пирамида платёжного API", "Контрактные тесты"], p.Goals[0].Points);
    }

    [Fact]
    public void Materials_keep_their_kind_and_books_their_author()
    {
        var p = Sample();
        Assert.Equal(
            ["book:Agile Testing:Lisa Crispin", "book:xUnit Test Patterns:Gerard Meszaros", "article:Consumer-driven contracts в платёжных API:",
             "practice:Contract testing:", "practice:Property-based testing:"],
            p.Materials.Select(m => $"{m.Kind}:{m.Title}:{m.Author}"));
    }

    [Fact]
    public void Stages_keep_their_weeks_and_ticks_as_claims_and_a_repeated_stage_is_merged()
    {
        var p = Sample();
        Assert.Equal(["Неделя 1-2: Основы", "Неделя 3-4: Углубление", "Неделя 5-6: Мастерство"], p.Stages.Select(s => s.Title));
        var first = p.Stages[0];
        Assert.Equal((1, 2, "Основы"), (first.FromWeek!.Value, first.ToWeek!.Value, first.Name));
        Assert.Equal([true, true, false], first.Items.Select(i => i.Claimed));
        // Weeks 3-4 come again under the expert level with the open item ticked: one stage, the tick kept as a claim.
        var deepening = p.Stages[1];
        Assert.Equal(2, deepening.Items.Count);
        Assert.True(deepening.Items.Single(i => i.Text == "Тест повторной доставки вебхука").Claimed);
        Assert.Contains(Read().Warnings, w => w.Line > 0 && w.Message.Contains("appears again", StringComparison.Ordinal));
        Assert.Equal(6, p.CheckCount);
    }

    [Fact]
    public void Criteria_certifications_lists_and_claims_are_kept()
    {
        var p = Sample();
        Assert.Equal(2, p.SuccessCriteria.Count);
        Assert.Equal("ISTQB Advanced Test Analyst", p.Certifications.Single().Text);
        Assert.True(p.Certifications.Single().Claimed);
        Assert.Contains(p.Lists, l => l.Heading == "Экспертные навыки:" && l.Items.Single().Text == "Контрактные тесты");
        Assert.Contains(p.Lists, l => l.Heading.Contains("СЛЕДУЮЩИЕ ШАГИ", StringComparison.Ordinal) && l.Items.Count == 2);
        Assert.Contains(p.Claims, c => c.Label == "Всего задач выполнено" && c.Value == "40+" && c.Group.Contains("МЕТРИКИ", StringComparison.Ordinal));
        Assert.Contains(p.Claims, c => c.Label == "Статус" && c.Value.Contains("120%", StringComparison.Ordinal));
    }

    [Fact]
    public void A_program_without_a_title_is_refused()
    {
        Assert.Throws<InputException>(() => LearningProgramParser.Parse("## 📅 ПЛАН ОБУЧЕНИЯ\n\n- [x] Шаг\n", "x_program.md"));
        var ex = Assert.Throws<InputException>(() => LearningProgramParser.Parse("# 🎓 ПРОГРАММА ОБУЧЕНИЯ: Светлана\n", "x_program.md"));
        Assert.Contains("has no role", ex.Message, StringComparison.Ordinal);
    }
}
