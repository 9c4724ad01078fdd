using System.Numerics;
using System.Runtime.InteropServices;

namespace KnowledgeOs.Embeddings;

/// <summary>Which item a vector belongs to, within one team.</summary>
/// <param name="Expert">The expert's slug.</param>
/// <param name="ItemId">The item's id.</param>
public readonly record struct VectorKey(string Expert, string ItemId);

/// <summary>A neighbour found by <see cref="CosineIndex.Nearest"/>.</summary>
/// <param name="Key">The item.</param>
/// <param name="Similarity">Cosine similarity to the query, −1 to 1.</param>
public readonly record struct Neighbour(VectorKey Key, float Similarity);

/// <summary>
/// Exact cosine search over one team's vectors of one model, in memory: every vector is compared with the query
/// (brute force, SIMD dot products over unit vectors in one contiguous array). At team scale — thousands to tens of
/// thousands of items — that is milliseconds (docs/BENCHMARKS.md) and, unlike an approximate index, never misses.
/// Safe for concurrent readers; a writer waits for them.
/// </summary>
public sealed class CosineIndex
{
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<VectorKey, int> _slots = [];
    private readonly List<VectorKey> _keys = [];
    private float[] _vectors = [];

    /// <summary>An empty index of vectors with <paramref name="dimension"/> components.</summary>
    public CosineIndex(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Dimension = dimension;
    }

    /// <summary>Components per vector; vectors of another length are refused.</summary>
    public int Dimension { get; }

    /// <summary>Vectors held.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _keys.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Adds or replaces an item's vector (stored normalized); false when its length is not <see cref="Dimension"/> or it is all zeros.</summary>
    public bool Put(VectorKey key, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension) return false;
        var norm = MathF.Sqrt(Dot(vector, vector));
        if (norm == 0 || !float.IsFinite(norm)) return false;
        _lock.EnterWriteLock();
        try
        {
            if (!_slots.TryGetValue(key, out var slot))
            {
                slot = _keys.Count;
                if ((slot + 1) * Dimension > _vectors.Length) Array.Resize(ref _vectors, Math.Max(1024, _vectors.Length * 2));
                _keys.Add(key);
                _slots[key] = slot;
            }
            var target = _vectors.AsSpan(slot * Dimension, Dimension);
            for (var i = 0; i < Dimension; i++) target[i] = vector[i] / norm;
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// The <paramref name="count"/> vectors most similar to <paramref name="query"/>, best first (ties by expert and
    /// item id), at least <paramref name="minSimilarity"/>, and only those <paramref name="where"/> accepts. Empty when
    /// the query has another length or is all zeros.
    /// </summary>
    public IReadOnlyList<Neighbour> Nearest(ReadOnlySpan<float> query, int count, float minSimilarity = -1, Func<VectorKey, bool>? where = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (query.Length != Dimension) return [];
        var norm = MathF.Sqrt(Dot(query, query));
        if (norm == 0 || !float.IsFinite(norm)) return [];
        var unit = new float[Dimension];
        for (var i = 0; i < Dimension; i++) unit[i] = query[i] / norm;
        // A min-heap of the best so far: its root is the one to drop when a better one comes.
        var best = new PriorityQueue<Neighbour, Neighbour>(count + 1, Worse.Instance);
        _lock.EnterReadLock();
        try
        {
            for (var slot = 0; slot < _keys.Count; slot++)
            {
                var similarity = Dot(unit, _vectors.AsSpan(slot * Dimension, Dimension));
                if (similarity < minSimilarity) continue;
                if (best.Count == count && similarity < best.Peek().Similarity) continue;
                var key = _keys[slot];
                if (where is not null && !where(key)) continue;
                var found = new Neighbour(key, similarity);
                if (best.Count < count) best.Enqueue(found, found);
                else best.EnqueueDequeue(found, found);
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
        var result = new Neighbour[best.Count];
        for (var i = result.Length - 1; i >= 0; i--) result[i] = best.Dequeue();
        return result;
    }

    /// <summary>The dot product, with the machine's SIMD width.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            for (var v = 0; v < va.Length && v < vb.Length; v++) sum += va[v] * vb[v];
            i = Math.Min(va.Length, vb.Length) * Vector<float>.Count;
        }
        var total = Vector.Sum(sum);
        for (; i < a.Length && i < b.Length; i++) total += a[i] * b[i];
        return total;
    }

    /// <summary>Orders neighbours worst first (lower similarity, then the later key), for the heap of the best.</summary>
    private sealed class Worse : IComparer<Neighbour>
    {
        public static readonly Worse Instance = new();

        public int Compare(Neighbour x, Neighbour y)
        {
            var bySimilarity = x.Similarity.CompareTo(y.Similarity);
            if (bySimilarity != 0) return bySimilarity;
            var byExpert = string.CompareOrdinal(y.Key.Expert, x.Key.Expert);
            return byExpert != 0 ? byExpert : string.CompareOrdinal(y.Key.ItemId, x.Key.ItemId);
        }
    }
}
