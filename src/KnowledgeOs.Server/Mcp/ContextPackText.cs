using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Server.Mcp;

/// <summary>A context pack as an MCP tool or prompt gives it: the Markdown, then the pack id to report back.</summary>
public static class ContextPackText
{
    /// <summary>The pack's Markdown (within its budget) and, after it, one line with the pack id.</summary>
    public static string Of(ContextPack pack) => pack.Markdown.TrimEnd() + "\n\n" + UsedItemsHint(pack) + "\n";

    /// <summary>One line naming the pack id and where it goes, in the pack's language.</summary>
    public static string UsedItemsHint(ContextPack pack)
    {
        ArgumentNullException.ThrowIfNull(pack);
        return PromptLabels.For(pack.Language).UsedItemsHint(pack.PackId);
    }
}
