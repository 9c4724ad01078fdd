using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// Copies the WAL into the database file off the writer's path. SQLite's own auto-checkpoint runs inside the COMMIT
/// that takes the WAL past 1,000 pages, on the writer's connection: that batch's callers, and every commit queued
/// behind it, waited for the copy of the whole WAL and the database file's fsync (the POST tail of issue 16). The
/// writer turns it off (<c>wal_autocheckpoint = 0</c>) and reports here after each of its transactions; once it has
/// written <see cref="SqliteStoreOptions.CheckpointPages"/> pages, a PASSIVE checkpoint runs on a connection of its own,
/// beside the writer, and copies what the WAL held when it started.
/// <para>
/// SQLite starts the WAL over from its beginning only when a write begins with every frame copied, which a checkpoint
/// beside a stream of commits never leaves; so once the background copies have caught up to within an eighth of the
/// threshold (each round copies what was written during the one before, at most <see cref="Rounds"/> rounds), the
/// writer copies the rest itself, after its next transaction (one short PASSIVE checkpoint), and its next write starts
/// the WAL over. The WAL so stays near the threshold plus what is written during those rounds. A checkpoint moves
/// committed frames only: every acknowledged commit was fsynced in the WAL before either runs.
/// </para>
/// </summary>
internal sealed class WalCheckpoints : IAsyncDisposable
{
    private const int Idle = 0;
    private const int Copying = 1;
    private const int Copied = 2;

    // Background rounds before the writer copies what is left, however much: the WAL's bound when writes outrun copies.
    private const int Rounds = 3;

    private readonly SqliteConnection _own;
    private readonly int _pages;
    // Pages the writer wrote to the WAL since it last found it all copied, and since the background round began; the writer's thread only.
    private long _written;
    private long _duringRound;
    private int _round;
    private int _state = Idle;
    private Task _copy = Task.CompletedTask;
    private int _background;

    /// <summary>Opens the background checkpoint's connection to <paramref name="path"/>, which is in WAL mode.</summary>
    public WalCheckpoints(string path, int pages)
    {
        _pages = pages;
        _own = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ConnectionString);
        try
        {
            _own.Open();
            using var command = _own.CreateCommand();
            // FULL: the checkpoint fsyncs the WAL before it copies and the database file before the WAL may start over.
            command.CommandText = "PRAGMA synchronous = FULL";
            command.ExecuteNonQuery();
        }
        catch
        {
            _own.Dispose();
            throw;
        }
    }

    /// <summary>Background checkpoints completed so far (a test's window on the work moved off the writer).</summary>
    public int Background => Volatile.Read(ref _background);

    /// <summary>After each transaction of the writer, on its thread, outside any transaction.</summary>
    public void Committed(SqliteConnection writer)
    {
        raw.sqlite3_db_status(writer.Handle!, raw.SQLITE_DBSTATUS_CACHE_WRITE, out var written, out _, 1);
        _written += written;
        _duringRound += written;
        switch (Volatile.Read(ref _state))
        {
            case Copied when _duringRound > _pages / 8 && _round < Rounds:
                StartRound();
                break;
            case Copied:
                // Only the frames written since the last round began are left: copy them, so the next write starts the WAL over.
                _written = Checkpoint(writer, out var frames, out var copied) && copied == frames ? 0 : frames;
                _round = 0;
                Volatile.Write(ref _state, Idle);
                break;
            case Idle when _written >= _pages:
                StartRound();
                break;
        }
    }

    private void StartRound()
    {
        _duringRound = 0;
        _round++;
        _state = Copying;
        _copy = Task.Run(CopyInBackground);
    }

    private void CopyInBackground()
    {
        try
        {
            if (Checkpoint(_own, out _, out _)) Interlocked.Increment(ref _background);
        }
        finally
        {
            Volatile.Write(ref _state, Copied);
        }
    }

    /// <summary>
    /// A PASSIVE checkpoint: copies the frames no reader still needs, waiting for no one. False when it could not run
    /// (another checkpoint under way, an I/O error): the frames stay in the WAL, where they are durable, for the next one.
    /// </summary>
    private static bool Checkpoint(SqliteConnection db, out int frames, out int copied) =>
        raw.sqlite3_wal_checkpoint_v2(db.Handle!, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out frames, out copied) == raw.SQLITE_OK;

    /// <summary>Waits for a background copy under way, then closes its connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _copy;
        await _own.DisposeAsync();
    }
}
