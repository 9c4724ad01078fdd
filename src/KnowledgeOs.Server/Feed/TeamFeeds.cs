using System.Runtime.CompilerServices;
using KnowledgeOs.Hosting;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Feed;

/// <summary>
/// Each team's change feed, read from the store once per server however many clients follow it (issue #16): the SSE
/// streams and MCP subscriptions of a team share one reader (a <see cref="TeamTail"/>) that reads when the
/// <see cref="ChangeSignal"/> pulses (on SQLite also when another process writes the file, <see cref="FileCommitWatch"/>),
/// or at the poll, and hands each chunk to every client's bounded buffer. A client that starts behind the reader, or
/// falls a buffer behind it, reads its catch-up from the store by itself and then joins; it drops by position what it
/// already has, so nothing is lost or repeated and the order stays the log's. A team's reader stops when its last client leaves.
/// </summary>
/// <param name="store">The store the feeds read.</param>
/// <param name="signal">Pulsed on every commit this process (or, on PostgreSQL, any server) makes.</param>
/// <param name="pollInterval">The longest a reader waits without a pulse: the fallback for writes by other processes.</param>
/// <param name="time">The clock of the waits.</param>
/// <param name="clientBuffer">Batches a client may hold unread before it is dropped to catch up by itself.</param>
/// <param name="watch">On SQLite, the watch of the file that pulses on other processes' commits, run while a reader runs;
/// with it the poll is only a safety net.</param>
public sealed class TeamFeeds(IEventStore store, ChangeSignal signal, TimeSpan pollInterval, TimeProvider time, int clientBuffer = TeamFeeds.DefaultClientBuffer,
    FileCommitWatch? watch = null) : IDisposable
{
    /// <summary>Batches a client may hold unread: at most this many chunks of <see cref="Chunk"/> events each.</summary>
    public const int DefaultClientBuffer = 64;

    /// <summary>The most events one read takes into memory, so a slow client never holds a database read open.</summary>
    public const int Chunk = 500;

    /// <summary>The feeds of a server or MCP session on <paramref name="location"/>: on SQLite, woken by a watch of the file.</summary>
    public static TeamFeeds On(StoreLocation location, IEventStore store, ChangeSignal signal, TimeSpan pollInterval, TimeProvider time, ILogger log) =>
        new(store, signal, pollInterval, time, watch: location.Kind == StoreKind.Sqlite ? new FileCommitWatch(location.Target, store, signal, time, log) : null);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TeamTail> _tails = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Teams whose shared reader runs now.</summary>
    public int Readers
    {
        get
        {
            lock (_gate) return _tails.Count;
        }
    }

    /// <summary>
    /// The team's events after <paramref name="after"/>, in order, for as long as <paramref name="ct"/> allows: the
    /// catch-up first, then the shared tail. Batches at the head come as the log grows; an empty one after
    /// <paramref name="idle"/> without any (and one on joining the tail). Ends, without throwing, when cancelled.
    /// </summary>
    public async IAsyncEnumerable<FeedBatch> FollowAsync(string team, long after, TimeSpan idle, [EnumeratorCancellation] CancellationToken ct)
    {
        var position = after;
        while (!ct.IsCancellationRequested)
        {
            var client = Join(team, position);
            if (client is null)
            {
                // Behind the shared reader: read from the store alone until the reader's position is reached.
                if (await ReadChunkAsync(team, position, ct) is not { } chunk) yield break;
                if (chunk.Events.Count > 0) position = chunk.Events[^1].Position;
                yield return chunk;
                continue;
            }
            try
            {
                // At or past what this server has read: at the head, as far as it knows.
                yield return FeedBatch.Quiet;
                while (await client.NextAsync(idle, time, ct) is { } next)
                {
                    var batch = next.After(position);
                    if (batch.Events.Count > 0) position = batch.Events[^1].Position;
                    yield return batch;
                }
            }
            finally
            {
                Leave(client);
            }
        }
    }

    /// <summary>Joins the team's reader (starting one at <paramref name="position"/> if none runs); null when the reader is past it.</summary>
    private TeamClient? Join(string team, long position)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_tails.TryGetValue(team, out var tail))
            {
                // Before the reader's first read: a commit after it raises an event of the watch.
                if (_tails.Count == 0) watch?.Start();
                tail = new TeamTail(team, position);
                _tails.Add(team, tail);
                _ = Task.Run(() => ReadAsync(tail), CancellationToken.None);
            }
            else if (position < tail.Position)
            {
                return null;
            }
            var client = new TeamClient(tail, clientBuffer);
            tail.Clients.Add(client);
            return client;
        }
    }

    private void Leave(TeamClient client)
    {
        var tail = client.Tail;
        lock (_gate)
        {
            if (!tail.Clients.Remove(client) || tail.Clients.Count > 0) return;
            Forget(tail);
        }
        tail.Stop();
    }

    /// <summary>The reader of one team: reads after its position when signalled, and hands what it read to every client.</summary>
    private async Task ReadAsync(TeamTail tail)
    {
        try
        {
            // The log's head as it stood before a read that covered it: a poll that finds it there has nothing to read.
            // Read once here and then only by the polls, so a commit costs no extra query (on PostgreSQL a round trip).
            var logHead = await store.HeadPositionAsync(tail.Stopping);
            while (true)
            {
                // Taken before reading: a commit that lands during the read pulses this task, so it is not missed;
                // and a read that starts after the log reached a head has read the team's events up to it.
                var pulse = signal.Next;
                var (head, blind) = (signal.Head, signal.Blind);
                if (await ReadChunkAsync(tail.Team, tail.Position, tail.Stopping) is not { } batch) return;
                if (batch.Events.Count > 0 && !Hand(tail, batch)) return;
                if (batch.AtHead) logHead = await WaitForNewAsync(pulse, Math.Max(head, tail.Position), blind, logHead, tail.Stopping);
            }
        }
        catch (OperationCanceledException) when (tail.Stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Every client gets the read's error, as each got its own read's error before the reader was shared.
            lock (_gate)
            {
                Forget(tail);
                foreach (var client in tail.Clients) client.Fail(ex);
                tail.Clients.Clear();
            }
        }
    }

    /// <summary>
    /// Waits until a pulse may mean events past <paramref name="read"/> (a blind pulse, or a head beyond it), or a poll
    /// finds the log's head moved from <paramref name="logHead"/> (another process committed). A pulse of what this
    /// reader has read already (the NOTIFY echo of this server's own commit) is waited past, and so is a poll of an
    /// unmoved log: on SQLite that look is a change counter, so an idle feed reads nothing.
    /// </summary>
    /// <returns>The log's head the next read will cover: the one a poll found moved, else <paramref name="logHead"/>.</returns>
    private async Task<long> WaitForNewAsync(Task pulse, long read, long blind, long logHead, CancellationToken ct)
    {
        while (true)
        {
            if (await ChangeSignal.WaitAsync(pulse, watch?.Poll(pollInterval) ?? pollInterval, time, ct))
            {
                // Next before the check: a pulse after the check completes it, and one before is in the check.
                pulse = signal.Next;
                if (signal.Blind != blind || signal.Head > read) return logHead;
            }
            else if (await store.HeadPositionAsync(ct) is var moved && moved != logHead)
            {
                return moved;
            }
        }
    }

    /// <summary>Hands a batch to every client, dropping those whose buffer is full; false when no client is left (the reader ends).</summary>
    private bool Hand(TeamTail tail, FeedBatch batch)
    {
        lock (_gate)
        {
            tail.Clients.RemoveAll(c => !c.Offer(batch));
            tail.Position = batch.Events[^1].Position;
            if (tail.Clients.Count > 0) return true;
            Forget(tail);
            return false;
        }
    }

    private void Forget(TeamTail tail)
    {
        if (!_tails.TryGetValue(tail.Team, out var current) || current != tail) return;
        _tails.Remove(tail.Team);
        // No reader left to wake: the watch (and its inotify watch) goes with the last.
        if (_tails.Count == 0) watch?.Stop();
    }

    /// <summary>Reads a bounded chunk after <paramref name="position"/>; null when cancelled.</summary>
    private async Task<FeedBatch?> ReadChunkAsync(string team, long position, CancellationToken ct)
    {
        var chunk = new List<StoredEvent>();
        try
        {
            await foreach (var e in store.ReadTeamAfterAsync(team, position, ct))
            {
                chunk.Add(e);
                if (chunk.Count == Chunk) return new FeedBatch(chunk, AtHead: false);
            }
            return new FeedBatch(chunk, AtHead: true);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Stops every reader (the host is stopping); clients end with their own cancellation.</summary>
    public void Dispose()
    {
        TeamTail[] tails;
        lock (_gate)
        {
            _disposed = true;
            tails = [.. _tails.Values];
            _tails.Clear();
            watch?.Stop();
        }
        foreach (var tail in tails) tail.Stop();
    }
}
