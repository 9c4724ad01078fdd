using Microsoft.OpenApi;

namespace KnowledgeOs.Server.OpenApi;

/// <summary>What each group of operations is for, as the reference page shows it above the group.</summary>
public static class TagDescriptions
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["Teams"] = "The teams a caller may read: every team without keys, the key's own team with one.",
        ["Experts"] = "The experts of a team: their profile (onboard, change with If-Match) and computed metrics.",
        ["Items"] = "Knowledge items of an expert by section: add, confirm, retract, and every event that touched them.",
        ["Reports"] = "Task reports (native or ATRA JSON): what the participants learned; the task id makes a repeat harmless.",
        ["Tasks"] = "Tasks under way: a start makes the task open work for its experts (routing's workload) until its report is learned.",
        ["Knowledge"] = "An expert's knowledge base rendered as Markdown or JSON (now or as of a time), metrics and guidance for agents.",
        ["Change feed"] = "The team's events in log order: a page after a position, or a live Server-Sent Events stream.",
        ["Import and export"] = "Old Markdown knowledge bases and learning programs in; the team's JSON export and a zip of its documents out.",
        ["Search"] = "Full-text search over the team's items, in Russian and English word forms.",
        ["Retrieval"] = "Knowledge served back for a task: a context pack per participant, and the experts to route it to.",
    };

    /// <summary>Describes every tag the operations use (a tag without a description here fails the test that lints the document).</summary>
    public static void Describe(OpenApiDocument document)
    {
        foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
            if (tag.Name is { } name && Descriptions.TryGetValue(name, out var description)) tag.Description = description;
    }
}
