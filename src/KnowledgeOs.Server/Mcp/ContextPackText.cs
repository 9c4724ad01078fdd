using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Server.Mcp;

/// <summary>A context pack as an MCP tool or prompt gives it: the Markdown, then the pack id to report back.</summary>
public static class ContextPackText
{
    /// <summary>The pack's Markdown (within its budget) and, after it, one line with the pack id.</summary>
    public static string Of(ContextPack pack) => pack.Markdown.TrimEnd() + "\n\n" + UsedItemsHint(pack) + "\n";

    /// <summary>One line naming the pack id and where it goes.</summary>
    public static string UsedItemsHint(ContextPack pack) =>
        $"packId: `{pack.PackId}` — put it (or the item ids you used) in the report's `usedItems`: a success raises those items, a failure lowers them.";
}
