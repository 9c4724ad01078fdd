using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace KnowledgeOs.Server.Mcp;

/// <summary>
/// Tool arguments as real MCP clients send them. The schemas say one plain type per parameter (<c>array</c>, not
/// <c>["array","null"]</c>: clients that map schemas onto a single-type dialect send a nullable array as a string),
/// optional parameters are simply not required, and every call is checked against the schema before the tool runs:
/// a JSON string holding an array (or object, number, boolean) is read as that value, one plain string is a
/// one-element array, an explicit <c>null</c> means "not given", and anything else is refused with an error that
/// names the argument — instead of the SDK's anonymous "An error occurred invoking".
/// </summary>
public static class McpToolArguments
{
    /// <summary>Rewrites the registered tools' schemas to plain types and checks every call's arguments against them.</summary>
    public static IMcpServerBuilder WithPortableArguments(this IMcpServerBuilder builder)
    {
        // Post-configure: the tools registered by WithTools are in the collection by then.
        builder.Services.PostConfigure<McpServerOptions>(o =>
        {
            foreach (var tool in o.ToolCollection ?? [])
                tool.ProtocolTool.InputSchema = Portable(tool.ProtocolTool.InputSchema);
        });
        return builder.WithRequestFilters(f => f.AddCallToolFilter(next => async (context, ct) =>
        {
            if (context.MatchedPrimitive is McpServerTool tool && context.Params is { } call)
            {
                var error = Check(tool.ProtocolTool.InputSchema, call.Arguments ??= new Dictionary<string, JsonElement>());
                if (error is not null) return new CallToolResult { Content = [new TextContentBlock { Text = error }], IsError = true };
            }
            return await next(context, ct);
        }));
    }

    /// <summary>The schema with each property's <c>["T","null"]</c> type (and its items') made plain <c>T</c>, and a free-form JSON value declared an object.</summary>
    public static JsonElement Portable(JsonElement schema)
    {
        var root = JsonNode.Parse(schema.GetRawText())!.AsObject();
        if (root["properties"] is JsonObject properties)
        {
            foreach (var (_, property) in properties)
            {
                if (property is not JsonObject p) continue;
                PlainType(p);
                if (p["items"] is JsonObject items) PlainType(items);
                if (p["type"] is null) p["type"] = "object";
            }
        }
        return JsonSerializer.SerializeToElement(root);
    }

    private static void PlainType(JsonObject node)
    {
        if (node["type"] is JsonArray types && types.Select(t => t?.GetValue<string>()).Where(t => t != "null").ToList() is [{ } single])
            node["type"] = single;
        if (node["default"] is null && node.ContainsKey("default")) node.Remove("default");
    }

    /// <summary>Checks and normalises the arguments against the (portable) schema; the error naming the argument, or null.</summary>
    public static string? Check(JsonElement schema, IDictionary<string, JsonElement> arguments)
    {
        var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        var known = properties.ValueKind == JsonValueKind.Object ? properties.EnumerateObject().Select(x => x.Name).ToList() : [];
        foreach (var name in arguments.Keys.ToList())
        {
            if (!known.Contains(name, StringComparer.Ordinal))
                return Refuse(name, $"Unknown argument '{name}' (expected: {(known.Count == 0 ? "none" : string.Join(", ", known))}).");
            if (arguments[name].ValueKind == JsonValueKind.Null)
            {
                arguments.Remove(name);
                continue;
            }
            var type = properties.GetProperty(name).TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var (value, error) = Coerce(name, type, arguments[name]);
            if (error is not null) return Refuse(name, error);
            arguments[name] = value;
        }
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                if (!arguments.ContainsKey(name)) return Refuse(name, $"The argument '{name}' is required.");
        return null;
    }

    private static string Refuse(string name, string message) => $"{message} (field: {name})";

    private static (JsonElement Value, string? Error) Coerce(string name, string? type, JsonElement value)
    {
        // A client that could not express the type sends the value's JSON as a string.
        if (value.ValueKind == JsonValueKind.String && type is "array" or "object" or "integer" or "number" or "boolean")
        {
            var text = value.GetString()!.Trim();
            if (TryParse(text) is { } parsed && parsed.ValueKind != JsonValueKind.String) value = parsed;
            else if (type == "array") value = JsonSerializer.SerializeToElement(text.Length == 0 ? [] : new[] { text });
        }
        var ok = type switch
        {
            "string" => value.ValueKind == JsonValueKind.String,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String),
            _ => true,
        };
        if (ok) return (value, null);
        var shown = value.GetRawText();
        if (shown.Length > 60) shown = shown[..60] + "…";
        var expected = type switch
        {
            "array" => "an array of strings (or a string holding one)",
            "integer" => "an integer",
            "object" => "a JSON object (or a string holding one)",
            _ => "a " + type,
        };
        return (value, string.Create(CultureInfo.InvariantCulture, $"The argument '{name}' must be {expected} (got {shown})."));
    }

    private static JsonElement? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
