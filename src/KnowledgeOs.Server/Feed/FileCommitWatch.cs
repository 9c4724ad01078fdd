using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Feed;

/// <summary>
/// On SQLite, wakes this process's change feeds when any process commits to the database file (issue #16), so an idle
/// feed need not wake on a timer to find other processes' writes: a file-system watch (inotify on Linux) on the file
/// and its <c>-wal</c> triggers a look at the log's head (<c>PRAGMA data_version</c>, see <c>SqliteLogHead</c>), and a
/// head that moved pulses the <see cref="ChangeSignal"/> with it. The feeds' poll stays as a long safety net
/// (<see cref="SafetyNet"/>); where no watch can be set (inotify limits, a network file system) they poll as before.
/// <see cref="TeamFeeds"/> starts the watch with its first reader and stops it with its last.
/// </summary>
/// <param name="databasePath">The SQLite file.</param>
/// <param name="store">The store whose head is looked at (a look on SQLite reads a change counter, not the table).</param>
/// <param name="signal">Pulsed with the new head when another process committed.</param>
/// <param name="time">The clock of the looks that follow a write.</param>
/// <param name="log">Where the one warning goes when no watch can be set.</param>
public sealed class FileCommitWatch(string databasePath, IEventStore store, ChangeSignal signal, TimeProvider time, ILogger log)
{
    /// <summary>The longest a feed waits without a pulse while the watch runs: for a change the watch missed.</summary>
    public static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    // A write to the -wal comes before its commit can be seen (the fsync, then the WAL index in shared memory, which no
    // watch sees), so a look that finds nothing is made again after these pauses, unless another write comes first.
    private static readonly TimeSpan[] Settle = [.. new[] { 1, 4, 16, 64, 256, 1024 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    // File systems whose other clients' writes no local watch sees (as .NET names them): there the feeds keep polling.
    private static readonly HashSet<string> Remote = new(StringComparer.OrdinalIgnoreCase)
    {
        "nfs", "nfs4", "cifs", "smb", "smb2", "smbfs", "ncpfs", "afs", "coda", "ceph", "9p", "v9fs", "fuse", "fuseblk", "glusterfs", "lustre", "gfs2", "ocfs2",
    };

    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher;
    private CancellationTokenSource? _stop;
    private int _warned;

    /// <summary>Whether a watch runs now (between <see cref="Start"/> and <see cref="Stop"/>, and it could be set).</summary>
    public bool Watching
    {
        get
        {
            lock (_gate) return _watcher is not null;
        }
    }

    /// <summary>How long a feed waits for a pulse before it looks itself: <paramref name="poll"/> unless the watch runs.</summary>
    public TimeSpan Poll(TimeSpan poll) => Watching && poll < SafetyNet ? SafetyNet : poll;

    /// <summary>Starts watching (the first feed reader started); on failure, warns once and leaves the feeds to their poll.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_stop is not null) return;
            _stop = new CancellationTokenSource();
            // The watch's events, coalesced: a burst of writes wakes the looks once.
            var writes = new ChangeSignal();
            _watcher = TryWatch(writes.Pulse);
            var stop = _stop.Token;
            if (_watcher is not null) _ = Task.Run(() => LookAsync(writes, stop), CancellationToken.None);
        }
    }

    /// <summary>Stops watching (the last feed reader ended): the watch and its looks are released.</summary>
    public void Stop()
    {
        FileSystemWatcher? watcher;
        CancellationTokenSource? stop;
        lock (_gate)
        {
            (watcher, stop) = (_watcher, _stop);
            (_watcher, _stop) = (null, null);
        }
        watcher?.Dispose();
        stop?.Cancel();
        stop?.Dispose();
    }

    private FileSystemWatcher? TryWatch(Action changed)
    {
        var path = Path.GetFullPath(databasePath);
        var folder = Path.GetDirectoryName(path)!;
        FileSystemWatcher? watcher = null;
        try
        {
            if (OnRemoteFileSystem(folder)) throw new IOException($"'{folder}' is on a network file system, where other machines' writes raise no event.");
            watcher = new FileSystemWatcher(folder) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName };
            watcher.Filters.Add(Path.GetFileName(path));
            watcher.Filters.Add(Path.GetFileName(path) + "-wal");
            watcher.Changed += (_, _) => changed();
            watcher.Created += (_, _) => changed();
            watcher.Renamed += (_, _) => changed();
            // An overflowed queue lost events: look. Any other error ends the watch: the feeds poll again.
            watcher.Error += (_, e) =>
            {
                changed();
                if (e.GetException() is not InternalBufferOverflowException) Fail(e.GetException());
            };
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            watcher?.Dispose();
            Warn(ex);
            return null;
        }
    }

    private void Fail(Exception error)
    {
        lock (_gate)
        {
            _watcher?.Dispose();
            _watcher = null;
        }
        Warn(error);
    }

    private void Warn(Exception error)
    {
        if (Interlocked.Exchange(ref _warned, 1) == 0)
            log.LogWarning("Cannot watch {Path} for other processes' commits ({Reason}); change feeds poll for them instead", databasePath, error.Message);
    }

    private static bool OnRemoteFileSystem(string folder)
    {
        try
        {
            return Remote.Contains(new DriveInfo(folder).DriveFormat);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Looks at the head after each write, and again after each pause of <see cref="Settle"/> unless another write
    /// comes first; pulses a head beyond what the signal has announced (this process's own commits announce theirs).
    /// </summary>
    private async Task LookAsync(ChangeSignal writes, CancellationToken ct)
    {
        try
        {
            var next = writes.Next;
            while (true)
            {
                await next.WaitAsync(ct);
                var again = true;
                while (again)
                {
                    next = writes.Next;
                    await LookAsync(ct);
                    again = false;
                    foreach (var pause in Settle)
                    {
                        if (again = await ChangeSignal.WaitAsync(next, pause, time, ct)) break;
                        await LookAsync(ct);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // A look that failed ends the watch: the feeds poll again, and read their errors themselves.
            Fail(ex);
        }
    }

    private async Task LookAsync(CancellationToken ct)
    {
        var head = await store.HeadPositionAsync(ct);
        if (head > signal.Head) signal.Pulse(head);
    }
}
