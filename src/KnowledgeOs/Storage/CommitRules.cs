namespace KnowledgeOs.Storage;

/// <summary>Checks every store makes on a commit before touching the database, so all stores refuse the same input.</summary>
public static class CommitRules
{
    /// <summary>Throws <see cref="ArgumentException"/> for a commit no store may write.</summary>
    public static void Validate(Commit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentException.ThrowIfNullOrWhiteSpace(commit.Team);
        var seen = new HashSet<StreamId>();
        foreach (var append in commit.Streams)
        {
            if (append.Stream.Team != commit.Team)
                throw new ArgumentException($"Stream {append.Stream} is not in team '{commit.Team}'.", nameof(commit));
            if (!seen.Add(append.Stream))
                throw new ArgumentException($"Stream {append.Stream} appears twice in one commit.", nameof(commit));
            if (append.ExpectedVersion < 0)
                throw new ArgumentException($"Expected version {append.ExpectedVersion} of {append.Stream} is negative.", nameof(commit));
            if (append.Events.Count > 0 && append.NewState.Slug != append.Stream.Expert)
                throw new ArgumentException($"The new state of {append.Stream} is of expert '{append.NewState.Slug}'.", nameof(commit));
        }
    }

    /// <summary>
    /// Checks a rebuild's replacement projections against the streams' current versions: every stream exactly once,
    /// at its current version, so projections never fall behind the log they describe.
    /// </summary>
    /// <exception cref="WrongExpectedVersionException">The log moved since the projections were replayed.</exception>
    public static void ValidateReplacement(IReadOnlyDictionary<string, long> versions, IReadOnlyList<(StreamId Stream, Snapshot Snapshot)> projections)
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (stream, snapshot) in projections)
        {
            var key = stream.ToString();
            if (!given.Add(key)) throw new ArgumentException($"Stream {stream} is given twice.", nameof(projections));
            var actual = versions.GetValueOrDefault(key);
            if (actual != snapshot.Version) throw new WrongExpectedVersionException(stream, snapshot.Version, actual);
            if (snapshot.State.Slug != stream.Expert)
                throw new ArgumentException($"The snapshot given for {stream} is of expert '{snapshot.State.Slug}'.", nameof(projections));
        }
        foreach (var (key, version) in versions)
        {
            if (!given.Contains(key)) throw new WrongExpectedVersionException(StreamId.Parse(key), 0, version);
        }
    }

    /// <summary>
    /// A commit time as every store keeps it: UTC, truncated to the microsecond (PostgreSQL's precision), so a
    /// store copied to another kind reads back the same times and the same content hash.
    /// </summary>
    public static DateTimeOffset RecordedAt(DateTimeOffset now) => new(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
}
