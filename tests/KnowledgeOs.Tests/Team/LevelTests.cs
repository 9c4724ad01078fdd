using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Metrics;
using KnowledgeOs.Tests.Domain;

namespace KnowledgeOs.Tests.Team;

public class LevelTests
{
    private static ExpertState Decided(ExpertState state, DateTimeOffset now) =>
        Build.Then(state, LevelDecider.Decide(state, "cycle:test", now));

    [Fact]
    public void The_first_decision_records_the_level_and_a_second_decision_records_nothing()
    {
        var state = Build.Given(Build.Onboarded());
        var events = LevelDecider.Decide(state, "cycle:test", Build.Day(1));
        var reached = Assert.IsType<LevelReached>(Assert.Single(events));
        Assert.Equal((1, 0), (reached.Level, reached.Previous));
        Assert.Equal("★☆☆☆☆ — no tasks yet", reached.Reason);
        var after = Build.Then(state, events);
        Assert.Empty(LevelDecider.Decide(after, "cycle:test", Build.Day(2)));
        Assert.Equal(1, after.RecordedLevel);
    }

    [Fact]
    public void Levels_rise_with_successful_tasks_and_fall_when_the_success_rate_drops()
    {
        var state = Decided(Build.Given(Build.Onboarded()), Build.Day(0));
        state = Decided(Build.LearnAll(state, Enumerable.Range(1, 3).Select(i => Build.Task($"S-{i}", i))), Build.Day(10));
        Assert.Equal(2, state.RecordedLevel);
        Assert.Equal("★★☆☆☆ — 3 tasks, 100% successful, 0 problems solved", state.Levels[^1].Reason);
        // The event's time is when the evidence happened (the third task), not when the cycle ran.
        Assert.Equal(Build.Day(3), state.Levels[^1].At);

        state = Decided(Build.LearnAll(state, Enumerable.Range(1, 4).Select(i => Build.Task($"F-{i}", 10 + i, Outcome.Failure))), Build.Day(20));
        Assert.Equal(1, state.RecordedLevel);
        Assert.Equal(2, state.Levels[^1].Previous);
        Assert.Equal("★☆☆☆☆ — 7 tasks, 43% successful, 0 problems solved", state.Levels[^1].Reason);
        Assert.Equal([1, 2, 1], state.Levels.Select(l => l.Level));
    }

    [Fact]
    public void Reaching_level_three_needs_problems_solved_and_known_items_too()
    {
        var tasks = Enumerable.Range(1, 10).Select(i => Build.Task($"S-{i}", i, knowledge: [$"k{i % 5}"],
            problems: i <= 3 ? [new ProblemSolution($"p{i}", "fix")] : null)).ToList();
        var state = Build.LearnAll(Build.Given(Build.Onboarded()), tasks);
        var m = ExpertMetrics.Of(state);
        Assert.Equal(3, m.Level);
        Assert.Contains(new LevelNeed(LevelNeedKind.SuccessfulTasks, 15), ExpertiseLevel.NextLevelNeeds(m));
        var withoutProblems = Build.LearnAll(Build.Given(Build.Onboarded()), tasks.Select(t => t with
        {
            Participants = [t.Participants[0] with { Problems = [] }],
        }));
        Assert.Equal(2, ExpertMetrics.Of(withoutProblems).Level);
    }

    [Fact]
    public void A_level_event_round_trips_through_its_stored_name()
    {
        var e = new LevelReached { Level = 3, Previous = 2, Reason = "★★★☆☆ — 14 tasks, 86% successful, 6 problems solved", Source = "cycle:daily", At = Build.Start };
        Assert.Equal("v1.LevelReached", EventTypes.NameOf(e));
        Assert.Equal(e, EventTypes.Deserialize("v1.LevelReached", EventTypes.Serialize(e)));
    }

    [Fact]
    public void The_level_history_survives_a_state_json_round_trip()
    {
        var state = Decided(Build.Given(Build.Onboarded()), Build.Day(1));
        var json = Build.Json(state);
        var back = System.Text.Json.JsonSerializer.Deserialize<ExpertState>(json, EventTypes.Json)!;
        Assert.Equal(state.Levels, back.Levels);
    }

    [Fact]
    public void The_promotion_review_promotes_learned_items_already_evidenced_by_enough_successful_tasks()
    {
        var state = Build.LearnAll(Build.Given(Build.Onboarded()), [
            Build.Task("T-1", 1, knowledge: ["Лаг Kafka по партициям"]),
            Build.Task("T-2", 2, knowledge: ["Лаг Kafka по партициям"]),
        ], new LearningOptions(PromoteAfterSuccessfulTasks: 3));
        Assert.Single(state.Active(Sections.SectionKind.Learned));
        var events = PromotionReview.Decide(state, new LearningOptions(PromoteAfterSuccessfulTasks: 2), "cycle:test", Build.Day(3));
        var promoted = Assert.IsType<KnowledgePromoted>(Assert.Single(events));
        Assert.Contains("confirmed by 2 successful tasks", promoted.Reason);
        var after = Build.Then(state, events);
        Assert.Empty(PromotionReview.Decide(after, LearningOptions.Default, "cycle:test", Build.Day(4)));
    }
}
