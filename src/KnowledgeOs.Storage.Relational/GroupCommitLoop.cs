using System.Threading.Channels;

namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// The single writer of a relational store, the part every database shares: callers queue commits (serialized on
/// their own threads), one loop drains whatever queued up during the previous transaction into the next batch (no
/// waiting for a batch to fill), runs exclusive work alone in queue order, and completes every caller. How a batch
/// becomes one transaction (one fsync or WAL flush), with a savepoint per commit and its checks, is the dialect's.
/// </summary>
/// <typeparam name="TConnection">The database's connection type, handed to exclusive work.</typeparam>
public abstract class GroupCommitLoop<TConnection> : IAsyncDisposable
{
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _maxBatch;
    private readonly int _maxEventsPerCommit;
    private readonly string _storeName;
    private Task? _loop;
    private long _transactions;
    private long _commits;

    /// <summary>A loop taking at most <paramref name="maxBatch"/> commits per transaction; call <see cref="Start"/> once constructed.</summary>
    protected GroupCommitLoop(int maxBatch, int maxEventsPerCommit, string storeName)
    {
        _maxBatch = maxBatch;
        _maxEventsPerCommit = maxEventsPerCommit;
        _storeName = storeName;
    }

    /// <summary>Batches committed so far and the commits they held: how well concurrent writers share a transaction (one fsync).</summary>
    public WriterCounts Counts => new(Interlocked.Read(ref _transactions), Interlocked.Read(ref _commits));

    /// <summary>Counts a committed batch of <paramref name="commits"/> commits.</summary>
    protected void Counted(int commits)
    {
        Interlocked.Increment(ref _transactions);
        Interlocked.Add(ref _commits, commits);
    }

    /// <summary>Starts draining the queue (after the subclass has set itself up).</summary>
    protected void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Queues a commit; completes once its batch is durable.</summary>
    public Task<AppendResult> AppendAsync(Commit commit, CancellationToken ct) => Queue(commit, [], ct).Done.Task;

    /// <summary>
    /// Queues a commit behind every one queued before it (the queue's order is the order commits are applied in) and
    /// returns its request at once. It is applied only if each of <paramref name="after"/>, the queued commits it was
    /// decided on top of, landed; otherwise it is refused as a lost race (<see cref="WrongExpectedVersionException"/>).
    /// </summary>
    public AppendRequest Queue(Commit commit, IReadOnlyList<AppendRequest> after, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var request = new AppendRequest(PreparedCommit.From(commit, _maxEventsPerCommit), ct) { After = after };
        if (!_queue.Writer.TryWrite(request)) throw new ObjectDisposedException(_storeName);
        return request;
    }

    /// <summary>Runs work alone in its own write transaction, in queue order with the appends.</summary>
    /// <param name="work">The work.</param>
    /// <param name="retry">Whether the work may run again after a transient fault (where the dialect retries).</param>
    /// <param name="ct">Cancels the request while it waits in the queue.</param>
    public Task RunExclusiveAsync(Func<TConnection, CancellationToken, Task> work, bool retry, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var request = new ExclusiveRequest(work, retry, ct);
        if (!_queue.Writer.TryWrite(request)) throw new ObjectDisposedException(_storeName);
        return request.Done.Task;
    }

    /// <summary>Writes a batch in one transaction and completes each of its callers; drops the cancelled ones first.</summary>
    protected abstract Task FlushAsync(List<AppendRequest> batch);

    /// <summary>
    /// Runs exclusive work in a write transaction of its own that keeps every other writer out (the database's lock:
    /// SQLite's <c>BEGIN IMMEDIATE</c>, PostgreSQL's log head row), committing when the work returns and undoing the
    /// transaction when it throws; a database that retries transient faults runs it again when <paramref name="retry"/>.
    /// </summary>
    protected abstract Task InExclusiveTransactionAsync(Func<TConnection, CancellationToken, Task> work, bool retry, CancellationToken ct);

    /// <summary>What callers of a batch are told when the loop itself failed (a defect): the database's error for it.</summary>
    protected abstract Exception Unexpected(Exception ex);

    /// <summary>Undoes whatever transaction a failure left open.</summary>
    protected abstract Task AbandonAsync();

    /// <summary>Gives the connection back once the queue is drained.</summary>
    protected abstract ValueTask CloseAsync();

    /// <summary>
    /// Runs exclusive work and completes its caller, the same on every database: cancelled while it waited, it does
    /// not run; the domain's refusals and storage errors reach the caller as they are, anything else as the database's
    /// error (<see cref="Unexpected"/>).
    /// </summary>
    private async Task RunAloneAsync(ExclusiveRequest request)
    {
        if (request.Token.IsCancellationRequested && request.Done.TrySetCanceled(request.Token)) return;
        try
        {
            await InExclusiveTransactionAsync(request.Work, request.Retry, request.Token);
            request.Done.TrySetResult();
        }
        catch (OperationCanceledException) when (request.Token.IsCancellationRequested)
        {
            request.Done.TrySetCanceled(request.Token);
        }
        catch (Exception ex) when (ex is WrongExpectedVersionException or ConflictException or ArgumentException or StorageException or OperationCanceledException)
        {
            request.Done.TrySetException(ex);
        }
        catch (Exception ex)
        {
            request.Done.TrySetException(Unexpected(ex));
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<AppendRequest>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            try
            {
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var request))
                {
                    if (request is ExclusiveRequest exclusive)
                    {
                        await FlushAsync(batch);
                        await RunAloneAsync(exclusive);
                        continue;
                    }
                    batch.Add((AppendRequest)request);
                }
                await FlushAsync(batch);
            }
            catch (Exception ex)
            {
                // A bug here must not leave callers waiting forever or stop the writer.
                await AbandonAsync();
                var error = Unexpected(ex);
                foreach (var r in batch)
                {
                    r.Done.TrySetException(error);
                    r.After = [];
                }
                batch.Clear();
            }
        }
    }

    /// <summary>Stops taking requests, finishes every queued one, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null) await _loop;
        await CloseAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A queued request.</summary>
    /// <param name="token">Cancels it while it waits.</param>
    public abstract class Request(CancellationToken token)
    {
        /// <summary>Cancels the request while it waits in the queue.</summary>
        public CancellationToken Token { get; } = token;
    }

    /// <summary>A queued commit.</summary>
    /// <param name="commit">The commit, serialized.</param>
    /// <param name="token">Cancels it while it waits.</param>
    public sealed class AppendRequest(PreparedCommit commit, CancellationToken token) : Request(token)
    {
        /// <summary>The commit, serialized.</summary>
        public PreparedCommit Commit { get; } = commit;

        /// <summary>Completed with the result, or faulted with this commit's error.</summary>
        public TaskCompletionSource<AppendResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The queued commits this one was decided on top of; emptied once it is completed, so no chain of them is kept alive.</summary>
        public IReadOnlyList<AppendRequest> After { get; set; } = [];

        /// <summary>True once its rows were written in the transaction now open (reset at each attempt of a batch).</summary>
        public bool Written { get; set; }

        /// <summary>
        /// Whether the commit landed as far as a commit queued after it can tell: written in an earlier, committed batch
        /// (not a duplicate), or written in the transaction now open. Refused, dropped, failed or a duplicate: false.
        /// </summary>
        public bool Landed => Done.Task.IsCompleted ? Done.Task.IsCompletedSuccessfully && !Done.Task.Result.Duplicate : Written;
    }

    /// <summary>Queued exclusive work.</summary>
    /// <param name="work">The work.</param>
    /// <param name="retry">Whether it may run more than once.</param>
    /// <param name="token">Cancels it while it waits.</param>
    public sealed class ExclusiveRequest(Func<TConnection, CancellationToken, Task> work, bool retry, CancellationToken token) : Request(token)
    {
        /// <summary>The work.</summary>
        public Func<TConnection, CancellationToken, Task> Work { get; } = work;

        /// <summary>Whether the work may run more than once.</summary>
        public bool Retry { get; } = retry;

        /// <summary>Completed when the work has committed.</summary>
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
