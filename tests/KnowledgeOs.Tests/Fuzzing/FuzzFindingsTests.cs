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

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(20_000)]
    public void A_code_block_of_emoji_joined_by_zero_width_joiners_is_kept_whole(int count)
    {
        var emoji = string.Concat(Enumerable.Repeat("👨\u200d🏫", count));

        var document = KnowledgeDocumentParser.Parse(Knowledge + "\n```" + emoji + "\n", "igor_knowledge.md", Fallback);

        // Found by CI's fuzzing (seed cH8QPQqb9lu3): the block ended between the halves of the last emoji.
        Assert.Contains(document.Items, i => i.Text == "```" + emoji);
    }

    [Fact]
    public void Surrogate_pairs_are_ordinary_text_to_the_parsers()
    {
        var document = KnowledgeDocumentParser.Parse(Knowledge + "- Эмодзи 🧠 в тексте\n", "igor_knowledge.md", Fallback);

        Assert.Contains(document.Items, i => i.Text == "Эмодзи 🧠 в тексте");
    }

    [Fact]
    public void A_title_of_thousands_of_spaces_without_a_role_is_refused_not_left_hanging()
    {
        var title = "# 📚 БАЗА ЗНАНИЙ: Игорь" + new string(' ', 100_000) + "x\n";

        var ex = Answers(() => Assert.Throws<InputException>(() => KnowledgeDocumentParser.Parse(title, "igor_knowledge.md", Fallback)));

        Assert.Contains("has no role", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bold_field_line_of_thousands_of_spaces_is_read_not_left_hanging()
    {
        var text = Knowledge.Replace("\n\n## ", "\n**Статус:" + new string(' ', 20_000) + "x\n\n## ", StringComparison.Ordinal)
            + "\n## Заметки " + new string(' ', 20_000) + "x\n";

        var document = Answers(() => KnowledgeDocumentParser.Parse(text, "igor_knowledge.md", Fallback));
        var program = Answers(() => LearningProgramParser.Parse(Program + "**" + new string(' ', 20_000) + "x\n", "igor_program.md"));

        Assert.Contains(document.Items, i => i.Text == "Индексы");
        Assert.NotNull(program);
    }

    /// <summary>
    /// Runs a parse with a generous bound: these inputs took hours with the backtracking regexes (cubic in the run of
    /// spaces), and a test that hangs says less than one that fails. Not a timing assertion: milliseconds are expected.
    /// </summary>
    private static T Answers<T>(Func<T> parse)
    {
        var run = Task.Run(parse);
        Assert.True(run.Wait(TimeSpan.FromSeconds(60)), "the parser did not answer within 60 s");
        return run.Result;
    }

    [Fact]
    public void A_stored_item_nested_deeper_than_Markdig_reads_still_renders_on_the_dashboard()
    {
        // Item texts go into the rendered Markdown as they are; one made of quote marks must not break the page for good.
        var html = KnowledgeOs.Server.Dashboard.KnowledgeHtml.ToHtml("## Новые знания\n\n- " + string.Concat(Enumerable.Repeat("> ", 2_000)) + "<b>x</b>\n");

        Assert.Contains("Новые знания", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;x&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_string_holding_an_unpaired_surrogate_is_refused_as_input()
    {
        var ex = Assert.Throws<InputException>(() => ReportParser.Parse("\udfff{\"taskId\": \"ORB-1\"}", "report.json"));

        Assert.Contains("unpaired surrogate", ex.Message, StringComparison.Ordinal);
    }
}
