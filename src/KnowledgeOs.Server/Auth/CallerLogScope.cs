namespace KnowledgeOs.Server.Auth;

/// <summary>Every log line of a keyed request names the key and its team (never the key itself).</summary>
public static class CallerLogScope
{
    /// <summary>Adds the scope after authorization has put the caller on the request.</summary>
    /// <remarks>A request without a key goes straight on: its next step's task is returned, no async state kept for it.</remarks>
    public static IApplicationBuilder UseCallerLogScope(this IApplicationBuilder app) =>
        app.Use((context, next) => context.Features.Get<Caller>()?.Key is { } key ? WithScopeAsync(context, next, key) : next(context));

    private static async Task WithScopeAsync(HttpContext context, RequestDelegate next, KnowledgeOs.Hosting.ApiKey key)
    {
        var log = context.RequestServices.GetRequiredService<ILogger<ApiKeyAuthenticationHandler>>();
        using (log.BeginScope(new Dictionary<string, object> { ["KeyId"] = key.Id, ["Team"] = key.Team }))
        {
            await next(context);
        }
    }
}
