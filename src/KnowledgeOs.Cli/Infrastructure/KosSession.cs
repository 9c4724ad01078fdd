using KnowledgeOs.Rendering;
using KnowledgeOs.Application;
using KnowledgeOs.Hosting;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>An open store and the service over it, for the length of one command.</summary>
public sealed class KosSession : IAsyncDisposable
{
    private KosSession(SearchableStore store, KnowledgeService service, string team)
    {
        Store = store.Events;
        Service = service;
        Search = new RankedSearch(store.Search, store.Events);
        Team = team;
    }

    /// <summary>The event store.</summary>
    public IEventStore Store { get; }

    /// <summary>Search: the store's full-text index, ranked with usefulness and joined by task-level hits (<see cref="RankedSearch"/>).</summary>
    public ISearchIndex Search { get; }

    /// <summary>The application service.</summary>
    public KnowledgeService Service { get; }

    /// <summary>The team the command works on.</summary>
    public string Team { get; }

    /// <summary>Opens the store the settings name.</summary>
    public static async Task<KosSession> OpenAsync(KosSettings settings, TimeProvider time, CancellationToken ct)
    {
        var store = await StoreFactory.OpenSearchableAsync(settings.Location, time, ct);
        return new KosSession(store, new KnowledgeService(store.Events, time), settings.TeamSlug);
    }

    /// <inheritdoc/>
    /// <summary>The language asked for with <c>--lang</c>, or the team's own (<see cref="TeamLanguage"/>) when none was.</summary>
    public async Task<RenderLanguage> LanguageAsync(string? requested, CancellationToken ct)
    {
        var language = string.IsNullOrWhiteSpace(requested)
            ? TeamLanguage.Of((await Service.ListAsync(Team, ct)).Select(e => e.State))
            : RenderOptions.ParseLanguage(requested, "--lang");
        ErrorLanguage.Known(language); // an error after this is worded in it too
        return language;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
