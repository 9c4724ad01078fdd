using System.Reflection;
using KnowledgeOs.Hosting;

namespace KnowledgeOs.Server.Auth;

/// <summary>Who is calling: a key, or nobody when authentication is off (no keys, loopback).</summary>
/// <param name="Key">The key presented, or null.</param>
public sealed record Caller(ApiKey? Key) : IBindableFromHttpContext<Caller>
{
    /// <summary>The caller when authentication is off.</summary>
    public static Caller Local { get; } = new((ApiKey?)null);

    /// <summary>The source recorded on what the caller changes by hand (<c>manual:&lt;key name&gt;</c>).</summary>
    public string Source => "manual:" + (Key?.Name ?? "local");

    /// <summary>Whose idempotency keys these are: a client's keys never collide with another client's.</summary>
    public string Client => Key?.Id ?? "local";

    /// <summary>The caller the authentication middleware put on the request.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<Caller?>(context.Features.Get<Caller>() ?? Local);
}

/// <summary>The scope an endpoint needs; set on the team group (read) and raised on writes.</summary>
/// <param name="Scope">read, write or admin.</param>
public sealed record ScopeRequirement(string Scope);

/// <summary>Marks endpoints anyone may call even when keys are required (health probes, the API description).</summary>
public sealed class PublicEndpoint
{
    /// <summary>The one instance.</summary>
    public static PublicEndpoint Instance { get; } = new();
}

/// <summary>Endpoint conventions for access.</summary>
public static class AccessConventions
{
    /// <summary>Requires a scope (on top of the key's team matching the route's team).</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ScopeRequirement(scope));

    /// <summary>Serves the endpoint without a key.</summary>
    public static TBuilder AllowWithoutKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(PublicEndpoint.Instance);
}
