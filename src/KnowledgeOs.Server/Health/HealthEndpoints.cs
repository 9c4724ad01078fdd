using System.Text.Json;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Problems;
using KnowledgeOs.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KnowledgeOs.Server.Health;

/// <summary>
/// Ready when the database answers a query and takes a write, each within two seconds: a full disk, a read-only file
/// or a read-only PostgreSQL still answer reads, but every report sent there would fail.
/// </summary>
public sealed class StoreHealthCheck(IEventStore store, ServerDatabase database, TimeProvider time) : IHealthCheck
{
    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        long head;
        try
        {
            // The head, not a count: one row to read however long the log is, so a probe under load stays cheap.
            head = await store.HeadPositionAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is KnowledgeOsException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex);
        }
        try
        {
            await database.ProbeWriteAsync(time, timeout.Token);
        }
        catch (Exception ex) when (ex is KnowledgeOsException or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The database answers but does not take a write.", ex);
        }
        return HealthCheckResult.Healthy($"log head at position {head}");
    }
}

/// <summary><c>/health/live</c> (the process serves requests) and <c>/health/ready</c> (the database answers). No key needed.</summary>
public static class HealthEndpoints
{
    /// <summary>Tag of the checks that decide readiness.</summary>
    public const string Ready = "ready";

    /// <summary>Maps both probes.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous().WithTags("Health");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync })
            .AllowAnonymous().WithTags("Health");
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        if (report.Status == HealthStatus.Healthy)
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = "healthy" }), context.RequestAborted);
        }
        // Which check failed is safe to say; why (exception text, paths) stays in the server log.
        var failed = string.Join(", ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key));
        return ProblemWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Not ready", $"Failing: {failed}.", null);
    }
}
