namespace KnowledgeOs.Learning;

/// <summary>The native report format in one place: the MCP retrospective prompt and the OpenAPI document both show it.</summary>
public static class NativeReportSchema
{
    /// <summary>
    /// The native report as a JSON Schema: the fields <see cref="ReportParser"/> accepts (it refuses any other), with what each
    /// is for. A test parses a report holding every one of them.
    /// </summary>
    public const string Json = """
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
            "outcome": { "enum": ["success", "partial", "failure", "in_progress"], "description": "The task's outcome; each participant's unless it gives its own. in_progress (also in-progress, started, open) only starts the task for the participants: it is open work until its final report." },
            "errorsFixed": { "type": "integer" },
            "tags": { "type": "array", "items": { "type": "string" } },
            "case": { "type": "boolean", "description": "True when the task is worth keeping as a case of the participants." },
            "metrics": { "type": "object", "description": "Measurements of the task (errors_count, max_drawdown_pct…): numbers, text, booleans or nested groups." },
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
}
