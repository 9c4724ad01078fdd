namespace KnowledgeOs.Server.Feed;

/// <summary>Wakes change feeds when this process appended something, so they need not wait for the next poll.</summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next pulse: taken before looking for work and awaited after, no pulse in between is missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Tells every waiter that new events may exist.</summary>
    public void Pulse() => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for a pulse or the timeout, whichever comes first; never throws on timeout.</summary>
    public Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct) => WaitAsync(Next, timeout, time, ct);

    /// <summary>Waits for <paramref name="pulse"/> (a <see cref="Next"/> taken before looking for work) or the timeout, whichever comes first.</summary>
    public static async Task WaitAsync(Task pulse, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, time, cts.Token);
        await Task.WhenAny(pulse, delay);
        await cts.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}
