using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Storage;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>
/// "Has this source already evidenced the item?" and "does this task already count as a use of it?" are asked for every
/// item a report touches, in decide and in fold. Through a long generated history — a practice confirmed by every task,
/// facts and uses repeated, retractions and items recorded again, amends, withdrawals, manual confirmations — and on a
/// state read back from its stored JSON, the answers must be exactly what a scan of the item's sources and uses gives,
/// and a state folded on from a stored one must equal the state folded all the way.
/// </summary>
public sealed class HistoryLookupTests
{
    private const int Tasks = 240;

    [Fact]
    public void Sources_and_uses_are_found_where_a_scan_finds_them_through_a_long_history_and_after_a_snapshot()
    {
        var (state, halfway, later) = History();
        var fromSnapshot = StoredState.Read(StoredState.Write(state));
        var sources = state.Items.Values.SelectMany(i => i.AllSources).Distinct()
            .Concat(["task:T-99999", "manual:nobody", "", "TASK:T-1"]).ToList();
        var taskIds = Enumerable.Range(0, Tasks + 5).Select(n => $"T-{n}").ToList();

        Assert.Contains(state.Items.Values, i => i.Confirmations.Count > 100);
        Assert.Contains(state.Items.Values, i => i.Uses.Count > 40);
        Assert.Contains(state.Items.Values, i => i.Status == ItemStatus.Retracted);
        foreach (var s in new[] { state, fromSnapshot })
        {
            foreach (var item in s.Items.Values)
            {
                foreach (var source in sources) Assert.Equal(item.AllSources.Contains(source), item.HasSource(source));
                foreach (var taskId in taskIds)
                {
                    var counted = item.Uses.Exists(u => u.TaskId == taskId);
                    var used = Task(taskId, 1) with { UsedItems = [item.Id] };
                    Assert.Equal(counted, ItemUsage.Decide(s, used).Count == 0);
                    var again = ExpertState.Evolve(s, new ItemUsed { ItemId = item.Id, TaskId = taskId, Outcome = Outcome.Success, Source = "task:" + taskId, At = Day(2) });
                    Assert.Equal(counted ? item.Uses.Count : item.Uses.Count + 1, again.Items[item.Id].Uses.Count);
                }
            }
        }
        Assert.Equal(Json(state), Json(Then(StoredState.Read(StoredState.Write(halfway)), later)));
    }

    [Fact]
    public void A_confirmation_from_a_source_already_counted_adds_none_however_long_the_history()
    {
        var (state, _, _) = History();
        var popular = state.Items.Values.OrderByDescending(i => i.Confirmations.Count).First();
        foreach (var source in popular.AllSources.Where((_, n) => n % 7 == 0))
        {
            Assert.Empty(ExpertDecider.Confirm(state, popular.Id, source, Day(3)));
            var after = ExpertState.Evolve(state, new KnowledgeConfirmed { ItemId = popular.Id, Source = source, At = Day(3) });
            Assert.Equal(popular.Confirmations, after.Items[popular.Id].Confirmations);
        }
        Assert.Single(ExpertDecider.Confirm(state, popular.Id, "manual:someone-new", Day(3)));
    }

    // The generated history: the state at the end, the state halfway, and the events after halfway.
    private static (ExpertState State, ExpertState Halfway, List<KnowledgeEvent> Later) History()
    {
        var state = Given(Onboarded());
        ExpertState? halfway = null;
        var later = new List<KnowledgeEvent>();
        void Apply(IEnumerable<KnowledgeEvent> events)
        {
            var list = events.ToList();
            if (halfway is not null) later.AddRange(list);
            state = Then(state, list);
        }
        for (var n = 0; n < Tasks; n++)
        {
            if (n == Tasks / 2) halfway = state;
            var outcome = n % 9 == 0 ? Outcome.Failure : Outcome.Success;
            var report = Report($"T-{n}", n % 30, Participant("dmitriy", outcome, knowledge: [$"Fact {n % 12}", $"Lesson {n}"],
                problems: [new ProblemSolution($"Problem {n % 5}", $"Solution {n % 4}")], practices: ["Code review"]));
            var used = state.Items.Values.OrderBy(i => i.Order).Where((_, k) => k % 3 == n % 3).Take(6).Select(i => i.Id).ToList();
            report = report with { UsedItems = used };
            Apply(TaskLearning.Decide(state, report, report.Participants[0], LearningOptions.Default));
            Apply(ItemUsage.Decide(state, report));
            if (n % 10 == 4)
            {
                var amended = Report($"T-{n}", n % 30, Participant("dmitriy", Outcome.Success, knowledge: [$"Fact {n % 12}", $"Amended {n}"], practices: ["Code review"]));
                Apply(TaskLearning.Amend(state, amended, amended.Participants[0], $"r{n}", LearningOptions.Default));
            }
            if (n % 25 == 7) Apply(TaskLearning.Withdraw(state, Report($"T-{n - 1}", n % 30, Participant("someone-else")), $"w{n}"));
            if (n % 17 == 3 && state.Items.Values.FirstOrDefault(i => i.IsActive && i.Text == $"Fact {n % 12}") is { } fact)
                Apply(ExpertDecider.Retract(state, fact.Id, "outdated", "manual:olga", Day(n % 30)));
            if (n % 13 == 5) Apply(ExpertDecider.Add(state, new AddKnowledge(Sections.SectionKind.Practice, "Code review"), $"manual:reviewer-{n % 3}", Day(n % 30)));
        }
        return (state, halfway!, later);
    }
}
