using System.Data.Common;

namespace KnowledgeOs.Storage.Relational;

/// <summary>What a database names in the event reads and the archive; the rest of their SQL is one text for every database.</summary>
/// <param name="Data">The events' <c>data</c> column as JSON text (<c>data</c>, <c>data::text</c>).</param>
/// <param name="TeamOfStream">The team of a stored stream name, spelled exactly as the database's <c>events_by_team</c> index is.</param>
/// <param name="HeadPosition">A scalar: the newest committed position (0 for an empty log).</param>
/// <param name="WriteTime">A time as a parameter compared with <c>recorded_at</c>.</param>
/// <param name="ReadTime">A stored <c>recorded_at</c> read back.</param>
public sealed record ReadDialect(string Data, string TeamOfStream, string HeadPosition,
    Func<DateTimeOffset, object> WriteTime, Func<DbDataReader, int, DateTimeOffset> ReadTime);
