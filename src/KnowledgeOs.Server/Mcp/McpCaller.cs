using KnowledgeOs.Experts;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server.Auth;

namespace KnowledgeOs.Server.Mcp;

/// <summary>
/// Whose team the MCP tools work on and whether the caller may write. Over stdio (<c>kos mcp</c>) it is the
/// configured team with writes allowed, as for any CLI command; over HTTP it is the API key's team and scopes,
/// the same rules as the REST API (docs/RETRIEVAL.md).
/// </summary>
/// <param name="Team">The team every tool reads and writes.</param>
/// <param name="CanWrite">True when <c>learn_from_report</c> is allowed (write scope).</param>
/// <param name="Refusal">Why every tool must refuse this caller (a bad or foreign <c>?team=</c>), or null.</param>
public sealed record McpCaller(string Team, bool CanWrite, string? Refusal = null)
{
    /// <summary>The query parameter naming the team when the server runs without keys.</summary>
    public const string TeamParameter = "team";

    /// <summary>The caller of an HTTP request to <c>/mcp</c>: the key's team (a different <c>?team=</c> is refused), or without keys <c>?team=</c> (default <c>default</c>).</summary>
    /// <remarks>A bad or foreign team is not thrown here (the SDK would hide the reason): the caller carries a
    /// <see cref="Refusal"/> every tool answers with.</remarks>
    public static McpCaller From(HttpContext? http)
    {
        if (http is null) throw new InvalidOperationException("An MCP tool over HTTP ran outside its request.");
        var asked = http.Request.Query[TeamParameter].ToString() is { Length: > 0 } t ? t : null;
        if (asked is not null)
        {
            try
            {
                ExpertDecider.ValidateSlug(asked, TeamParameter);
            }
            catch (InputException ex)
            {
                return new McpCaller("", false, $"{ex.Message} (field: {TeamParameter})");
            }
        }
        var key = (http.Features.Get<Caller>() ?? Caller.Local).Key;
        if (key is null) return new McpCaller(asked ?? "default", CanWrite: true);
        // As on /api/v1/teams/{team}: another team's data is never confirmed to exist.
        if (asked is not null && !string.Equals(asked, key.Team, StringComparison.Ordinal))
            return new McpCaller("", false, "Nothing exists at this address.");
        return new McpCaller(key.Team, ApiKeyScopes.Allows(key.Scopes, ApiKeyScopes.Write));
    }
}
