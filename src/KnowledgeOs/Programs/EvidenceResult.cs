namespace KnowledgeOs.Programs;

/// <summary>Whether a checklist item's evidence holds, what evidence ticked it, and what would close it if open.</summary>
/// <param name="Holds">True when the evidence is in the knowledge base or the task log.</param>
/// <param name="Evidence">What was found (for a ticked item: the evidence that ticked it; for an open one: what there is so far).</param>
/// <param name="ToClose">What would close the item; empty when it holds.</param>
/// <param name="ItemId">The knowledge item that is the evidence (or the nearest one so far), when one is.</param>
/// <param name="TaskId">The task that is the evidence, when one is.</param>
public sealed record EvidenceResult(bool Holds, Localized Evidence, Localized ToClose, string? ItemId = null, string? TaskId = null)
{
    /// <summary>An item whose evidence holds.</summary>
    public static EvidenceResult Held(Localized evidence, string? itemId = null, string? taskId = null) => new(true, evidence, new("", ""), itemId, taskId);

    /// <summary>An open item.</summary>
    public static EvidenceResult Open(Localized soFar, Localized toClose, string? itemId = null) => new(false, soFar, toClose, itemId);
}
