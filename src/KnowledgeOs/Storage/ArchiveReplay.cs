using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Storage;

/// <summary>
/// What every store checks and folds while importing a whole store: positions strictly rising, each stream's
/// versions 1, 2, 3… with no gap, keys pointing at imported events; and the state of each stream for its projection.
/// </summary>
public sealed class ArchiveReplay : IDisposable
{
    private readonly Dictionary<StreamId, (ExpertState? State, long Version, long Position)> _streams = [];
    private readonly ArchiveHash _hash = new();

    /// <summary>Position of the last event seen (0 before any).</summary>
    public long LastPosition { get; private set; }

    /// <summary>Checks and folds the next record; throws <see cref="StorageException"/> when the records are not a consistent store.</summary>
    public void Add(ArchiveRecord record)
    {
        switch (record)
        {
            case RawEvent e:
                if (e.Position <= LastPosition)
                    throw new StorageException($"The archive is out of order: position {e.Position} after {LastPosition}.");
                var stream = StreamId.Parse(e.Stream);
                var (state, version, _) = _streams.GetValueOrDefault(stream);
                if (e.Version != version + 1)
                    throw new StorageException($"The archive skips a version of {e.Stream}: {e.Version} after {version}.");
                KnowledgeEvent decoded;
                try
                {
                    decoded = EventTypes.Deserialize(e.Type, e.Data);
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.Text.Json.JsonException or NotSupportedException)
                {
                    throw new StorageException($"The archive's event at position {e.Position} cannot be read: {ex.Message}", ex);
                }
                _streams[stream] = (ExpertState.Evolve(state, decoded), e.Version, e.Position);
                LastPosition = e.Position;
                break;
            case IdempotencyRecord k:
                if (k.LastPosition > LastPosition)
                    throw new StorageException($"The archive's key '{k.Key}' of team '{k.Team}' points at position {k.LastPosition}, past the last event {LastPosition}.");
                break;
            case ApiKeyRecord a:
                // API keys live in the server's tables; an event store importing them alone would drop them.
                throw new StorageException($"The archive holds API keys (first '{a.Id}'), which an event store alone does not import; restore it with kos restore.");
        }
        _hash.Add(record);
    }

    /// <summary>Each stream's folded state, version and last position.</summary>
    public IEnumerable<(StreamId Stream, ExpertState State, long Version, long Position)> Streams =>
        _streams.Select(s => (s.Key, s.Value.State!, s.Value.Version, s.Value.Position));

    /// <summary>Counts and hash of what was added.</summary>
    public ArchiveSummary Summary() => _hash.Summary();

    /// <inheritdoc/>
    public void Dispose() => _hash.Dispose();
}
