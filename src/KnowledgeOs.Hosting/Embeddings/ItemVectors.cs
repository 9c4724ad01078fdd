using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using KnowledgeOs.Embeddings;
using KnowledgeOs.Experts;
using KnowledgeOs.Hosting;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Hosting.Embeddings;

/// <summary>An active item that has no vector of a model yet.</summary>
/// <param name="Team">Team.</param>
/// <param name="Expert">Expert slug.</param>
/// <param name="ItemId">Item id.</param>
/// <param name="Text">The text to embed.</param>
public sealed record PendingItem(string Team, string Expert, string ItemId, string Text);

/// <summary>An item's vector as stored.</summary>
/// <param name="Seq">The row's position: it only grows, so a cache asks for what is newer than it holds.</param>
/// <param name="Key">The item.</param>
/// <param name="Vector">The components.</param>
public sealed record StoredVector(long Seq, VectorKey Key, float[] Vector);

/// <summary>
/// The <c>item_vectors</c> table (migration 6 on SQLite, 5 on PostgreSQL) and the reads the vector side needs from
/// <c>items</c>, in the store's own database through <see cref="ServerDatabase"/>: one SQL text for both databases,
/// the vector a float32 BLOB/bytea either way.
/// </summary>
public sealed class ItemVectors(ServerDatabase database, TimeProvider time)
{
    /// <summary>Items longer than this are embedded by their beginning: endpoints refuse inputs past their context.</summary>
    public const int MaxTextLength = 8000;

    /// <summary>Active items of any team that have no vector of <paramref name="model"/>, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<PendingItem>> PendingAsync(string model, int limit, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<PendingItem>>(async db =>
        {
            await using var select = ServerDatabase.Command(db, PendingSql + " LIMIT @limit", ("model", model), ("limit", limit));
            await using var reader = await select.ExecuteReaderAsync(ct);
            var pending = new List<PendingItem>();
            while (await reader.ReadAsync(ct))
            {
                var text = reader.GetString(3);
                pending.Add(new PendingItem(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                    text.Length > MaxTextLength ? text[..MaxTextLength] : text));
            }
            return pending;
        }, ct);

    /// <summary>How many active items have no vector of <paramref name="model"/> (for a progress bar).</summary>
    public Task<long> CountPendingAsync(string model, CancellationToken ct) =>
        ReadAsync(async db =>
        {
            await using var count = ServerDatabase.Command(db, $"SELECT count(*) FROM ({PendingSql}) p", ("model", model));
            return Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }, ct);

    /// <summary>Stores vectors of <paramref name="model"/>, replacing an item's earlier one; in one transaction.</summary>
    public Task SaveAsync(string model, IReadOnlyList<(PendingItem Item, ReadOnlyMemory<float> Vector)> vectors, CancellationToken ct) =>
        ReadAsync(async db =>
        {
            var at = time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
            await using var tx = await db.BeginTransactionAsync(ct);
            foreach (var (item, vector) in vectors)
            {
                // Delete then insert rather than update: the row gets a new seq, so every cache sees the change.
                await using var write = ServerDatabase.Command(db, """
                    DELETE FROM item_vectors WHERE team = @team AND expert = @expert AND item_id = @item AND model = @model;
                    INSERT INTO item_vectors (team, expert, item_id, model, dimension, vector, embedded_at)
                    VALUES (@team, @expert, @item, @model, @dimension, @vector, @at);
                    """, ("team", item.Team), ("expert", item.Expert), ("item", item.ItemId), ("model", model),
                    ("dimension", vector.Length), ("vector", Bytes(vector.Span)), ("at", at));
                write.Transaction = tx;
                await write.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            return 0;
        }, ct);

    /// <summary>Deletes every vector of <paramref name="model"/> (to embed everything again); the number deleted.</summary>
    public Task<int> DeleteAsync(string model, CancellationToken ct) =>
        ReadAsync(async db =>
        {
            await using var delete = ServerDatabase.Command(db, "DELETE FROM item_vectors WHERE model = @model", ("model", model));
            return await delete.ExecuteNonQueryAsync(ct);
        }, ct);

    /// <summary>How many vectors a team has of a model, and the newest row's seq: what a cache compares itself with.</summary>
    public Task<(long Count, long MaxSeq)> StateAsync(string team, string model, CancellationToken ct) =>
        ReadAsync(async db =>
        {
            await using var select = ServerDatabase.Command(db,
                "SELECT count(*), coalesce(max(seq), 0) FROM item_vectors WHERE team = @team AND model = @model", ("team", team), ("model", model));
            await using var reader = await select.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return (reader.GetInt64(0), reader.GetInt64(1));
        }, ct);

    /// <summary>A team's vectors of a model newer than <paramref name="afterSeq"/>, oldest first.</summary>
    public Task<IReadOnlyList<StoredVector>> ReadAsync(string team, string model, long afterSeq, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<StoredVector>>(async db =>
        {
            await using var select = ServerDatabase.Command(db, """
                SELECT seq, expert, item_id, vector FROM item_vectors
                WHERE team = @team AND model = @model AND seq > @after ORDER BY seq
                """, ("team", team), ("model", model), ("after", afterSeq));
            await using var reader = await select.ExecuteReaderAsync(ct);
            var rows = new List<StoredVector>();
            while (await reader.ReadAsync(ct))
                rows.Add(new StoredVector(reader.GetInt64(0), new VectorKey(reader.GetString(1), reader.GetString(2)), Floats((byte[])reader[3])));
            return rows;
        }, ct);

    /// <summary>
    /// The items among <paramref name="neighbours"/> that the query's filters keep (team, status, experts, sections),
    /// as hits in the neighbours' order, scored by similarity.
    /// </summary>
    public Task<IReadOnlyList<SearchHit>> HitsAsync(SearchQuery query, IReadOnlyList<Neighbour> neighbours, CancellationToken ct)
    {
        if (neighbours.Count == 0) return Task.FromResult<IReadOnlyList<SearchHit>>([]);
        var sql = new StringBuilder("SELECT expert, item_id, section, text, status, confirmations FROM items WHERE team = @team");
        var parameters = new List<(string, object?)> { ("team", query.Team) };
        if (!query.IncludeRetracted) sql.Append(" AND status = 'active'");
        In(sql, parameters, "item_id", "i", [.. neighbours.Select(n => n.Key.ItemId).Distinct(StringComparer.Ordinal)]);
        In(sql, parameters, "expert", "e", [.. (query.Experts ?? []).Distinct(StringComparer.Ordinal)]);
        In(sql, parameters, "section", "s", [.. (query.Sections ?? []).Distinct().Select(s => s.Code())]);
        return ReadAsync<IReadOnlyList<SearchHit>>(async db =>
        {
            await using var select = ServerDatabase.Command(db, sql.ToString(), [.. parameters]);
            await using var reader = await select.ExecuteReaderAsync(ct);
            var rows = new Dictionary<VectorKey, SearchHit>();
            while (await reader.ReadAsync(ct))
            {
                SectionCatalog.TryParse(reader.GetString(2), out var section);
                var key = new VectorKey(reader.GetString(0), reader.GetString(1));
                rows[key] = new SearchHit(query.Team, key.Expert, key.ItemId, section, reader.GetString(3), ItemStatuses.FromStored(reader.GetString(4)),
                    Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture), 0);
            }
            return [.. neighbours.Where(n => rows.ContainsKey(n.Key)).Select(n => rows[n.Key] with { Score = n.Similarity })];
        }, ct);
    }

    /// <summary>Little-endian float32 bytes, the stored form.</summary>
    public static byte[] Bytes(ReadOnlySpan<float> vector) => MemoryMarshal.AsBytes(vector).ToArray();

    /// <summary>The components of stored bytes.</summary>
    public static float[] Floats(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    // Retracted items are never embedded: search leaves them out unless asked, and then the lexical side has them.
    private const string PendingSql = """
        SELECT i.team, i.expert, i.item_id, i.text FROM items i
        WHERE i.status = 'active' AND NOT EXISTS (
            SELECT 1 FROM item_vectors v WHERE v.team = i.team AND v.expert = i.expert AND v.item_id = i.item_id AND v.model = @model)
        """;

    private static void In(StringBuilder sql, List<(string, object?)> parameters, string column, string prefix, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return;
        sql.Append(" AND ").Append(column).Append(" IN (");
        for (var i = 0; i < values.Count; i++)
        {
            var name = prefix + i.ToString(CultureInfo.InvariantCulture);
            if (i > 0) sql.Append(", ");
            sql.Append('@').Append(name);
            parameters.Add((name, values[i]));
        }
        sql.Append(')');
    }

    private async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        try
        {
            return await work(db);
        }
        catch (DbException ex)
        {
            throw new StorageException($"Vectors in {database.Where}: {ex.Message}", ex);
        }
    }
}
