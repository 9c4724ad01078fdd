using System.Text.RegularExpressions;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Import;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Tests.Import;

public class KnowledgeDocumentParserTests
{
    private static readonly DateTimeOffset Fallback = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static KnowledgeDocument Parse(string text, string name = "svetlana_knowledge.md") => KnowledgeDocumentParser.Parse(text, name, Fallback);

    private static KnowledgeDocument Sample() => Parse(ImportFiles.SampleText("svetlana_knowledge.md"));

    /// <summary>Items per section after the domain dropped the repeats: what the expert ends up with.</summary>
    private static Dictionary<string, int> Counts(KnowledgeDocument doc) =>
        ImportDecider.Decide(null, "x", doc, Fallback).Recorded.ToDictionary(kv => kv.Key.Code(), kv => kv.Value);

    [Fact]
    public void The_header_gives_name_role_priority_date_status_tags_and_project()
    {
        var e = Sample().Expert;
        Assert.Equal("Светлана", e.DisplayName);
        Assert.Equal("QA Engineer", e.Role);
        Assert.Equal(4, e.Priority);
        Assert.Equal(new DateTimeOffset(2026, 1, 12, 0, 0, 0, TimeSpan.Zero), e.Created);
        Assert.Equal(ExpertStatus.Active, e.Status);
        Assert.Equal(["тестирование", "контрактные тесты", "нагрузка"], e.Tags);
        Assert.Equal("Orbit", e.Project);
        Assert.StartsWith("Светлана (QA Engineer) отвечает за качество", e.Responsibility, StringComparison.Ordinal);
        Assert.Equal(["Контрактные тесты платёжного API", "Нагрузочные прогоны перед релизом", "Приёмка релизов"], e.Duties);
    }

    [Fact]
    public void Every_section_of_the_sample_is_read_and_each_item_counted_once()
    {
        // Counted by reading samples/import/svetlana_knowledge.md: repeated blocks, the quoted book title and the
        // best practice and mentorship pasted a second time are one item each.
        var expected = new Dictionary<string, int>
        {
            ["book"] = 3,
            ["tool"] = 3,
            ["practice"] = 3,
            ["known"] = 2,
            ["learned"] = 4,
            ["problem"] = 3,
            ["best_practice"] = 2,
            ["advanced_book"] = 1,
            ["expert_practice"] = 1,
            ["certification"] = 1,
            ["innovation"] = 1,
            ["research"] = 1,
            ["case"] = 2,
            ["other"] = 2,
            ["publication"] = 1,
            ["mentorship"] = 1,
            ["award"] = 1,
        };
        Assert.Equal(expected.OrderBy(kv => kv.Key), Counts(Sample()).OrderBy(kv => kv.Key));
    }

    [Fact]
    public void Repeats_are_dropped_and_counted()
    {
        var decision = ImportDecider.Decide(null, "svetlana", Sample(), Fallback);
        // 4 books (3 repeated + 1 quoted), 2 known, 1 best practice, 1 mentorship.
        Assert.Equal(8, decision.DuplicatesDropped);
        Assert.Equal(4, decision.Duplicates[SectionKind.Book]);
        Assert.Equal(4, decision.ClaimsRecorded);
        Assert.Equal(2, decision.ClaimsDropped);
    }

    [Fact]
    public void Books_are_split_into_title_and_author()
    {
        var books = Sample().Items.Where(i => i.Section == SectionKind.Book).ToList();
        Assert.Equal("Agile Testing", books[0].Text);
        Assert.Equal("Lisa Crispin", books[0].Fields[ItemFields.Author]);
        Assert.Equal("Release It!", books[2].Text);
    }

    [Fact]
    public void Best_practices_keep_every_field_and_their_search_date()
    {
        var practice = Sample().Items.First(i => i.Section == SectionKind.BestPractice);
        Assert.Equal("Consumer-Driven Contracts", practice.Text);
        Assert.Equal("Потребитель API описывает ожидания, поставщик проверяет их в CI", practice.Fields[ItemFields.Description]);
        Assert.Equal("Pact documentation", practice.Fields[ItemFields.Origin]);
        Assert.Equal("Testing", practice.Fields[ItemFields.Category]);
        Assert.Equal("Контракты между платёжным API и мобильным клиентом", practice.Fields[ItemFields.Application]);
        Assert.Equal("2026-01-20 09:30:00 UTC", practice.Fields[ItemFields.FoundAt]);
        Assert.Equal(new DateTimeOffset(2026, 1, 20, 9, 30, 0, TimeSpan.Zero), practice.At);
    }

    [Fact]
    public void Problems_pair_with_their_solutions_nested_inline_or_several()
    {
        var problems = Sample().Items.Where(i => i.Section == SectionKind.Problem).ToList();
        Assert.Equal("Нестабильные тесты из-за общего состояния базы", problems[0].Text);
        Assert.Equal("Отдельная база на каждый тест через Testcontainers", problems[0].Fields[ItemFields.Solution]);
        Assert.Equal("Нагрузочный прогон упирался в лимит эквайера", problems[1].Text);
        Assert.Equal("Заглушка эквайера на время прогона", problems[1].Fields[ItemFields.Solution]);
        Assert.Equal("Дедупликация по идентификатору события", problems[2].Fields[ItemFields.Solution]);
        Assert.Equal(["Проверка повторной доставки в контрактном тесте"], problems[2].MoreSolutions);
    }

    [Fact]
    public void Cases_lose_their_tick_and_unknown_headings_are_kept_verbatim()
    {
        var doc = Sample();
        Assert.Equal(["Контрактные тесты для API возвратов", "Нагрузочный прогон перед распродажей"],
            doc.Items.Where(i => i.Section == SectionKind.Case).Select(i => i.Text));
        var other = doc.Items.Where(i => i.Section == SectionKind.Other).ToList();
        Assert.Equal(["📈 Результаты:"], doc.UnknownHeadings);
        Assert.All(other, o => Assert.Equal("📈 Результаты:", o.Fields[ItemFields.Heading]));
        Assert.Equal("**Найдено дефектов до релиза:** 120+", other[0].Text);
    }

    [Fact]
    public void A_block_pasted_under_another_heading_goes_back_to_its_own_section()
    {
        var mentorship = Sample().Items.Where(i => i.Text == "Менторство: автотесты для новых разработчиков").ToList();
        Assert.Equal(2, mentorship.Count);
        Assert.All(mentorship, m => Assert.Equal(SectionKind.Mentorship, m.Section));
        Assert.DoesNotContain(Sample().Items, i => i.Section == SectionKind.Award && i.Text.StartsWith("Менторство", StringComparison.Ordinal));
    }

    [Fact]
    public void Claimed_numbers_are_claims_wherever_they_were_pasted_and_the_footer_boilerplate_is_not_an_item()
    {
        var doc = Sample();
        Assert.Equal(
            ["Всего задач выполнено=40+", "Уровень экспертизы=⭐⭐⭐⭐ ЭКСПЕРТ", "Последнее обновление=2026-02-01", "Статус обучения=⭐⭐⭐⭐ (80%)"],
            doc.Claims.Select(c => $"{c.Label}={c.Value}").Distinct());
        Assert.All(doc.Claims, c => Assert.Equal("import:svetlana_knowledge.md", c.Source));
        Assert.DoesNotContain(doc.Items, i => i.Text.Contains("автоматически обновляется", StringComparison.Ordinal));
    }

    [Fact]
    public void English_headings_without_emoji_at_other_levels_and_numbered_are_read()
    {
        var doc = Parse(ImportFiles.SampleText("kate_knowledge.md"), "kate_knowledge.md");
        Assert.Equal(("Kate", "Site Reliability Engineer", 2, ExpertStatus.Paused), (doc.Expert.DisplayName, doc.Expert.Role, doc.Expert.Priority, doc.Expert.Status));
        Assert.Equal(["On-call rotation", "Capacity planning"], doc.Expert.Duties);
        var expected = new Dictionary<string, int>
        {
            ["book"] = 2,
            ["tool"] = 2,
            ["known"] = 1,
            ["learned"] = 1,
            ["problem"] = 1,
            ["best_practice"] = 1,
            ["case"] = 1,
            ["other"] = 1,
        };
        Assert.Equal(expected.OrderBy(kv => kv.Key), Counts(doc).OrderBy(kv => kv.Key));
        Assert.Equal(["On-call notes"], doc.UnknownHeadings);
        Assert.Equal("Tasks completed=12+", doc.Claims.Select(c => $"{c.Label}={c.Value}").Single());
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero), doc.Items.Single(i => i.Section == SectionKind.BestPractice).At);
    }

    [Fact]
    public void A_figure_typed_over_kos_s_computed_metrics_is_a_claim_of_the_file_and_kos_s_own_figures_are_not()
    {
        // What ATRA's update_learning_to_maximum.py does to a kos export: "0" becomes "100+", a starred level is added.
        var doc = Parse("""
            # 📚 БАЗА ЗНАНИЙ: Светлана (QA Engineer)

            ## 📊 МЕТРИКИ ОБУЧЕНИЯ

            _Вычислено по записанным данным._

            - **Всего задач выполнено:** 100+
            - **Успешных решений:** 4 (80%); исход не указан: 1
            - **Публикаций:** 5+
            - **Уровень экспертизы:** ⭐⭐⭐⭐⭐ МАКСИМУМ
            - **Знаний подтверждено:** 0
            - **Уровень экспертизы:** 1/5 ★☆☆☆☆ — задач пока нет

            ---
            """);
        Assert.Equal(["Всего задач выполнено=100+", "Публикаций=5+", "Уровень экспертизы=⭐⭐⭐⭐⭐ МАКСИМУМ"], doc.Claims.Select(c => $"{c.Label}={c.Value}"));
        Assert.All(doc.Claims, c => Assert.Equal("import:svetlana_knowledge.md", c.Source));
    }

    public static TheoryData<string> Variants => new()
    {
        "crlf", "trailing-spaces", "no-emoji", "deeper-headings", "numbered-headings", "lower-case-headings", "other-emoji", "no-colons",
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Formatting_variants_read_to_the_same_items(string variant)
    {
        var text = ImportFiles.SampleText("svetlana_knowledge.md");
        var changed = variant switch
        {
            "crlf" => text.Replace("\n", "\r\n", StringComparison.Ordinal),
            "trailing-spaces" => Regex.Replace(text, "(?m)$", "   \t"),
            "no-emoji" => Regex.Replace(text, @"(?m)^(#+ )(\p{So}|\p{Cs}|\uFE0F|\u200D)+\s*", "$1"),
            "deeper-headings" => Regex.Replace(text, "(?m)^(##+) ", "#$1 "),
            "numbered-headings" => Numbered(text),
            "lower-case-headings" => Regex.Replace(text, "(?m)^(## .*|### .*:)$", m => m.Value.ToLowerInvariant()), // section headings, not titles
            "other-emoji" => text.Replace("## 📖 ", "## 📚 ", StringComparison.Ordinal).Replace("### ⚠️ ", "### ⚠ ", StringComparison.Ordinal).Replace("## 🧠 ", "## 🧩 ", StringComparison.Ordinal),
            "no-colons" => Regex.Replace(text, "(?m)^(###.*):$", "$1"),
            _ => throw new ArgumentOutOfRangeException(nameof(variant)),
        };
        Assert.NotEqual(text, changed);
        var original = Parse(text);
        var read = Parse(changed);
        Assert.Equal(Describe(original), Describe(read));
        Assert.Equal(original.Claims.Select(c => c.Label + c.Value), read.Claims.Select(c => c.Label + c.Value));
    }

    [Fact]
    public void A_file_without_a_title_line_is_refused()
    {
        var ex = Assert.Throws<InputException>(() => Parse("## 📖 ИЗУЧЕННЫЕ МАТЕРИАЛЫ\n\n- Книга - Автор\n"));
        Assert.Contains("No title line", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InputException>(() => Parse("просто текст\n\n- и список\n"));
    }

    [Fact]
    public void A_title_without_a_role_is_refused_with_its_line()
    {
        var ex = Assert.Throws<InputException>(() => Parse("\n# 📚 БАЗА ЗНАНИЙ: Светлана\n\n**Приоритет:** 4\n"));
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("has no role", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Warnings_name_their_lines()
    {
        var doc = Parse("# 📚 БАЗА ЗНАНИЙ: Андрей (Frontend Developer)\n\n**Дата создания:** 2025-01-XX  \n**Статус:** 🟣 **СТРАННЫЙ**\n\n## 🧪 Эксперименты\n\n## 📝 ПУБЛИКАЦИИ И ИССЛЕДОВАНИЯ\n\n- Статья\n");
        Assert.Contains(doc.Warnings, w => w.Line == 3 && w.Message.Contains("2025-01-01", StringComparison.Ordinal));
        Assert.Contains(doc.Warnings, w => w.Line == 4 && w.Message.Contains("unknown status", StringComparison.Ordinal));
        Assert.Contains(doc.Warnings, w => w.Line == 6 && w.Message.Contains("empty", StringComparison.Ordinal));
        Assert.Contains(doc.Warnings, w => w.Line == 1 && w.Message.Contains("priority", StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), doc.Expert.Created);
    }

    private static string Numbered(string text)
    {
        var n = 0;
        return Regex.Replace(text, "(?m)^## ", _ => $"## {++n}. ");
    }

    private static List<string> Describe(KnowledgeDocument doc) =>
        doc.Items.Select(i => $"{i.Section}|{i.Text}|{string.Join(";", i.Fields.OrderBy(f => f.Key).Select(f => f.Key + "=" + (f.Key == ItemFields.Heading ? "" : f.Value)))}|{string.Join(";", i.MoreSolutions)}").ToList();
}
