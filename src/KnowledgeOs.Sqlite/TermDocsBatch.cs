namespace KnowledgeOs.Sqlite;

/// <summary>
/// The per-term document count changes of one writer batch (one transaction of several commits), summed in memory so
/// <c>term_docs</c> gets one upsert per distinct term per batch instead of one per term per document. A document's
/// terms are split as spans and looked up without a string per word (a string is made only for a term never seen
/// before); no order is needed (SQLite has one writer, so no lock order). Inside a commit's savepoint each change is
/// logged, so a commit rolled back to its savepoint takes its changes out of the sum.
/// </summary>
internal sealed class TermDocsBatch
{
    // Terms seen by this writer, kept across batches (so a frequent term costs no allocation); forgotten past this many.
    private const int MostTermsKept = 200_000;

    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Slot>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly List<Slot> _changed = [];
    private readonly List<Slot> _document = [];
    private readonly List<(Slot Slot, int Delta)> _undo = [];
    private bool _inSavepoint;
    private long _stamp;

    public TermDocsBatch() => _lookup = _slots.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Adds a document's change: +1 for each distinct term of <paramref name="now"/> that <paramref name="old"/> lacks, −1 the other way.</summary>
    /// <param name="old">The document's terms before (null when it was not indexed).</param>
    /// <param name="now">Its terms after (null when it is dropped).</param>
    public void Add(string? old, string? now)
    {
        if (string.Equals(old, now, StringComparison.Ordinal)) return;
        var stamp = ++_stamp;
        Mark(old, stamp, -1);
        Mark(now, stamp, +1);
        foreach (var slot in _document)
        {
            if (slot.Change == 0) continue;
            if (!slot.Listed)
            {
                slot.Listed = true;
                _changed.Add(slot);
            }
            slot.Delta += slot.Change;
            if (_inSavepoint) _undo.Add((slot, slot.Change));
        }
        _document.Clear();
    }

    // Old terms mark −1 once each; a new term cancels an old one (0) or marks +1 once.
    private void Mark(string? terms, long stamp, int sign)
    {
        if (terms is null) return;
        var text = terms.AsSpan();
        foreach (var range in text.Split(' '))
        {
            var word = text[range];
            if (word.IsEmpty) continue;
            if (!_lookup.TryGetValue(word, out var slot))
            {
                slot = new Slot(word.ToString());
                _slots.Add(slot.Term, slot);
            }
            if (slot.Stamp != stamp)
            {
                slot.Stamp = stamp;
                slot.Change = sign;
                _document.Add(slot);
            }
            else if (sign > 0 && slot.Change < 0)
            {
                slot.Change = 0;
            }
        }
    }

    /// <summary>A commit's savepoint opens: its changes are logged until it is released or rolled back.</summary>
    public void Savepoint()
    {
        _inSavepoint = true;
        _undo.Clear();
    }

    /// <summary>The commit was rolled back to its savepoint: its changes leave the sum.</summary>
    public void RolledBack()
    {
        foreach (var (slot, delta) in _undo) slot.Delta -= delta;
        _undo.Clear();
    }

    /// <summary>The commit's savepoint is released: its changes (if not rolled back) stay in the sum.</summary>
    public void Released()
    {
        _inSavepoint = false;
        _undo.Clear();
    }

    /// <summary>Hands every term whose count moved in the batch, with its change, to <paramref name="write"/>, then starts an empty batch.</summary>
    public void Drain(Action<string, int> write)
    {
        try
        {
            foreach (var slot in _changed)
            {
                if (slot.Delta != 0) write(slot.Term, slot.Delta);
            }
        }
        finally
        {
            Reset();
        }
    }

    /// <summary>Forgets the batch's changes (its transaction was rolled back, or a new one begins).</summary>
    public void Reset()
    {
        foreach (var slot in _changed)
        {
            slot.Delta = 0;
            slot.Listed = false;
        }
        _changed.Clear();
        _undo.Clear();
        _document.Clear();
        _inSavepoint = false;
        if (_slots.Count > MostTermsKept) _slots.Clear();
    }

    private sealed class Slot(string term)
    {
        public string Term { get; } = term;
        public int Delta { get; set; }
        public bool Listed { get; set; }
        public long Stamp { get; set; }
        public int Change { get; set; }
    }
}
