using KnowledgeOs.Rendering;
using KnowledgeOs.Application;
using KnowledgeOs.Hosting;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>An open store and the service over it, for the length of one command.</summary>
public sealed class KosSession : IAsyncDisposable
{
    private readonly string? _language;
    private readonly SearchableStore _searchable;
    private ISearchIndex? _serving;

    private KosSession(SearchableStore store, KnowledgeService service, string team, string? language, AsOf? asOf)
    {
        Store = store.Events;
        Service = service;
        Search = new RankedSearch(store.Search, store.Events);
        _searchable = store;
        Team = team;
        _language = language;
        AsOf = asOf;
    }

    /// <summary>The event store.</summary>
    public IEventStore Store { get; }

    /// <summary>Search: the store's full-text index, ranked with usefulness and joined by task-level hits (<see cref="RankedSearch"/>).</summary>
    public ISearchIndex Search { get; }

    /// <summary>
    /// Search for a process that answers many queries (<c>kos mcp</c>): as <see cref="Search"/>, with the in-memory
    /// search cache in front of the store's index unless <c>KOS_SEARCH_CACHE=off</c> (docs/SEARCH.md). A one-shot
    /// command keeps <see cref="Search"/>: loading a team costs more than one query.
    /// </summary>
    public ISearchIndex ServingSearch => _serving ??=
        new RankedSearch(SearchCacheSettings.Lexical(_searchable, SearchCacheSettings.FromEnvironment(SearchCacheSettings.ToStderr(ErrorLanguage.Current))), Store);

    /// <summary>The application service.</summary>
    public KnowledgeService Service { get; }

    /// <summary>The team the command works on.</summary>
    public string Team { get; }

    /// <summary>The past point of view a read command asked for (<see cref="AsOfSettings"/>), null for now.</summary>
    public AsOf? AsOf { get; }

    /// <summary>Opens the store the settings name. A point of view (<c>--as-of</c>) is read first: a bad date fails
    /// before the store is opened, or created.</summary>
    /// <exception cref="InputException">The point of view is not a date, or both options were given.</exception>
    public static async Task<KosSession> OpenAsync(KosSettings settings, TimeProvider time, CancellationToken ct)
    {
        var asOf = (settings as AsOfSettings)?.PointOfView();
        var store = await StoreFactory.OpenSearchableAsync(settings.Location, time, null, ct);
        return new KosSession(store, new KnowledgeService(store.Events, time), settings.TeamSlug, settings.Lang, asOf);
    }

    /// <summary>The language asked for with <c>--lang</c>, or the team's own (<see cref="TeamLanguage"/>) when none was.</summary>
    public async Task<RenderLanguage> LanguageAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(_language))
        {
            var asked = RenderOptions.ParseLanguage(_language, "--lang");
            ErrorLanguage.Known(asked); // an error after this is worded in it too
            return asked;
        }
        var experts = await Service.ListAsync(Team, ct);
        var language = TeamLanguage.Of(experts.Select(e => e.State));
        // A team with no expert has no language of its own yet: its error line keeps the environment's (ErrorLanguage).
        if (experts.Count > 0) ErrorLanguage.Known(language);
        return language;
    }

    /// <summary>
    /// Before a command's work: its error line takes the language it will be worded in when that is known already —
    /// <c>--lang</c>, or the team's own once the team has experts (an empty team has no language yet). One read of the
    /// team at most, none with <c>--lang</c>.
    /// </summary>
    public async Task KnowErrorLanguageAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(_language))
        {
            ErrorLanguage.Known(RenderOptions.ParseLanguage(_language, "--lang"));
            return;
        }
        var experts = await Service.ListAsync(Team, ct);
        if (experts.Count > 0) ErrorLanguage.Known(TeamLanguage.Of(experts.Select(e => e.State)));
    }

    /// <summary>The CLI's wording in that language.</summary>
    public async Task<CliLabels> LabelsAsync(CancellationToken ct) => CliLabels.For(await LanguageAsync(ct));

    /// <summary>
    /// The wording of a command that does its work without opening the store (<c>kos backup</c> of an SQLite file, a copy
    /// of the file): <c>--lang</c>'s, without opening the store, else the team's as the store holds it now.
    /// </summary>
    public static async Task<CliLabels> LabelsAsync(KosSettings settings, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.IsNullOrWhiteSpace(settings.Lang)) return CliLabels.For(RenderOptions.ParseLanguage(settings.Lang, "--lang"));
        await using var session = await OpenAsync(settings, time, ct);
        return await session.LabelsAsync(ct);
    }

    /// <summary>The API keys of the session's database (their table created when missing), for <c>kos keys</c>.</summary>
    public async Task<ApiKeyStore> KeysAsync(TimeProvider time, CancellationToken ct) => new(await ServerDatabase.OpenAsync(Store, ct), time);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
