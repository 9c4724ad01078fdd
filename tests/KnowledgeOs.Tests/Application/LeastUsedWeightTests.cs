using System.Collections.Concurrent;
using KnowledgeOs.Application;

namespace KnowledgeOs.Tests.Application;

/// <summary>
/// The caches' one eviction by weight (<see cref="LeastUsed.TrimWeight"/>), in its two forms: entries removed (the
/// vectors), or kept and released of what they weigh (the search index's teams, which keep when they may load again).
/// </summary>
public sealed class LeastUsedWeightTests
{
    private sealed class Team(LeastUsed.Stamp used, long items)
    {
        public LeastUsed.Stamp Used { get; } = used;

        public long Items { get; set; } = items;

        public bool Released { get; set; }
    }

    [Fact]
    public void Released_entries_stay_the_least_recently_used_go_first_the_one_just_filled_last_and_weightless_ones_are_passed_over()
    {
        var uses = new LeastUsed();
        var teams = new ConcurrentDictionary<string, Team>(StringComparer.Ordinal);
        // Made in this order: "empty" (nothing loaded) is the oldest, then a, b, c; a is searched again, so b is the least used.
        foreach (var (name, items) in new[] { ("empty", 0L), ("a", 40L), ("b", 40L), ("c", 40L) }) teams[name] = new Team(uses.Now(), items);
        uses.Use(teams["a"].Used);

        // 120 items held, 80 allowed, c just filled: b goes (not empty, which holds nothing; not a, used since; not c).
        uses.TrimWeight(teams, 80, t => t.Used, t => t.Items, teams["c"], t => (t.Items, t.Released) = (0, true));
        Assert.Equal(["b"], teams.Where(t => t.Value.Released).Select(t => t.Key));
        Assert.Equal(4, teams.Count);

        // Alone too heavy, the one just filled goes as well, last.
        uses.TrimWeight(teams, 30, t => t.Used, t => t.Items, teams["c"], t => (t.Items, t.Released) = (0, true));
        Assert.Equal(["a", "b", "c"], teams.Where(t => t.Value.Released).Select(t => t.Key).Order(StringComparer.Ordinal));
        Assert.False(teams["empty"].Released);

        // Without a release the entries are removed, as the vectors' are.
        var vectors = new ConcurrentDictionary<string, Team>(StringComparer.Ordinal) { ["x"] = new Team(uses.Now(), 10), ["y"] = new Team(uses.Now(), 10) };
        uses.TrimWeight(vectors, 10, t => t.Used, t => t.Items, vectors["y"]);
        Assert.Equal(["y"], vectors.Keys);
    }
}
