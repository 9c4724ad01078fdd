using Microsoft.OpenApi;

namespace KnowledgeOs.Server.OpenApi;

/// <summary>What every list operation shares (docs/API.md, "Paging"): the meaning of <c>limit</c> and <c>cursor</c>, and the <c>Link</c> header.</summary>
public static class PagedOperations
{
    /// <summary>Describes the paging parameters and the <c>Link</c> header of an operation that takes a <c>cursor</c>.</summary>
    public static void Describe(OpenApiOperation operation, KosServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(options);
        var parameters = operation.Parameters ?? [];
        if (!parameters.Any(p => p.Name == "cursor")) return;
        foreach (var parameter in parameters.OfType<OpenApiParameter>())
        {
            parameter.Description = parameter.Name switch
            {
                "limit" => $"Items per page, 1 to {options.MaxPageSize} (default {options.DefaultPageSize}); out of range is a 400 naming `limit`.",
                "cursor" => "The `cursor` of the previous page (or follow its `next`); opaque. One this list did not hand out is a 400 naming `cursor`.",
                _ => parameter.Description,
            };
        }
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers["Link"] = new OpenApiHeader
            {
                Description = "`<next>; rel=\"next\"` (RFC 8288) while there is a next page: the same URL as the body's `next`.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            };
        }
    }
}
