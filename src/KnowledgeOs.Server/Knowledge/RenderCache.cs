using System.Collections.Concurrent;
using KnowledgeOs.Rendering;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Knowledge;

/// <summary>
/// The latest rendering of each knowledge base per language. A rendering is a pure function of the state, and the
/// version names the state, so a cached entry for the current version is exactly what rendering again would give.
/// </summary>
public sealed class RenderCache
{
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<(StreamId, RenderLanguage), (long Version, byte[] Markdown)> _entries = new();

    /// <summary>The UTF-8 Markdown of a snapshot, rendered once per version.</summary>
    public byte[] Get(StreamId stream, Snapshot snapshot, RenderLanguage language, Func<byte[]> render)
    {
        if (_entries.TryGetValue((stream, language), out var hit) && hit.Version == snapshot.Version) return hit.Markdown;
        var markdown = render();
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[(stream, language)] = (snapshot.Version, markdown);
        return markdown;
    }
}
