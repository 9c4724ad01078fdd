using KnowledgeOs.Import;
using KnowledgeOs.Learning;

namespace KnowledgeOs.Tests.Fuzzing;

/// <summary>
/// Inputs written to make a backtracking regular expression explode: long lines of the tokens the parsers' patterns
/// look for (a case group's "from", runs of spaces, colons, bold marks, unclosed brackets). ParserFuzzTests found the
/// first one (seed 8PbzbsfxV1_1: a case heading of 15k characters with many "from" and runs of spaces, which took
/// tens of seconds in <c>Headings.ProjectFrom</c>); these keep such inputs in the suite whatever the fuzzer's seed.
/// Each must be answered (or refused as input) within the fuzzer's per-input limit, which a hang cannot meet and a
/// linear parse meets in milliseconds.
/// </summary>
public sealed class PathologicalLineTests
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(10);

    private static readonly DateTimeOffset Fallback = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static string Repeat(string piece, int times) => string.Concat(Enumerable.Repeat(piece, times));

    /// <summary>Lines built from each pattern's tokens, 30k characters to a megabyte each.</summary>
    public static TheoryData<string, string> Lines() => new()
    {
        { "case heading: 'from' and runs of spaces", "## Real cases from " + Repeat("from" + new string(' ', 300) + "x", 250) },
        { "case heading in Russian: ПРОЕКТА and runs of spaces", "## РЕАЛЬНЫЕ КЕЙСЫ ИЗ ПРОЕКТА " + Repeat("проекта" + new string(' ', 300) + ":", 250) },
        { "case heading: colons between the spaces", "### Real cases from " + Repeat("from " + Repeat(" :", 150) + "y", 100) },
        { "heading: unclosed brackets", "## Best practices " + Repeat("(" + new string(' ', 300), 100) },
        { "heading: a megabyte of unclosed brackets", "## Best practices " + Repeat("( ", 500_000) },
        { "bold field: marks and colons", Repeat("**" + new string(' ', 100) + ":" + new string(' ', 100), 100) },
        { "plain field: label-like runs", Repeat(new string('a', 39) + " ", 750) },
        { "closing marks: hashes and spaces", "## heading" + Repeat(" #" + new string(' ', 100), 300) },
        { "week line", Repeat("Week " + new string(' ', 150) + "1 - ", 150) },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void The_knowledge_base_parser_answers_a_pathological_line(string what, string line)
    {
        var text = $"# БАЗА ЗНАНИЙ: Test Expert (Tester)\n\n{line}\n\n- an item under it\n";
        Answers(what, () => KnowledgeDocumentParser.Parse(text, "pathological_knowledge.md", Fallback));
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void The_learning_program_parser_answers_a_pathological_line(string what, string line)
    {
        var text = $"# ПРОГРАММА ОБУЧЕНИЯ: Test Expert (Tester)\n\n## Неделя 1: start\n\n{line}\n\n- [ ] a task\n";
        Answers(what, () => LearningProgramParser.Parse(text, "pathological_program.md"));
    }

    private static void Answers(string what, Action parse)
    {
        var run = Task.Run(() =>
        {
            try
            {
                parse();
            }
            catch (InputException)
            {
                // Refusing the input is an answer.
            }
        });
        Assert.True(run.Wait(PerInput), $"the parser did not answer within {PerInput.TotalSeconds:0} s on: {what}");
        run.GetAwaiter().GetResult();
    }
}
