using System.Collections.Concurrent;
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
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<(StreamId, RenderLanguage), (long Version, long Generation, byte[] Markdown)> _entries = new();

    /// <summary>The UTF-8 Markdown of a snapshot, rendered once per version and generation.</summary>
    /// <param name="stream">The expert.</param>
    /// <param name="snapshot">Its state.</param>
    /// <param name="generation">The projection generation read before <paramref name="snapshot"/> was loaded.</param>
    /// <param name="language">The rendering's language.</param>
    /// <param name="render">Renders when nothing is kept.</param>
    public byte[] Get(StreamId stream, Snapshot snapshot, long generation, RenderLanguage language, Func<byte[]> render)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(render);
        if (_entries.TryGetValue((stream, language), out var hit) && hit.Version == snapshot.Version && hit.Generation == generation) return hit.Markdown;
        var markdown = render();
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[(stream, language)] = (snapshot.Version, generation, markdown);
        return markdown;
    }
}
