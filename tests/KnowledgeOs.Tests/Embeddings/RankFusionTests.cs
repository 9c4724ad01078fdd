using KnowledgeOs.Embeddings;

namespace KnowledgeOs.Tests.Embeddings;

/// <summary>Reciprocal rank fusion, the one place lexical and vector hits become one ranking.</summary>
public sealed class RankFusionTests
{
    [Fact]
    public void An_entry_in_both_lists_ranks_above_entries_in_one()
    {
        var fused = RankFusion.Fuse<string, string>([["a", "b", "c"], ["x", "c"]], s => s);

        Assert.Equal(["c", "a", "x", "b"], fused.Select(f => f.Item));
        Assert.Equal([3, 2], fused[0].Ranks);
        Assert.Equal(1.0 / 63 + 1.0 / 62, fused[0].Score, 12);
    }

    [Fact]
    public void Equal_scores_keep_the_order_of_the_first_list_that_has_them()
    {
        var fused = RankFusion.Fuse<string, string>([["a", "b"], ["y", "x"]], s => s);

        Assert.Equal(["a", "y", "b", "x"], fused.Select(f => f.Item));
        Assert.Equal([0, 1], fused[1].Ranks);
    }

    [Fact]
    public void A_repeat_within_a_list_counts_once_and_the_first_lists_entry_is_kept()
    {
        var fused = RankFusion.Fuse<(string Id, string From), string>([[("a", "words"), ("a", "words")], [("a", "vectors")]], e => e.Id);

        var only = Assert.Single(fused);
        Assert.Equal("words", only.Item.From);
        Assert.Equal(2.0 / 61, only.Score, 12);
    }

    [Fact]
    public void Empty_lists_fuse_to_nothing_and_k_must_be_positive()
    {
        Assert.Empty(RankFusion.Fuse<string, string>([[], []], s => s));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankFusion.Fuse<string, string>([["a"]], s => s, k: 0));
    }
}
