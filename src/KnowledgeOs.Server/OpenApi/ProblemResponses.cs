using Microsoft.OpenApi;

namespace KnowledgeOs.Server.OpenApi;

/// <summary>
/// The problems every operation can answer, and the problem document as the server writes it
/// (<see cref="Problems.ProblemWriter"/>): RFC 9457 with <c>field</c>, <c>errors</c> and <c>traceId</c>.
/// </summary>
public static class ProblemResponses
{
    private const string Schema = "ProblemDetails";
    private const string ProblemJson = "application/problem+json";

    /// <summary>Completes the ProblemDetails schema and adds the access problems (and 413 for a body) to every operation, and
    /// the storage 503 with its <c>Retry-After</c> to every API operation.</summary>
    public static void Add(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Schema] = ProblemSchema();
        foreach (var (path, item) in document.Paths)
        {
            foreach (var operation in item.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>())
            {
                operation.Responses ??= [];
                Add(document, operation, "401", "No valid API key: send 'Authorization: Bearer' with a key once keys exist (field: Authorization).");
                Add(document, operation, "403", "The key lacks the scope this operation needs (field: scope), or, without keys, the Host or Origin is not loopback.");
                if (path.Contains("{team}", StringComparison.Ordinal))
                    Add(document, operation, "404", "Nothing exists at this address (also the answer for another team than the key's).");
                if (operation.RequestBody is not null)
                    Add(document, operation, "413", "The body is larger than this server accepts (field: body).");
                Add(document, operation, "429", "Too many requests: from this address with an invalid key, or beyond the rate limit; retry after Retry-After seconds.",
                    retryAfter: true);
                // Every API operation reads or writes the store, and every storage error is answered 503 with Retry-After
                // (Problems/ExceptionProblems.cs): the database is down, a write lease was waited out, or the commits a
                // write was queued behind kept being refused. The same request may simply be sent again.
                if (path.StartsWith("/api/", StringComparison.Ordinal))
                    Add(document, operation, "503", "Storage unavailable for now (the database is down, a write lease was waited out, or the writes this one was "
                        + "queued behind kept being refused: code lease-waited-out or commits-not-landed); nothing was written, send the same request again after Retry-After seconds.",
                        retryAfter: true);
            }
        }
    }

    private static void Add(OpenApiDocument document, OpenApiOperation operation, string status, string description, bool retryAfter = false)
    {
        // A status the endpoint declares itself keeps its content; it gains the description and header.
        if (!operation.Responses!.TryGetValue(status, out var existing) || existing is not OpenApiResponse response)
        {
            response = new OpenApiResponse
            {
                Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = new OpenApiSchemaReference(Schema, document) } },
            };
            operation.Responses[status] = response;
        }
        if (string.IsNullOrEmpty(response.Description) || response.Description == ReasonPhrase(status)) response.Description = description;
        if (retryAfter)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers.TryAdd("Retry-After",
                new OpenApiHeader { Description = "Seconds to wait before retrying.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } });
        }
    }

    private static string ReasonPhrase(string status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture));

    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem. Members other than these may be added; a client ignores what it does not know.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI naming the kind of problem."),
            ["title"] = Text("A short summary of the kind of problem (English; Russian for a client asking it with ?lang=ru or Accept-Language)."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = Text("What went wrong with this request, and what to send instead (English; Russian for a client asking it, when the error has a code)."),
            ["instance"] = Text("The request path."),
            ["field"] = Text("The field, header, parameter or report path at fault (taskId, participants[0].outcome, If-Match)."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "The messages keyed by the field at fault.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["traceId"] = Text("The request's trace id, to quote in a bug report (it is in the server's log)."),
            ["code"] = Text("The domain error's stable code (expert-not-found, field-required, limit-exceeded, …), when it has one: the same whatever the language of title and detail."),
            ["args"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "The values the code is worded from (the team, the slug, the file, the field, …), in the order of its wording; present with code.",
                Items = new OpenApiSchema { Type = JsonSchemaType.String },
            },
        },
        Required = new HashSet<string> { "title", "status" },
        AdditionalPropertiesAllowed = true,
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
