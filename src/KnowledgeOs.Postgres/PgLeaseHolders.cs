using System.Collections.Concurrent;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>
/// Where the holders of lock groups' writer leases take writes forwarded by other servers (<c>kos serve
/// --advertise-url</c>, docs/OPERATIONS.md "Forwarding writes to the lease holder"). A process that advertises an address
/// notes it in <c>lease_holders</c> with each grant and deletes it with each unlock, both in the lease's own round trip
/// and announced on the schema's lease channel (payload <c>+ key</c>); the others read a group's row once and keep it
/// until such an announcement (or their listener reconnecting) says the group changed hands. A row counts only while its
/// lease connection still holds the lock in <c>pg_locks</c>, so a killed holder is never named. Routing only: the
/// lease in the database stays what makes a write safe.
/// </summary>
internal sealed class PgLeaseHolders(NpgsqlDataSource source, string schema, string token)
{
    private readonly ConcurrentDictionary<string, string?> _known = new(StringComparer.Ordinal);

    // Bumped by every change of hands heard: a read that began before one is not kept (it may predate the change).
    private long _changes;

    private volatile PgLeaseSql.Advertised? _advertised;

    // Completed, and replaced, by every change of hands heard.
    private TaskCompletionSource _nextChange = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next change of hands heard (of any group).</summary>
    public Task NextChange => Volatile.Read(ref _nextChange).Task;

    /// <summary>This process's address and token as its grants note them, or null when it advertises none (the default:
    /// it neither advertises nor forwards).</summary>
    public PgLeaseSql.Advertised? Advertised => _advertised;

    /// <summary>Advertises <paramref name="url"/> with every later grant of this process.</summary>
    public void Advertise(string url) => _advertised = new PgLeaseSql.Advertised(token, url, PgNotifications.LeaseChannel(schema));

    /// <summary>The address of the holder of the group <paramref name="key"/> when another live process holds it and
    /// advertises one; null otherwise, and when the database cannot say (the write then goes the lease path here).</summary>
    public async ValueTask<string?> OfAsync(string key, CancellationToken ct)
    {
        if (_known.TryGetValue(key, out var url)) return url;
        var changes = Interlocked.Read(ref _changes);
        try
        {
            await using var db = await source.OpenConnectionAsync(ct);
            url = await PgLeaseSql.HolderAsync(db, schema, key, token, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            return null;
        }
        if (Interlocked.Read(ref _changes) == changes) _known[key] = url;
        return url;
    }

    /// <summary>The group <paramref name="key"/> changed hands (or its holder could not be reached): read it again.</summary>
    public void Forget(string key)
    {
        Interlocked.Increment(ref _changes);
        _known.TryRemove(key, out _);
        Changed();
    }

    /// <summary>Changes of hands may have gone unheard (the listener reconnected): read every group again.</summary>
    public void ForgetAll()
    {
        Interlocked.Increment(ref _changes);
        _known.Clear();
        Changed();
    }

    private void Changed() =>
        Interlocked.Exchange(ref _nextChange, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
