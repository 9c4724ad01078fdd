using System.Threading.Channels;

namespace KnowledgeOs.Server.Feed;

/// <summary>
/// One team's shared reader as <see cref="TeamFeeds"/> keeps it: the position it has read and handed out up to, and
/// the clients it hands its batches to. Its fields change only under the <see cref="TeamFeeds"/> lock.
/// </summary>
internal sealed class TeamTail(string team, long position)
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The team followed.</summary>
    public string Team => team;

    /// <summary>Every event up to here has been read and handed to the clients; a client at or past it may join.</summary>
    public long Position { get; set; } = position;

    /// <summary>The clients that get each batch.</summary>
    public List<TeamClient> Clients { get; } = [];

    /// <summary>Cancelled when the last client leaves (or the server stops): the reader ends.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Stops the reader; called outside the lock, as cancelling may run the reader's continuation inline.</summary>
    public void Stop() => _stopping.Cancel();
}

/// <summary>
/// A client of a team's tail: a bounded buffer of batches, so a client that stops reading holds a few chunks, not the
/// log. When the buffer is full the tail drops the client instead of waiting for it; the client reads what it still
/// has, then catches up from the store by itself (<see cref="TeamFeeds.FollowAsync"/>).
/// </summary>
internal sealed class TeamClient(TeamTail tail, int buffer)
{
    private readonly Channel<FeedBatch> _batches = Channel.CreateBounded<FeedBatch>(new BoundedChannelOptions(buffer)
    {
        SingleReader = true,
        SingleWriter = true,
    });

    /// <summary>The tail this client joined.</summary>
    public TeamTail Tail => tail;

    /// <summary>Hands the client a batch; false (and the client's buffer closed) when it is full: the client has fallen behind.</summary>
    public bool Offer(FeedBatch batch)
    {
        if (_batches.Writer.TryWrite(batch)) return true;
        _batches.Writer.TryComplete();
        return false;
    }

    /// <summary>Closes the buffer with the reader's error, which the client gets after the batches it still holds.</summary>
    public void Fail(Exception error) => _batches.Writer.TryComplete(error);

    /// <summary>
    /// The next batch; <see cref="FeedBatch.Quiet"/> when none came for <paramref name="idle"/>; null when the client
    /// was dropped (and has read all it held) or <paramref name="ct"/> was cancelled.
    /// </summary>
    public async Task<FeedBatch?> NextAsync(TimeSpan idle, TimeProvider time, CancellationToken ct)
    {
        if (_batches.Reader.TryRead(out var ready)) return ready;
        try
        {
            using var quiet = new CancellationTokenSource(idle, time);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, quiet.Token);
            if (!await _batches.Reader.WaitToReadAsync(wait.Token)) return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return FeedBatch.Quiet;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        return _batches.Reader.TryRead(out var next) ? next : FeedBatch.Quiet;
    }
}
