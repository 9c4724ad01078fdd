using KnowledgeOs.Rendering;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Rendering;

/// <summary>The Russian rendering keeps the headings and labels of the real ATRA documents, so their importer reads it.</summary>
public class AtraConventionsTests
{
    [SkippableFact]
    public void Every_heading_the_renderer_takes_from_the_old_format_is_written_as_in_the_ATRA_documents()
    {
        var atra = AtraLines();
        var md = MarkdownRenderer.Render(SampleExpert.Build().State, new RenderOptions(RenderLanguage.Ru));
        var ours = md.Split('\n').Where(l => l.StartsWith('#')).ToList();
        // Not in the old format: best practice titles (the sample's own), the claims sub-heading, the group kept for
        // unknown headings and its kept headings (verbatim from wherever they came).
        var own = new[] { "### Transactional Outbox", "### Backpressure", "### Заявлено в импортированных документах (не вычислено):", "## 📎 ДРУГОЕ", "### 📈 Результаты:" };
        var expected = ours.Except(own).ToList();
        Assert.True(expected.Count >= 20, $"only {expected.Count} headings checked");
        Assert.All(expected, heading => Assert.Contains(heading, atra));
    }

    [SkippableFact]
    public void Header_and_item_labels_are_written_as_in_the_ATRA_documents()
    {
        var atra = AtraLines();
        var md = MarkdownRenderer.Render(SampleExpert.Build().State, new RenderOptions(RenderLanguage.Ru));
        string[] prefixes =
        [
            "**Дата создания:** ", "**Статус:** 🟢 **АКТИВНА**  ", "**Приоритет:** ", "**Экспертиза:** ", "**Ключевые обязанности:**",
            "- **Проблема:** ", "  - **Решение:** ", "- **Описание:** ", "- **Источник:** ", "- **Категория:** ", "- **Применение:** ",
            "- ✅ ", "- **Всего задач выполнено:** ", "- **Успешных решений:** ", "- **Ошибок исправлено:** ",
            "- **Новых знаний получено:** ", "- **Публикаций:** ", "- **Менторство:** ", "- **Инноваций:** ", "- **Уровень экспертизы:** ",
        ];
        foreach (var prefix in prefixes)
        {
            Assert.Contains(md.Split('\n'), l => l.StartsWith(prefix, StringComparison.Ordinal));
            Assert.Contains(atra, l => l.StartsWith(prefix, StringComparison.Ordinal));
        }
        Assert.StartsWith("# 📚 БАЗА ЗНАНИЙ: ", md);
        Assert.Contains(atra, l => l.StartsWith("# 📚 БАЗА ЗНАНИЙ: ", StringComparison.Ordinal));
    }

    private static HashSet<string> AtraLines()
    {
        var folder = Repo.Fixtures is { } f ? Path.Combine(f, "atra", "knowledge") : null;
        Skip.If(folder is null || !Directory.Exists(folder), "The shared fixtures (../shared/fixtures or KOS_FIXTURES) are not here; nothing to compare with.");
        return Directory.EnumerateFiles(folder!, "*_knowledge.md")
            .SelectMany(File.ReadAllLines)
            .ToHashSet(StringComparer.Ordinal);
    }
}
