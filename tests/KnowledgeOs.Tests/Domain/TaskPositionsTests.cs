using System.Collections.Immutable;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>
/// <see cref="ExpertState.Task"/> looks a task up by its position instead of scanning every task; through learning,
/// amends, withdrawals and a task learned again it must find exactly what a scan finds, and a list the fold did not make
/// (a state read from a snapshot) must be answered the same.
/// </summary>
public sealed class TaskPositionsTests
{
    [Fact]
    public void A_task_is_found_where_a_scan_finds_it_through_amends_withdrawals_and_relearning()
    {
        var state = Given(Onboarded());
        for (var n = 0; n < 300; n++)
        {
            var report = Task($"T-{n}", n % 20, n % 7 == 0 ? Outcome.Failure : Outcome.Success, knowledge: [$"Fact {n % 40}"]);
            state = Then(state, TaskLearning.Decide(state, report, report.Participants[0], LearningOptions.Default));
            if (n % 10 == 3)
            {
                var amended = Task($"T-{n}", n % 20 + 1, Outcome.Success, knowledge: [$"Fact {n % 40}", $"Amended {n}"]);
                state = Then(state, TaskLearning.Amend(state, amended, amended.Participants[0], $"r{n}", LearningOptions.Default));
            }
            if (n % 25 == 5)
            {
                var gone = Report($"T-{n - 1}", n % 20, Participant("someone-else"));
                state = Then(state, TaskLearning.Withdraw(state, gone, $"w{n}"));
            }
            if (n % 50 == 9)
            {
                var again = Task($"T-{n - 5}", n % 20);
                state = Then(state, TaskLearning.Decide(state, again, again.Participants[0], LearningOptions.Default));
            }
        }

        var ids = Enumerable.Range(0, 310).Select(n => $"T-{n}").Append("missing").Append("").ToList();
        var fromSnapshot = state with { Tasks = ImmutableList.CreateRange(state.Tasks) };
        Assert.Contains(ids.Take(300), id => state.Task(id) is null); // withdrawn ones
        foreach (var id in ids)
        {
            var scanned = state.Tasks.Find(t => t.TaskId == id);
            Assert.Same(scanned, state.Task(id));
            Assert.Same(fromSnapshot.Tasks.Find(t => t.TaskId == id), fromSnapshot.Task(id));
        }
        Assert.Contains(state.Tasks, t => t.Revision is not null);
    }
}
