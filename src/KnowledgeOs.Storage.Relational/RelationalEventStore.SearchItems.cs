using System.Data.Common;
using System.Runtime.CompilerServices;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval.Cache;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Storage.Relational;

/// <summary>The item rows as the search index holds them, one SQL text for every database (read-only).</summary>
public abstract partial class RelationalEventStore<TConnection> : ISearchItemSource
{
    // Ids per read by keys: well under every database's parameter limit.
    private const int IdsPerRead = 500;

    private const string SearchItemColumns = "SELECT expert, item_id, section, text, status, confirmations, terms FROM items WHERE team = @team";

    /// <inheritdoc/>
    public async IAsyncEnumerable<SearchItemRow> ReadSearchItemsAsync(string team, string? expert, [EnumeratorCancellation] CancellationToken ct)
    {
        ThrowIfDisposed();
        const string Columns = SearchItemColumns;
        var (sql, parameters) = expert is null
            ? ($"{Columns} ORDER BY expert, item_id", new (string, object?)[] { ("team", team) })
            : ($"{Columns} AND expert = @expert ORDER BY item_id", [("team", team), ("expert", expert)]);
        await using var db = await OpenReadAsync(ct);
        await foreach (var row in DbRows.ReadAsync(db, null, sql, parameters, ReadSearchItem, ReadFailure, ct)) yield return row;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<SearchItemRow> ReadSearchItemsAsync(string team, string expert, IReadOnlyCollection<string> itemIds,
        [EnumeratorCancellation] CancellationToken ct)
    {
        ThrowIfDisposed();
        if (itemIds.Count == 0) yield break;
        await using var db = await OpenReadAsync(ct);
        foreach (var chunk in itemIds.Order(StringComparer.Ordinal).Chunk(IdsPerRead))
        {
            var names = string.Join(", ", chunk.Select((_, i) => $"@id{i}"));
            var sql = $"{SearchItemColumns} AND expert = @expert AND item_id IN ({names}) ORDER BY item_id";
            (string, object?)[] parameters = [("team", team), ("expert", expert), .. chunk.Select((id, i) => ($"id{i}", (object?)id))];
            await foreach (var row in DbRows.ReadAsync(db, null, sql, parameters, ReadSearchItem, ReadFailure, ct)) yield return row;
        }
    }

    private static SearchItemRow ReadSearchItem(DbDataReader reader)
    {
        SectionCatalog.TryParse(reader.GetString(2), out var section);
        return new SearchItemRow(reader.GetString(0), reader.GetString(1), section, reader.GetString(3), ItemStatuses.FromStored(reader.GetString(4)),
            reader.GetInt32(5), reader.IsDBNull(6) ? "" : reader.GetString(6));
    }
}
