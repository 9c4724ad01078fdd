using KnowledgeOs.Application;
using KnowledgeOs.Storage;
using Appends = KnowledgeOs.Tests.Storage.Domain;

namespace KnowledgeOs.Tests.Application;

/// <summary>The state cache's bound: a full cache lets go of the states used least recently, as the memo type does, not of everything.</summary>
public sealed class StateCacheBoundTests
{
    private const int Capacity = 8;

    [Fact]
    public void A_full_state_cache_keeps_the_states_in_use_instead_of_starting_again_empty()
    {
        var cache = new StateCache(Capacity);
        var popular = new StreamId("demo", "expert-0");
        // Fill the cache to its bound, reading the first expert's state all along (a popular expert).
        for (var n = 0; n < Capacity; n++)
        {
            cache.Remember(new StreamId("demo", $"expert-{n}"), Snapshot("demo", $"expert-{n}"));
            Assert.NotNull(cache.Readable(popular));
        }

        cache.Remember(new StreamId("demo", "one-more"), Snapshot("demo", "one-more"));

        Assert.True(cache.Readable(popular) is not null, "the most read state was let go: a full state cache started again empty");
        Assert.NotNull(cache.Readable(new StreamId("demo", "one-more")));
        Assert.InRange(cache.Count, Capacity / 2, Capacity);
    }

    [Fact]
    public void A_team_whose_experts_were_let_go_is_no_longer_listed_from_the_cache_and_other_teams_still_are()
    {
        var cache = new StateCache(Capacity);
        var epoch = cache.Epoch;
        cache.RememberRead(new StreamId("kept", "a"), Snapshot("kept", "a"), epoch);
        cache.RememberTeam("kept", ["a"], epoch);
        for (var n = 0; n < Capacity - 1; n++)
            cache.RememberRead(new StreamId("cold", $"e{n}"), Snapshot("cold", $"e{n}"), cache.Epoch);
        cache.RememberTeam("cold", [.. Enumerable.Range(0, Capacity - 1).Select(n => $"e{n}")], cache.Epoch);
        Assert.NotNull(cache.Readable(new StreamId("kept", "a")));

        cache.Remember(new StreamId("new", "x"), Snapshot("new", "x"));

        Assert.Null(cache.TeamSlugs("cold"));
        Assert.True(cache.TeamSlugs("kept") is not null, "a team none of whose states was let go lost its listing: a full state cache started again empty");
    }

    private static Snapshot Snapshot(string team, string slug) => new(Appends.Onboard(team, slug).NewState, 1);
}
