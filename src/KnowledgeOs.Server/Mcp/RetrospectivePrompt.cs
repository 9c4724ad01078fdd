using System.ComponentModel;
using KnowledgeOs.Learning;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace KnowledgeOs.Server.Mcp;

/// <summary><c>retrospective</c>: asks the agent for the task's report in KnowledgeOS's native schema, inlined, ready for <c>learn_from_report</c>.</summary>
[McpServerPromptType]
public sealed class RetrospectivePrompt
{
    /// <summary>The native report as a JSON Schema (<see cref="NativeReportSchema"/>), inlined in the prompt.</summary>
    public const string Schema = NativeReportSchema.Json;

    /// <summary>retrospective.</summary>
    [McpServerPrompt(Name = "retrospective", Title = "Report a finished task")]
    [Description("Asks for the finished task's report in KnowledgeOS's schema (inlined), to send with learn_from_report.")]
    public static GetPromptResult Retrospective(
        [Description("The task's id, if known.")] string? taskId = null,
        [Description("How the task went: success, partial or failure, if known.")] string? outcome = null)
    {
        var known = (taskId is null ? "" : $"The task id is `{taskId}`. ") + (outcome is null ? "" : $"Its outcome was {outcome}. ");
        var text = "The task is finished. Write its report as one JSON object that matches this JSON Schema exactly "
            + "(unknown fields are refused), then call the `learn_from_report` tool with it as `report`. " + known
            + "For each participant, list what worked, what to improve, the new knowledge (one fact per entry), and problems with their solutions. "
            + "Write facts a colleague could act on, not a diary.\n\n```json\n" + Schema + "\n```\n";
        return new GetPromptResult
        {
            Description = "Report the finished task",
            Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }],
        };
    }
}
