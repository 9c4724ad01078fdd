namespace KnowledgeOs.Server.Auth;

/// <summary>Every log line of a keyed request names the key and its team (never the key itself).</summary>
public static class CallerLogScope
{
    /// <summary>Adds the scope after authorization has put the caller on the request.</summary>
    public static IApplicationBuilder UseCallerLogScope(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<Caller>()?.Key is not { } key)
            {
                await next(context);
                return;
            }
            var log = context.RequestServices.GetRequiredService<ILogger<ApiKeyAuthenticationHandler>>();
            using (log.BeginScope(new Dictionary<string, object> { ["KeyId"] = key.Id, ["Team"] = key.Team }))
            {
                await next(context);
            }
        });
}
