using System.ComponentModel;
using KnowledgeOs.Application;
using KnowledgeOs.Learning;
using KnowledgeOs.Rendering;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace KnowledgeOs.Server.Mcp;

/// <summary><c>retrospective</c>: asks the agent for the task's report in KnowledgeOS's native schema, inlined, ready for <c>learn_from_report</c>.</summary>
[McpServerPromptType]
public sealed class RetrospectivePrompt(KnowledgeService knowledge, McpCaller caller)
{
    /// <summary>The native report as a JSON Schema (<see cref="NativeReportSchema"/>), inlined in the prompt.</summary>
    public const string Schema = NativeReportSchema.Json;

    /// <summary>retrospective.</summary>
    [McpServerPrompt(Name = "retrospective", Title = "Report a finished task")]
    [Description("Asks for the finished task's report in KnowledgeOS's schema (inlined), to send with learn_from_report.")]
    public async Task<GetPromptResult> Retrospective(
        [Description("The task's id, if known.")] string? taskId = null,
        [Description("How the task went: success, partial or failure, if known.")] string? outcome = null,
        CancellationToken ct = default)
    {
        // In the team's language, as start_task is by default; a caller refused elsewhere still gets the schema (nothing is read but the team's profiles).
        var language = caller.Refusal is null ? TeamLanguage.Of((await knowledge.ListAsync(caller.Team, ct)).Select(s => s.State)) : RenderLanguage.Ru;
        var p = PromptLabels.For(language);
        var text = p.RetrospectiveAsk + " " + p.RetrospectiveKnown(taskId, outcome) + p.RetrospectiveWhatToWrite + "\n\n```json\n" + Schema + "\n```\n";
        return new GetPromptResult
        {
            Description = p.RetrospectiveDescription,
            Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }],
        };
    }
}
