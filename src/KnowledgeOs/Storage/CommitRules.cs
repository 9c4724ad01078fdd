namespace KnowledgeOs.Storage;

/// <summary>Checks every store makes on a commit before touching the database, so all stores refuse the same input.</summary>
public static class CommitRules
{
    /// <summary>
    /// Most events one commit may hold unless a store is configured otherwise: far above any real report (a task
    /// teaches a participant a handful of things; the largest knowledge-base import holds a few hundred items), far
    /// below what makes one writer transaction hold the log for seconds and the server's memory for hundreds of MB.
    /// </summary>
    public const int DefaultMaxEventsPerCommit = 10_000;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for a commit no store may write, and <see cref="InputException"/> for
    /// one that is too large or holds a NUL character in its team, key or request hash.
    /// </summary>
    /// <param name="commit">The commit.</param>
    /// <param name="maxEvents">The store's limit of events per commit.</param>
    public static void Validate(Commit commit, int maxEvents)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentException.ThrowIfNullOrWhiteSpace(commit.Team);
        var events = commit.Streams.Sum(a => (long)a.Events.Count);
        if (events > maxEvents)
            throw InputException.Of(
                $"A commit of {events:N0} events is larger than the store accepts ({maxEvents:N0} events per commit, MaxEventsPerCommit); nothing was written.",
                "events", ErrorCodes.CommitTooLarge, events.ToString(System.Globalization.CultureInfo.InvariantCulture),
                maxEvents.ToString(System.Globalization.CultureInfo.InvariantCulture));
        RefuseNul(commit.Team, "team");
        RefuseNul(commit.IdempotencyKey, "idempotency key");
        RefuseNul(commit.RequestHash, "request hash");
        RefuseNul(commit.CallerKey?.Key, "idempotency key");
        RefuseNul(commit.CallerKey?.RequestHash, "request hash");
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
            RefuseNul(append.Stream.Expert, "expert");
        }
    }

    /// <summary>
    /// Refuses an event whose serialized JSON holds a NUL character. PostgreSQL cannot keep NUL in text, so no store
    /// keeps it (the same input gets the same answer on both); the input boundary refuses it first with the field's
    /// name, this is the last defence for a writer that bypasses it.
    /// </summary>
    /// <exception cref="InputException">The event holds a NUL.</exception>
    public static void RefuseNul(StreamId stream, string type, string json)
    {
        if (HasEscapedNul(json))
            throw InputException.Of($"An event {type} of {stream} holds a NUL character (U+0000), which the store does not keep; nothing of the commit was written.", "text",
                ErrorCodes.EventHoldsNul, type, stream.ToString());
    }

    /// <summary>
    /// The error for a commit whose data the database itself refused (a value it cannot hold, a constraint): that
    /// commit alone fails, as bad input, never as the store being unavailable.
    /// </summary>
    public static InputException Refused(string database, string reason, Exception inner) =>
        new InputException($"{database} refused the data of this commit: {reason}; nothing of it was written.", null, inner)
            .WithCode(ErrorCodes.DatabaseRefused, database, reason);

    private static void RefuseNul(string? text, string what)
    {
        if (text is not null && text.Contains('\0', StringComparison.Ordinal))
            throw InputException.Of($"The commit's {what} holds a NUL character (U+0000), which the store does not keep; nothing was written.", what,
                ErrorCodes.CommitHoldsNul, what);
    }

    /// <summary>Whether JSON text holds the escape <c>\u0000</c> (the serializer never writes a raw NUL), not a literal backslash before "u0000".</summary>
    private static bool HasEscapedNul(string json)
    {
        for (var at = json.IndexOf("u0000", StringComparison.Ordinal); at > 0; at = json.IndexOf("u0000", at + 1, StringComparison.Ordinal))
        {
            var slashes = 0;
            for (var i = at - 1; i >= 0 && json[i] == '\\'; i--) slashes++;
            if (slashes % 2 == 1) return true;
        }
        return json.Contains('\0', StringComparison.Ordinal);
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
