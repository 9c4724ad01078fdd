using System.Buffers;
using System.Net;
using KnowledgeOs.Hosting;
using Microsoft.AspNetCore.Authorization;

namespace KnowledgeOs.Server.Auth;

/// <summary>Who may reach a request's data: the local caller only from a loopback host and origin, a key only its own team.</summary>
public sealed class AccessRequirement : IAuthorizationRequirement;

/// <summary>The scope an endpoint needs; set on the team group (read) and raised on writes.</summary>
/// <param name="Scope">read, write or admin.</param>
public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

/// <summary>A refused request and the problem it is answered with.</summary>
public sealed class AccessRefusal(IAuthorizationHandler handler, int status, string title, string detail, string? field)
    : AuthorizationFailureReason(handler, detail)
{
    /// <summary>The status code: 403, or 404 for another team's address.</summary>
    public int Status { get; } = status;
    /// <summary>The problem's title.</summary>
    public string Title { get; } = title;
    /// <summary>The field at fault, or null.</summary>
    public string? Field { get; } = field;
}

/// <summary>Decides <see cref="AccessRequirement"/> and <see cref="ScopeRequirement"/> from the scheme's claims.</summary>
public sealed class AccessRequirementHandler : IAuthorizationHandler
{
    /// <inheritdoc/>
    /// <remarks>
    /// It runs on every request, so it costs nothing for the API key scheme's shared principals (<see cref="CallerPrincipal"/>:
    /// the local caller, a key in a header), whose caller says who it is without a search of claims; other principals (the
    /// dashboard's cookie) are read by their claims. The pending requirements (copied, as deciding one changes the set) go
    /// through a pooled array.
    /// </remarks>
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        if (context.Resource is not HttpContext http) return Task.CompletedTask;
        bool local;
        string? team;
        IReadOnlyList<string> scopes;
        if (context.User is CallerPrincipal { Caller.Key: var key })
            (local, team, scopes) = (key is null, key?.Team, key?.Scopes ?? []);
        else
        {
            local = context.User.HasClaim(c => c.Type == AccessClaims.Local);
            team = local ? null : context.User.FindFirst(AccessClaims.Team)?.Value;
            scopes = team is null ? [] : [.. context.User.FindAll(AccessClaims.Scope).Select(c => c.Value)];
        }
        var pending = context.PendingRequirements as ICollection<IAuthorizationRequirement> ?? [.. context.PendingRequirements];
        var count = pending.Count;
        var copy = ArrayPool<IAuthorizationRequirement>.Shared.Rent(count);
        try
        {
            pending.CopyTo(copy, 0);
            for (var i = 0; i < count; i++)
            {
                var requirement = copy[i];
                var refusal = requirement switch
                {
                    AccessRequirement when local => LocalRefusal(http),
                    AccessRequirement when team is not null => TeamRefusal(http, team),
                    ScopeRequirement when local => null,
                    ScopeRequirement s when team is not null => ApiKeyScopes.Allows(scopes, s.Scope) ? null
                        : new AccessRefusal(this, StatusCodes.Status403Forbidden, "Forbidden", $"This key has scope {string.Join(", ", scopes)}; this request needs {s.Scope}.", "scope"),
                    _ => new AccessRefusal(this, StatusCodes.Status401Unauthorized, "Unauthorized", "No caller.", "Authorization"),
                };
                if (refusal is null) context.Succeed(requirement);
                else context.Fail(refusal);
            }
        }
        finally
        {
            ArrayPool<IAuthorizationRequirement>.Shared.Return(copy, clearArray: true);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Without keys, a web page the user has open could reach the loopback server: by a rebound DNS name (Host is not
    /// loopback) or by a cross-site form post (Origin is not loopback). Neither is served.
    /// </summary>
    private AccessRefusal? LocalRefusal(HttpContext http)
    {
        var request = http.Request;
        if (!IsLoopbackName(HostName(request.Host.Value)))
            return new AccessRefusal(this, StatusCodes.Status403Forbidden, "Forbidden",
                "Without API keys only requests addressed to a loopback host (127.0.0.1, localhost, [::1]) are served.", "Host");
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && request.Headers.Origin.ToString() is { Length: > 0 } origin
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var o) && IsLoopbackName(o.Host)))
            return new AccessRefusal(this, StatusCodes.Status403Forbidden, "Forbidden",
                "Without API keys, writes from a web page of another origin are refused.", "Origin");
        return null;
    }

    /// <summary>
    /// Another team's address is answered 404, so its data is never confirmed to exist. The team comes from the path as
    /// well as the route: a request the router answers itself (415, 405) has no route values.
    /// </summary>
    private AccessRefusal? TeamRefusal(HttpContext http, string keyTeam)
    {
        var team = http.Request.RouteValues["team"] as string ?? TeamInPath(http.Request.Path);
        return team is not null && !string.Equals(team, keyTeam, StringComparison.Ordinal)
            ? new AccessRefusal(this, StatusCodes.Status404NotFound, "Not found", "Nothing exists at this address.", null)
            : null;
    }

    private static string? TeamInPath(PathString path)
    {
        const string prefix = "/api/v1/teams/";
        var value = path.Value ?? "";
        if (!value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var rest = value[prefix.Length..];
        var cut = rest.IndexOf('/', StringComparison.Ordinal);
        return Uri.UnescapeDataString(cut < 0 ? rest : rest[..cut]);
    }

    /// <summary>The host of a <c>Host</c> header without its port, as <see cref="HostString.Host"/> has it but without a new string.</summary>
    private static ReadOnlySpan<char> HostName(string? value)
    {
        var host = value.AsSpan();
        if (host.StartsWith('[')) return host.IndexOf(']') is var end and >= 0 ? host[..(end + 1)] : host;
        var colon = host.IndexOf(':');
        return colon >= 0 && host.LastIndexOf(':') == colon ? host[..colon] : host;
    }

    private static bool IsLoopbackName(ReadOnlySpan<char> host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        // The usual address first: parsing one allocates it.
        || host is "127.0.0.1" or "[::1]"
        || (IPAddress.TryParse(host.Trim("[]"), out var ip) && IPAddress.IsLoopback(ip));
}
