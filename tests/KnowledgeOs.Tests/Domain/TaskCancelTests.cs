using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>Cancelling a started task: the decider writes a <see cref="TaskCancelled"/> only for a task open for the expert; the fold closes it.</summary>
public sealed class TaskCancelTests
{
    private static ExpertState Started() => Then(Given(Onboarded()), [
        new TaskStarted { TaskId = "A", Title = "Wrong expert", Source = "task:A", At = Day(1) },
        new TaskStarted { TaskId = "B", Source = "task:B", At = Day(2) },
    ]);

    [Fact]
    public void Cancelling_an_open_task_closes_it_and_keeps_the_others_with_their_start_time()
    {
        var events = TaskCancels.Decide(Started(), "A", "started for the wrong expert", "task:A", Day(3));
        var after = Then(Started(), events);

        var cancelled = Assert.IsType<TaskCancelled>(Assert.Single(events));
        Assert.Equal(("A", "started for the wrong expert", Day(3)), (cancelled.TaskId, cancelled.Reason, cancelled.At));
        Assert.Equal([("B", Day(2))], after.OpenTasks.Select(o => (o.TaskId, o.At)));
    }

    [Fact]
    public void Cancelling_a_task_not_open_decides_nothing_and_a_stray_cancel_in_a_log_changes_nothing()
    {
        var after = Then(Started(), TaskCancels.Decide(Started(), "A", null, "task:A", Day(3)));

        Assert.Empty(TaskCancels.Decide(after, "A", null, "task:A", Day(4)));
        Assert.Empty(TaskCancels.Decide(after, "never-started", null, "task:never-started", Day(4)));
        var replayed = Then(after, [new TaskCancelled { TaskId = "A", Source = "task:A", At = Day(4) }]);
        Assert.Equal(["B"], replayed.OpenTasks.Select(o => o.TaskId));
    }

    [Fact]
    public void A_cancelled_task_can_be_started_again_and_its_report_is_learned_as_usual()
    {
        var after = Then(Started(), TaskCancels.Decide(Started(), "A", null, "task:A", Day(3)));

        var restarted = Then(after, TaskStarts.Decide(after, "A", "Right expert", "task:A", Day(5)));

        Assert.Equal([("B", Day(2)), ("A", Day(5))], restarted.OpenTasks.Select(o => (o.TaskId, o.At)));
    }
}
