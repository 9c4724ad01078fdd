using System.Text.Json;
using KnowledgeOs.Events;
using ModelContextProtocol.Protocol;

namespace KnowledgeOs.Server.Mcp;

/// <summary>A tool refused for lack of the write scope.</summary>
/// <param name="message">What the caller lacks.</param>
public sealed class McpForbiddenException(string message) : Exception(message);

/// <summary>
/// Runs a tool's body for a caller. Domain errors are the caller's to fix: their message (never a stack) comes back as
/// the tool's error text, and nothing is logged as a server failure.
/// </summary>
public static class McpToolRun
{
    /// <summary>How a tool's value is written as JSON.</summary>
    internal static readonly JsonSerializerOptions Json = new(EventTypes.Json);

    /// <summary>The body's value as the tool's text (a string as is, anything else as JSON), or its domain error.</summary>
    public static async Task<CallToolResult> RunAsync(McpCaller caller, Func<Task<object>> call)
    {
        if (caller.Refusal is { } refusal) return Text(refusal, error: true);
        try
        {
            var value = await call();
            return Text(value as string ?? JsonSerializer.Serialize(value, value.GetType(), Json), error: false);
        }
        catch (KnowledgeOsException ex)
        {
            return Text(Message(ex), error: true);
        }
        catch (McpForbiddenException ex)
        {
            return Text(ex.Message, error: true);
        }
    }

    /// <summary>A domain error's message, with the field it names.</summary>
    public static string Message(KnowledgeOsException ex) => ex is InputException { Field: { } f } ? $"{ex.Message} (field: {f})" : ex.Message;

    private static CallToolResult Text(string text, bool error) => new() { Content = [new TextContentBlock { Text = text }], IsError = error ? true : null };
}
