using KnowledgeOs.Application;
using KnowledgeOs.Programs;
using KnowledgeOs.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace KnowledgeOs.Cycle;

/// <summary>A <see cref="LearningCycle"/> with the resources it owns (the cycle store, the HTTP client), for one process.</summary>
public sealed class CycleRunner : IAsyncDisposable
{
    private readonly ICycleStore _store;
    private readonly FeedFetcher _fetcher;

    private CycleRunner(LearningCycle cycle, ICycleStore store, FeedFetcher fetcher, string outputFolder)
    {
        Cycle = cycle;
        _store = store;
        _fetcher = fetcher;
        OutputFolder = outputFolder;
    }

    /// <summary>The cycle.</summary>
    public LearningCycle Cycle { get; }

    /// <summary>The fetcher (its retries are visible to tests).</summary>
    public FeedFetcher Fetcher => _fetcher;

    /// <summary>Where digests and reports go.</summary>
    public string OutputFolder { get; }

    /// <summary>The cycle store (leases, runs, feed validators).</summary>
    public ICycleStore Store => _store;

    /// <summary>
    /// Opens the cycle on <paramref name="storage"/> (the database whose event store <paramref name="service"/> already
    /// has open). Options are validated first: a bad cron expression fails here, before the store is opened or anything runs.
    /// </summary>
    public static async Task<CycleRunner> OpenAsync(KnowledgeService service, CycleStorage storage, CycleOptions options, ProgramCatalog catalog,
        TimeProvider time, ILogger logger, CancellationToken ct, string? holder = null, HttpMessageHandler? httpHandler = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        options.Validate();
        var output = options.OutputFolder ?? storage.DefaultOutputFolder;
        var store = await storage.Open(ct);
        // Network timeouts and backoff are real elapsed time, whatever clock schedules the jobs (a fake one in tests).
        var fetcher = new FeedFetcher(options.Http, TimeProvider.System, logger, httpHandler);
        return new CycleRunner(new LearningCycle(service, store, options, catalog, fetcher, output, time, logger, holder), store, fetcher, output);
    }

    /// <summary>Reads cycle options from a JSON file (its <c>Cycle</c> section, or the whole file); defaults when null.</summary>
    public static CycleOptions LoadOptions(string? path)
    {
        var options = new CycleOptions();
        if (path is null) return options;
        if (!File.Exists(path)) throw InputException.Of($"--config: '{path}' does not exist.", "--config", ErrorCodes.FileMissing, path, "--config");
        IConfigurationRoot config;
        try
        {
            config = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new InputException($"{path}: not valid JSON configuration: {ex.Message}", path, ex).WithCode(ErrorCodes.ConfigJsonInvalid, path);
        }
        var section = config.GetSection(CycleOptions.Section);
        try
        {
            (section.Exists() ? section : (IConfiguration)config).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new InputException($"{path}: {ex.Message}", path, ex).WithCode(ErrorCodes.ConfigValueInvalid, path);
        }
        options.Validate();
        return options;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _fetcher.Dispose();
        await _store.DisposeAsync();
    }
}
