using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeOs.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace KnowledgeOs.Server.Problems;

/// <summary>
/// The one place exceptions become HTTP answers: domain errors keep their message and field, anything else is
/// a bare 500 (logged here with its stack; the client gets the trace id, never the stack).
/// </summary>
public sealed partial class ExceptionProblems(ILogger<ExceptionProblems> log) : IExceptionHandler
{
    /// <inheritdoc/>
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            context.Response.StatusCode = 499;
            return true;
        }
        var (status, title, detail, field) = Map(exception);
        if (status >= 500) log.LogError(exception, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path);
        else log.LogDebug("Request {Method} {Path} refused with {Status}: {Detail}", context.Request.Method, context.Request.Path, status, detail);
        if (context.Response.HasStarted) return true;
        // The database cannot be used now (down, or a write lease waited out): the same request may simply be sent again.
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "1";
        await ProblemWriter.WriteAsync(context, status, title, detail, field, exception as KnowledgeOsException);
        return true;
    }

    /// <summary>Status, title, detail and field for an exception.</summary>
    public static (int Status, string Title, string? Detail, string? Field) Map(Exception exception) => exception switch
    {
        // Well-formed but over a documented limit (docs/LIMITS.md): the detail names the limit, the field is the one at fault.
        LimitExceededException e => (StatusCodes.Status422UnprocessableEntity, "Limit exceeded", e.Message, e.Field),
        InputException e => (StatusCodes.Status400BadRequest, "Invalid request", e.Message, e.Field),
        NotFoundException e => (StatusCodes.Status404NotFound, "Not found", e.Message, null),
        ConflictException e => (StatusCodes.Status409Conflict, "Conflict", e.Message, null),
        WrongExpectedVersionException e => (StatusCodes.Status412PreconditionFailed, "Precondition failed",
            $"The expert is at version {e.Actual}, not {e.Expected}; reload it and try again.", "If-Match"),
        // A stale expected version is always 412, whether the check before the write or the one under the write's lock saw it.
        StaleVersionException e => (StatusCodes.Status412PreconditionFailed, "Precondition failed", e.Message, "If-Match"),
        // A coded storage error is worded for people (lease-waited-out, commits-not-landed); any other may carry the database's own words.
        StorageException { Code.Length: > 0 } e => (StatusCodes.Status503ServiceUnavailable, "Storage unavailable", e.Message, null),
        StorageException => (StatusCodes.Status503ServiceUnavailable, "Storage unavailable", "The database cannot be used right now; try again later.", null),
        BadHttpRequestException e => BadRequest(e),
        _ => (StatusCodes.Status500InternalServerError, "Internal server error", "Something went wrong on the server; quote the traceId when you report it.", null),
    };

    private static (int, string, string?, string?) BadRequest(BadHttpRequestException e)
    {
        // The form reader's limits (1,024 parts, key and header lengths) throw InvalidDataException: a size limit, not a fault.
        if (e.InnerException is InvalidDataException form)
            return (413, "Request too large", $"The form exceeds a limit of this server: {form.Message} Send at most 1,024 parts per request.", "body");
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return (413, "Request too large", "The request body is larger than this endpoint accepts.", "body");
        if (e.InnerException is JsonException json) return Json(json);
        var parameter = ParameterName().Match(e.Message);
        if (parameter.Success)
            return (400, "Invalid request", $"Parameter '{parameter.Groups[2].Value}' has an invalid value '{parameter.Groups[3].Value}'.", parameter.Groups[2].Value);
        var required = RequiredParameter().Match(e.Message);
        if (required.Success)
            return (400, "Invalid request", $"Parameter '{required.Groups[2].Value}' is required.", required.Groups[2].Value);
        if (e.Message.Contains("Implicit body inferred", StringComparison.Ordinal) || e.Message.Contains("body was not provided", StringComparison.Ordinal))
            return (400, "Invalid request", "A JSON body is required.", "body");
        if (e.Message.Contains("Content-Type", StringComparison.Ordinal) || e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return (415, "Unsupported media type", "Send the body as application/json.", "Content-Type");
        return (e.StatusCode, "Invalid request", "The request could not be read.", null);
    }

    private static (int, string, string?, string?) Json(JsonException json)
    {
        var unmapped = UnmappedMember().Match(json.Message);
        if (unmapped.Success)
        {
            var name = unmapped.Groups[1].Value;
            return (400, "Invalid request", $"Field '{name}' is not accepted: it is unknown or set by the server.", name);
        }
        var field = json.Path is { Length: > 1 } path ? path.TrimStart('$').TrimStart('.') : "body";
        if (json.Message.Contains("maximum configured depth", StringComparison.Ordinal))
            return (400, "Invalid request", "The JSON body is nested too deeply.", field);
        if (json.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var missing = MissingRequired().Match(json.Message);
            var name = missing.Success ? missing.Groups[1].Value : field;
            return (400, "Invalid request", $"Field '{name}' is required.", name);
        }
        return (400, "Invalid request",
            field == "body" ? "The body is not valid JSON." : $"Field '{field}' has a value of the wrong type or is not valid JSON.", field);
    }

    [GeneratedRegex("""Failed to bind parameter "(\S+) (\w+)" from "(.*)"\.""")]
    private static partial Regex ParameterName();

    [GeneratedRegex("""Required parameter "(\S+) (\w+)" was not provided""")]
    private static partial Regex RequiredParameter();

    [GeneratedRegex("""The JSON property '([^']+)' could not be mapped""")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("""missing required properties including: '([^']+)'""")]
    private static partial Regex MissingRequired();
}
