using System.Collections.Concurrent;
using KnowledgeOs.Hosting;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// Checks presented keys against the store with a short cache, so a request costs no database read while a
/// key revoked from the CLI (another process) stops working within <see cref="KosServerOptions.KeyCacheTime"/>.
/// </summary>
public sealed class ApiKeyAuthenticator(ApiKeyStore store, KosServerOptions options)
{
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = options.Time;
    private volatile bool _keysExist;
    private long _keysCheckedAt; // 0: never checked

    private sealed record Entry(ApiKey? Key, byte[]? Hash, long LoadedAt);

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

    /// <summary>The active key matching what the client presented, or null.</summary>
    public async ValueTask<ApiKey?> AuthenticateAsync(string presented, CancellationToken ct)
    {
        if (ApiKeyStore.IdOf(presented) is not { } id) return null;
        var now = _time.GetTimestamp();
        if (!_byId.TryGetValue(id, out var entry) || _time.GetElapsedTime(entry.LoadedAt, now) >= options.KeyCacheTime)
        {
            var found = await store.FindAsync(id, ct);
            entry = new Entry(found?.Key, found?.Hash, now);
            if (_byId.Count >= MaxCached) _byId.Clear();
            _byId[id] = entry;
        }
        if (entry.Key is not { Active: true } key || entry.Hash is null) return null;
        return ApiKeyStore.Matches(presented, entry.Hash) ? key : null;
    }
}
