using KnowledgeOs.Embeddings;

namespace KnowledgeOs.Tests.Embeddings;

/// <summary>Exact cosine search in memory.</summary>
public sealed class CosineIndexTests
{
    [Fact]
    public void The_nearest_vectors_come_best_first_whatever_their_length()
    {
        var index = new CosineIndex(3);
        index.Put(new VectorKey("a", "x"), [1, 0, 0]);
        index.Put(new VectorKey("a", "y"), [10, 10, 0]);
        index.Put(new VectorKey("b", "z"), [0, 0, 5]);

        var nearest = index.Nearest([2, 1, 0], 2);

        Assert.Equal([new VectorKey("a", "y"), new VectorKey("a", "x")], nearest.Select(n => n.Key));
        Assert.Equal(3 / MathF.Sqrt(10), nearest[0].Similarity, 5);
    }

    [Fact]
    public void A_replaced_vector_is_searched_by_its_new_value_and_counted_once()
    {
        var index = new CosineIndex(2);
        index.Put(new VectorKey("a", "x"), [1, 0]);
        index.Put(new VectorKey("a", "x"), [0, 1]);

        Assert.Equal(1, index.Count);
        Assert.Equal(1, Assert.Single(index.Nearest([0, 3], 5)).Similarity, 5);
    }

    [Fact]
    public void The_minimum_similarity_and_the_filter_leave_out_what_they_should()
    {
        var index = new CosineIndex(2);
        index.Put(new VectorKey("a", "near"), [1, 0.1f]);
        index.Put(new VectorKey("b", "near"), [1, 0.2f]);
        index.Put(new VectorKey("a", "far"), [0, 1]);

        Assert.Equal([new VectorKey("a", "near")], index.Nearest([1, 0], 10, minSimilarity: 0.5f, where: k => k.Expert == "a").Select(n => n.Key));
    }

    [Fact]
    public void Vectors_of_another_length_or_all_zeros_are_refused()
    {
        var index = new CosineIndex(2);

        Assert.False(index.Put(new VectorKey("a", "x"), [1, 0, 0]));
        Assert.False(index.Put(new VectorKey("a", "y"), [0, 0]));
        Assert.Empty(index.Nearest([1, 0, 0], 3));
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public void Many_vectors_give_exactly_the_top_of_a_full_sort()
    {
        var random = new Random(7);
        var index = new CosineIndex(37);
        var vectors = Enumerable.Range(0, 500).Select(_ => Enumerable.Range(0, 37).Select(_ => (float)random.NextDouble() - 0.5f).ToArray()).ToList();
        for (var i = 0; i < vectors.Count; i++) index.Put(new VectorKey("e", i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)), vectors[i]);
        var query = vectors[0].Select(v => v + 0.1f).ToArray();

        var expected = vectors.Select((v, i) => (Id: i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
                Cos: CosineIndex.Dot(v, query) / MathF.Sqrt(CosineIndex.Dot(v, v) * CosineIndex.Dot(query, query))))
            .OrderByDescending(x => x.Cos).Take(10).Select(x => x.Id);

        Assert.Equal(expected, index.Nearest(query, 10).Select(n => n.Key.ItemId));
    }
}
