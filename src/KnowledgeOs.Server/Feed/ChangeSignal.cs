namespace KnowledgeOs.Server.Feed;

/// <summary>
/// Wakes change feeds when new events may exist, so they need not wait for the next poll. A pulse names the log's
/// head it announces when it knows it (this process's commit, a PostgreSQL <c>NOTIFY</c>), so a reader that has
/// already read that far (the <c>NOTIFY</c> of this server's own commit comes after its in-process pulse) need not
/// read again.
/// </summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _head = -1;
    private long _blind;

    /// <summary>Completes at the next pulse: taken before looking for work and awaited after, no pulse in between is missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>The newest log position a pulse has announced (-1: none yet); every event up to it is committed.</summary>
    public long Head => Volatile.Read(ref _head);

    /// <summary>Pulses so far that announced no position (a listener's reconnect): after one, a reader must look.</summary>
    public long Blind => Volatile.Read(ref _blind);

    /// <summary>Tells every waiter that new events may exist, somewhere in the log.</summary>
    public void Pulse()
    {
        Interlocked.Increment(ref _blind);
        Wake();
    }

    /// <summary>Tells every waiter that the log now reaches <paramref name="head"/>.</summary>
    public void Pulse(long head)
    {
        var seen = Head;
        while (head > seen && Interlocked.CompareExchange(ref _head, head, seen) is var was && was != seen) seen = was;
        Wake();
    }

    private void Wake() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Waits for <paramref name="pulse"/> (a <see cref="Next"/> taken before looking for work) or the timeout, whichever
    /// comes first; true when it was the pulse. Never throws on timeout.
    /// </summary>
    public static async Task<bool> WaitAsync(Task pulse, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, time, cts.Token);
        var first = await Task.WhenAny(pulse, delay);
        await cts.CancelAsync();
        ct.ThrowIfCancellationRequested();
        return first == pulse;
    }
}
