using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>
/// A writer appends the state the decision folded on its way (<see cref="TaskLearning.Learn"/>) instead of folding the
/// events again: through a generated history — new and repeated facts, a practice confirmed by every task, problems,
/// promotions, a task learned twice, amends back and forth, a participant new to an amended task — that state must be
/// exactly the events folded onto the state decided on, and the events exactly what <see cref="TaskLearning.Decide"/> gives.
/// </summary>
public sealed class LearnedStateTests
{
    [Fact]
    public void The_state_a_decision_ends_on_is_its_events_folded_onto_the_state_it_decided_on()
    {
        var state = Given(Onboarded());
        var newcomer = Given(Onboarded("olga", "Ольга"));
        var promoted = 0;
        for (var n = 0; n < 120; n++)
        {
            var outcome = n % 7 == 0 ? Outcome.Failure : Outcome.Success;
            var report = Report($"T-{n % 100}", n % 30, Participant("dmitriy", outcome, knowledge: [$"Fact {n % 12}", $"Lesson {n}"],
                problems: [new ProblemSolution($"Problem {n % 5}", $"Solution {n % 4}")], practices: ["Code review"]));
            state = Checked(state, TaskLearning.Learn(state, report, report.Participants[0], LearningOptions.Default),
                TaskLearning.Decide(state, report, report.Participants[0], LearningOptions.Default));
            if (n % 10 == 4)
            {
                var amended = Report($"T-{n % 100}", n % 30, Participant("dmitriy", Outcome.Success, knowledge: [$"Amended {n % 3}"], practices: ["Code review"]));
                foreach (var revision in new[] { $"r{n}", TaskLearning.OriginalRevision, $"r{n}" })
                    state = Checked(state, TaskLearning.LearnAmended(state, amended, amended.Participants[0], revision, LearningOptions.Default),
                        TaskLearning.Amend(state, amended, amended.Participants[0], revision, LearningOptions.Default));
                newcomer = Checked(newcomer, TaskLearning.LearnAmended(newcomer, amended, amended.Participants[0], $"r{n}", LearningOptions.Default),
                    TaskLearning.Amend(newcomer, amended, amended.Participants[0], $"r{n}", LearningOptions.Default));
            }
            promoted = state.Items.Values.Count(i => i.Section == Sections.SectionKind.Known);
        }
        Assert.True(promoted > 0, "the history promotes some facts");
        Assert.Contains(state.Items.Values, i => i.Status == ItemStatus.Retracted);
    }

    private static ExpertState Checked(ExpertState before, TaskLearning.Learned learned, IReadOnlyList<KnowledgeEvent> decided)
    {
        Assert.Equal(decided.Select(EventTypes.Serialize), learned.Events.Select(EventTypes.Serialize));
        Assert.Equal(Json(Then(before, learned.Events)), Json(learned.State));
        if (learned.Events.Count == 0) Assert.Same(before, learned.State);
        return learned.State;
    }
}
