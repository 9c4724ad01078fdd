namespace KnowledgeOs.Server.Auth;

/// <summary>Every log line of a keyed request names the key and its team (never the key itself).</summary>
public static class CallerLogScope
{
    /// <summary>Adds the scope after authorization has put the caller on the request.</summary>
    /// <remarks>
    /// A request without a key goes straight on: its next step's task is returned, no async state kept for it. A key's
    /// scope is its caller's (<see cref="Caller.LogScope"/>), built with the caller, not per request.
    /// </remarks>
    public static IApplicationBuilder UseCallerLogScope(this IApplicationBuilder app)
    {
        var log = app.ApplicationServices.GetRequiredService<ILogger<ApiKeyAuthenticationHandler>>();
        return app.Use((context, next) => context.Features.Get<Caller>() is { Key: not null } caller ? WithScopeAsync(context, next, log, caller) : next(context));
    }

    private static async Task WithScopeAsync(HttpContext context, RequestDelegate next, ILogger log, Caller caller)
    {
        using (log.BeginScope(caller.LogScope))
        {
            await next(context);
        }
    }
}
