using KnowledgeOs.Import;
using KnowledgeOs.Learning;

namespace KnowledgeOs.Tests.Fuzzing;

/// <summary>What the parser fuzzing found, each kept as a plain test (the shrunk input, rebuilt by hand).</summary>
public sealed class FuzzFindingsTests
{
    private static readonly DateTimeOffset Fallback = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private const string Knowledge = "# 📚 БАЗА ЗНАНИЙ: Игорь (Backend Developer)\n\n## 🧠 НАКОПЛЕННЫЕ ЗНАНИЯ\n\n### ✅ Что уже знаю:\n\n- Индексы\n";

    private const string Program = "# 🎓 ПРОГРАММА ОБУЧЕНИЯ: Игорь (Backend Developer)\n\n## 🎯 ЦЕЛИ ОБУЧЕНИЯ\n\n1. **Основы:**\n   - Индексы\n";

    [Fact]
    public void A_knowledge_base_with_an_unpaired_surrogate_is_refused_with_its_line()
    {
        var ex = Assert.Throws<InputException>(() => KnowledgeDocumentParser.Parse(Knowledge + "- Ключ\ud800и\n", "igor_knowledge.md", Fallback));

        Assert.Equal("line 8", ex.Field);
        Assert.Contains("unpaired surrogate (U+D800)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_learning_program_with_an_unpaired_surrogate_is_refused_with_its_line()
    {
        var ex = Assert.Throws<InputException>(() => LearningProgramParser.Parse("\udc00" + Program, "igor_program.md"));

        Assert.Equal("line 1", ex.Field);
    }

    [Fact]
    public void Markdown_nested_deeper_than_Markdig_reads_is_refused_as_input_by_both_parsers()
    {
        var deep = string.Concat(Enumerable.Repeat("> ", 2_000));

        var knowledge = Assert.Throws<InputException>(() => KnowledgeDocumentParser.Parse(deep + Knowledge, "igor_knowledge.md", Fallback));
        var program = Assert.Throws<InputException>(() => LearningProgramParser.Parse(deep + Program, "igor_program.md"));

        Assert.Contains("nested too deeply", knowledge.Message, StringComparison.Ordinal);
        Assert.Contains("nested too deeply", program.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Surrogate_pairs_are_ordinary_text_to_the_parsers()
    {
        var document = KnowledgeDocumentParser.Parse(Knowledge + "- Эмодзи 🧠 в тексте\n", "igor_knowledge.md", Fallback);

        Assert.Contains(document.Items, i => i.Text == "Эмодзи 🧠 в тексте");
    }

    [Fact]
    public void A_report_string_holding_an_unpaired_surrogate_is_refused_as_input()
    {
        var ex = Assert.Throws<InputException>(() => ReportParser.Parse("\udfff{\"taskId\": \"ORB-1\"}", "report.json"));

        Assert.Contains("unpaired surrogate", ex.Message, StringComparison.Ordinal);
    }
}
