using System.Text.Json.Nodes;
using KnowledgeOs.Learning;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace KnowledgeOs.Server.OpenApi;

/// <summary>
/// The request bodies as a client writes them: the report's schema (the handler reads the body itself, so the
/// generator sees none) and one example per JSON body, checked against its schema by the linters in the tests.
/// </summary>
public static class RequestBodies
{
    private const string ReportSchema = "NativeReport";

    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["OnboardExpert"] = """
            { "slug": "igor", "displayName": "Igor", "role": "Payments backend", "project": "Orbit", "priority": 2,
              "duties": ["Card authorisation"], "tags": ["payments", "postgres"] }
            """,
        ["ChangeExpert"] = """{ "role": "Payments lead", "priority": 1 }""",
        ["AddItem"] = """{ "text": "Idempotency keys live 24 hours", "fields": { "task": "ORB-101" } }""",
        ["RetractItem"] = """{ "reason": "Superseded by the 48-hour retention rule" }""",
        ["LearnReport"] = """
            { "taskId": "ORB-201", "title": "Retry budget for webhooks", "completedAt": "2026-03-02T15:00:00Z", "outcome": "success",
              "participants": [ { "expert": "igor", "whatWorked": ["A retry budget per endpoint"],
                "newKnowledge": ["Webhook retries need a budget per endpoint, not per message"],
                "problems": [ { "problem": "Retry storm after an outage", "solution": "Jittered backoff with a budget" } ] } ] }
            """,
        ["StartTask"] = """{ "experts": ["igor", "olga"], "title": "Retry budget for webhooks" }""",
        ["CancelTask"] = """{ "experts": ["olga"], "reason": "started for the wrong expert" }""",
        ["ContextPack"] = """{ "task": "Add idempotency keys to the refunds endpoint", "experts": ["igor"], "budget": 6000, "lang": "en" }""",
        ["RouteTask"] = """{ "task": "Add idempotency keys to the refunds endpoint", "top": 3 }""",
    };

    /// <summary>Types the report body and adds the examples.</summary>
    public static void Add(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ReportSchema] = OpenApiModelFactory.Parse<OpenApiSchema>(NativeReportSchema.Json, OpenApiSpecVersion.OpenApi3_1,
            document, out _, "json") ?? throw new InvalidOperationException("NativeReportSchema.Json is not a JSON Schema.");
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            if (operation.OperationId is not { } id || operation.RequestBody?.Content is not { } content) continue;
            if (id == "LearnReport" && content.TryGetValue("application/json", out var report))
            {
                report.Schema = new OpenApiSchemaReference(ReportSchema, document);
                if (operation.RequestBody is OpenApiRequestBody body)
                {
                    body.Required = true;
                    body.Description = "A native report (this schema; unknown fields are refused naming the nearest known one), or an ATRA retrospective (task_id, experts, …, and used_items: the usedItems of this schema).";
                }
            }
            if (Examples.TryGetValue(id, out var example) && content.TryGetValue("application/json", out var json))
                json.Example = JsonNode.Parse(example);
        }
    }
}
