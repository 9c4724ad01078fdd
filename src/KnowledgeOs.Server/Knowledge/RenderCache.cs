using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Knowledge;

/// <summary>
/// The latest rendering of each knowledge base per language. A rendering is a pure function of the state, and the
/// version with the projection generation names the state (a rebuild replaces states without moving versions), so a
/// cached entry for the current version and generation is exactly what rendering again would give.
/// </summary>
public sealed class RenderCache
{
    /// <summary>Renderings kept at most.</summary>
    public const int MaxEntries = 20_000;

    private readonly BoundedMemo<(StreamId, RenderLanguage), (long Version, long Generation), byte[]> _entries = new(MaxEntries);

    /// <summary>The UTF-8 Markdown of a snapshot, rendered once per version and generation.</summary>
    /// <param name="stream">The expert.</param>
    /// <param name="snapshot">Its state.</param>
    /// <param name="generation">The projection generation read before <paramref name="snapshot"/> was loaded.</param>
    /// <param name="language">The rendering's language.</param>
    /// <param name="render">Renders when nothing is kept.</param>
    public byte[] Get(StreamId stream, Snapshot snapshot, long generation, RenderLanguage language, Func<byte[]> render)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return _entries.Get((stream, language), (snapshot.Version, generation), render);
    }
}
