using System.Diagnostics;
using KnowledgeOs.Rendering;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KnowledgeOs.Server.Problems;

/// <summary>
/// RFC 9457 problem+json responses that name the field at fault (<c>field</c>, and <c>errors</c> keyed by it); a coded
/// domain error adds its stable <c>code</c> and <c>args</c>, and a client asking Russian (<see cref="ProblemLanguage"/>)
/// gets <c>title</c> and, for a coded error, <c>detail</c> worded in it (<see cref="ErrorLabels"/>).
/// </summary>
public static class ProblemWriter
{
    /// <summary>A problem result for a handler to return.</summary>
    public static ProblemHttpResult Result(int status, string title, string? detail, string? field) =>
        TypedResults.Problem(Create(status, title, detail, field));

    /// <summary>Writes a problem directly (middleware that runs before any handler).</summary>
    /// <param name="context">The request being answered.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="title">The English title (worded for a client asking Russian).</param>
    /// <param name="detail">The English detail.</param>
    /// <param name="field">The field at fault, if any.</param>
    /// <param name="error">The domain error answered, for its code, arguments and wording.</param>
    public static async Task WriteAsync(HttpContext context, int status, string title, string? detail, string? field, KnowledgeOsException? error = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        var language = ProblemLanguage.Of(context.Request);
        if (language != RenderLanguage.En)
        {
            title = ErrorLabels.ProblemTitle(title, language) ?? title;
            if (error is not null) detail = ErrorLabels.Text(error, language) ?? detail;
        }
        var problem = new ProblemDetailsContext { HttpContext = context, ProblemDetails = Create(status, title, detail, field, error) };
        if (await problems.TryWriteAsync(problem)) return;
        // The framework's writer only answers clients that accept JSON; an EventSource sends "Accept: text/event-stream"
        // and would get a 500 instead of its 400 or 429. A problem is JSON whatever the client asked for.
        Customize(problem);
        await TypedResults.Problem(problem.ProblemDetails).ExecuteAsync(context);
    }

    /// <summary>A problem document.</summary>
    public static ProblemDetails Create(int status, string title, string? detail, string? field, KnowledgeOsException? error = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (error is { Code.Length: > 0 })
        {
            // Stable for a client to branch on and word itself, whatever language the detail is in.
            problem.Extensions["code"] = error.Code;
            problem.Extensions["args"] = error.Args;
        }
        if (field is { Length: > 0 })
        {
            problem.Extensions["field"] = field;
            if (detail is not null) problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }
        return problem;
    }

    /// <summary>Adds what every problem carries: the request path and the trace id to quote in a bug report.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
        // The framework answers a wrong Content-Type before any handler runs; name the header like every other problem.
        if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && !context.ProblemDetails.Extensions.ContainsKey("field"))
        {
            context.ProblemDetails.Detail ??= "This endpoint does not accept a body of this Content-Type (application/json for JSON endpoints, multipart/form-data for import).";
            context.ProblemDetails.Extensions["field"] = "Content-Type";
        }
        context.ProblemDetails.Extensions.TryAdd("traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
    }
}
