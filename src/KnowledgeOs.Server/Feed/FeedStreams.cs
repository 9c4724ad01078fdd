using System.Collections.Concurrent;

namespace KnowledgeOs.Server.Feed;

/// <summary>
/// Counts the open change-feed streams per client (API key), so one key cannot hold every connection and thread of
/// the server with streams it never reads; the cap is <see cref="KosServerOptions.MaxFeedStreamsPerKey"/>.
/// </summary>
public sealed class FeedStreams
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Open streams of a client right now.</summary>
    public int OpenOf(string client) => _open.TryGetValue(client, out var n) ? n : 0;

    /// <summary>Takes a stream slot for the client; null when it already holds <paramref name="max"/> streams. Dispose to give it back.</summary>
    public IDisposable? TryOpen(string client, int max)
    {
        while (true)
        {
            var current = OpenOf(client);
            if (current >= max) return null;
            var taken = current == 0 ? _open.TryAdd(client, 1) : _open.TryUpdate(client, current + 1, current);
            if (taken) return new Slot(this, client);
        }
    }

    private void Close(string client)
    {
        while (true)
        {
            var current = OpenOf(client);
            // The last stream of a client removes its entry, so clients long gone leave nothing behind.
            if (current <= 1 ? _open.TryRemove(new KeyValuePair<string, int>(client, current)) : _open.TryUpdate(client, current - 1, current)) return;
        }
    }

    private sealed class Slot(FeedStreams owner, string client) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Close(client);
        }
    }
}
