using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>
/// Commits announce their new log head with <c>NOTIFY</c>, delivered by PostgreSQL when (and only if) the commit
/// lands, so a change feed on any server wakes at once instead of at its next poll. The channel is per schema
/// (several stores can share a database): <c>kos_</c> + MD5 of the schema name, which stays under PostgreSQL's
/// 63-byte identifier limit for any schema.
/// </summary>
internal static class PgNotifications
{
    /// <summary>The statement a committing batch adds after moving the head (parameter <c>@position</c>).</summary>
    public const string Notify = "SELECT pg_notify('kos_' || md5(current_schema()), @position::text)";

    /// <summary>The channel of a schema, as <see cref="Notify"/> computes it on the server.</summary>
    public static string Channel(string schema) => "kos_" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(schema)));

    /// <summary>The channel on which a server that waits for a writer lease of the schema asks its holder to let go
    /// (<see cref="PgLeaseSql.LockAsync"/>).</summary>
    public static string LeaseChannel(string schema) => Channel(schema) + "_lease";

    /// <summary>
    /// Listens on the schema's channel and calls <paramref name="onCommit"/> with each committed head position until
    /// cancelled. A dropped connection is reopened with backoff; after each (re)connect <paramref name="onCommit"/> is
    /// called with -1, as notifications sent while no one listened are lost and the caller should look for itself.
    /// </summary>
    public static Task ListenAsync(NpgsqlDataSource source, string schema, Action<long> onCommit, CancellationToken ct) =>
        ListenAsync(source, Channel(schema), payload =>
        {
            if (payload is null) onCommit(-1);
            else if (long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var position)) onCommit(position);
        }, ct);

    /// <summary>
    /// Listens on <paramref name="channel"/> and calls <paramref name="onPayload"/> with each notification's payload until
    /// cancelled. A dropped connection is reopened with backoff; after each (re)connect <paramref name="onPayload"/> is
    /// called with null, as notifications sent while no one listened are lost and the caller should look for itself.
    /// </summary>
    public static async Task ListenAsync(NpgsqlDataSource source, string channel, Action<string?> onPayload, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var db = await source.OpenConnectionAsync(ct);
                db.Notification += (_, e) => onPayload(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PgConnections.Quote(channel)}", db))
                    await listen.ExecuteNonQueryAsync(ct);
                failures = 0;
                onPayload(null);
                while (true) await db.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
            {
                // The server restarted or the network dropped: polling still covers the gap; reconnect with backoff.
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 7))) * (0.5 + Random.Shared.NextDouble() / 2));
                await Task.Delay(delay, ct).ConfigureAwait(false);
            }
        }
    }
}
