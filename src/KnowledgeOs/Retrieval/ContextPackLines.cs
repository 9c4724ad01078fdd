using KnowledgeOs.Rendering;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// Each candidate item's line and each participant's worded reason, made once per pack: a pack near its budget is drafted
/// again for every candidate that may not fit (<see cref="ContextPack.Build(TeamCorpus, ContextPackRequest, IReadOnlyList{Embeddings.Neighbour})"/>),
/// and each draft wrote every line again (most of the megabytes a pack allocated). Not shared between threads: one per build.
/// </summary>
internal sealed class ContextPackLines(RenderLanguage lang)
{
    private readonly Dictionary<ItemMatch, string> _lines = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<RoutedExpert, string> _why = new(ReferenceEqualityComparer.Instance);

    /// <summary>The item's line (<see cref="ContextPackMarkdown.Line"/>).</summary>
    public string Line(ItemMatch m)
    {
        if (!_lines.TryGetValue(m, out var line)) _lines[m] = line = ContextPackMarkdown.Line(m, lang);
        return line;
    }

    /// <summary>The participant's routing reason (<see cref="ContextPackMarkdown.Why"/>).</summary>
    public string Why(RoutedExpert routed)
    {
        if (!_why.TryGetValue(routed, out var why)) _why[routed] = why = ContextPackMarkdown.Why(routed, lang);
        return why;
    }
}
