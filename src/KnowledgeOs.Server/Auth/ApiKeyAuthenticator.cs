using System.Collections.Concurrent;
using KnowledgeOs.Hosting;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// Checks presented keys against the store with a short cache, so a request costs no database read while a
/// key revoked from the CLI (another process) stops working within <see cref="KosServerOptions.KeyCacheTime"/>.
/// </summary>
/// <remarks>
/// A cached key keeps the principal its requests carry (<see cref="CallerPrincipal"/>), built when the key is loaded and
/// dropped with it, so a reload brings changed scopes or the revocation. Every request's key is still hashed and compared
/// with the stored hash; the id is looked up as a slice of what was presented, the hash computed on the stack.
/// </remarks>
public sealed class ApiKeyAuthenticator(ApiKeyStore store, KosServerOptions options)
{
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = options.Time;
    private volatile bool _keysExist;
    private long _keysCheckedAt; // 0: never checked

    /// <summary>A key as loaded: its hash, and the principal of its requests while it is active (null when unknown or revoked).</summary>
    private sealed record Entry(CallerPrincipal? Principal, byte[]? Hash, long LoadedAt);

    /// <summary>True once any key exists; it never turns false again while the server runs.</summary>
    public async ValueTask<bool> KeysExistAsync(CancellationToken ct)
    {
        if (_keysExist) return true;
        var now = _time.GetTimestamp();
        var checkedAt = Interlocked.Read(ref _keysCheckedAt);
        if (checkedAt != 0 && _time.GetElapsedTime(checkedAt, now) < options.KeyCacheTime) return false;
        var exist = await store.AnyAsync(ct);
        Interlocked.Exchange(ref _keysCheckedAt, now);
        if (exist) _keysExist = true;
        return exist;
    }

    /// <summary>The principal of the active key matching what the client presented, or null; finished at once while the key is cached.</summary>
    internal ValueTask<CallerPrincipal?> AuthenticateAsync(ReadOnlyMemory<char> presented, CancellationToken ct)
    {
        var id = ApiKeyStore.IdOf(presented.Span);
        if (id.IsEmpty) return ValueTask.FromResult<CallerPrincipal?>(null);
        var now = _time.GetTimestamp();
        return _byId.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id, out var entry) && _time.GetElapsedTime(entry.LoadedAt, now) < options.KeyCacheTime
            ? ValueTask.FromResult(Check(entry, presented.Span))
            : LoadAsync(id.ToString(), presented, now, ct);
    }

    private async ValueTask<CallerPrincipal?> LoadAsync(string id, ReadOnlyMemory<char> presented, long now, CancellationToken ct)
    {
        var found = await store.FindAsync(id, ct);
        var entry = new Entry(found?.Key is { Active: true } key ? CallerPrincipal.Of(key) : null, found?.Hash, now);
        if (_byId.Count >= MaxCached) _byId.Clear();
        _byId[id] = entry;
        return Check(entry, presented.Span);
    }

    private static CallerPrincipal? Check(Entry entry, ReadOnlySpan<char> presented) =>
        entry is { Principal: { } principal, Hash: { } hash } && ApiKeyStore.Matches(presented, hash) ? principal : null;
}
