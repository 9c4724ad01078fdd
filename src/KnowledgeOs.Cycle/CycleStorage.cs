using KnowledgeOs.Storage;

namespace KnowledgeOs.Cycle;

/// <summary>
/// Where the cycle keeps its leases, runs and feed validators (any <see cref="ICycleStore"/>: the SQLite file, a
/// PostgreSQL schema), and where its files go when <see cref="CycleOptions.OutputFolder"/> is not set.
/// </summary>
/// <param name="Open">Opens the cycle store; the database's event store is already open. The runner owns and disposes what it returns.</param>
/// <param name="DefaultOutputFolder">Digests and reports go here unless the options name a folder.</param>
public sealed record CycleStorage(Func<CancellationToken, Task<ICycleStore>> Open, string DefaultOutputFolder)
{
    /// <summary>The <c>cycle</c> folder beside a database file (or beside where the default file would be).</summary>
    public static string OutputBeside(string dataPath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataPath))!, "cycle");
}
