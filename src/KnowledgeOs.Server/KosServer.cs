using System.Text.Json;
using System.Text.Json.Serialization;
using KnowledgeOs.Application;
using KnowledgeOs.Cycle;
using KnowledgeOs.Hosting;
using KnowledgeOs.Hosting.Embeddings;
using KnowledgeOs.Postgres;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Dashboard;
using KnowledgeOs.Server.Embeddings;
using KnowledgeOs.Server.Experts;
using KnowledgeOs.Server.Feed;
using KnowledgeOs.Server.Health;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.Hosting;
using KnowledgeOs.Server.Idempotency;
using KnowledgeOs.Server.Items;
using KnowledgeOs.Server.Knowledge;
using KnowledgeOs.Server.Mcp;
using KnowledgeOs.Server.OpenApi;
using KnowledgeOs.Server.Problems;
using KnowledgeOs.Server.Reports;
using KnowledgeOs.Server.Tasks;
using KnowledgeOs.Server.Retrieval;
using KnowledgeOs.Server.Search;
using KnowledgeOs.Server.Telemetry;
using KnowledgeOs.Server.Transfer;
using KnowledgeOs.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace KnowledgeOs.Server;

/// <summary>
/// Builds the KnowledgeOS HTTP server: the API under <c>/api/v1/teams/{team}</c>, the change feed, health probes,
/// OpenAPI and its reference page, on the SQLite or the PostgreSQL store. <c>kos serve</c> and this project's Program both start it.
/// </summary>
public static class KosServer
{
    /// <summary>Opens the store, applies the binding rules and builds the application (not started yet).</summary>
    /// <exception cref="InputException">An option is wrong, or a non-loopback address was asked for without API keys.</exception>
    /// <exception cref="StorageException">The database cannot be opened.</exception>
    public static async Task<WebApplication> BuildAsync(KosServerOptions options, CancellationToken ct, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var searchable = await StoreFactory.OpenSearchableAsync(options.Location, options.Time, options.PostgresTuning, ct);
        var store = searchable.Events;
        try
        {
            var database = await ServerDatabase.OpenAsync(store, ct);
            var keys = new ApiKeyStore(database, options.Time);
            var keysExist = await keys.AnyAsync(ct);
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(KosServer).Assembly.GetName().Name,
                // Never Development: its exception page would show stack traces to clients.
                EnvironmentName = Environments.Production,
                ContentRootPath = AppContext.BaseDirectory,
            });
            // Kestrel:Endpoints in configuration (Kestrel__Endpoints__X__Url) override the options' addresses, so both are checked.
            BindingRules.Check([.. options.Urls, .. BindingRules.ConfiguredEndpoints(builder.Configuration)], keysExist);
            ConfigureServices(builder, options, searchable, database, keys);
            configure?.Invoke(builder);
            var app = builder.Build();
            ConfigurePipeline(app);
            AnnounceOnStart(app, options, keysExist);
            // Hosts that start the app themselves (tests) open the gate here; StartAsync opens it in any case.
            app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<StartupLogGate>().Started = true);
            return app;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts listening, and turns what can go wrong at that moment into an error the user can act on: an address
    /// that cannot be bound, or an address beyond loopback without API keys, stops the server and throws.
    /// </summary>
    /// <exception cref="StorageException">An address is in use or not permitted; the message names it.</exception>
    /// <exception cref="InputException">The server ended up listening beyond loopback while no API key exists.</exception>
    public static async Task StartAsync(WebApplication app, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gate = app.Services.GetRequiredService<StartupLogGate>();
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException ex) when (BindingRules.BindFailure(ex) is { } message)
        {
            // Background services that did start (the cache tail, the cycle) stop before the store under them is disposed.
            await app.StopAsync(CancellationToken.None);
            throw new StorageException(message, ex);
        }
        finally
        {
            gate.Started = true;
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        var keysExist = await app.Services.GetRequiredService<ApiKeyStore>().AnyAsync(ct);
        try
        {
            BindingRules.Check(addresses, keysExist);
        }
        catch (InputException)
        {
            // Checked before start too; this catches addresses that came from elsewhere (a hosting startup, UseUrls in a test).
            await app.StopAsync(CancellationToken.None);
            throw;
        }
    }

    private static void ConfigureServices(WebApplicationBuilder builder, KosServerOptions options, SearchableStore searchable,
        ServerDatabase database, ApiKeyStore keys)
    {
        var store = searchable.Events;
        var services = builder.Services;
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownTimeout);
        ConfigureLogging(builder);
        // A failure to start (an address in use) is reported once, as StartAsync's error line, not as the host's log with a stack trace.
        var gate = new StartupLogGate();
        services.AddSingleton(gate);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => gate.Started && level >= LogLevel.Warning);

        services.AddSingleton(options);
        services.AddSingleton(options.Time);
        services.AddSingleton<ChangeSignal>();
        services.AddSingleton<ProjectionGenerationWatch>();
        services.AddSingleton<FeedStreams>();
        services.AddSingleton<FeedEventJson>();
        // Factory registrations, so the container disposes the store (its writer drains) after requests have finished.
        if (options.Store == StoreKind.Sqlite)
        {
            // One server per file: its own writes keep the cache exact and the tail catches the CLI's. One state cache,
            // shared by the reads and the write decisions (KnowledgeService below), so a write caches its state once.
            services.AddSingleton(_ => new StateCache(CachingEventStore.MaxStreams));
            services.AddSingleton(sp => new CachingEventStore(store, sp.GetRequiredService<StateCache>()));
            services.AddSingleton<IEventStore>(sp => new InstrumentedEventStore(new FeedWakeUp(sp.GetRequiredService<CachingEventStore>(), sp.GetRequiredService<ChangeSignal>())));
            services.AddHostedService<CacheTail>();
        }
        else
        {
            // Several servers share the database: a cache would serve what another server has already changed for up
            // to a poll interval, so every read goes to the database and each server stays stateless.
            services.AddSingleton<IEventStore>(sp => new InstrumentedEventStore(new FeedWakeUp(store, sp.GetRequiredService<ChangeSignal>())));
            if (store is PostgresEventStore postgres)
            {
                if (options.AdvertiseUrl is { } advertised)
                {
                    postgres.AdvertiseWritesAt(advertised);
                    services.AddSingleton<WriteForwarding>();
                }
                // Given as an instance, so the container leaves its disposal to the IEventStore registration above.
                services.AddSingleton(postgres);
                services.AddHostedService<CommitListener>();
            }
            services.AddHostedService<ProjectionGenerationTail>();
        }
        services.AddSingleton(sp => new KnowledgeService(sp.GetRequiredService<IEventStore>(), options.Time, states: sp.GetService<StateCache>()));
        services.AddSingleton(sp => TeamFeeds.On(options.Location, sp.GetRequiredService<IEventStore>(), sp.GetRequiredService<ChangeSignal>(), options.FeedPollInterval,
            options.Time, sp.GetRequiredService<ILogger<TeamFeeds>>()));
        services.AddSingleton(keys);
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<InvalidKeyThrottle>();
        services.AddKosAccess();
        // Search reads the database itself (never the event cache): the store's own index, with the in-memory search
        // cache in front unless KOS_SEARCH_CACHE=off (it checks the log's head before each answer, so every server reads
        // its writes and the others'; docs/SEARCH.md); with an embedding provider, fused with vector search (docs/EMBEDDINGS.md).
        var lexical = SearchCacheSettings.Lexical(searchable, SearchCacheSettings.FromEnvironment(SearchCacheSettings.ToStderr(KnowledgeOs.Rendering.RenderLanguage.En)));
        EmbeddingServices.AddSearch(services, lexical, database, options.Embeddings, options.Time);
        services.AddSingleton(database);
        services.AddSingleton<RenderCache>();
        services.AddSingleton<DashboardCache>();
        services.AddRetrieval().AddKnowledgeMcpOverHttp();
        services.AddSingleton(sp => new ImportService(sp.GetRequiredService<KnowledgeService>(), options.Time));
        if (options.RunCycle)
        {
            // The cycle's settings: appsettings/environment (Cycle__Daily=…), or a JSON file named by KOS_CYCLE_CONFIG.
            if (EnvironmentDefault.Value("KOS_CYCLE_CONFIG") is { } cycleConfig)
                builder.Configuration.AddJsonFile(Path.GetFullPath(cycleConfig), optional: false, reloadOnChange: false);
            // The cycle's leases and runs live beside the events, so servers sharing a database run each period once.
            services.AddLearningCycle(builder.Configuration,
                new CycleStorage(ct => StoreFactory.OpenCycleStoreAsync(options.Location, ct), CycleStorage.OutputBeside(options.DataPath)));
        }

        services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemWriter.Customize);
        services.AddExceptionHandler<ExceptionProblems>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions, options));
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("database", tags: [HealthEndpoints.Ready]);
        services.AddOpenApi(OpenApiTransformers.Configure);
        ConfigureTelemetry(services);
    }

    /// <summary>The JSON rules for request and response bodies.</summary>
    public static void Configure(JsonSerializerOptions json, KosServerOptions options)
    {
        json.MaxDepth = options.MaxJsonDepth;
        // A field the contract does not have (a version, a source, a metric) is refused, not silently dropped.
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.RespectNullableAnnotations = true;
        json.RespectRequiredConstructorParameters = true;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        json.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (string.Equals(Environment.GetEnvironmentVariable("KOS_LOG_FORMAT"), "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
        // Per-request framework chatter costs throughput and says little; our own events stay at Information.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
    }

    private static void ConfigureTelemetry(IServiceCollection services)
    {
        // Export only where a collector is configured (the standard OTEL_* variables); the instruments exist either
        // way, so dotnet-counters or any ActivityListener can watch them.
        if (EnvironmentDefault.Value("OTEL_EXPORTER_OTLP_ENDPOINT") is null) return;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("knowledgeos"))
            .WithTracing(t => t.AddSource(KosTelemetry.Name).AddAspNetCoreInstrumentation())
            .WithMetrics(m => m.AddMeter(KosTelemetry.Name).AddAspNetCoreInstrumentation())
            .UseOtlpExporter();
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseAuthentication();
        // After the server asked has refused a missing or wrong key (a guess counts against the guesser's address here, not
        // this server's at the holder); authorization and the key's rate limit are left to the holder, which runs them on
        // the forwarded request: the forward's CPU is the forwarding server's overhead (docs/BENCHMARKS.md, "hopcost").
        if (app.Services.GetService<WriteForwarding>() is not null) app.UseMiddleware<WriteForwarding>();
        app.UseAuthorization();
        app.UseCallerLogScope();
        app.UseKeyRateLimit();
        app.UseMiddleware<IdempotencyMiddleware>();

        var team = app.MapGroup("/api/v1/teams/{team}").RequireScope(ApiKeyScopes.Read);
        team.MapExperts();
        team.MapItems();
        team.MapReports();
        team.MapTasks();
        team.MapKnowledge();
        team.MapGuidance();
        team.MapFeed();
        team.MapExport();
        team.MapImport(app.Services.GetRequiredService<KosServerOptions>());
        team.MapRetrieval();
        team.MapSearch();
        app.MapKnowledgeMcp();
        app.MapDashboard();
        app.MapTeams();
        app.MapHealth();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/scalar", o => o.WithTitle("KnowledgeOS API")).AllowAnonymous();
        app.MapGet("/", () => TypedResults.Redirect("/scalar/v1")).ExcludeFromDescription().AllowAnonymous();
    }

    private static void AnnounceOnStart(WebApplication app, KosServerOptions options, bool keysExist)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KnowledgeOs.Server");
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            log.LogInformation("KnowledgeOS listening on {Addresses}, data in {Store}", string.Join(", ", addresses), options.Location.Describe());
            // Loads the Hunspell dictionaries now (once per process), so the first search does not wait for them.
            log.LogInformation("{Analysis}", KnowledgeOs.Rendering.CliLabels.For(KnowledgeOs.Rendering.RenderLanguage.En).Analysis(KnowledgeOs.Retrieval.Lemmas.Current));
            if (keysExist)
            {
                log.LogInformation("API keys exist: every request must carry one (Authorization: Bearer <key>)");
                return;
            }
            log.LogWarning("No API keys exist: authentication is OFF and the server accepts requests on loopback only. " +
                "Create a key (kos keys create --team default --scope read,write; another team: its slug) to require keys and to listen on other addresses.");
        });
    }

    /// <summary>Closed while the host starts, so the host's own "failed to start" log does not repeat StartAsync's error with a stack trace.</summary>
    private sealed class StartupLogGate
    {
        public volatile bool Started;
    }
}
