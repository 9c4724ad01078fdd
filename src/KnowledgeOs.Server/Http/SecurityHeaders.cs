namespace KnowledgeOs.Server.Http;

/// <summary>
/// Headers every response carries, whatever answered it (an endpoint, the exception handler, the rate limiter):
/// <c>X-Content-Type-Options: nosniff</c> so a browser never runs a JSON or text answer as script or HTML, no framing,
/// and no referrer to other sites. The dashboard adds its own Content-Security-Policy.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Adds the headers as each response starts (the exception handler clears headers set earlier).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        // The static callback with the response as its state: no closure allocated per request.
        context.Response.OnStarting(AddHeaders, context.Response);
        return next(context);
    });

    private static readonly Func<object, Task> AddHeaders = state =>
    {
        var headers = ((HttpResponse)state).Headers;
        headers.XContentTypeOptions = "nosniff";
        if (!headers.ContainsKey("X-Frame-Options")) headers.XFrameOptions = "DENY";
        // same-origin, as the dashboard: its login checks the Origin a same-origin referrer policy keeps.
        if (!headers.ContainsKey("Referrer-Policy")) headers["Referrer-Policy"] = "same-origin";
        return Task.CompletedTask;
    };
}
