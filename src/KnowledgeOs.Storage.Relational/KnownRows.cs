namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// The idempotency keys and stream versions a batch's checks need, read by the dialect in one round trip once the batch
/// holds the write lock (nothing moves them until it ends): <see cref="RelationalWriter{TConnection}.ApplyAllAsync"/> then
/// checks every commit against these instead of reading per commit — the same checks. A key not here is not stored; a
/// stream not here is at version 0. Each commit written updates them, so the next commits of the batch see it.
/// </summary>
public sealed class KnownRows
{
    private readonly Dictionary<(string Team, string Key), (string Hash, AppendResult Result)> _keys = [];
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);

    /// <summary>What the checks of <paramref name="batch"/> read: the team and name of every key its commits are checked
    /// against (pairwise), and every stream they append to, by stored name.</summary>
    public static (string[] Teams, string[] Keys, string[] Streams) Wanted(IEnumerable<PreparedCommit> batch)
    {
        var teams = new List<string>();
        var keys = new List<string>();
        var streams = new HashSet<string>(StringComparer.Ordinal);
        foreach (var prepared in batch)
        {
            foreach (var (key, _) in CommitChecks.Keys(prepared.Commit))
            {
                teams.Add(prepared.Commit.Team);
                keys.Add(key.Key);
            }
            foreach (var append in prepared.Appends) streams.Add(append.Stream);
        }
        return ([.. teams], [.. keys], [.. streams]);
    }

    /// <summary>Notes a stored key (its request hash, the last position and event count of the commit that wrote it).</summary>
    public void AddKey(string team, string key, string hash, long lastPosition, int eventCount) =>
        _keys[(team, key)] = (hash, new AppendResult(true, lastPosition, eventCount));

    /// <summary>Notes a stream's stored version.</summary>
    public void AddVersion(string stream, long version) => _versions[stream] = version;

    /// <summary>A stored key's request hash and the result a duplicate gets, or null when it is not stored.</summary>
    internal (string Hash, AppendResult Result)? Key(string team, string key) => _keys.TryGetValue((team, key), out var found) ? found : null;

    /// <summary>A stream's version.</summary>
    internal long Version(string stream) => _versions.GetValueOrDefault(stream);

    /// <summary>Notes what a written commit changed, as <see cref="CommitRows.Add"/> writes it: its streams' versions and,
    /// when it wrote events, its keys.</summary>
    internal void Wrote(PreparedCommit prepared, AppendResult result)
    {
        foreach (var append in prepared.Appends) _versions[append.Stream] = append.Append.ExpectedVersion + append.Types.Length;
        if (result.EventCount == 0) return;
        foreach (var (key, _) in CommitChecks.Keys(prepared.Commit)) AddKey(prepared.Commit.Team, key.Key, key.RequestHash, result.LastPosition, result.EventCount);
    }
}
