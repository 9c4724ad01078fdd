using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Storage;

/// <summary>A commit's caller key (an HTTP Idempotency-Key) is checked and recorded by the store, in the commit's transaction.</summary>
public abstract partial class EventStoreContract
{
    private static Commit Keyed(StreamAppend append, string? ownKey, string callerHash) =>
        new(append.Stream.Team, [append], ownKey, ownKey is null ? null : "own-" + ownKey) { CallerKey = new CommitKey("http:local:k-1", callerHash) };

    [SkippableFact]
    public async Task A_commit_repeated_under_its_caller_key_gets_the_first_result_whatever_its_own_key()
    {
        var store = await NewStoreAsync();
        var first = await store.AppendAsync(Keyed(Domain.OnboardWithItems("atra", "igor", 2), "task:1", "h"), Ct);

        // Decided again on another state (another stream, another own key), the same request is known by its caller key.
        var again = await store.AppendAsync(Keyed(Domain.Onboard("atra", "anna"), "task:2", "h"), Ct);
        var keyOnly = await store.AppendAsync(new Commit("atra", []) { CallerKey = new CommitKey("http:local:k-1", "h") }, Ct);

        Assert.False(first.ByCallerKey);
        Assert.Equal(new AppendResult(true, first.LastPosition, 3) { ByCallerKey = true }, again);
        Assert.Equal(again, keyOnly);
        Assert.Null(await store.LoadAsync(new StreamId("atra", "anna"), Ct));
        // The commit's own key was recorded with it, as before.
        Assert.Equal(new AppendResult(true, first.LastPosition, 3), await store.AppendAsync(new Commit("atra", [], "task:1", "own-task:1"), Ct));
    }

    [SkippableFact]
    public async Task A_caller_key_used_for_another_request_is_the_one_conflict_and_writes_nothing()
    {
        var store = await NewStoreAsync();
        await store.AppendAsync(Keyed(Domain.Onboard("atra", "igor"), "task:1", "h"), Ct);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => store.AppendAsync(Keyed(Domain.Onboard("atra", "anna"), "task:2", "other"), Ct));

        Assert.Equal(ConflictException.IdempotencyKeyReused("atra", "http:local:k-1").Message, ex.Message);
        Assert.Null(await store.LoadAsync(new StreamId("atra", "anna"), Ct));
        // Nothing of the refused commit was kept: its own key is still free.
        Assert.False((await store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "anna")], "task:2", "x"), Ct)).Duplicate);
    }

    [SkippableFact]
    public async Task A_commit_whose_own_key_was_used_but_whose_caller_key_is_new_is_a_plain_duplicate_and_records_no_caller_key()
    {
        var store = await NewStoreAsync();
        var first = await store.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "igor")], "task:1", "own-task:1"), Ct);

        var repeat = await store.AppendAsync(Keyed(Domain.Onboard("atra", "igor"), "task:1", "h"), Ct);

        Assert.Equal(new AppendResult(true, first.LastPosition, 1), repeat);
        Assert.False(repeat.ByCallerKey);
        // The caller key was not spent: another request may use it.
        Assert.False((await store.AppendAsync(Keyed(Domain.Onboard("atra", "anna"), null, "other"), Ct)).Duplicate);
    }

    [SkippableFact]
    public async Task Concurrent_commits_of_different_streams_under_one_caller_key_write_once()
    {
        var store = await NewStoreAsync();

        // No version check can stop them (each its own new stream): only the caller key does.
        var results = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => store.AppendAsync(Keyed(Domain.Onboard("atra", $"expert-{i}"), null, "h"), Ct))));

        var written = Assert.Single(results, r => !r.Duplicate);
        Assert.All(results.Where(r => r.Duplicate), r => Assert.Equal(new AppendResult(true, written.LastPosition, 1) { ByCallerKey = true }, r));
        Assert.Equal(1, await store.CountEventsAsync(Ct));
    }

    [SkippableFact]
    public async Task A_caller_key_survives_a_restart()
    {
        var store = await NewStoreAsync();
        var first = await store.AppendAsync(Keyed(Domain.Onboard("atra", "igor"), null, "h"), Ct);
        await store.DisposeAsync();

        var reopened = await SameStoreAsync();
        var again = await reopened.AppendAsync(new Commit("atra", []) { CallerKey = new CommitKey("http:local:k-1", "h") }, Ct);

        Assert.Equal(new AppendResult(true, first.LastPosition, 1) { ByCallerKey = true }, again);
    }
}
