using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Programs;
using KnowledgeOs.Sections;
using KnowledgeOs.Tests.Domain;

namespace KnowledgeOs.Tests.Programs;

public class EvidenceRuleTests
{
    private static ExpertState Expert(params KnowledgeEvent[] more) => Build.Given([Build.Onboarded(), .. more]);

    private static KnowledgeRecorded Item(SectionKind section, string text, string source = "manual:test", params (string, string)[] fields) =>
        (KnowledgeRecorded)ExpertDecider.Add(Expert(), new AddKnowledge(section, text, fields.ToDictionary(f => f.Item1, f => f.Item2)), source, Build.Start)[0];

    private static EvidenceResult Eval(string rule, ExpertState state) => EvidenceRule.Parse(rule).Evaluate(EvidenceContext.Of(state));

    private static ExpertState WithTasks(int successes, int failures = 0, ProblemSolution[]? problems = null)
    {
        var state = Expert();
        var reports = Enumerable.Range(0, successes).Select(i => Build.Task($"S-{i}", i, problems: i == 0 ? problems : null))
            .Concat(Enumerable.Range(0, failures).Select(i => Build.Task($"F-{i}", 100 + i, Outcome.Failure)));
        return Build.LearnAll(state, reports);
    }

    [Fact]
    public void A_book_rule_holds_for_the_title_with_or_without_author_and_names_its_source()
    {
        var state = Expert(Item(SectionKind.Book, "Designing Data-Intensive Applications", "task:ORB-101", ("author", "Martin Kleppmann")));
        var held = Eval("book:designing data-intensive applications", state);
        Assert.True(held.Holds);
        Assert.Contains("task:ORB-101", held.Evidence.En);
        Assert.Contains("Martin Kleppmann", held.Evidence.En);
        var open = Eval("book:Release It!", state);
        Assert.False(open.Holds);
        Assert.Contains("Release It!", open.ToClose.En);
    }

    [Fact]
    public void A_book_rule_does_not_hold_for_a_longer_title_that_only_starts_the_same()
    {
        var state = Expert(Item(SectionKind.Book, "Clean Architecture Patterns"));
        Assert.False(Eval("book:Clean Arch", state).Holds);
        Assert.True(Eval("book:Clean Architecture", state).Holds);
    }

    [Fact]
    public void An_advanced_book_counts_as_a_studied_book()
    {
        Assert.True(Eval("book:Release It!", Expert(Item(SectionKind.AdvancedBook, "Release It!"))).Holds);
    }

    [Fact]
    public void A_practice_rule_holds_when_a_practice_contains_the_text()
    {
        var state = Expert(Item(SectionKind.Practice, "Ревью кода до слияния"));
        Assert.True(Eval("practice:ревью кода", state).Holds);
        Assert.False(Eval("practice:парное программирование", state).Holds);
    }

    [Fact]
    public void A_certification_rule_looks_only_at_certifications()
    {
        Assert.True(Eval("certification:Kubernetes", Expert(Item(SectionKind.Certification, "Kubernetes Administrator (CKA)"))).Holds);
        Assert.False(Eval("certification:Kubernetes", Expert(Item(SectionKind.Known, "Kubernetes Administrator (CKA)"))).Holds);
    }

    [Fact]
    public void Task_counts_hold_at_the_minimum_and_say_how_many_are_missing_below_it()
    {
        var state = WithTasks(successes: 3, failures: 1);
        Assert.True(Eval("tasks:>=4", state).Holds);
        Assert.False(Eval("tasks:>=5", state).Holds);
        Assert.True(Eval("successful_tasks:>=3", state).Holds);
        var open = Eval("successful_tasks:>=10", state);
        Assert.False(open.Holds);
        Assert.Equal("7 more successful tasks", open.ToClose.En);
        Assert.Equal("3 successful tasks (needs ≥ 10)", open.Evidence.En);
    }

    [Fact]
    public void One_task_is_worded_in_the_singular_in_english()
    {
        var state = WithTasks(successes: 1, failures: 0);
        Assert.Equal("1 more successful task", Eval("successful_tasks:>=2", state).ToClose.En);
        Assert.Equal("1 more task (kos learn a task report)", Eval("tasks:>=2", state).ToClose.En);
        Assert.Equal("1 successful task (needs ≥ 2)", Eval("successful_tasks:>=2", state).Evidence.En);
        Assert.Equal("100% of 1 task successful (needs ≥ 50%)", Eval("success_rate:>=50", state).Evidence.En);
    }

    [Fact]
    public void A_success_rate_needs_at_least_one_task()
    {
        Assert.False(Eval("success_rate:>=0", Expert()).Holds);
        var state = WithTasks(successes: 3, failures: 1);
        Assert.True(Eval("success_rate:>=75", state).Holds);
        var open = Eval("success_rate:>=80", state);
        Assert.False(open.Holds);
        Assert.Contains("now 75%", open.ToClose.En);
    }

    [Fact]
    public void Problems_solved_counts_only_problems_with_a_solution()
    {
        var state = WithTasks(1, problems: [new ProblemSolution("Двойные списания", "Уникальный индекс"), new ProblemSolution("Таймауты", "")]);
        Assert.True(Eval("problems_solved:>=1", state).Holds);
        Assert.False(Eval("problems_solved:>=2", state).Holds);
        Assert.Contains("Двойные списания", Eval("problems_solved:>=1", state).Evidence.Ru);
    }

    [Fact]
    public void Known_items_count_promoted_knowledge_and_knowledge_items_count_new_knowledge_too()
    {
        var state = Build.LearnAll(Expert(), [
            Build.Task("T-1", 1, knowledge: ["Ключ идемпотентности в той же транзакции", "Лаг Kafka по партициям"]),
            Build.Task("T-2", 2, knowledge: ["Ключ идемпотентности в той же транзакции"]),
        ]);
        Assert.True(Eval("known_items:>=1", state).Holds);
        Assert.False(Eval("known_items:>=2", state).Holds);
        Assert.True(Eval("knowledge_items:>=2", state).Holds);
        Assert.True(Eval("confirmed_items:>=1", state).Holds);
        Assert.False(Eval("confirmed_items:>=2", state).Holds);
    }

    [Fact]
    public void A_level_rule_compares_the_computed_level()
    {
        var state = WithTasks(successes: 3);
        Assert.True(Eval("level:>=2", state).Holds);
        Assert.False(Eval("level:>=3", state).Holds);
    }

    [Fact]
    public void A_section_rule_counts_active_items_of_that_section()
    {
        var state = Expert(Item(SectionKind.Mentorship, "Менторство: async Python"), Item(SectionKind.Publication, "Статья о stateless"));
        Assert.True(Eval("section:mentorship:>=1", state).Holds);
        Assert.False(Eval("section:mentorship:>=2", state).Holds);
        Assert.True(Eval("section:publication:>=1", state).Holds);
        var retracted = Build.Then(state, ExpertDecider.Retract(state, state.Active(SectionKind.Mentorship).Single().Id, "выдумано", "manual:test", Build.Day(1)));
        Assert.False(Eval("section:mentorship:>=1", retracted).Holds);
    }

    [Fact]
    public void An_imported_achievement_is_a_claim_until_a_task_or_a_person_confirms_it()
    {
        var mentoring = Item(SectionKind.Mentorship, "Менторство: async Python", "import:igor_knowledge.md");
        var cert = Item(SectionKind.Certification, "Kubernetes Administrator (CKA)", "import:igor_knowledge.md");
        var book = Item(SectionKind.Book, "Fluent Python", "import:igor_knowledge.md");
        var state = Expert(mentoring, cert, book);
        var open = Eval("section:mentorship:>=1", state);
        Assert.False(open.Holds);
        Assert.Contains("1 more only imported — a claim until a task or a person confirms it", open.Evidence.En);
        var certOpen = Eval("certification:Kubernetes", state);
        Assert.False(certOpen.Holds);
        Assert.Contains("only imported (import:igor_knowledge.md)", certOpen.Evidence.En);
        // Materials count as written: the reading list is what the old document knew.
        Assert.True(Eval("book:Fluent Python", state).Holds);

        var confirmed = Build.Then(state, ExpertDecider.Confirm(state, mentoring.ItemId, "manual:lead", Build.Day(1)));
        confirmed = Build.Then(confirmed, ExpertDecider.Confirm(confirmed, cert.ItemId, "retro:R-1", Build.Day(1)));
        Assert.True(Eval("section:mentorship:>=1", confirmed).Holds);
        Assert.True(Eval("certification:Kubernetes", confirmed).Holds);
    }

    [Fact]
    public void Rules_joined_with_and_hold_only_when_every_part_holds_and_list_only_the_open_parts_to_close()
    {
        var state = WithTasks(successes: 3, failures: 1);
        Assert.True(Eval("successful_tasks:>=3 & success_rate:>=70", state).Holds);
        var open = Eval("successful_tasks:>=3 & success_rate:>=80", state);
        Assert.False(open.Holds);
        Assert.DoesNotContain("successful tasks", open.ToClose.En);
        Assert.Contains("success rate", open.ToClose.En);
    }

    [Theory]
    [InlineData("succesful_tasks:>=1", "unknown evidence rule")]
    [InlineData("magic", "unknown evidence rule")]
    [InlineData("tasks:5", "'>=N'")]
    [InlineData("tasks:>=-1", "'>=N'")]
    [InlineData("success_rate:>=150", "at most 100")]
    [InlineData("level:>=6", "1 to 5")]
    [InlineData("section:wisdom:>=1", "unknown section 'wisdom'")]
    [InlineData("book:", "needs a text")]
    [InlineData("tasks:>=1 & ", "empty part")]
    public void A_malformed_rule_is_refused_with_the_reason(string rule, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => EvidenceRule.Parse(rule));
        Assert.Contains(expected, ex.Message);
    }
}
