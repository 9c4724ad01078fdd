using System.Security.Claims;
using System.Text.Encodings.Web;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// What both key schemes share once a key was presented, wherever it came from (a header, the dashboard's cookie): the
/// throttle for addresses guessing keys, the check of the key, the claims of a valid one, and the refusals as problems.
/// </summary>
public abstract class KeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyAuthenticator authenticator, InvalidKeyThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The detail of the 401 for a key that is unknown or revoked.</summary>
    protected const string InvalidKey = "The API key is not valid or was revoked.";

    /// <summary>The detail of the 401 when no key came.</summary>
    protected const string MissingKey = "An API key is required: send it as 'Authorization: Bearer <key>' (create one with kos keys create).";

    /// <summary>Why the last authentication did not succeed, for the challenge.</summary>
    protected enum Refusal
    {
        /// <summary>Authenticated.</summary>
        None,
        /// <summary>No key came.</summary>
        Missing,
        /// <summary>The key is unknown or revoked.</summary>
        Invalid,
        /// <summary>The address is throttled for guessing.</summary>
        Throttled,
    }

    /// <summary>No result, as a finished task shared by every request (the result holds nothing of the request).</summary>
    protected static Task<AuthenticateResult> NoResult { get; } = Task.FromResult(AuthenticateResult.NoResult());

    /// <summary>Why the last authentication did not succeed.</summary>
    protected Refusal Refused { get; private set; } = Refusal.Missing;

    /// <summary>The keys.</summary>
    protected ApiKeyAuthenticator Authenticator => authenticator;

    /// <summary>True on endpoints anyone may call: they never look at a key, so a wrong one there does not count against the address.</summary>
    protected bool IsAnonymousEndpoint => Context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    /// <summary>Checks a presented key: the caller and its claims when valid, a failure (counted against the address) when not.</summary>
    /// <remarks>
    /// Not an async method: a cached key's request (the key still hashed and compared) is answered with its principal's
    /// finished task on the API key scheme, so it allocates no more than the local caller's (the dashboard's cookie scheme
    /// builds its own ticket, naming itself).
    /// </remarks>
    protected Task<AuthenticateResult> VerifyAsync(ReadOnlyMemory<char> presented)
    {
        if (throttle.IsBlocked(Context.Connection.RemoteIpAddress))
        {
            // Checked before the key, valid or not: an address guessing keys learns nothing until its window ends.
            Refused = Refusal.Throttled;
            return Task.FromResult(AuthenticateResult.Fail("Too many invalid keys from this address."));
        }
        var found = authenticator.AuthenticateAsync(presented, Context.RequestAborted);
        return found.IsCompletedSuccessfully ? Verified(found.Result, presented) : VerifiedAsync(found, presented);
    }

    private async Task<AuthenticateResult> VerifiedAsync(ValueTask<CallerPrincipal?> found, ReadOnlyMemory<char> presented) =>
        await Verified(await found, presented);

    private Task<AuthenticateResult> Verified(CallerPrincipal? principal, ReadOnlyMemory<char> presented)
    {
        if (principal?.Caller.Key is not { } key)
        {
            var remote = Context.Connection.RemoteIpAddress;
            throttle.Fail(remote);
            // The id only, never the key: the log must not become a list of secrets.
            Logger.LogInformation("Refused an unknown or revoked API key {KeyId} from {Remote}", ApiKeyStore.IdOf(presented.ToString()) ?? "(malformed)", remote);
            Refused = Refusal.Invalid;
            return Task.FromResult(AuthenticateResult.Fail(InvalidKey));
        }
        Refused = Refusal.None;
        Context.Features.Set(principal.Caller);
        return Scheme.Name == ApiKeyAuthenticationHandler.SchemeName ? principal.Authenticated
            : Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
                new ClaimsPrincipal(new ClaimsIdentity(CallerPrincipal.KeyClaims(key), Scheme.Name)), Scheme.Name)));
    }

    /// <summary>The 429 of a throttled address, with the seconds to wait.</summary>
    protected Task TooManyRequests()
    {
        Response.Headers.RetryAfter = throttle.RetryAfter;
        return ProblemWriter.WriteAsync(Context, StatusCodes.Status429TooManyRequests, "Too many requests",
            "Too many requests with an invalid API key came from this address; retry after the Retry-After seconds.", "Authorization");
    }

    /// <summary>The 401 problem, asking for a bearer key.</summary>
    protected Task Unauthorized(string detail)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ProblemWriter.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized", detail, "Authorization");
    }
}
