using KnowledgeOs.Application;
using KnowledgeOs.Programs;
using KnowledgeOs.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeOs.Cycle;

/// <summary>
/// Runs the learning cycle inside <c>kos serve</c>: a tick at start (which catches up what was missed while the
/// server was down), then a sleep until the next occurrence of any schedule. Several servers on one database each
/// tick; the job leases let one of them run each period.
/// </summary>
public sealed class CycleBackgroundService(
    KnowledgeService service, IOptions<CycleOptions> options, CycleStorage storage, TimeProvider time, ILogger<CycleBackgroundService> logger)
    : BackgroundService
{
    /// <summary>Longest sleep between ticks, so a changed clock or a long catch-up elsewhere is noticed.</summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromHours(1);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var runner = await CycleRunner.OpenAsync(service, storage, options.Value, ProgramCatalog.Builtin, time, logger, stoppingToken);
        logger.LogInformation("Learning cycle {Holder}: daily '{Daily}', weekly '{Weekly}', feeds '{Feeds}' ({Zone}); output {Output}",
            runner.Cycle.Holder, options.Value.Daily, options.Value.Weekly, options.Value.Feeds, options.Value.TimeZone, runner.OutputFolder);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var report = await runner.Cycle.TickAsync(null, force: false, stoppingToken);
                foreach (var job in report.Jobs.Where(j => j.Status is JobStatus.Ran or JobStatus.Failed))
                    logger.LogInformation("Cycle {Job} {Status}: {Count} occurrence(s), {Errors} feed error(s)", job.Job, job.Status.Code(), job.Occurrences.Count, job.Errors.Count);
                var wait = await runner.Cycle.NextDueAsync(stoppingToken) - time.GetUtcNow();
                await Task.Delay(wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait > MaxSleep ? MaxSleep : wait, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A store that is briefly locked or a full disk must not stop the server's cycle for good.
                logger.LogError(ex, "Learning cycle tick failed: {Message}", ex.Message);
                await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}

/// <summary>Registration of the learning cycle in a host.</summary>
public static class CycleServiceCollectionExtensions
{
    /// <summary>
    /// Adds the cycle (section <c>Cycle</c> of the configuration, validated at start so a bad cron expression stops
    /// the server with its message); it runs in the background unless <c>Cycle:Enabled</c> is false. Needs a
    /// <see cref="KnowledgeService"/> and a <see cref="TimeProvider"/> registered; <paramref name="storage"/> opens the
    /// cycle store on the same database as that service's event store when the cycle starts.
    /// </summary>
    public static IServiceCollection AddLearningCycle(this IServiceCollection services, IConfiguration configuration, CycleStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        services.AddOptions<CycleOptions>()
            .Bind(configuration.GetSection(CycleOptions.Section))
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddSingleton(storage);
        if (configuration.GetSection(CycleOptions.Section).GetValue("Enabled", true)) services.AddHostedService<CycleBackgroundService>();
        return services;
    }
}
