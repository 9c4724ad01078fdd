using System.Data.Common;
using KnowledgeOs.Events;

namespace KnowledgeOs.Storage.Relational;

/// <summary>What a database names in the event reads and the archive; the rest of their SQL is one text for every database.</summary>
/// <param name="Data">The events' <c>data</c> column as JSON text (<c>data</c>, <c>data::text</c>).</param>
/// <param name="TeamOfStream">The team of a stored stream name, spelled exactly as the database's <c>events_by_team</c> index is.</param>
/// <param name="HeadPosition">A scalar: the newest committed position (0 for an empty log).</param>
/// <param name="WriteTime">A time as a parameter compared with <c>recorded_at</c>.</param>
/// <param name="ReadTime">A stored <c>recorded_at</c> read back.</param>
public sealed record ReadDialect(string Data, string TeamOfStream, string HeadPosition,
    Func<DateTimeOffset, object> WriteTime, Func<DbDataReader, int, DateTimeOffset> ReadTime)
{
    /// <summary>The columns of an event read, in the order <see cref="Event"/> reads them.</summary>
    public string EventColumns => $"position, stream, version, type, {Data}, recorded_at";

    /// <summary>One stored event from a row of <see cref="EventColumns"/>.</summary>
    public StoredEvent Event(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var type = reader.GetString(3);
        return new StoredEvent(reader.GetInt64(0), StreamId.Parse(reader.GetString(1)), reader.GetInt64(2), type,
            EventTypes.Deserialize(type, reader.GetString(4)), ReadTime(reader, 5));
    }
}
