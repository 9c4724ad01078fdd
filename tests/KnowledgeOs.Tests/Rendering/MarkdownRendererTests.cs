using System.Globalization;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Tests.Rendering;

public class MarkdownRendererTests
{
    private static readonly RenderOptions Ru = new(RenderLanguage.Ru);
    private static readonly RenderOptions En = new(RenderLanguage.En);

    [Fact]
    public void Russian_rendering_matches_the_snapshot() =>
        SnapshotFile.Match("igor.ru", MarkdownRenderer.Render(SampleExpert.Build().State, Ru));

    [Fact]
    public void English_rendering_matches_the_snapshot() =>
        SnapshotFile.Match("igor.en", MarkdownRenderer.Render(SampleExpert.Build().State, En));

    [Fact]
    public void A_new_expert_renders_without_empty_sections() =>
        SnapshotFile.Match("new-expert.ru", MarkdownRenderer.Render(Onboarded(responsibility: "", duties: []), Ru));

    [Fact]
    public void Rendering_twice_and_after_folding_again_gives_the_same_bytes()
    {
        var (events, state) = SampleExpert.Build();
        var first = MarkdownRenderer.Render(state, Ru);
        Assert.Equal(first, MarkdownRenderer.Render(state, Ru));
        Assert.Equal(first, MarkdownRenderer.Render(ExpertState.Fold(null, events)!, Ru));
        // A stored-and-read-back event log folds to the same document too.
        var roundTripped = events.Select(e => EventTypes.Deserialize(EventTypes.NameOf(e), EventTypes.Serialize(e)));
        Assert.Equal(first, MarkdownRenderer.Render(ExpertState.Fold(null, roundTripped)!, Ru));
    }

    [Fact]
    public void Output_does_not_depend_on_the_current_culture()
    {
        var state = SampleExpert.Build().State;
        var invariant = MarkdownRenderer.Render(state, En);
        var saved = CultureInfo.CurrentCulture;
        try
        {
            foreach (var name in new[] { "ar-SA", "fa-IR", "ru-RU", "de-DE" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
                Assert.Equal(invariant, MarkdownRenderer.Render(state, En));
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Output_uses_lf_newlines_and_ends_with_exactly_one()
    {
        var md = MarkdownRenderer.Render(SampleExpert.Build().State, Ru);
        Assert.DoesNotContain('\r', md);
        Assert.EndsWith("_\n", md);
        Assert.DoesNotContain("\n\n\n", md);
    }

    [Fact]
    public void Every_group_heading_appears_once()
    {
        var md = MarkdownRenderer.Render(SampleExpert.Build().State, Ru);
        var headings = md.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        Assert.Equal(headings.Distinct().Count(), headings.Count);
        foreach (var group in SectionCatalog.All.Select(s => s.GroupRu.Replace("{project}", "ATRA")).Distinct())
            Assert.Contains("## " + group, headings);
        Assert.Contains("## 📎 ДРУГОЕ\n\n- Заметка без заголовка\n\n### 📈 Результаты:\n\n- Время ответа снизилось вдвое\n\n---", md);
    }

    [Fact]
    public void An_item_confirmed_many_times_is_rendered_once()
    {
        var state = SampleExpert.Build().State;
        var item = state.Items[SampleExpert.Id(state, "Идемпотентные обработчики сообщений")];
        Assert.True(item.Confirmations.Count >= 2);
        Assert.Equal(3, state.Items[SampleExpert.Id(state, "RabbitMQ")].Confirmations.Count);
        var md = MarkdownRenderer.Render(state, Ru);
        Assert.Equal(1, Occurrences(md, "- Идемпотентные обработчики сообщений\n"));
        Assert.Equal(1, Occurrences(md, "- RabbitMQ\n"));
        Assert.Equal(1, Occurrences(md, "Контрактные тесты для очередей"));
        Assert.Equal(1, Occurrences(md, "**Проблема:** Дубли сообщений при повторной доставке"));
    }

    [Fact]
    public void A_promoted_item_renders_under_known_not_learned()
    {
        var md = MarkdownRenderer.Render(SampleExpert.Build().State, Ru);
        var known = md.IndexOf("### ✅ Что уже знаю:", StringComparison.Ordinal);
        var learned = md.IndexOf("### 🆕 Новые знания:", StringComparison.Ordinal);
        var item = md.IndexOf("- Идемпотентные обработчики сообщений", StringComparison.Ordinal);
        Assert.InRange(item, known, learned);
    }

    [Fact]
    public void Items_render_in_recording_order()
    {
        var state = SampleExpert.Build().State;
        var md = MarkdownRenderer.Render(state, Ru);
        Assert.True(md.IndexOf("- Enterprise Integration Patterns - Gregor Hohpe", StringComparison.Ordinal)
            < md.IndexOf("- Справочник без автора", StringComparison.Ordinal));
        Assert.True(md.IndexOf("- Справочник без автора", StringComparison.Ordinal)
            < md.IndexOf("- Release It! - Michael Nygard", StringComparison.Ordinal));
    }

    [Fact]
    public void A_retracted_item_is_not_rendered()
    {
        var state = SampleExpert.Build().State;
        Assert.False(state.Items[SampleExpert.Id(state, SampleExpert.RetractedText)].IsActive);
        var md = MarkdownRenderer.Render(state, Ru);
        Assert.DoesNotContain(SampleExpert.RetractedText, md);
    }

    [Fact]
    public void Problems_render_with_every_solution()
    {
        var md = MarkdownRenderer.Render(SampleExpert.Build().State, Ru);
        Assert.Contains("- **Проблема:** Дубли сообщений при повторной доставке\n"
            + "  - **Решение:** Ключ идемпотентности в заголовке\n"
            + "  - **Решение:** Дедупликация по таблице обработанных\n\n"
            + "- **Проблема:** Долгие блокировки при миграции\n\n", md);
    }

    [Fact]
    public void Best_practices_render_their_fields_and_leave_out_missing_ones()
    {
        var md = MarkdownRenderer.Render(SampleExpert.Build().State, En);
        Assert.Contains("### Transactional Outbox\n- **Description:** Запись события в той же транзакции, что и данные\n"
            + "- **Source:** Microservices Patterns - Chris Richardson\n- **Category:** Architecture\n"
            + "- **Application:** Публикация событий заказов\n- **Found:** 2026-02-01\n\n", md);
        Assert.Contains("### Backpressure\n- **Description:** Ограничение скорости потребителя\n- **Category:** Performance\n\n", md);
    }

    [Fact]
    public void Claims_are_shown_apart_from_computed_metrics_once_each_with_their_source()
    {
        var md = MarkdownRenderer.Render(SampleExpert.Build().State, Ru);
        var metrics = md.IndexOf("## 📊 МЕТРИКИ ОБУЧЕНИЯ", StringComparison.Ordinal);
        var claims = md.IndexOf("### Заявлено в импортированных документах (не вычислено):", StringComparison.Ordinal);
        var end = md.IndexOf("\n---\n", claims, StringComparison.Ordinal);
        Assert.InRange(claims, metrics, end);
        var computed = md[metrics..claims];
        var claimed = md[claims..end];
        Assert.Contains("- **Всего задач выполнено:** 3\n", computed);
        Assert.DoesNotContain("100+", computed);
        Assert.DoesNotContain("⭐", computed);
        Assert.Contains("**Источник:** `import:igor_knowledge.md`", claimed);
        Assert.Equal(1, Occurrences(claimed, "- **Всего задач выполнено:** 100+"));
        Assert.Contains("- **Уровень экспертизы:** ⭐⭐⭐⭐⭐ МАКСИМУМ", claimed);
        Assert.Equal(1, Occurrences(md, "100+"));
    }

    [Fact]
    public void Claims_heading_is_English_in_English()
    {
        var md = MarkdownRenderer.Render(SampleExpert.Build().State, En);
        Assert.Contains("### Claimed in imported documents (not computed):\n\n**Source:** `import:igor_knowledge.md`\n\n", md);
    }

    [Fact]
    public void Metric_numbers_match_the_recorded_evidence()
    {
        var state = SampleExpert.Build().State;
        var m = ExpertMetrics.Of(state);
        // By hand from SampleExpert: three tasks (two successful), 2+1+0 errors fixed, two known items (one imported
        // by hand, one promoted), one learned left, one problem with solutions, one publication, mentorship, innovation and research.
        Assert.Equal((3, 2, 3, 3, 2, 1, 1, 1, 2), (m.TasksCompleted, m.Successful, m.ErrorsFixed, m.KnowledgeGained,
            m.KnowledgeConfirmed, m.ProblemsSolved, m.Publications, m.Mentees, m.Innovations));
        // «Знаний подтверждено» counts confirmations: only the promoted item was confirmed again (by two later tasks).
        Assert.Equal(1, m.KnowledgeReconfirmed);
        var md = MarkdownRenderer.Render(state, Ru);
        Assert.Contains("- **Всего задач выполнено:** 3\n- **Успешных решений:** 2 (67%)\n- **Ошибок исправлено:** 3\n"
            + "- **Новых знаний получено:** 3\n- **Знаний подтверждено:** 1\n- **Проблем решено:** 1\n- **Публикаций:** 1\n"
            + "- **Менторство:** 1\n- **Инноваций:** 2\n"
            + $"- **Уровень экспертизы:** {m.Level}/5 {ExpertiseLevel.Stars(m.Level)} — 3 задачи, 67% успешных, 1 решённая проблема\n", md);
        // English words its plural too ("1 problem solved"); the stored line keeps its one fixed form.
        Assert.Contains($"- **Expertise level:** {m.Level}/5 {ExpertiseLevel.Stars(m.Level)} — 3 tasks, 67% successful, 1 problem solved\n", MarkdownRenderer.Render(state, En));
        Assert.EndsWith("— 3 tasks, 67% successful, 1 problems solved", m.LevelReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Footer_shows_last_update_in_utc_and_the_number_of_sources()
    {
        var state = SampleExpert.Build().State;
        Assert.Equal(8, state.Sources.Count);
        var shifted = state with { LastUpdate = new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.FromHours(3)) };
        Assert.EndsWith("\n---\n\n_Обновлено: 2026-03-02 14:00 UTC · источников: 8_\n", MarkdownRenderer.Render(shifted, Ru));
        Assert.EndsWith("\n---\n\n_Updated: 2026-03-02 14:00 UTC · sources: 8_\n", MarkdownRenderer.Render(shifted, En));
    }

    [Fact]
    public void Header_has_title_and_bold_fields()
    {
        var md = MarkdownRenderer.Render(SampleExpert.Build().State, Ru);
        Assert.StartsWith("# 📚 БАЗА ЗНАНИЙ: Игорь (Backend Developer)\n\n**Дата создания:** 2026-02-01  \n**Статус:** 🟢 **АКТИВНА**  \n"
            + "**Приоритет:** 3  \n**Экспертиза:** Python, Queues\n\n---\n\n## 🎯 ОБЛАСТЬ ОТВЕТСТВЕННОСТИ\n\n"
            + "Отвечает за серверную часть: очереди, хранилище и интеграции.\n\n**Ключевые обязанности:**\n- Проектирование API\n"
            + "- Надёжность обработки сообщений\n\n---\n\n", md);
    }

    [Fact]
    public void The_project_fallback_fills_the_cases_heading_only_when_the_expert_has_no_project()
    {
        var state = SampleExpert.Build().State;
        Assert.Contains("## 💼 РЕАЛЬНЫЕ КЕЙСЫ ИЗ ПРОЕКТА ATRA\n", MarkdownRenderer.Render(state, Ru with { Project = "OTHER" }));
        var noProject = state with { Project = "" };
        Assert.Contains("## 💼 РЕАЛЬНЫЕ КЕЙСЫ ИЗ ПРОЕКТА OTHER\n", MarkdownRenderer.Render(noProject, Ru with { Project = "OTHER" }));
        Assert.Contains("## 💼 РЕАЛЬНЫЕ КЕЙСЫ ИЗ ПРОЕКТА\n", MarkdownRenderer.Render(noProject, Ru));
        Assert.Contains("## 💼 Real cases from OTHER\n", MarkdownRenderer.Render(noProject, En with { Project = "OTHER" }));
    }

    [Fact]
    public void Empty_sections_and_groups_are_left_out()
    {
        var md = MarkdownRenderer.Render(Onboarded(responsibility: "", duties: []), Ru);
        Assert.DoesNotContain("## 🎯", md);
        Assert.DoesNotContain("### ", md);
        Assert.Equal(["## 📊 МЕТРИКИ ОБУЧЕНИЯ"], md.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)));

        var state = Onboarded("Отвечает за тесты.", []);
        state = ExpertState.Fold(state, ExpertDecider.Add(state, new AddKnowledge(SectionKind.Tool, "pytest"), "manual:x", SampleExpert.Start))!;
        md = MarkdownRenderer.Render(state, Ru);
        Assert.Contains("## 📖 ИЗУЧЕННЫЕ МАТЕРИАЛЫ\n\n### Инструменты:\n\n- pytest\n\n---\n\n## 📊", md);
        Assert.DoesNotContain("Книги и ресурсы", md);
        Assert.DoesNotContain("Ключевые обязанности", md);
    }

    [Fact]
    public void A_value_with_line_breaks_cannot_break_the_structure()
    {
        var state = Onboarded("Первый абзац.\n\nВторой\nабзац.", ["Одна\n## обязанность"]);
        state = ExpertState.Fold(state, ExpertDecider.Add(state, new AddKnowledge(SectionKind.BestPractice, "Заголовок",
            new Dictionary<string, string> { [ItemFields.Description] = "строка\n## не заголовок" }), "manual:x", SampleExpert.Start))!;
        var md = MarkdownRenderer.Render(state, Ru);
        Assert.Contains("Первый абзац.\n\nВторой абзац.\n\n", md);
        Assert.Contains("- Одна ## обязанность\n", md);
        Assert.Contains("- **Описание:** строка ## не заголовок\n", md);
    }

    [Fact]
    public void Unknown_language_is_an_input_error()
    {
        Assert.Equal(RenderLanguage.En, RenderOptions.ParseLanguage("EN"));
        Assert.Equal(RenderLanguage.Ru, RenderOptions.ParseLanguage(null));
        Assert.Throws<InputException>(() => RenderOptions.ParseLanguage("de"));
    }

    private static ExpertState Onboarded(string responsibility, string[] duties) =>
        ExpertState.Fold(null, ExpertDecider.Onboard(null, new OnboardExpert("maria", "Мария", "QA Engineer", "",
            Responsibility: responsibility, Duties: duties), "manual:lead", SampleExpert.Start))!;

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
