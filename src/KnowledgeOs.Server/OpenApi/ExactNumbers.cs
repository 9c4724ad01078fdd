using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KnowledgeOs.Server.OpenApi;

/// <summary>
/// Numbers typed as numbers. The server's JSON options read "5" as 5 (the web defaults), so the generator types every
/// number <c>["integer","string"]</c> with a digits pattern; a generated client then has <c>number | string</c> where
/// it reads a count. The document describes what the server writes and what a client should send: the number alone.
/// </summary>
public static class ExactNumbers
{
    /// <summary>The schema transformer.</summary>
    public static Task Transform(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }
}
