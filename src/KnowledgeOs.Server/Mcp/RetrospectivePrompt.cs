using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace KnowledgeOs.Server.Mcp;

/// <summary><c>retrospective</c>: asks the agent for the task's report in KnowledgeOS's native schema, inlined, ready for <c>learn_from_report</c>.</summary>
[McpServerPromptType]
public sealed class RetrospectivePrompt
{
    /// <summary>
    /// The native report as a JSON Schema: the fields <c>ReportParser</c> accepts (it refuses any other), with what each
    /// is for. A test parses a report holding every one of them.
    /// </summary>
    public const string Schema = """
        {
          "type": "object",
          "required": ["taskId", "completedAt", "participants"],
          "additionalProperties": false,
          "properties": {
            "taskId": { "type": "string", "description": "The task's id: letters, digits, '-', '_', '.'; the idempotency key of the report." },
            "title": { "type": "string" },
            "description": { "type": "string" },
            "completedAt": { "type": "string", "format": "date-time" },
            "durationMinutes": { "type": "number" },
            "outcome": { "enum": ["success", "partial", "failure"], "description": "The task's outcome; each participant's unless it gives its own." },
            "errorsFixed": { "type": "integer" },
            "tags": { "type": "array", "items": { "type": "string" } },
            "case": { "type": "boolean", "description": "True when the task is worth keeping as a case of the participants." },
            "usedItems": { "type": "array", "items": { "type": "string" }, "description": "The knowledge the task used: item ids, or the packId of a context pack. A success raises those items, a failure lowers them." },
            "participants": {
              "type": "array",
              "minItems": 1,
              "items": {
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "expert": { "type": "string", "description": "The expert's slug (list_experts)." },
                  "name": { "type": "string", "description": "A new expert's display name (with onboard)." },
                  "role": { "type": "string" },
                  "outcome": { "enum": ["success", "partial", "failure"] },
                  "errorsFixed": { "type": "integer" },
                  "whatWorked": { "type": "array", "items": { "type": "string" } },
                  "whatToImprove": { "type": "array", "items": { "type": "string" } },
                  "newKnowledge": { "type": "array", "items": { "type": "string" }, "description": "One fact per line, as a colleague would write it down." },
                  "problems": { "type": "array", "items": { "type": "object", "required": ["problem"], "additionalProperties": false,
                    "properties": { "problem": { "type": "string" }, "solution": { "type": "string" } } } },
                  "materials": { "type": "array", "items": { "type": "string" } },
                  "practicesApplied": { "type": "array", "items": { "type": "string" } }
                }
              }
            }
          }
        }
        """;

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
