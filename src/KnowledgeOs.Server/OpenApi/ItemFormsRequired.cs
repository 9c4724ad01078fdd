using KnowledgeOs.Experts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KnowledgeOs.Server.OpenApi;

/// <summary>
/// The outside forms of an item (<see cref="ItemProvenance"/>: the API's item, the export's item) are made from a whole item,
/// so every member is always there. Their members are properties, not constructor parameters, so the generator would
/// call them optional; the document says what the server writes: all of them.
/// </summary>
public static class ItemFormsRequired
{
    /// <summary>The schema transformer.</summary>
    public static Task Transform(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo is null && typeof(ItemProvenance).IsAssignableFrom(context.JsonTypeInfo.Type)
            && schema.Properties is { Count: > 0 } properties)
            schema.Required = new HashSet<string>(properties.Keys, StringComparer.Ordinal);
        return Task.CompletedTask;
    }
}
