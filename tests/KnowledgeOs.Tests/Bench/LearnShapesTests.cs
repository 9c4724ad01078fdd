using KnowledgeOs.Bench;
using Xunit;

namespace KnowledgeOs.Tests.Bench;

/// <summary>
/// The learn bench's shapes and its second-half figures (issue 16): one shape can run alone, so a profile of one
/// learner holds no other shape's samples, and the second half of a run is measured apart from the first, where the
/// tiered JIT still compiles.
/// </summary>
public sealed class LearnShapesTests
{
    [Fact]
    public void All_shapes_run_by_default_one_learner_first()
    {
        var shapes = LearnShapes.Select(null, learners: 16);

        Assert.Equal(["one", "disjoint", "team"], shapes.Select(s => s.Key));
        Assert.Equal([1, 16, 16], shapes.Select(s => s.Learners));
        Assert.Equal([300, 300, 5], shapes.Select(s => s.Experts));
    }

    [Fact]
    public void One_shape_can_run_alone()
    {
        var shape = Assert.Single(LearnShapes.Select("one", learners: 16));

        Assert.Equal(("disjoint", 1, 300), (shape.Name, shape.Learners, shape.Experts));
    }

    [Fact]
    public void An_unknown_shape_is_refused_naming_the_option_and_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => LearnShapes.Select("two", learners: 16));

        Assert.Contains("--shape", error.Message, StringComparison.Ordinal);
        Assert.Contains("one, disjoint, team", error.Message, StringComparison.Ordinal);
        Assert.Contains("'two'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_second_half_starts_once_half_of_the_reports_are_done_and_counts_only_them()
    {
        var cpu = TimeSpan.Zero;
        long clock = 0;
        var half = new SecondHalf(reports: 10, () => cpu, () => clock);
        for (var i = 0; i < 5; i++)
        {
            cpu += TimeSpan.FromMilliseconds(9);
            clock += 900;
            half.Completed();
        }
        for (var i = 0; i < 5; i++)
        {
            cpu += TimeSpan.FromMilliseconds(2);
            clock += 100;
            half.Completed();
        }

        var (seconds, cpuMs) = half.Measured(clock, cpu, ticksPerSecond: 1000);

        Assert.Equal(0.5, seconds, 6);
        Assert.Equal(2.0, cpuMs, 6);
    }
}
