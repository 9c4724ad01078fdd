using KnowledgeOs.Server.Idempotency;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KnowledgeOs.Server.OpenApi;

/// <summary>What the endpoint metadata alone does not tell the OpenAPI document: the key scheme, the write headers, exact numbers, tags, bodies, problems and paging.</summary>
public static class OpenApiTransformers
{
    /// <summary>Adds the document and operation transformers.</summary>
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "KnowledgeOS API";
            // Markdown: the key's placeholder in code spans, or the reference page reads <key> as an HTML tag and drops it.
            document.Info.Description = "Knowledge bases of a team's experts, learned from task reports. " +
                "Once API keys exist (`kos keys create`) every request sends `Authorization: Bearer <key>`; errors are RFC 9457 problem+json naming the field.";
            // The generator writes the address the document was asked on, with a trailing slash.
            foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A key from `kos keys create` (`kos_<id>_<secret>`). Not needed on loopback while no key exists.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] });
            TagDescriptions.Describe(document);
            RequestBodies.Add(document);
            ProblemResponses.Add(document);
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer(ExactNumbers.Transform);
        options.AddSchemaTransformer(ItemFormsRequired.Transform);
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IdempotentWrite>().Any())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(Header(IdempotencyMiddleware.Header,
                    "Applies the request once: a repeat with the same key returns the first response; the same key with another request is refused (409 Conflict, naming the key)."));
                operation.Responses ??= [];
                operation.Responses.TryAdd("409", new OpenApiResponse { Description = "The Idempotency-Key was used with another request (field: Idempotency-Key)." });
            }
            if (string.Equals(context.Description.HttpMethod, "PATCH", StringComparison.OrdinalIgnoreCase))
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(Header("If-Match", "The ETag (version) you read; the change is refused with 412 if the expert moved since."));
            }
            if (operation.OperationId == "ContextPack" && operation.Responses?.TryGetValue("200", out var packResponse) == true && packResponse is OpenApiResponse ok)
            {
                ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
                ok.Headers.TryAdd(Retrieval.RetrievalApi.PackIdHeader, new OpenApiHeader
                {
                    Description = "With Accept: text/markdown, the pack's id (also the body's first line, an HTML comment): put it in a report's usedItems.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
            if (context.Description.RelativePath?.EndsWith("events/stream", StringComparison.Ordinal) == true)
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(Header("Last-Event-ID", "Resume after this event position (sent by EventSource on reconnect)."));
            }
            PagedOperations.Describe(operation, context.ApplicationServices.GetRequiredService<KosServerOptions>());
            return Task.CompletedTask;
        });
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = false,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
