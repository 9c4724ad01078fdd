using System.ComponentModel;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace KnowledgeOs.Server.Mcp;

/// <summary>What <c>record_lesson</c> did.</summary>
/// <param name="Expert">The expert whose knowledge base holds the lesson.</param>
/// <param name="ItemId">The item's id (the same text always gives the same id).</param>
/// <param name="Section">Section code.</param>
/// <param name="Source">The evidence source written: <c>agent:CLIENT</c>, or <c>agent:CLIENT:TASK</c> with a task id.</param>
/// <param name="Duplicate">True when this source had recorded this text before: nothing was written.</param>
/// <param name="Events">Events written now.</param>
public sealed record McpLessonResult(string Expert, string ItemId, string Section, string Source, bool Duplicate, int Events);

/// <summary>
/// <c>record_lesson</c>: one fact captured mid-task, before the report. It is an item like any other, with the agent as
/// its source, so later task evidence confirms or promotes it; the same text from the same source again writes nothing.
/// </summary>
[McpServerToolType]
public sealed class LessonTool(KnowledgeService knowledge, McpCaller caller)
{
    /// <summary>The source prefix of everything agents record.</summary>
    public const string SourcePrefix = "agent:";

    /// <summary>record_lesson.</summary>
    [McpServerTool(Name = "record_lesson", Title = "Record one lesson mid-task", Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Capture one fact an expert learned, now, without waiting for the task report: it becomes an item of the expert's knowledge base with the source agent:<client name> (and the task id, if given), confirmed or promoted later by task evidence like any item. The same text again from the same client and task writes nothing. Needs write access.")]
    public Task<CallToolResult> RecordLesson(
        RequestContext<CallToolRequestParams> request,
        [Description("The expert's slug (see list_experts).")] string expert,
        [Description("The lesson, one sentence.")] string text,
        [Description("The section: learned (default), known, problem, best_practice, practice, case…")] string section = "learned",
        [Description("The task it came from, if any.")] string? taskId = null,
        CancellationToken ct = default) =>
        McpToolRun.RunAsync(caller, async () =>
        {
            if (!caller.CanWrite) throw new McpForbiddenException("record_lesson needs an API key with the write scope; this key has read only.");
            ExpertDecider.ValidateSlug(expert, "expert");
            var kind = SectionCatalog.ParseInput(section, "section");
            if (taskId is not null) TextPolicy.Identifier(taskId, "taskId");
            var source = Source(ClientName(request), taskId);
            var result = await knowledge.AddAsync(caller.Team, expert, new AddKnowledge(kind, text), source, ct);
            var id = TextKey.ItemId(SectionCatalog.Get(kind).IdentityFamily, ExpertDecider.IdentityText(kind, TextKey.Clean(text), null));
            return new McpLessonResult(expert, id, kind.Code(), source, result.EventCount == 0, result.EventCount);
        });

    /// <summary>The client's name: from the handshake (2025-11-25 and earlier), else from the request's <c>_meta</c> (2026-07-28, stateless HTTP).</summary>
    public static string? ClientName(RequestContext<CallToolRequestParams> request) =>
        request.Server.ClientInfo?.Name
        ?? (request.Params?.Meta?[MetaKeys.ClientInfo] is System.Text.Json.Nodes.JsonObject info && info["name"] is System.Text.Json.Nodes.JsonValue name
            && name.TryGetValue<string>(out var text) ? text : null);

    /// <summary>The evidence source of a lesson: <c>agent:</c> and the client's name (its characters kept to a slug), then the task id.</summary>
    public static string Source(string? clientName, string? taskId)
    {
        var name = new string((clientName ?? "").Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray()).Trim('-');
        var source = SourcePrefix + (name.Length == 0 ? "unknown" : name[..Math.Min(name.Length, 64)]);
        return taskId is null ? source : source + ":" + taskId;
    }
}
