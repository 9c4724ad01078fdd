namespace KnowledgeOs.Programs;

/// <summary>Whether a checklist item's evidence holds, what evidence ticked it, and what would close it if open.</summary>
/// <param name="Holds">True when the evidence is in the knowledge base or the task log.</param>
/// <param name="Evidence">What was found (for a ticked item: the evidence that ticked it; for an open one: what there is so far).</param>
/// <param name="ToClose">What would close the item; empty when it holds.</param>
public sealed record EvidenceResult(bool Holds, Localized Evidence, Localized ToClose)
{
    /// <summary>An item whose evidence holds.</summary>
    public static EvidenceResult Held(Localized evidence) => new(true, evidence, new("", ""));

    /// <summary>An open item.</summary>
    public static EvidenceResult Open(Localized soFar, Localized toClose) => new(false, soFar, toClose);
}
