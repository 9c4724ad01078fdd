using System.Collections.Concurrent;
using KnowledgeOs.Application;
using KnowledgeOs.Embeddings;

namespace KnowledgeOs.Hosting.Embeddings;

/// <summary>
/// Each team's vectors of the configured model, held in memory as a <see cref="CosineIndex"/> and brought up to
/// date before every vector search: a cheap count and newest-seq read tells whether anything changed, then only newer
/// rows are loaded. A count that still disagrees (a row deleted, or on PostgreSQL a lower seq committed after a
/// higher one was read) loads the team's vectors again whole, so the cache never silently misses a row. Its token is the
/// vectors table's own, not the log's head: vectors are written by the embedding worker, which appends no event.
/// Bounded by the vectors held (<paramref name="maxVectors"/>): past it, the teams searched least recently go
/// (<see cref="LeastUsed"/>) and are read again whole when next searched.
/// </summary>
/// <param name="vectors">Where the vectors are stored.</param>
/// <param name="model">The model whose vectors are held.</param>
/// <param name="maxVectors">Vectors held at most, all teams together.</param>
public sealed class VectorCache(ItemVectors vectors, string model, long maxVectors = VectorCache.DefaultMaxVectors)
{
    /// <summary>Vectors held by default: 1.5 GB of 768-dimension vectors, the teams of a large organisation.</summary>
    public const long DefaultMaxVectors = 500_000;

    private readonly ConcurrentDictionary<string, Entry> _teams = new(StringComparer.Ordinal);
    private readonly LeastUsed _uses = new();

    /// <summary>The model whose vectors are held.</summary>
    public string Model => model;

    /// <summary>Vectors held now, all teams together.</summary>
    public long HeldVectors => _teams.Values.Sum(Held);

    /// <summary>The teams whose entries are held now.</summary>
    public IReadOnlyList<string> Teams => [.. _teams.Keys];

    /// <summary>The team's index, up to date with the database; null while the team has no vectors.</summary>
    public async Task<CosineIndex?> IndexAsync(string team, CancellationToken ct)
    {
        var entry = _teams.GetOrAdd(team, _ => new Entry(_uses.Now()));
        _uses.Use(entry.Used);
        await entry.Gate.WaitAsync(ct);
        try
        {
            var (count, maxSeq) = await vectors.StateAsync(team, model, ct);
            if (count == entry.Count && maxSeq == entry.MaxSeq) return entry.Index;
            if (entry.Index is not null && maxSeq >= entry.MaxSeq) Apply(entry, await vectors.ReadAsync(team, model, entry.MaxSeq, ct));
            if ((entry.Index?.Count ?? 0) != count)
            {
                // Something the newer rows do not explain: start again from every row.
                entry.Index = null;
                entry.MaxSeq = 0;
                Apply(entry, await vectors.ReadAsync(team, model, 0, ct));
            }
            entry.Count = count;
            entry.MaxSeq = Math.Max(entry.MaxSeq, maxSeq);
            _uses.TrimWeight(_teams, maxVectors, e => e.Used, Held, entry);
            return entry.Index;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private static void Apply(Entry entry, IReadOnlyList<StoredVector> rows)
    {
        foreach (var row in rows)
        {
            // The first vector fixes the dimension; a vector of another length (a changed model) is not comparable.
            entry.Index ??= new CosineIndex(row.Vector.Length);
            entry.Index.Put(row.Key, row.Vector);
            entry.MaxSeq = Math.Max(entry.MaxSeq, row.Seq);
        }
    }

    private static long Held(Entry entry) => entry.Index?.Count ?? 0;

    private sealed class Entry(LeastUsed.Stamp used)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public LeastUsed.Stamp Used { get; } = used;

        public CosineIndex? Index { get; set; }

        public long Count { get; set; } = -1;

        public long MaxSeq { get; set; }
    }
}
