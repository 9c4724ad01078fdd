using System.Data.Common;
using System.Runtime.CompilerServices;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval.Cache;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Storage.Relational;

/// <summary>The item rows as the search index holds them, one SQL text for every database (read-only).</summary>
public abstract partial class RelationalEventStore<TConnection> : ISearchItemSource
{
    /// <inheritdoc/>
    public async IAsyncEnumerable<SearchItemRow> ReadSearchItemsAsync(string team, string? expert, [EnumeratorCancellation] CancellationToken ct)
    {
        ThrowIfDisposed();
        const string Columns = "SELECT expert, item_id, section, text, status, confirmations, terms FROM items WHERE team = @team";
        var (sql, parameters) = expert is null
            ? ($"{Columns} ORDER BY expert, item_id", new (string, object?)[] { ("team", team) })
            : ($"{Columns} AND expert = @expert ORDER BY item_id", [("team", team), ("expert", expert)]);
        await using var db = await OpenReadAsync(ct);
        await foreach (var row in DbRows.ReadAsync(db, null, sql, parameters, ReadSearchItem, ReadFailure, ct)) yield return row;
    }

    private static SearchItemRow ReadSearchItem(DbDataReader reader)
    {
        SectionCatalog.TryParse(reader.GetString(2), out var section);
        return new SearchItemRow(reader.GetString(0), reader.GetString(1), section, reader.GetString(3), ItemStatuses.FromStored(reader.GetString(4)),
            reader.GetInt32(5), reader.IsDBNull(6) ? "" : reader.GetString(6));
    }
}
