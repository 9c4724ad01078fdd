using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Metrics;
using KnowledgeOs.Sections;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>Metrics and the expertise level come from recorded evidence only.</summary>
public sealed class ExpertMetricsTests
{
    [Fact]
    public void A_new_expert_has_no_tasks_and_level_one()
    {
        var m = ExpertMetrics.Of(Given(Onboarded()));

        Assert.Equal((0, 0, 0, 1), (m.TasksCompleted, m.Successful, m.ErrorsFixed, m.Level));
        Assert.Null(m.SuccessRate);
        Assert.Equal("★☆☆☆☆ — no tasks yet", m.LevelReason);
    }

    [Fact]
    public void Numbers_are_counted_from_tasks_and_active_items()
    {
        var state = LearnAll(Given(Onboarded()),
        [
            Report("ORB-1", 1, Participant("dmitriy", knowledge: ["A", "B"], problems: [new("P1", "S1"), new("P2", "")], errors: 3)),
            Report("ORB-2", 2, Participant("dmitriy", Outcome.Failure, knowledge: ["A"], errors: 1)),
            Report("ORB-3", 3, Participant("dmitriy", knowledge: ["A", "C"], problems: [new("P2", "S2")], errors: 2)),
        ]);
        state = Then(state, ExpertDecider.Add(state, new AddKnowledge(SectionKind.Publication, "Статья про идемпотентность"), "manual:x", Day(4)));
        state = Then(state, ExpertDecider.Add(state, new AddKnowledge(SectionKind.Mentorship, "Наставник Юлии"), "manual:x", Day(4)));
        state = Then(state, ExpertDecider.Add(state, new AddKnowledge(SectionKind.Research, "Сравнение очередей"), "manual:x", Day(4)));
        var c = state.Items.Values.Single(i => i.Text == "C");
        state = Then(state, ExpertDecider.Retract(state, c.Id, "ошибка", "manual:x", Day(5)));

        var m = ExpertMetrics.Of(state);

        Assert.Equal((3, 2, 67, 6), (m.TasksCompleted, m.Successful, m.SuccessRate, m.ErrorsFixed));
        Assert.Equal(2, m.KnowledgeGained);     // A (known) and B; C is retracted
        Assert.Equal(1, m.KnowledgeConfirmed);  // A, promoted by ORB-1 and ORB-3
        Assert.Equal(2, m.ProblemsSolved);      // P2 got its solution later
        Assert.Equal((1, 1, 1), (m.Publications, m.Mentees, m.Innovations));
        Assert.Equal(1, m.Level);               // level 2 needs 3 successful tasks
        Assert.Equal("★☆☆☆☆ — 3 tasks, 67% successful, 2 problems solved", m.LevelReason);
    }

    [Fact]
    public void The_reason_line_has_the_documented_format()
    {
        Assert.Equal("★★★☆☆ — 14 tasks, 86% successful, 6 problems solved", ExpertiseLevel.Compute(14, 12, 6, 5, 0, 0).Reason);
    }

    [Theory]
    // tasks, successful, problems, known, publications, mentees → level
    [InlineData(0, 0, 0, 0, 0, 0, 1)]
    [InlineData(2, 2, 0, 0, 0, 0, 1)]     // too few successes for 2
    [InlineData(3, 3, 0, 0, 0, 0, 2)]
    [InlineData(6, 3, 0, 0, 0, 0, 2)]     // exactly 50%
    [InlineData(7, 3, 0, 0, 0, 0, 1)]     // 43%
    [InlineData(10, 10, 3, 5, 0, 0, 3)]
    [InlineData(10, 10, 2, 5, 0, 0, 2)]   // one problem short of 3
    [InlineData(10, 10, 3, 4, 0, 0, 2)]   // one known item short of 3
    [InlineData(14, 10, 3, 5, 0, 0, 3)]   // 71%
    [InlineData(15, 10, 3, 5, 0, 0, 2)]   // 67% < 70%
    [InlineData(25, 25, 10, 15, 1, 0, 4)]
    [InlineData(25, 25, 10, 15, 0, 1, 4)] // mentorship counts like a publication
    [InlineData(25, 25, 10, 15, 0, 0, 3)] // nothing shared yet
    [InlineData(50, 50, 20, 30, 2, 1, 5)]
    [InlineData(59, 50, 20, 30, 3, 0, 5)] // 85%
    [InlineData(60, 50, 20, 30, 3, 0, 4)] // 83% < 85%
    [InlineData(500, 500, 19, 300, 10, 10, 4)]
    public void The_level_is_the_highest_row_whose_every_threshold_holds(int tasks, int successful, int problems, int known, int publications, int mentees, int level)
    {
        var (computed, reason) = ExpertiseLevel.Compute(tasks, successful, problems, known, publications, mentees);

        Assert.Equal(level, computed);
        Assert.StartsWith(ExpertiseLevel.Stars(level) + " — ", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "★☆☆☆☆")]
    [InlineData(3, "★★★☆☆")]
    [InlineData(5, "★★★★★")]
    public void Stars_are_filled_up_to_the_level(int level, string stars) => Assert.Equal(stars, ExpertiseLevel.Stars(level));

    [Fact]
    public void Claimed_numbers_from_an_import_never_enter_the_metrics()
    {
        var state = Given(Onboarded(), new MetricClaimImported { Label = "Всего задач выполнено", Value = "100+", Source = "import:x.md", At = Day(0) });

        var m = ExpertMetrics.Of(state);

        Assert.Equal((0, 1), (m.TasksCompleted, m.Level));
        Assert.Single(state.Claims);
    }
}
