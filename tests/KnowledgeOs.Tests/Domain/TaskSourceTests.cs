using System.Text.RegularExpressions;
using KnowledgeOs.Learning;

namespace KnowledgeOs.Tests.Domain;

/// <summary>
/// <see cref="TaskLearning.TaskIdOf"/> and <see cref="TaskLearning.IsOfTask"/> read a source without a regex; they must
/// answer exactly what the regex they replaced (<c>#rev-[0-9a-f]{8}$</c> dropped from the id) answered.
/// </summary>
public sealed class TaskSourceTests
{
    private static readonly Regex Revision = new("#rev-[0-9a-f]{8}$", RegexOptions.CultureInvariant);

    private static string? Reference(string source)
    {
        var id = source.StartsWith("task:", StringComparison.Ordinal) ? source[5..]
            : source.StartsWith("retro:", StringComparison.Ordinal) ? source[6..]
            : null;
        return id is not null && Revision.Match(id) is { Success: true } m ? id[..m.Index] : id;
    }

    public static TheoryData<string> Sources() =>
    [
        "task:T-1", "retro:T-1", "task:T-1#rev-0123abcd", "retro:T-1#rev-89abcdef", "task:T-1#rev-0123ABCD",
        "task:T-1#rev-0123abc", "task:T-1#rev-0123abcde", "task:T-1#rev-0123abcd\n", "task:T-1\n", "task:", "retro:",
        "task:#rev-0123abcd", "task:T#rev-0123abcd#rev-89abcdef", "task:T#rev-0123abcd\n\n", "import:a.md", "manual:olga",
        "feed:x", "TASK:T-1", "task:Задача-7#rev-deadbeef", "task:T#rev-0123abcg", "task:T#REV-0123abcd", "", "task:rev-0123abcd",
    ];

    [Theory]
    [MemberData(nameof(Sources))]
    public void The_task_id_of_a_source_is_what_the_revision_regex_gave(string source)
    {
        Assert.Equal(Reference(source), TaskLearning.TaskIdOf(source));
    }

    [Fact]
    public void A_source_is_of_a_task_exactly_when_its_task_id_is_that_task()
    {
        var random = new Random(20261205);
        const string alphabet = "task:retro#v-0123456789abcdefT\nЯ";
        var tasks = new[] { "T-1", "T", "", "Задача-7", "t", "T-1#rev-0123abcd" };
        var checkedPairs = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var prefix = random.Next(4) switch { 0 => "task:", 1 => "retro:", 2 => "", _ => "manual:" };
            var body = new string(Enumerable.Range(0, random.Next(0, 20)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            if (random.Next(3) == 0) body += "#rev-" + random.Next().ToString("x8") + (random.Next(4) == 0 ? "\n" : "");
            var source = prefix + body;
            Assert.Equal(Reference(source), TaskLearning.TaskIdOf(source));
            foreach (var task in tasks.Append(Reference(source) ?? "none"))
            {
                Assert.Equal(Reference(source) == task, TaskLearning.IsOfTask(source, task));
                checkedPairs++;
            }
        }
        Assert.True(checkedPairs >= 140_000);
    }
}
