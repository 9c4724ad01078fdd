using KnowledgeOs.Storage;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// When a commit writes the state snapshot: every 64 events for a small expert, less often the more the expert holds
/// (issue 16: a whole state serialized every 64 events made a commit's cost grow with the expert's history).
/// </summary>
public sealed class SnapshotPolicyTests
{
    [Fact]
    public void A_small_state_is_snapshotted_every_64_events_and_a_new_stream_always()
    {
        var small = Domain.OnboardWithItems("t", "igor", 10).NewState;

        Assert.Equal(SnapshotPolicy.Interval, SnapshotPolicy.IntervalFor(small));
        Assert.True(SnapshotPolicy.Due(0, 11, small));
        Assert.True(SnapshotPolicy.Due(63, 65, small));
        Assert.False(SnapshotPolicy.Due(65, 127, small));
    }

    [Fact]
    public void The_interval_is_a_power_of_two_times_64_not_above_what_the_state_holds()
    {
        var large = Domain.OnboardWithItems("t", "igor", 300).NewState;

        Assert.Equal(256, SnapshotPolicy.IntervalFor(large));
        Assert.False(SnapshotPolicy.Due(383, 385, large)); // the old policy wrote the whole state here
        Assert.True(SnapshotPolicy.Due(511, 513, large));
        Assert.True(SnapshotPolicy.Due(0, 301, large));
    }
}
