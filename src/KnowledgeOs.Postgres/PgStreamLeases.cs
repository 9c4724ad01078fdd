using KnowledgeOs.Storage;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>
/// Write affinity between servers on one database: a lease is a transaction on a connection of its own holding one
/// advisory lock per stream (keyed by schema and stream), released by ending the transaction. Servers writing the same
/// experts then take turns in the database instead of deciding on the same version and losing the race to a 409.
/// The connections come from a small pool of their own, so a lease holder's reads and the writer never wait behind
/// other leases for a connection.
/// </summary>
internal sealed class PgStreamLeases(string connectionString, string schema, int maxLeases) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source = Source(connectionString, schema, maxLeases);

    private static NpgsqlDataSource Source(string connectionString, string schema, int maxLeases)
    {
        var builder = PgConnections.Settings(connectionString, schema);
        builder.MaxPoolSize = maxLeases;
        builder.ApplicationName = "kos-lease";
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>Waits for every stream, in the order given (callers order them), and holds them until disposed.</summary>
    public async Task<IStreamLease> AcquireAsync(IReadOnlyList<StreamId> streams, CancellationToken ct)
    {
        if (streams.Count == 0) return NoLease.Instance;
        var db = await _source.OpenConnectionAsync(ct);
        try
        {
            // Npgsql sends BEGIN with the batch below: still one round trip.
            var tx = await db.BeginTransactionAsync(ct);
            await using var batch = new NpgsqlBatch(db, tx);
            // One statement per lock, in order: two servers taking overlapping sets can never wait on each other.
            foreach (var stream in streams)
            {
                var command = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtext(@schema), hashtext(@stream))");
                command.Parameters.AddWithValue("schema", schema);
                command.Parameters.AddWithValue("stream", stream.ToString());
                batch.BatchCommands.Add(command);
            }
            // And, in the same round trip, where the streams stand now that nobody else can move them.
            var versions = new NpgsqlBatchCommand("SELECT stream, version FROM streams WHERE stream = ANY(@streams)");
            versions.Parameters.AddWithValue("streams", streams.Select(s => s.ToString()).ToArray());
            batch.BatchCommands.Add(versions);
            var found = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var reader = await batch.ExecuteReaderAsync(ct))
            {
                for (var i = 0; i < streams.Count; i++) await reader.NextResultAsync(ct);
                while (await reader.ReadAsync(ct)) found[reader.GetString(0)] = reader.GetInt64(1);
            }
            return new Lease(db, found);
        }
        catch
        {
            // A connection that may sit in a transaction holding locks is closed, not pooled as it is.
            await Lease.EndAsync(db);
            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private sealed class Lease(NpgsqlConnection db, Dictionary<string, long> versions) : IStreamLease
    {
        private int _ended;

        public long? VersionAt(StreamId stream) => versions.GetValueOrDefault(stream.ToString());

        public ValueTask DisposeAsync() => Interlocked.Exchange(ref _ended, 1) == 0 ? new ValueTask(EndAsync(db)) : ValueTask.CompletedTask;

        /// <summary>Ends the transaction, releasing its locks: Npgsql rolls back an open transaction when the connection
        /// goes back to the pool, and discards a broken one (its session, and every lock, ends with it).</summary>
        public static async Task EndAsync(NpgsqlConnection db)
        {
            await db.DisposeAsync();
        }
    }
}
