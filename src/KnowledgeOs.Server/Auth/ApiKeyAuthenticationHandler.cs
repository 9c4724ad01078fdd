using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// The API key scheme. A key comes as <c>Authorization: Bearer</c> (or <c>X-Api-Key</c>). Without any key ever created,
/// a request that arrived on a loopback address is the local caller (<see cref="Caller.Local"/>). The challenge is a 401
/// problem (a 429 while the address is throttled for guessing). The dashboard's login cookie is another scheme,
/// <see cref="DashboardCookieAuthenticationHandler"/>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyAuthenticator authenticator, InvalidKeyThrottle throttle)
    : KeyAuthenticationHandler(options, logger, encoder, authenticator, throttle)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    /// <inheritdoc/>
    /// <remarks>Not an async method: the local caller's request (whether keys exist is cached) is answered with finished tasks.</remarks>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (IsAnonymousEndpoint) return NoResult;
        if (PresentedKey(Request) is { } presented) return VerifyAsync(presented);
        if (!IsLoopback(Context.Connection.LocalIpAddress)) return NoResult;
        var keysExist = Authenticator.KeysExistAsync(Context.RequestAborted);
        return keysExist.IsCompletedSuccessfully ? LocalUnlessKeysExist(keysExist.Result) : LocalUnlessKeysExistAsync(keysExist);
    }

    private Task<AuthenticateResult> LocalUnlessKeysExist(bool keysExist)
    {
        if (keysExist) return NoResult;
        Context.Features.Set(Caller.Local);
        return CallerPrincipal.Local.Authenticated;
    }

    private async Task<AuthenticateResult> LocalUnlessKeysExistAsync(ValueTask<bool> keysExist) => await LocalUnlessKeysExist(await keysExist);

    /// <inheritdoc/>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Refused switch
    {
        Refusal.Throttled => TooManyRequests(),
        Refusal.Invalid => Unauthorized(InvalidKey),
        _ => Unauthorized(MissingKey),
    };

    /// <summary>The key in the request's headers (<c>Authorization: Bearer</c>, else <c>X-Api-Key</c>), or null.</summary>
    /// <remarks>A slice of the header's value: nothing allocated for it on every keyed request. (Null is cast: a bare null
    /// would become an empty slice through the array conversion, and every request a presented empty key.)</remarks>
    public static ReadOnlyMemory<char>? PresentedKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return auth.AsMemory(7).Trim() is { IsEmpty: false } k ? k : (ReadOnlyMemory<char>?)null;
        return request.Headers["X-Api-Key"].ToString() is { Length: > 0 } x ? x.AsMemory().Trim() : (ReadOnlyMemory<char>?)null;
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}

/// <summary>The claims the key schemes issue.</summary>
public static class AccessClaims
{
    /// <summary>The caller is the local user (no keys exist, loopback).</summary>
    public const string Local = "kos:local";
    /// <summary>The key's id.</summary>
    public const string KeyId = "kos:key";
    /// <summary>The key's team.</summary>
    public const string Team = "kos:team";
    /// <summary>One scope of the key (read, write, admin).</summary>
    public const string Scope = "kos:scope";
}
