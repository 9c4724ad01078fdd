using KnowledgeOs.Learning;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

public sealed partial class KnowledgeService
{
    /// <summary>
    /// Appends a decided commit, the one place where every command becomes one, and keeps the write cache in step. Under a
    /// <paramref name="turn"/> that may pass on early and a store that queues in order, the turn passes on as soon as the
    /// commit is queued (early lock release): the states it leads to are cached as pending, so the next writer of these
    /// streams decides on them and queues behind it, in the same batch or the next, as standing on it. The caller is still
    /// answered only once its own commit is durable; a commit that does not land (refused, a duplicate, dropped because its
    /// caller gave up) takes its pending states out of the cache, and what was queued on them is refused by the store and
    /// retried by <see cref="ConflictRetry"/> as <see cref="StoodOnNotLandedException"/>, not as a lost race. Without a turn (a check of a key under the caller's turn) it only appends.
    /// A write that ends with nothing to append waits for the states it decided on when its turn ends (<see cref="StreamLocks.Turn.DisposeAsync"/>).
    /// </summary>
    private async Task<AppendResult> AppendAsync(Commit commit, StreamLocks.Turn? turn, CancellationToken ct)
    {
        CheckEventLimit(commit);
        var streams = commit.Streams;
        // Standing on every pending state the turn decided on, also of streams the commit leaves alone (a participant
        // found to have the task already): if one does not land, neither does this commit.
        var standsOn = turn?.TakeStandsOn() ?? [];
        var queued = store.Queue(commit, standsOn, ct);
        var early = queued.InOrder && streams.Count > 0 && turn is { MayPassOnEarly: true };
        if (early)
        {
            foreach (var a in streams) _cache.Remember(a.Stream, new Snapshot(a.NewState, a.ExpectedVersion + a.Events.Count), queued);
            turn!.PassOnEarly();
        }
        AppendResult result;
        try
        {
            result = await queued.Durable;
        }
        catch (WrongExpectedVersionException moved)
        {
            if (early) ForgetPending(streams);
            // Refused because a commit it stood on did not land: no race was lost (that commit's own writer has the refusal).
            if (await StoodOnNotLandedAsync(standsOn, moved) is { } notLanded) throw notLanded;
            // The cached state of the stream that moved is stale: the retry catches it up (or reads it again).
            if (!early) _cache.MovedOn(moved.Stream, moved.Actual);
            throw;
        }
        catch
        {
            if (early) ForgetPending(streams);
            throw;
        }
        foreach (var a in streams)
        {
            if (early && result.Duplicate) _cache.Forget(a.Stream);
            else if (early) _cache.Settled(a.Stream, queued);
            else if (!result.Duplicate) _cache.Remember(a.Stream, new Snapshot(a.NewState, a.ExpectedVersion + a.Events.Count));
        }
        return result;
    }

    /// <summary>The refusal of a write whose commit stood on queued commits (all ahead of it, so settled by now or soon) when one did not land, else null.</summary>
    private static async Task<StoodOnNotLandedException?> StoodOnNotLandedAsync(IReadOnlyList<QueuedAppend> standsOn, WrongExpectedVersionException refusal)
    {
        foreach (var commit in standsOn)
            if (await StreamLocks.Turn.NotLandedAsync(commit) is { } why) return new StoodOnNotLandedException(refusal.Stream, refusal.Expected, why);
        return null;
    }

    /// <summary>Takes the states of a commit that did not land out of the cache (and any queued on them: they will not land either).</summary>
    private void ForgetPending(IReadOnlyList<StreamAppend> streams)
    {
        foreach (var a in streams) _cache.Forget(a.Stream);
    }

    /// <summary>Checked here, where every command becomes a commit, so no adapter can bypass it.</summary>
    private void CheckEventLimit(Commit commit)
    {
        var events = commit.Streams.Sum(s => s.Events.Count);
        var max = _options.LimitsInForce.MaxEventsPerCommit;
        if (events > max)
            throw new LimitExceededException(
                $"This write would record {events:N0} events in one commit; the limit is {max:N0} (MaxEventsPerCommit). Split it into smaller reports.",
                "events", nameof(ReportLimits.MaxEventsPerCommit), max);
    }
}
